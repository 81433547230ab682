"""AP placements: placing a pupil, the declaration guard, the LA told of a first use, the
attendance at the provider with its B code, the deadlines and the pupil page's card (004)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.placements.deadlines import placement_refresh_deadlines, placements_refresh_all
from cases.placements.models import ApAttendance, ApPlacement
from cases.placements.services import ap_attendance_record
from demo.calendar import seed_term_dates
from reviews.models import Deadline, Notification
from reviews.services.deadlines import deadline_waive
from tests.factories import PupilFactory
from tests.safeguarding import make_declaration, make_placement, make_provider

TODAY = datetime.date(2026, 11, 20)  # a Friday
NOW = datetime.datetime(2026, 11, 20, 16, 0, tzinfo=ZoneInfo("Europe/London"))
START = datetime.date(2026, 11, 3)  # a Tuesday


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def provider(world):
    seed_term_dates(world.la)
    provider = make_provider(world.la)
    make_declaration(provider, datetime.date(2026, 9, 1), world.users["la_la_safeguarding"])
    return provider


def _date(prefix, day):
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def _plan(world, chosen, **overrides):
    data = {
        "provider": str(chosen.pk),
        **_date("start", START),
        **_date("end", datetime.date(2027, 2, 12)),
        "tuesday_from": "9:00",
        "tuesday_to": "3pm",
        "thursday_from": "9.30",
        "thursday_to": "12:00",
        "rationale": "Hands-on learning re-engages them",
        "consultation": "Pupil and mother agree; youth worker supports",
        "objectives": "Attend every session\nReturn full time by February",
        "monitoring_staff": str(world.users["school_key_adult"].pk),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _new(client, world, data, role="school_case_lead"):
    client.force_login(world.users[role])
    return client.post(reverse("ap-placement-new", args=[world.pupil.pk]), data)


# Placing a pupil ------------------------------------------------------------------------------


def test_a_case_lead_places_the_pupil_and_the_la_is_told_once(
    client, world, provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _new(client, world, _plan(world, provider))
    placement = ApPlacement.objects.get()
    assert response.url == placement.get_absolute_url()
    assert (placement.school, placement.created_by) == (
        world.school,
        world.users["school_case_lead"],
    )
    assert placement.times() == {
        1: (datetime.time(9), datetime.time(15)),
        3: (datetime.time(9, 30), datetime.time(12)),
    }
    (told,) = Notification.objects.filter(key__startswith="ap-provider-first-use:")
    assert told.user == world.users["la_la_safeguarding"]
    assert (told.school, told.pupil) == (None, world.pupil)
    assert "first placement there" in told.message
    assert told.url == provider.get_absolute_url()
    provider.refresh_from_db()
    assert provider.la_notified_at is not None

    # The host school (same LA) places another pupil there: the LA already knows the provider.
    other = PupilFactory(school=world.host)
    make_placement(other, provider, world.users["host_case_lead"], START, TODAY)
    client.force_login(world.users["school_headteacher"])
    client.post(
        reverse("ap-placement-new", args=[world.pupil.pk]),
        _plan(
            world,
            provider,
            **_date("start", datetime.date(2027, 3, 1)),
            **_date("end", datetime.date(2027, 3, 26)),
        ),
    )
    assert ApPlacement.objects.filter(pupil=world.pupil).count() == 2
    assert Notification.objects.filter(key__startswith="ap-provider-first-use:").count() == 1


def test_the_placement_has_its_deadlines_for_the_monitoring_staff(
    client, world, provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _new(client, world, _plan(world, provider))
    placement = ApPlacement.objects.get()
    rows = {d.key: d for d in placement.deadlines.all()}
    # Tuesdays and Thursdays from 3 November, up to yesterday.
    assert sorted(k for k in rows if k.startswith("attendance")) == [
        "attendance:2026-11-03",
        "attendance:2026-11-05",
        "attendance:2026-11-10",
        "attendance:2026-11-12",
        "attendance:2026-11-17",
        "attendance:2026-11-19",
    ]
    assert rows["end"].due == datetime.date(2027, 2, 12)
    assert {d.responsible for d in rows.values()} == {world.users["school_key_adult"]}
    assert {d.state for d in rows.values() if d.kind == Deadline.Kind.AP_ATTENDANCE} == {"overdue"}
    assert all(d.school == world.school and d.pupil == world.pupil for d in rows.values())


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        (None, "has no safeguarding declaration on the LA&#x27;s register"),
        (datetime.date(2025, 9, 1), "declaration expires on 31 August 2026"),
        (datetime.date(2026, 11, 10), "declaration was signed on 10 November 2026"),
    ],
)
def test_no_placement_starts_without_a_current_declaration(client, world, declaration, message):
    seed_term_dates(world.la)
    provider = make_provider(world.la, "Unchecked Provider")
    if declaration:
        make_declaration(provider, declaration, world.users["la_la_safeguarding"])
    page = _new(client, world, _plan(world, provider)).content.decode()
    assert message in page
    assert "A placement cannot start on 3 November 2026 without a declaration" in page
    assert not ApPlacement.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"tuesday_to": ""}, "Enter both times for Tuesday"),
        ({"thursday_to": "9:00"}, "The time until must be after the time from on Thursday"),
        ({"tuesday_from": "25:00"}, "Enter a time like 9:00 or 13:30"),
        (
            {"tuesday_from": "", "tuesday_to": "", "thursday_from": "", "thursday_to": ""},
            "Enter the times for at least one day at the provider",
        ),
        (_date("end", datetime.date(2026, 11, 2)), "The end date must be on or after the start"),
        ({"objectives": ""}, "Enter objectives and next steps"),
        ({"monitoring_staff": None}, "Choose the member of staff monitoring it"),
        ({"provider": None}, "Choose the provider"),
    ],
)
def test_a_plan_with_a_problem_is_refused_next_to_the_field(
    client, world, provider, overrides, message
):
    response = _new(client, world, _plan(world, provider, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ApPlacement.objects.exists()


def test_another_las_provider_and_another_schools_staff_cannot_be_chosen(client, world, provider):
    elsewhere = make_provider(world.other_la, "Elsewhere")
    make_declaration(elsewhere, datetime.date(2026, 9, 1), world.users["other_la_officer"])
    page = _new(client, world, _plan(world, provider, provider=str(elsewhere.pk))).content.decode()
    assert "Select a valid choice" in page
    staff = str(world.users["host_case_lead"].pk)
    page = _new(client, world, _plan(world, provider, monitoring_staff=staff)).content.decode()
    assert "Select a valid choice" in page
    assert not ApPlacement.objects.exists()


def test_only_the_base_schools_runners_place_a_pupil(client, world, provider):
    for role, status in [
        ("school_office", 403),
        ("school_key_adult", 403),
        ("school_dsl", 302),
        ("other_case_lead", 404),
        ("la_la_safeguarding", 403),
    ]:
        response = _new(client, world, _plan(world, provider), role=role)
        assert response.status_code == status, role


# Changing and ending it -----------------------------------------------------------------------


@pytest.fixture
def placement(world, provider):
    return make_placement(
        world.pupil, provider, world.users["school_key_adult"], START, datetime.date(2027, 2, 12)
    )


def test_a_new_start_date_needs_a_declaration_for_it(client, world, placement):
    client.force_login(world.users["school_senco"])
    url = reverse("ap-placement-edit", args=[placement.pk])
    data = _plan(world, placement.provider, **_date("start", datetime.date(2026, 7, 20)))
    assert "declaration was signed on 1 September 2026" in client.post(url, data).content.decode()
    data = _plan(world, placement.provider, objectives="New objectives")
    assert client.post(url, data).status_code == 302
    placement.refresh_from_db()
    assert placement.objectives == "New objectives"
    assert placement.history.count() == 2


def test_switching_to_another_provider_needs_its_declaration_and_tells_the_la(
    client, world, placement, django_capture_on_commit_callbacks
):
    """The declaration is "essential before placing pupils in a provision" (004), whichever
    way the pupil gets there: a new provider on the edit page is checked as on create, and
    its first use by a school of the LA is told to the LA's safeguarding officers."""
    client.force_login(world.users["school_case_lead"])
    url = reverse("ap-placement-edit", args=[placement.pk])
    undeclared = make_provider(world.la, name="Unvetted Farm")
    response = client.post(url, _plan(world, undeclared))
    assert response.status_code == 200
    assert "Unvetted Farm has no safeguarding declaration" in response.content.decode()
    placement.refresh_from_db()
    assert placement.provider_id != undeclared.pk

    vetted = make_provider(world.la, name="Riverside Skills")
    make_declaration(vetted, datetime.date(2026, 10, 1), world.users["la_la_safeguarding"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, _plan(world, vetted)).status_code == 302
    placement.refresh_from_db()
    assert placement.provider == vetted
    (told,) = Notification.objects.filter(key__startswith="ap-provider-first-use:")
    assert told.user == world.users["la_la_safeguarding"]
    assert "Riverside Skills" in told.message and "first placement there" in told.message
    vetted.refresh_from_db()
    assert vetted.la_notified_at is not None
    # Saving again with the same provider tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, _plan(world, vetted, objectives="Attend every session"))
    assert Notification.objects.filter(key__startswith="ap-provider-first-use:").count() == 1


def test_ending_a_placement_records_the_outcome_and_meets_its_deadline(
    client, world, placement, django_capture_on_commit_callbacks
):
    client.force_login(world.users["school_case_lead"])
    url = reverse("ap-placement-end", args=[placement.pk])
    future = {**_date("ended_on", TODAY + datetime.timedelta(days=1)), "outcome": "Back"}
    assert "cannot end in the future" in client.post(url, future).content.decode()
    assert (
        "Enter the outcome and the next steps"
        in client.post(url, _date("ended_on", TODAY)).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**_date("ended_on", TODAY), "outcome": "Full timetable"})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.ended_on, placement.end_outcome) == (TODAY, "Full timetable")
    end = placement.deadlines.get(key="end")
    assert (end.state, end.met_on) == ("on_time", TODAY)
    again = client.post(url, {**_date("ended_on", TODAY), "outcome": "x"}).content.decode()
    assert "This placement has ended" in again
    edit = client.post(
        reverse("ap-placement-edit", args=[placement.pk]), _plan(world, placement.provider)
    )
    assert "This placement has ended" in edit.content.decode()


