"""Which stored documents a person may see: the pupil's visibility, then what the file holds."""

from django.db.models import QuerySet
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


def get_document_for_user(membership: Membership | None, document_id: int) -> GeneratedDocument:
    """The document, if its pupil is visible and its content is theirs to read; else 404.

    A document holding safeguarding or SEND detail looks missing to anyone who may not read
    that detail, exactly as another school's document does.
    """
    try:
        document = GeneratedDocument.objects.select_related("pupil__school__local_authority").get(
            pk=document_id, pupil__in=access.pupils_visible_to(membership)
        )
    except (GeneratedDocument.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such document.")) from None
    pupil = document.pupil
    if (document.includes_safeguarding and not access.can_view_safeguarding(membership, pupil)) or (
        document.includes_send and not access.can_view_send(membership, pupil)
    ):
        raise Http404(_("No such document."))
    return document
