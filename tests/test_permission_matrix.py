"""Every URL pattern of the project, against every role, own tenant and other tenant, GET and
POST. A new URL with no entry in CASES fails test_every_url_has_a_case.

One test per URL and method builds the world once and asks as every role in turn, each in a
savepoint rolled back afterwards; it fails once, listing every role that got the wrong status."""

import contextlib
import math
from unittest import mock

import pytest
from django.conf import settings
from django.db import transaction
from django.template.base import Template
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.safestring import SafeString

from tenancy.services import grant_host_access
from tests.conftest import SAFEGUARDING_MARKER, SEND_MARKER
from tests.documents.factories import GeneratedDocumentFactory
from tests.factories import OutboxMessageFactory
from tests.permission_cases import FEATURE_CASES
from tests.permissions import (
    EDITORS,
    HOME_STAFF,
    HOST_STAFF,
    LA_LISTS,
    OTHER_SCHOOL_EDITORS,
    ROLES,
    RUNNERS,
    SEES_PUPIL,
    SIGNED_IN,
    Case,
    pupil_view,
    statuses,
)


def _parent_id(w):
    return w.pupil.parents.get().pk


PLAN = {
    "reasons": "Persistent disruption",
    "objectives": "Attend every lesson",
    "success_criteria": "No suspensions",
    "planned_start_0": "16",
    "planned_start_1": "11",
    "planned_start_2": "2026",
    "planned_end_0": "12",
    "planned_end_1": "2",
    "planned_end_2": "2027",
    "attendance": "full_time",
    "days": "Monday to Friday",
    "contact_arrangements": "weekly phone calls",
    "transport_payer": "not_needed",
}


def _direction(w):
    """A proposed direction for the world's pupil, made on first use."""
    if not hasattr(w, "direction"):
        from cases.directions.models import Direction
        from reviews.models import Meeting

        w.direction = Direction.objects.create(
            pupil=w.pupil,
            home_school=w.school,
            case_lead=w.users["school_case_lead"],
            reasons="r",
            objectives="o",
            success_criteria="s",
        )
        w.meeting = Meeting.objects.create(
            direction=w.direction,
            kind="review",
            date="2027-01-11",
            recorded_by=w.direction.case_lead,
        )
    return w.direction


def _hosted_direction(w):
    """An active direction of the world's pupil at the world's host, which sees it."""
    if not hasattr(w, "hosted"):
        import datetime

        from django.utils import timezone

        from cases.directions.models import Direction

        today = timezone.localdate()
        w.hosted = Direction.objects.create(
            pupil=w.pupil,
            home_school=w.school,
            host_school=w.host,
            case_lead=w.users["school_case_lead"],
            state=Direction.State.ACTIVE,
            reasons="r",
            objectives="o",
            success_criteria="s",
            planned_start=today - datetime.timedelta(days=28),
            planned_end=today + datetime.timedelta(days=56),
        )
        grant_host_access(w.pupil, w.host)
    return w.hosted


def _notification(w):
    from reviews.models import Notification

    return Notification.objects.create(
        user=w.users["school_case_lead"],
        school=w.school,
        pupil=w.pupil,
        key="matrix",
        message="Host School has suspended Alex Home.",
        url="/",
    )


def _yesterday_contact(w):
    import datetime

    from django.utils import timezone

    day = timezone.localdate() - datetime.timedelta(days=1)
    return {
        "on_0": str(day.day),
        "on_1": str(day.month),
        "on_2": str(day.year),
        "at": "10:00",
        "between": "home_host",
        "who": "Both heads of year",
        "how": "phone",
        "what": "Weekly update",
    }


def _suspension(w):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    # A suspension starts on a weekday: at a weekend, the Friday before.
    today -= datetime.timedelta(days=max(today.weekday() - 4, 0))
    return {
        "start_date_0": str(today.day),
        "start_date_1": str(today.month),
        "start_date_2": str(today.year),
        "days": "1",
        "reason": "Fighting",
        "review_on_0": str(tomorrow.day),
        "review_on_1": str(tomorrow.month),
        "review_on_2": str(tomorrow.year),
    }