# Attendance at the provider ------------------------------------------------------------------


def test_the_office_records_b_for_a_day_at_the_provider(
    client, world, placement, django_capture_on_commit_callbacks
):
    placement_refresh_deadlines(placement=placement, today=TODAY)
    client.force_login(world.users["school_office"])
    url = reverse("ap-placement-attendance", args=[placement.pk])
    page = client.get(url, {"week": "2026-11-16"}).content.decode()
    assert "Code for Tuesday 17 November" in page
    assert "Code for Wednesday 18 November" not in page  # not a placement day
    assert "Code for Friday 20 November" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{url}?week=2026-11-16",
            {"2026-11-17-code": "B", "2026-11-19-code": "I", "2026-11-19-note": "Phoned in sick"},
        )
    assert response.status_code == 302
    marks = {a.date: (a.code, a.note) for a in ApAttendance.objects.all()}
    assert marks == {
        datetime.date(2026, 11, 17): ("B", ""),
        datetime.date(2026, 11, 19): ("I", "Phoned in sick"),
    }
    met = placement.deadlines.get(key="attendance:2026-11-17")
    assert (met.state, met.met_on) == ("late", TODAY)  # recorded three days after the day
    assert placement.deadlines.get(key="attendance:2026-11-12").state == "overdue"


@pytest.mark.parametrize(
    "week, shown, previous, following",
    [
        ("0001-01-01", "Week of 2 November to 6 November 2026", False, True),
        ("2026-10-05", "Week of 2 November to 6 November 2026", False, True),
        ("9999-12-31", "Week of 16 November to 20 November 2026", True, False),
        ("2027-06-07", "Week of 16 November to 20 November 2026", True, False),
        ("2026-11-12", "Week of 9 November to 13 November 2026", True, True),
        ("not-a-date", "Week of 16 November to 20 November 2026", True, False),
    ],
)
def test_a_week_outside_the_placement_shows_its_nearest_week(
    client, world, placement, week, shown, previous, following
):
    """The first and last dates a calendar knows answered with a 500; any week is clamped to
    the placement's weeks so far, and the links never go beyond them."""
    client.force_login(world.users["school_office"])
    url = reverse("ap-placement-attendance", args=[placement.pk])
    response = client.get(url, {"week": week})
    assert response.status_code == 200
    page = response.content.decode()
    assert shown in page
    assert ('rel="prev"' in page) is previous
    assert ('rel="next"' in page) is following


