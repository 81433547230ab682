"""Permission-matrix cases of following a PDF the worker makes (see tests/permissions.py).

A document's page and "Try again" are for whoever may download the document (its pupil's
visibility); a printed copy (a form to check, kept as no version) is only its requester's:
to everyone else it looks missing.
"""

from django.urls import reverse

from tests.permissions import Case, pupil_view, statuses


def _document(w):
    from tests.documents.factories import GeneratedDocumentFactory

    return GeneratedDocumentFactory(pupil=w.pupil, state="failed", error="It broke.")


def _copy(w):
    from documents.models import PrintedCopy

    return PrintedCopy.objects.create(
        title="Travel assistance change request, to check",
        download_name="travel.pdf",
        back_url="/",
        html="<p>Check</p>",
        state="pending",
        requested_by=w.users["school_case_lead"],
    )


OWNER_ONLY = statuses(404, s302={"anonymous"}, s200={"school_case_lead"})
OWNER_REDIRECTED = statuses(404, s302={"anonymous", "school_case_lead"})

CASES = {
    "document-status": Case(
        lambda w: reverse("document-status", args=[_document(w).pk]),
        pupil_view(),
        statuses(405),
    ),
    # Not a letter's PDF, so anyone who may download it may ask for it again.
    "document-retry": Case(
        lambda w: reverse("document-retry", args=[_document(w).pk]),
        statuses(405),
        {role: 302 if status == 200 else status for role, status in pupil_view().items()},
    ),
    "printed-copy-status": Case(
        lambda w: reverse("printed-copy-status", args=[_copy(w).pk]), OWNER_ONLY, statuses(405)
    ),
    # Still being made: its requester is sent to its page.
    "printed-copy-download": Case(
        lambda w: reverse("printed-copy-download", args=[_copy(w).pk]),
        OWNER_REDIRECTED,
        statuses(405),
    ),
    # Still being made: its requester is sent to its page, as from the download.
    "printed-copy-view": Case(
        lambda w: reverse("printed-copy-view", args=[_copy(w).pk]),
        OWNER_REDIRECTED,
        statuses(405),
    ),
    "printed-copy-retry": Case(
        lambda w: reverse("printed-copy-retry", args=[_copy(w).pk]),
        statuses(405),
        OWNER_REDIRECTED,
    ),
}