def _la_task(w):
    """The portal return of the world's direction: the home school's runners and
    the LA officer tick it; others who see it may not; the SEND team and others never see it."""
    from cases.directions.models import LaTask

    return LaTask.objects.get_or_create(
        direction=_direction(w),
        kind=LaTask.Kind.PORTAL_RETURN,
        defaults={"local_authority": w.la, "pupil": w.pupil, "school": w.school},
    )[0]


def _deadline(w):
    from django.contrib.contenttypes.models import ContentType

    from reviews.models import Deadline

    direction = _direction(w)
    return Deadline.objects.get_or_create(
        case_type=ContentType.objects.get_for_model(direction),
        case_id=direction.pk,
        key="matrix",
        defaults={
            "pupil": w.pupil,
            "school": w.school,
            "kind": Deadline.Kind.NEXT_REVIEW,
            "due": "2027-01-11",
            "responsible": w.users["school_case_lead"],
        },
    )[0]


def runner_view():
    return pupil_view(RUNNERS)


ACADEMIC = {"attainment_term": "Autumn 2026", "attainment_english": "Expected"}

CASES = {
    "home": Case(lambda w: reverse("home"), statuses(200, s302={"anonymous"}), statuses(405)),
    "healthz": Case(lambda w: reverse("healthz"), statuses(200), statuses(405)),
    "sign-in": Case(
        lambda w: reverse("sign-in"),
        statuses(302, s200={"anonymous"}),
        statuses(302, s200={"anonymous"}),
    ),
    "sign-out": Case(lambda w: reverse("sign-out"), statuses(405), statuses(302)),
    # Anyone, signed in or not, may choose the pages' language: back to the page (issue 15).
    "choose-language": Case(
        lambda w: reverse("choose-language"),
        statuses(405),
        statuses(302),
        data=lambda w: {"language": "cy", "next": "/"},
    ),
    "two-factor": Case(
        lambda w: reverse("two-factor"),
        statuses(200, s302={"anonymous"}),
        statuses(200, s302={"anonymous"}),
    ),
    # Before two-factor is set up the page sends a set-up link, and POST only shows it again.
    "two-factor-send-link": Case(
        lambda w: reverse("two-factor-send-link"),
        statuses(405),
        statuses(302),
    ),
    # Nobody's link: a token that was never issued is not found, for everyone signed in.
    "two-factor-enrol": Case(
        lambda w: reverse("two-factor-enrol", args=["no-such-link"]),
        statuses(404, s302={"anonymous"}),
        statuses(404, s302={"anonymous"}),
    ),
    "emails": Case(
        lambda w: reverse("emails"),
        statuses(200, s302={"anonymous"}),
        statuses(302),
        data=lambda w: {"emails": "digest"},
    ),
    "choose-organisation": Case(
        lambda w: reverse("choose-organisation"),
        statuses(200, s302={"anonymous"}),
        statuses(200, s302={"anonymous"}),
    ),
    "la-settings": Case(
        lambda w: reverse("la-settings"),
        statuses(403, s302={"anonymous"}, s200={"la_la_admin"}),
        statuses(403, s302={"anonymous"}, s200={"la_la_admin"}),
    ),
    "la-people": Case(
        lambda w: reverse("la-people"),
        statuses(403, s302={"anonymous"}, s200={"la_la_admin"}),
        statuses(405),
    ),
    # A person of the LA's school: the LA admin confirms (GET) and resets (POST, 302);
    # every other role is refused before the person is looked up.
    "la-person-reset-two-factor": Case(
        lambda w: reverse("la-person-reset-two-factor", args=[w.users["school_case_lead"].pk]),
        statuses(403, s302={"anonymous"}, s200={"la_la_admin"}),
        statuses(403, s302={"anonymous", "la_la_admin"}),
    ),
    "pupil-list": Case(
        lambda w: reverse("pupil-list"), statuses(200, s302={"anonymous"}), statuses(405)
    ),
    "pupil-add": Case(
        lambda w: reverse("pupil-add"),
        statuses(403, s302={"anonymous"}, s200=EDITORS | OTHER_SCHOOL_EDITORS),
        statuses(403, s302={"anonymous"}, s200=EDITORS | OTHER_SCHOOL_EDITORS),
    ),
    "pupil-detail": Case(
        lambda w: reverse("pupil-detail", args=[w.pupil.pk]), pupil_view(), statuses(405)
    ),
    "pupil-history": Case(
        lambda w: reverse("pupil-history", args=[w.pupil.pk]), pupil_view(), statuses(405)
    ),
    "pupil-section-edit": Case(
        lambda w: reverse("pupil-section-edit", args=[w.pupil.pk, "academic"]),
        pupil_view(EDITORS),
        {**pupil_view(EDITORS), **dict.fromkeys(EDITORS, 302)},
        data=lambda w: ACADEMIC,
    ),
    "pupil-row-add": Case(
        lambda w: reverse("pupil-row-add", args=[w.pupil.pk, "ks4-options"]),
        pupil_view(EDITORS),
        {**pupil_view(EDITORS), **dict.fromkeys(EDITORS, 302)},
        data=lambda w: {"subject": "History", "exam_board": "AQA"},
    ),
    "pupil-row-edit": Case(
        lambda w: reverse("pupil-row-edit", args=[w.pupil.pk, "parents", _parent_id(w)]),
        pupil_view(EDITORS),
        {**pupil_view(EDITORS), **dict.fromkeys(EDITORS, 302)},
        data=lambda w: {
            "name": "Pat Parent",
            "relationship": "Mother",
            "parental_responsibility": "on",
            "preferred_language": "en",
        },
    ),
    "pupil-row-delete": Case(
        lambda w: reverse("pupil-row-delete", args=[w.pupil.pk, "parents", _parent_id(w)]),
        pupil_view(EDITORS),
        {**pupil_view(EDITORS), **dict.fromkeys(EDITORS, 302)},
    ),
    "due": Case(lambda w: reverse("due"), statuses(200, s302={"anonymous"}), statuses(405)),
    "direction-new": Case(
        lambda w: reverse("direction-new", args=[w.pupil.pk]),
        runner_view(),
        {**runner_view(), **dict.fromkeys(RUNNERS, 302)},
        data=lambda w: PLAN,
    ),
    "direction-detail": Case(
        lambda w: reverse("direction-detail", args=[_direction(w).pk]), pupil_view(), statuses(405)
    ),
    # The case page's letters, refreshed in place: for whoever sees the direction.
    "direction-letters-live": Case(
        lambda w: reverse("direction-letters-live", args=[_direction(w).pk]),
        pupil_view(),
        statuses(405),
    ),
    "direction-plan": Case(
        lambda w: reverse("direction-plan", args=[_direction(w).pk]),
        runner_view(),
        {**runner_view(), **dict.fromkeys(RUNNERS, 302)},
        data=lambda w: PLAN,
    ),
    "direction-consultation": Case(
        lambda w: reverse("direction-consultation", args=[_direction(w).pk]),
        runner_view(),
        {**runner_view(), **dict.fromkeys(RUNNERS, 302)},
        data=lambda w: {
            "kind": "send_team",
            "person": "SEND officer",
            "on_0": "1",
            "on_1": "11",
            "on_2": "2026",
            "supports": "on",
        },
    ),
    # Consulting is not complete for this EHCP, looked-after pupil: the form explains (200).
    "direction-step": Case(
        lambda w: reverse("direction-step", args=[_direction(w).pk, "consulted"]),
        runner_view(),
        runner_view(),
    ),
    "direction-meeting": Case(
        lambda w: reverse("direction-meeting", args=[_direction(w).pk, "initial"]),
        runner_view(),
        runner_view(),
    ),
    "meeting-when": Case(
        lambda w: reverse("meeting-when", args=[_direction(w).pk, w.meeting.pk]),
        runner_view(),
        runner_view(),
    ),
    "meeting-invitation": Case(
        lambda w: reverse("meeting-invitation", args=[_direction(w).pk, w.meeting.pk]),
        runner_view(),
        runner_view(),
    ),
    # Anyone who sees the pupil may make the passport PDF (it holds only what they may see)
    # and download a copy without safeguarding or SEND detail; tests/documents covers those.
    "pupil-passport-pdf": Case(
        lambda w: reverse("pupil-passport-pdf", args=[w.pupil.pk]),
        statuses(405),
        statuses(404, s302={"anonymous"} | SEES_PUPIL),
    ),
    "document-download": Case(
        lambda w: reverse("document-download", args=[GeneratedDocumentFactory(pupil=w.pupil).pk]),
        pupil_view(),
        statuses(405),
    ),
    "deadline-waive": Case(
        lambda w: reverse("deadline-waive", args=[_direction(w).pk, _deadline(w).pk]),
        runner_view(),
        {**runner_view(), **dict.fromkeys(RUNNERS, 302)},
        data=lambda w: {"reason": "Parents asked to move the review"},
    ),
    # Letters to parents: the direction here is only proposed and its review not
    # held, so a runner's POST is answered on the page with what must happen first (200).
    "direction-letter-send": Case(
        lambda w: reverse("direction-letter-send", args=[_direction(w).pk]),
        runner_view(),
        runner_view(),
    ),
    "meeting-invitation-send": Case(
        lambda w: reverse("meeting-invitation-send", args=[_direction(w).pk, w.meeting.pk]),
        runner_view(),
        runner_view(),
    ),
    "meeting-decision-send": Case(
        lambda w: reverse("meeting-decision-send", args=[_direction(w).pk, w.meeting.pk]),
        runner_view(),
        runner_view(),
    ),
    "outbox-message-retry": Case(
        lambda w: reverse(
            "outbox-message-retry",
            args=[OutboxMessageFactory(letter__pupil=w.pupil, state="failed").pk],
        ),
        statuses(405),
        statuses(404, s302={"anonymous"} | RUNNERS, s403=SEES_PUPIL - RUNNERS),
    ),
    # The host's side, on an active direction the host sees while hosting.
    "hosting-list": Case(
        lambda w: reverse("hosting-list"),
        statuses(403, s302={"anonymous"}, s200=HOME_STAFF | HOST_STAFF | {"other_case_lead"}),
        statuses(405),
    ),
    # An empty week saves nothing and says so (302); the host's DSL takes registers too.
    "direction-attendance": Case(
        lambda w: reverse("direction-attendance", args=[_hosted_direction(w).pk]),
        statuses(404, s302={"anonymous"}, s200=SEES_PUPIL | HOST_STAFF),
        statuses(404, s302={"anonymous"} | HOST_STAFF, s403=SEES_PUPIL),
    ),
    "direction-contact-add": Case(
        lambda w: reverse("direction-contact-add", args=[_hosted_direction(w).pk]),
        statuses(
            404, s302={"anonymous"}, s200=HOME_STAFF | HOST_STAFF, s403=SEES_PUPIL - HOME_STAFF
        ),
        statuses(404, s302={"anonymous"} | HOME_STAFF | HOST_STAFF, s403=SEES_PUPIL - HOME_STAFF),
        data=_yesterday_contact,
    ),
    "direction-host-suspension": Case(
        lambda w: reverse("direction-host-suspension", args=[_hosted_direction(w).pk]),
        statuses(404, s302={"anonymous"}, s200={"host_case_lead"}, s403=SEES_PUPIL | {"host_dsl"}),
        statuses(404, s302={"anonymous", "host_case_lead"}, s403=SEES_PUPIL | {"host_dsl"}),
        data=_suspension,
    ),
    "notifications": Case(
        lambda w: reverse("notifications"), statuses(200, s302={"anonymous"}), statuses(405)
    ),
    "notification-read": Case(
        lambda w: reverse("notification-read", args=[_notification(w).pk]),
        statuses(405),
        statuses(404, s302={"anonymous", "school_case_lead"}),
    ),
    "notifications-read-all": Case(
        lambda w: reverse("notifications-read-all"), statuses(405), statuses(302)
    ),
    # Direction forms: anyone who sees the direction makes them (302 to the download).
    "direction-document": Case(
        lambda w: reverse("direction-document", args=[_direction(w).pk, "notification-form"]),
        statuses(405),
        statuses(404, s302={"anonymous"} | SEES_PUPIL),
    ),
    # Letters to parents: only the home school's head or case lead.
    "meeting-document": Case(
        lambda w: reverse(
            "meeting-document", args=[_direction(w).pk, w.meeting.pk, "review-invitation"]
        ),
        statuses(405),
        statuses(404, s302={"anonymous"} | RUNNERS, s403=SEES_PUPIL - RUNNERS),
    ),
    # Managed moves and the LA's lists. The direction here is only proposed, so a
    # runner's managed move page explains that a review must convert it first (200).
    "managed-move": Case(
        lambda w: reverse("managed-move", args=[_direction(w).pk]),
        runner_view(),
        runner_view(),
    ),
    # Not moving here, so a runner's page says no managed move is being agreed (200).
    "managed-move-stop": Case(
        lambda w: reverse("managed-move-stop", args=[_direction(w).pk]),
        runner_view(),
        runner_view(),
    ),
    "la-dashboard": Case(
        lambda w: reverse("la-dashboard"),
        statuses(403, s302={"anonymous"}, s200=LA_LISTS),
        statuses(405),
    ),
    "la-directions": Case(
        lambda w: reverse("la-directions"),
        statuses(403, s302={"anonymous"}, s200=LA_LISTS),
        statuses(405),
    ),
    "la-tasks": Case(
        lambda w: reverse("la-tasks"),
        statuses(403, s302={"anonymous"}, s200=LA_LISTS),
        statuses(405),
    ),
    "la-task-done": Case(
        lambda w: reverse("la-task-done", args=[_la_task(w).pk]),
        statuses(
            404,
            s302={"anonymous"},
            s200=RUNNERS | {"la_la_officer"},
            s403=HOME_STAFF - RUNNERS | {"la_la_safeguarding", "la_director"},
        ),
        statuses(
            404,
            s302={"anonymous"} | RUNNERS | {"la_la_officer"},
            s403=HOME_STAFF - RUNNERS | {"la_la_safeguarding", "la_director"},
        ),
    ),
    "admin:index": Case(lambda w: reverse("admin:index"), statuses(302), statuses(302)),
}
assert not set(CASES) & set(FEATURE_CASES), "a URL has two permission-matrix cases"
CASES.update(FEATURE_CASES)
# Sections with their own need-to-know: invisible → 404, visible but not editable → 403.
SECTION_CASES = {
    "safeguarding": statuses(
        404,
        s302={"anonymous"},
        s200={"school_dsl"},
        s403={"la_la_safeguarding", "la_virtual_school"},
    ),
    "send-detail": statuses(404, s302={"anonymous"}, s200={"school_senco"}, s403={"la_la_send"}),
    "child": pupil_view(EDITORS),
}