def test_a_code_that_is_not_on_the_list_is_refused(client, world, placement):
    client.force_login(world.users["school_key_adult"])
    url = reverse("ap-placement-attendance", args=[placement.pk])
    page = client.post(f"{url}?week=2026-11-16", {"2026-11-17-code": "/"}).content.decode()
    assert "Choose a code from the list" in page
    assert not ApAttendance.objects.exists()


def test_the_service_refuses_days_that_are_not_placement_days(world, placement):
    with pytest.raises(ValidationError) as error:
        ap_attendance_record(
            placement=placement,
            marks={
                datetime.date(2026, 11, 18): ("B", ""),
                datetime.date(2026, 11, 24): ("B", ""),
                datetime.date(2026, 10, 27): ("B", ""),
                datetime.date(2026, 11, 17): ("B", ""),
            },
            by=world.users["school_office"],
            today=TODAY,
        )
    assert error.value.messages == [
        "Tuesday 27 October 2026 is before the placement starts.",
        "Wednesday 18 November 2026 is not one of the placement's days.",
        "Tuesday 24 November 2026 has not happened yet.",
    ]
    assert not ApAttendance.objects.exists()


def test_the_la_reads_the_attendance_but_does_not_record_it(client, world, placement):
    ApAttendance.objects.create(
        placement=placement,
        date=datetime.date(2026, 11, 17),
        code="B",
        recorded_by=world.users["school_office"],
    )
    client.force_login(world.users["la_la_officer"])
    url = reverse("ap-placement-attendance", args=[placement.pk])
    page = client.get(url, {"week": "2026-11-16"}).content.decode()
    assert "B Attended the alternative provision" in page
    assert "Save the week" not in page
    assert client.post(url, {"2026-11-19-code": "B"}).status_code == 403


