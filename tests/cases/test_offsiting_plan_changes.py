"""How a Back-on-Track plan may change, and what follows from it: the receiving centre is fixed
once the pupil has started there, a started respite cannot grow past the Head of Service's
agreement, the further week runs from the decision, the dates stay within the LA's term dates,
meetings fall on school days, the week-one deadline goes when the pupil returns undecided, and
a pupil has one open off-siting at a time.

Source: 000_6280d14dcdeb4d53.txt. Dates in Worcestershire's demo term dates (Autumn 1 2026 ends
23 October, Autumn 2 runs 2 November to 18 December; the last term date is 21 July 2028).
"""

import datetime

import pytest
from django.urls import reverse

from cases.guards import GuardError
from cases.offsiting import deadlines
from cases.offsiting import services as svc
from cases.offsiting.forms import OffSitingPlanForm
from cases.offsiting.models import OffSiting, OffSitingMeeting
from reviews.models import Deadline
from tests.cases.test_offsiting_lifecycle import MONDAY, plan, plan_data, receiving, start
from tests.factories import SchoolFactory

__all__ = ["receiving"]  # the fixture, imported for these tests

D = datetime.date


@pytest.fixture(autouse=True)
def _december(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))


# The receiving centre is fixed once the off-siting has started ------------------------------


def test_the_receiving_centre_cannot_change_after_the_start(client, world, receiving):
    o = start(world, receiving)
    third = SchoolFactory(
        local_authority=world.la, group=world.group, kind="centre", name="Third Centre"
    )
    client.force_login(world.users["school_case_lead"])
    page = client.get(reverse("offsiting-plan", args=[o.pk]))
    assert "The off-siting has started, so the receiving centre cannot change." in (
        page.content.decode()
    )
    client.post(reverse("offsiting-plan", args=[o.pk]), plan_data(third))
    o.refresh_from_db()
    assert o.receiving_centre == receiving  # the disabled field keeps the saved centre
    # The service refuses it too, whatever the form sends.
    form = OffSitingPlanForm(plan_data(third), instance=o, home=world.school)
    form.fields["receiving_centre"].disabled = False
    assert form.is_valid(), form.errors
    with pytest.raises(GuardError, match="receiving centre cannot change"):
        svc.offsiting_update_plan(
            offsiting=o, changes=form.plan_values(), by=world.users["school_case_lead"]
        )


def test_the_receiving_centre_may_change_while_planned(world, receiving):
    o = plan(world, receiving)
    third = SchoolFactory(
        local_authority=world.la, group=world.group, kind="centre", name="Third Centre"
    )
    form = OffSitingPlanForm(plan_data(third), instance=o, home=world.school)
    assert form.is_valid(), form.errors
    o = svc.offsiting_update_plan(
        offsiting=o, changes=form.plan_values(), by=world.users["school_case_lead"]
    )
    assert OffSiting.objects.get(pk=o.pk).receiving_centre == third


# No lengthening past the Head of Service's agreement after the start -----------------------


def test_a_started_respite_cannot_grow_past_the_agreement(client, world, receiving):
    o = start(world, receiving)  # 3 days of respite: no agreement needed
    client.force_login(world.users["school_case_lead"])
    page = client.post(
        reverse("offsiting-plan", args=[o.pk]),
        plan_data(receiving, last=MONDAY + datetime.timedelta(days=18)),
    )
    assert page.status_code == 200
    assert "Get the Head of Service&#x27;s agreement first." in page.content.decode()
    o.refresh_from_db()
    assert (o.school_days, o.last_day) == (3, MONDAY + datetime.timedelta(days=2))


def test_the_head_of_service_can_agree_a_longer_period_first(world, receiving):
    o = start(world, receiving, last=MONDAY + datetime.timedelta(days=4))  # agreed for 5
    with pytest.raises(GuardError, match="agreement first"):
        svc.offsiting_week_one(
            offsiting=OffSiting.objects.get(pk=o.pk),
            further_week=True,
            on=D(2026, 11, 20),
            notes="",
            by=world.users["recv_lead"],
        )
    svc.offsiting_decide_approval(
        offsiting=OffSiting.objects.get(pk=o.pk),
        agreed=True,
        notes="",
        by=world.users["head_of_service"],
        today=D(2026, 11, 19),
        days=10,
    )
    o = svc.offsiting_week_one(
        offsiting=OffSiting.objects.get(pk=o.pk),
        further_week=True,
        on=D(2026, 11, 20),
        notes="",
        by=world.users["recv_lead"],
    )
    assert (o.last_day, o.school_days, o.approval_decision) == (D(2026, 11, 27), 10, "agreed")