def _all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                yield "admin:index"  # Django's own admin: one representative page
                continue
            yield from _all_url_names(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_url_has_a_case():
    missing = set(_all_url_names()) - set(CASES)
    assert not missing, f"URL patterns with no permission-matrix case: {sorted(missing)}"


@pytest.fixture(scope="module")
def sessions(_world_rows, django_db_blocker) -> dict[str, str]:
    """Every role signed in once per module, in the module's world: {role: session key}."""
    keys = {}
    with django_db_blocker.unblock():
        for role, user in _world_rows.users.items():
            client = Client()
            client.force_login(user)
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


@contextlib.contextmanager
def _templates_print_nothing(active: bool):
    if not active:
        yield
        return
    with mock.patch.object(Template, "render", lambda self, context=None: SafeString("")):
        yield


@pytest.fixture(autouse=True)
def _sessions_stay_as_signed_in(monkeypatch):
    """The idle timeout is not renewed here: each role's first request would save its session
    again, in a savepoint rolled back, for every URL (tests/tenancy covers the renewal)."""
    from tenancy import middleware

    monkeypatch.setattr(middleware, "RENEW_SESSION_EVERY", math.inf)


@pytest.fixture(autouse=True)
def _work_waits_for_the_worker():
    """As in production, a PDF or an email asked for waits for the worker, which starts once the
    request's transaction commits (here it never does): the matrix asks who may ask for it, and
    tests/documents covers what the worker then makes. Eagerly, each role's request would print
    its own PDF, most of the matrix's time."""
    from celery import current_app

    eager = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = False
    yield
    current_app.conf.task_always_eager = eager


def _first_of_each_status(expected: dict[str, int]) -> set[str]:
    """One role for each status the URL should answer with: the first in ROLES order."""
    first = {}
    for role in ROLES:
        first.setdefault(expected[role], role)
    return set(first.values())


def _per_role(sessions, ask, roles=ROLES, rendered=None):
    """{role: ask(client)}, each role with a fresh client signed in as that role, inside a
    savepoint rolled back afterwards: every role meets the world as it was built (its session
    too), and one test builds it once for all of them.

    With `rendered` (the expected statuses), the page is rendered in full for one role of each
    status; for the others every view runs to its answer but its templates print nothing. The
    matrix asks who may do what: rendering the same page for a dozen roles was most of the
    suite's time, and what each role reads on a page is tested with the page (and below, in
    test_markers_only_reach_need_to_know, for every role)."""
    full = set(roles) if rendered is None else _first_of_each_status(rendered)
    answers = {}
    for role in roles:
        with transaction.atomic(), _templates_print_nothing(role not in full):
            client = Client()
            if role != "anonymous":
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
            try:
                answers[role] = ask(client)
            except Exception as error:
                error.add_note(f"(asked as {role})")
                raise
            transaction.set_rollback(True)
    return answers


def _assert_per_role(what, got, expected):
    """One failure listing every role whose answer is wrong."""
    wrong = [
        (role, expected[role], answer) for role, answer in got.items() if answer != expected[role]
    ]
    if wrong:
        rows = "\n".join(
            f"  {role:<20} expected {want}, got {answer}" for role, want, answer in wrong
        )
        pytest.fail(f"{what}: {len(wrong)} of {len(got)} roles wrong\n{rows}", pytrace=False)


# A case's url() and data() run once, before the savepoints: what they make and cache on the
# world (a direction, a PSP...) must outlive every role's rolled-back request.
@pytest.mark.parametrize("name", sorted(CASES))
def test_get(world, sessions, name):
    case = CASES[name]
    url = case.url(world)
    got = _per_role(sessions, lambda client: client.get(url).status_code, rendered=case.get)
    _assert_per_role(f"GET {url} ({name})", got, case.get)


@pytest.mark.parametrize("name", sorted(CASES))
def test_post(world, sessions, name):
    case = CASES[name]
    url = case.url(world)
    data = case.data(world)
    got = _per_role(sessions, lambda client: client.post(url, data).status_code, rendered=case.post)
    _assert_per_role(f"POST {url} ({name})", got, case.post)


@pytest.mark.parametrize("section", sorted(SECTION_CASES))
def test_section_edit_need_to_know(world, sessions, section):
    url = reverse("pupil-section-edit", args=[world.pupil.pk, section])
    got = _per_role(sessions, lambda client: client.get(url).status_code)
    _assert_per_role(f"GET {url}", got, SECTION_CASES[section])


@pytest.mark.parametrize("role", ["host_case_lead", "host_dsl"])
def test_host_sees_the_pupil_only_while_hosting(client, world, role):
    from tenancy.services import revoke_host_access

    url = reverse("pupil-detail", args=[world.pupil.pk])
    client.force_login(world.users[role])
    assert client.get(url).status_code == 404
    grant_host_access(world.pupil, world.host)
    assert client.get(url).status_code == 200
    edit = reverse("pupil-section-edit", args=[world.pupil.pk, "academic"])
    assert client.get(edit).status_code == 403
    revoke_host_access(world.pupil, world.host)
    assert client.get(url).status_code == 404


MAY_SEE_SAFEGUARDING = {"school_dsl", "la_la_safeguarding", "la_virtual_school"}
MAY_SEE_SEND = {"school_senco", "la_la_send"}


def test_markers_only_reach_need_to_know(world, sessions):
    """Safeguarding and SEND detail appear on no page for a role without need-to-know."""
    pages = [
        reverse("pupil-list"),
        reverse("pupil-detail", args=[world.pupil.pk]),
        reverse("pupil-history", args=[world.pupil.pk]),
    ]

    def markers_shown(client):
        text = "".join(client.get(page).content.decode() for page in pages)
        return {"safeguarding": SAFEGUARDING_MARKER in text, "SEND": SEND_MARKER in text}

    got = _per_role(sessions, markers_shown, roles=sorted(SIGNED_IN))
    expected = {
        role: {"safeguarding": role in MAY_SEE_SAFEGUARDING, "SEND": role in MAY_SEE_SEND}
        for role in SIGNED_IN
    }
    _assert_per_role("Markers shown on the pupil list, page and history", got, expected)


def test_host_dsl_sees_safeguarding_but_host_case_lead_does_not(client, world):
    grant_host_access(world.pupil, world.host)
    url = reverse("pupil-detail", args=[world.pupil.pk])
    client.force_login(world.users["host_dsl"])
    assert SAFEGUARDING_MARKER in client.get(url).content.decode()
    client.force_login(world.users["host_case_lead"])
    assert SAFEGUARDING_MARKER not in client.get(url).content.decode()