def test_the_nightly_refresh_chases_missing_days_of_open_placements(world, placement):
    ended = make_placement(
        PupilFactory(school=world.school),
        placement.provider,
        world.users["school_key_adult"],
        datetime.date(2026, 9, 8),
        datetime.date(2026, 9, 30),
        ended_on=datetime.date(2026, 9, 30),
    )
    assert placements_refresh_all(today=TODAY) == 1
    assert placement.deadlines.filter(kind=Deadline.Kind.AP_ATTENDANCE).count() == 6
    assert not ended.deadlines.exists()
    placements_refresh_all(today=TODAY)
    assert placement.deadlines.count() == 7


def test_an_unmarked_day_stays_due_until_marked_or_waived(world, placement):
    """Tuesdays and Thursdays for six weeks, refreshed every night: the days marked drop off
    once met, but Thursday 5 November, never marked, stays overdue long after ten placement
    days have passed; a waived day stays waived; a late mark meets it."""
    office = world.users["school_office"]
    unmarked, waived = datetime.date(2026, 11, 5), datetime.date(2026, 11, 10)
    day = START + datetime.timedelta(days=1)
    last = START + datetime.timedelta(weeks=6)  # Tuesday 15 December
    while day <= last:
        placement_refresh_deadlines(placement=placement, today=day)
        if day == waived + datetime.timedelta(days=1):
            deadline_waive(
                deadline=placement.deadlines.get(key=f"attendance:{waived.isoformat()}"),
                reason="The provider was closed for a staff training day",
                by=world.users["school_case_lead"],
            )
        yesterday = day - datetime.timedelta(days=1)
        if yesterday.weekday() in (1, 3) and yesterday not in (unmarked, waived):
            ap_attendance_record(
                placement=placement, marks={yesterday: ("B", "")}, by=office, today=day
            )
        day += datetime.timedelta(days=1)
    placement_refresh_deadlines(placement=placement, today=last)
    attendance = placement.deadlines.filter(kind=Deadline.Kind.AP_ATTENDANCE)
    assert attendance.filter(state__in=Deadline.DONE_STATES).count() == 10  # 12 days, 2 unmarked
    open_days = attendance.filter(state__in=Deadline.PENDING_STATES)
    assert list(open_days.values_list("key", "state")) == [
        ("attendance:2026-11-05", Deadline.State.OVERDUE)
    ]
    assert attendance.get(key="attendance:2026-11-10").state == Deadline.State.WAIVED
    # The nightly run keeps chasing it too.
    placements_refresh_all(today=last + datetime.timedelta(days=1))
    assert attendance.get(key="attendance:2026-11-05").state == Deadline.State.OVERDUE

    # Marked at last: the deadline is met, not deleted.
    ap_attendance_record(placement=placement, marks={unmarked: ("I", "")}, by=office, today=last)
    placement_refresh_deadlines(placement=placement, today=last)
    late = attendance.get(key="attendance:2026-11-05")
    assert (late.state, late.met_on) == (Deadline.State.LATE, TODAY)
    assert not attendance.filter(state__in=Deadline.PENDING_STATES).exists()


