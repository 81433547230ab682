"""Which stored documents a person may see: the pupil's visibility, then what the file holds."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from documents.models import GeneratedDocument, made_for


def documents_about(case, *parts: QuerySet) -> QuerySet[GeneratedDocument]:
    """The documents made for a case (already fetched through the access policy) or one of its
    meetings or reviews, newest first."""
    return GeneratedDocument.objects.filter(
        made_for(case, *parts), pupil_id=case.pupil_id
    ).select_related("generated_by")


def get_meeting_of(direction, meeting_id: int):
    """One of the meetings of a direction fetched through the access policy (so visible to the
    person), else 404. The meeting's `direction` is that same object: no further query."""
    meeting = direction.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    return meeting
