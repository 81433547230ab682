"""Which stored documents a person may see: the pupil's visibility, then the case the document
belongs to, then what the file holds (safeguarding or SEND detail)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from access.directions import former_pupils_directions
from access.pupils import can_view_safeguarding, can_view_send, pupils_visible_to
from access.scopes import document_case_scopes
from cases.directions.models import Direction
from cases.pupils.models import Pupil
from documents.models import GeneratedDocument
from reviews.models import Meeting
from tenancy.models import Membership


def _about_cases_they_do_not_see(membership: Membership | None) -> Q:
    """Documents made for a case (or its meeting or review) that the person does not see,
    though they see the pupil: the office sees the pupil, not the pupil's PSP forms."""
    hidden = Q(pk__in=[])
    for model, visible in document_case_scopes(membership):
        hidden |= Q(content_type=ContentType.objects.get_for_model(model)) & ~Q(
            object_id__in=visible.values("pk")
        )
    return hidden


def _without_what_they_may_not_read(
    documents: QuerySet[GeneratedDocument], membership: Membership | None, pupil: Pupil
) -> QuerySet[GeneratedDocument]:
    documents = documents.exclude(_about_cases_they_do_not_see(membership))
    if not can_view_safeguarding(membership, pupil):
        documents = documents.filter(includes_safeguarding=False)
    if not can_view_send(membership, pupil):
        documents = documents.filter(includes_send=False)
    return documents


def may_read(
    membership: Membership | None,
    pupil: Pupil,
    *,
    includes_safeguarding: bool,
    includes_send: bool,
) -> bool:
    """Whether someone who sees the pupil may also read a document holding this detail."""
    return (not includes_safeguarding or can_view_safeguarding(membership, pupil)) and (
        not includes_send or can_view_send(membership, pupil)
    )


def documents_for_pupil(membership: Membership | None, pupil: Pupil) -> QuerySet[GeneratedDocument]:
    """The documents of a pupil the membership already sees that it may also download."""
    documents = GeneratedDocument.objects.filter(pupil=pupil).select_related("generated_by")
    return _without_what_they_may_not_read(documents, membership, pupil)


def _about_former_cases(membership: Membership | None) -> Q:
    """After a managed move the old school keeps its own case's forms and letters (003), though
    the pupil is now on another roll."""
    former = former_pupils_directions(membership).values("pk")
    return Q(content_type=ContentType.objects.get_for_model(Direction), object_id__in=former) | Q(
        content_type=ContentType.objects.get_for_model(Meeting),
        object_id__in=Meeting.objects.filter(direction__in=former).values("pk"),
    )


def get_document_for_user(membership: Membership | None, document_id: int) -> GeneratedDocument:
    """The document, if its pupil is visible and its content is theirs to read; else 404.

    A document holding safeguarding or SEND detail looks missing to anyone who may not read
    that detail, exactly as another school's document does.
    """
    try:
        document = (
            GeneratedDocument.objects.select_related("pupil__school__local_authority")
            .exclude(_about_cases_they_do_not_see(membership))
            .get(
                Q(pupil__in=pupils_visible_to(membership)) | _about_former_cases(membership),
                pk=document_id,
            )
        )
    except (GeneratedDocument.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such document.")) from None
    if not may_read(
        membership,
        document.pupil,
        includes_safeguarding=document.includes_safeguarding,
        includes_send=document.includes_send,
    ):
        raise Http404(_("No such document."))
    return document