def test_the_missing_day_is_on_the_monitoring_staffs_due_page(client, world, placement):
    placement_refresh_deadlines(placement=placement, today=TODAY)
    client.force_login(world.users["school_key_adult"])
    page = client.get(reverse("due")).content.decode()
    assert "Attendance at the provider for the day" in page
    client.force_login(world.users["other_case_lead"])
    assert (
        "Attendance at the provider"
        not in client.get(reverse("due"), {"show": "all"}).content.decode()
    )


# Pages ----------------------------------------------------------------------------------------


def test_the_placement_page_shows_the_plan_and_warns_of_an_expiring_declaration(
    client, world, placement
):
    placement.provider.declarations.update(expires_on=TODAY + datetime.timedelta(days=10))
    client.force_login(world.users["la_la_safeguarding"])
    page = client.get(placement.get_absolute_url()).content.decode()
    assert "Placement at Pathways Vocational Centre" in page
    assert "Tuesday, 9:00 to 15:00" in page
    assert "12 hours a week" in page
    assert "expires on 30 November 2026" in page
    assert "remains" not in page
    assert "stays fully responsible" in page
    assert "Record attendance" not in page


def test_another_tenant_cannot_see_the_placement(client, world, placement):
    for role in ("other_case_lead", "other_la_officer", "host_case_lead", "la_la_admin"):
        client.force_login(world.users[role])
        assert client.get(placement.get_absolute_url()).status_code == 404, role


def test_the_pupil_page_card_offers_a_placement_only_to_those_who_may(client, world, placement):
    url = reverse("pupil-detail", args=[world.pupil.pk])
    client.force_login(world.users["school_case_lead"])
    page = client.get(url).content.decode()
    assert "Alternative provision" in page
    assert "Place with a provider" in page
    assert "Pathways Vocational Centre" in page
    client.force_login(world.users["school_office"])
    page = client.get(url).content.decode()
    assert "Pathways Vocational Centre" in page
    assert "Place with a provider" not in page


def test_the_card_runs_the_same_queries_for_one_and_many_placements(
    client, world, placement, django_assert_num_queries
):
    url = reverse("pupil-detail", args=[world.pupil.pk])
    client.force_login(world.users["school_case_lead"])
    client.get(url)  # content types cached
    # session, user, memberships; pupil, parents; interventions, exclusions, suspensions, KS4
    # options, previous schools and directions; the directions Waymark holds (issue 14);
    # unread notifications; one for each case card (directions, managed moves without a
    # direction, off-sitings, PSPs, reduced timetables, AP placements, travel requests); the
    # pupil's documents
    with django_assert_num_queries(21):
        assert client.get(url).status_code == 200
    for n in range(3):
        other = make_provider(world.la, f"Provider {n}")
        make_placement(world.pupil, other, world.users["school_key_adult"], START, TODAY)
    with django_assert_num_queries(21):
        assert client.get(url).status_code == 200
