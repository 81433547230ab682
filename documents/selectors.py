"""Which stored documents a person may see: the pupil's visibility, then what the file holds."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cases.models import Pupil
from documents.models import GeneratedDocument
from tenancy import access
from tenancy.models import Membership


def _without_what_they_may_not_read(
    documents: QuerySet[GeneratedDocument], membership: Membership | None, pupil: Pupil
) -> QuerySet[GeneratedDocument]:
    if not access.can_view_safeguarding(membership, pupil):
        documents = documents.filter(includes_safeguarding=False)
    if not access.can_view_send(membership, pupil):
        documents = documents.filter(includes_send=False)
    return documents


def documents_for_pupil(membership: Membership | None, pupil: Pupil) -> QuerySet[GeneratedDocument]:
    """The documents of a pupil the membership already sees that it may also download."""
    documents = GeneratedDocument.objects.filter(pupil=pupil).select_related("generated_by")
    return _without_what_they_may_not_read(documents, membership, pupil)


def _about_former_cases(membership: Membership | None) -> Q:
    """After a managed move the old school keeps its own case's forms and letters (003), though
    the pupil is now on another roll."""
    from cases.models import Direction
    from reviews.models import Meeting

    former = access.former_pupils_directions(membership).values("pk")
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
        document = GeneratedDocument.objects.select_related("pupil__school__local_authority").get(
            Q(pupil__in=access.pupils_visible_to(membership)) | _about_former_cases(membership),
            pk=document_id,
        )
    except (GeneratedDocument.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such document.")) from None
    pupil = document.pupil
    if (document.includes_safeguarding and not access.can_view_safeguarding(membership, pupil)) or (
        document.includes_send and not access.can_view_send(membership, pupil)
    ):
        raise Http404(_("No such document."))
    return document