def test_the_further_week_runs_a_week_from_the_decision(world, receiving):
    o = start(world, receiving, last=MONDAY + datetime.timedelta(days=11))  # 2 weeks agreed
    o = svc.offsiting_week_one(
        offsiting=OffSiting.objects.get(pk=o.pk),
        further_week=True,
        on=D(2026, 11, 20),
        notes="",
        by=world.users["recv_lead"],
    )
    # A week from the end of week one, not the planned end + a week.
    assert (o.last_day, o.school_days) == (D(2026, 11, 27), 10)
    assert o.approval_decision == OffSiting.Decision.AGREED


# The dates are within the LA's term dates ----------------------------------------------------


@pytest.mark.parametrize("last", [D(2100, 1, 1), D(9999, 12, 31), D(2028, 12, 21)])
def test_a_last_day_beyond_the_term_dates_is_refused(client, world, receiving, last):
    client.force_login(world.users["school_case_lead"])
    page = client.post(
        reverse("offsiting-new", args=[world.pupil.pk]), plan_data(receiving, last=last)
    )
    assert page.status_code == 200
    assert (
        "The last day must be within the term dates the LA has set (up to 20 December 2028)"
        in page.content.decode()
    )
    assert not OffSiting.objects.exists() and not OffSitingMeeting.objects.exists()


def test_the_last_term_day_itself_is_allowed(world, receiving):
    o = plan(world, receiving, first=D(2028, 7, 19), last=D(2028, 7, 21))
    assert o.school_days == 3


def test_a_first_day_before_the_term_dates_is_refused(world, receiving):
    form = OffSitingPlanForm(
        plan_data(receiving, first=D(2020, 1, 6), last=D(2020, 1, 8)), home=world.school
    )
    assert not form.is_valid()
    assert "within the term dates" in form.errors["first_day"][0]


# Meetings on school days; only start and end under a week ------------------------------------


def test_a_review_in_half_term_moves_to_the_next_school_day(world, receiving):
    o = plan(world, receiving, first=D(2026, 10, 22), last=D(2026, 11, 4))  # 5 school days
    assert o.school_days == 5
    dates = [(m.kind, m.scheduled_for) for m in o.meetings.all()]
    assert dates == [
        ("start", D(2026, 10, 22)),
        ("review", D(2026, 11, 2)),  # 29 October is half term
        ("final", D(2026, 11, 4)),
    ]


def test_under_a_week_of_school_days_has_only_start_and_end(world, receiving):
    # Mondays only for two weeks and a day: 3 school days, though 11 weekdays apart.
    o = plan(world, receiving, first=D(2026, 11, 2), last=D(2026, 11, 16), pattern="key_days",
             key_days=[0])  # fmt: skip
    assert o.school_days == 3
    assert [(m.kind, m.scheduled_for) for m in o.meetings.all()] == [
        ("start", D(2026, 11, 2)),
        ("end", D(2026, 11, 16)),
    ]


# The week-one deadline goes when the pupil returns without a decision ----------------------


def test_the_week_one_deadline_goes_when_the_pupil_returns_undecided(
    world, receiving, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        o = start(world, receiving, last=MONDAY + datetime.timedelta(days=4))
    assert o.deadlines.filter(key="week-one").exists()
    with django_capture_on_commit_callbacks(execute=True):
        svc.offsiting_end(offsiting=o, on=MONDAY + datetime.timedelta(days=2), by=o.case_lead)
    still_to_do = o.deadlines.filter(key="week-one", state__in=Deadline.PENDING_STATES)
    assert not still_to_do.exists()
    deadlines.offsiting_refresh_all(today=D(2026, 12, 1))
    assert not still_to_do.exists()


# One open off-siting at a time -----------------------------------------------------------------


def test_a_second_open_offsiting_is_refused(world, receiving):
    plan(world, receiving)
    form = OffSitingPlanForm(
        plan_data(receiving, first=D(2026, 12, 7), last=D(2026, 12, 8)), home=world.school
    )
    assert form.is_valid(), form.errors
    with pytest.raises(GuardError, match="already has an open off-siting"):
        svc.offsiting_plan(
            pupil=world.pupil, **form.plan_values(), by=world.users["school_case_lead"]
        )
