"""The Back-on-Track off-siting's lifecycle, guards and deadlines, through its services.

Source: 000_6280d14dcdeb4d53.txt. Dates are in Worcestershire's demo term dates (Autumn 2 2026
runs 2 November to 18 December).
"""

import datetime

import pytest

import access
from cases.guards import GuardError
from cases.offsiting import deadlines, guards, records, selectors
from cases.offsiting import services as svc
from cases.offsiting.forms import ConcernForm, OffSitingMeetingForm, OffSitingPlanForm
from cases.offsiting.models import OffSiting, OffSitingMeeting
from demo.calendar import seed_term_dates
from reviews.models import Deadline, Notification
from safeguarding.models import SharedItem
from tenancy.models import Membership, Role
from tests.factories import SchoolFactory, member

D = datetime.date
MONDAY = D(2026, 11, 16)


@pytest.fixture(autouse=True)
def _december(time_machine):
    """After every date used here, so meetings on them are in the past."""
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))


@pytest.fixture
def receiving(world):
    """A second centre of the world's service, with its own case lead and DSL."""
    seed_term_dates(world.la)
    centre = SchoolFactory(
        local_authority=world.la, group=world.group, kind="centre", name="Receiving Centre"
    )
    world.users["recv_lead"] = member(Role.CASE_LEAD, centre)
    world.users["recv_dsl"] = member(Role.DSL, centre)
    world.users["recv_office"] = member(Role.OFFICE, centre)
    return centre


def plan_data(receiving, **overrides):
    first = overrides.pop("first", MONDAY)
    last = overrides.pop("last", MONDAY + datetime.timedelta(days=2))
    data = {
        "receiving_centre": str(receiving.pk),
        "kind": "respite",
        "circumstance": "",
        "pattern": "block",
        "first_day_0": str(first.day),
        "first_day_1": str(first.month),
        "first_day_2": str(first.year),
        "last_day_0": str(last.day),
        "last_day_1": str(last.month),
        "last_day_2": str(last.year),
        "reasons": "Needs a fresh start",
        "intervention": "",
        "work_agreed": "Maths and English daily",
        "receiving_class": "",
    }
    data.update({k: str(v) if not isinstance(v, list) else v for k, v in overrides.items()})
    return data


def plan(world, receiving, **overrides) -> OffSiting:
    form = OffSitingPlanForm(plan_data(receiving, **overrides), home=world.school)
    assert form.is_valid(), form.errors
    return svc.offsiting_plan(
        pupil=world.pupil, **form.plan_values(), by=world.users["school_case_lead"]
    )


def share_all(world, o: OffSiting, on=MONDAY - datetime.timedelta(days=3)) -> None:
    for item in o.shared_items.all():
        svc.offsiting_share_item(
            offsiting=o,
            item=item,
            available=True,
            available_on=on,
            document="Shared drive",
            note="",
            by=world.users["school_dsl"],
        )


def start(world, receiving, **overrides) -> OffSiting:
    """A planned off-siting, agreed where it must be, every item shared, started on MONDAY."""
    o = plan(world, receiving, **overrides)
    if o.approval_needed:
        svc.offsiting_decide_approval(
            offsiting=o, agreed=True, notes="", by=world.users["head_of_service"], today=MONDAY
        )
    share_all(world, o)
    o = OffSiting.objects.get(pk=o.pk)
    return svc.offsiting_start(offsiting=o, by=world.users["school_case_lead"], today=MONDAY)


def hold(meeting, by, **data):
    form = OffSitingMeetingForm(
        {
            "date_0": str(meeting.scheduled_for.day),
            "date_1": str(meeting.scheduled_for.month),
            "date_2": str(meeting.scheduled_for.year),
            "attendees": "Mum\nCase lead",
            "notes": "Went well",
            "place": "",
            "time": "",
            **data,
        },
        instance=meeting,
    )
    assert form.is_valid(), form.errors
    return records.offsiting_record_meeting(meeting=meeting, **form.cleaned_data, by=by)


# --- planning: the day limits and the centres ---------------------------------------------------


def test_it_plans_with_the_seven_items_and_the_meetings(world, receiving):
    o = plan(world, receiving)
    assert o.state == OffSiting.State.PLANNED
    assert o.school_days == 3
    assert not o.approval_needed
    assert sorted(o.shared_items.values_list("item", flat=True)) == sorted(SharedItem.Item.values)
    assert [(m.kind, m.scheduled_for) for m in o.meetings.all()] == [
        ("start", MONDAY),
        ("end", MONDAY + datetime.timedelta(days=2)),
    ]


@pytest.mark.parametrize("kind", ["consequence", "safety"])
def test_consequence_and_safety_are_one_to_three_days(world, receiving, kind):
    data = plan_data(
        receiving, kind=kind, circumstance="assault", last=MONDAY + datetime.timedelta(days=3)
    )
    form = OffSitingPlanForm(data, home=world.school)
    assert not form.is_valid()
    assert "these dates make 4" in form.errors["last_day"][0]
    three = plan_data(receiving, kind=kind, circumstance="assault")
    assert OffSitingPlanForm(three, home=world.school).is_valid()


def test_a_consequence_names_one_of_the_three_circumstances(world, receiving):
    form = OffSitingPlanForm(plan_data(receiving, kind="consequence"), home=world.school)
    assert not form.is_valid()
    assert form.errors["circumstance"] == ["Choose which of the three circumstances applies"]


def test_the_receiving_centre_is_another_centre_of_the_same_service(world, receiving):
    form = OffSitingPlanForm(plan_data(world.host), home=world.school)
    assert not form.is_valid()
    assert "receiving_centre" in form.errors
    o = OffSiting(
        pupil=world.pupil,
        home_centre=world.school,
        receiving_centre=world.host,
        kind="respite",
        first_day=MONDAY,
        last_day=MONDAY,
    )
    assert (
        guards.plan_problems(o)["receiving_centre"] == "Choose another centre of the same service"
    )
    o.receiving_centre = world.school
    assert "different centre" in guards.plan_problems(o)["receiving_centre"]


def test_key_days_are_for_respite_within_half_a_term(world, receiving):
    form = OffSitingPlanForm(
        plan_data(receiving, kind="safety", pattern="key_days", key_days=["0"]),
        home=world.school,
    )
    assert not form.is_valid() and "pattern" in form.errors
    across = plan_data(
        receiving, pattern="key_days", key_days=["0", "2"], last=D(2027, 1, 11)
    )  # into the spring term
    form = OffSitingPlanForm(across, home=world.school)
    assert not form.is_valid() and "half a term" in form.errors["last_day"][0]
    o = plan(world, receiving, pattern="key_days", key_days=["0", "2"], last=D(2026, 12, 16))
    assert o.key_days == [0, 2]
    assert o.school_days == 10  # five Mondays and five Wednesdays
    assert o.approval_needed


def test_no_school_days_is_refused(world, receiving):
    sat = D(2026, 11, 21)
    form = OffSitingPlanForm(plan_data(receiving, first=sat, last=sat), home=world.school)
    assert not form.is_valid()
    assert form.errors["first_day"] == ["There are no school days off-site on these dates"]


# --- the Head of Service's agreement -------------------------------------------------------------


def test_respite_beyond_three_days_needs_the_head_of_service(world, receiving):
    o = plan(world, receiving, last=MONDAY + datetime.timedelta(days=3))
    assert o.approval_needed and o.awaiting_approval
    heads = Notification.objects.filter(user=world.users["head_of_service"])
    assert heads.count() == 1 and "4 days" in heads.get().message
    share_all(world, o)
    with pytest.raises(GuardError, match="Head of Service must agree"):
        svc.offsiting_start(offsiting=o, by=world.users["school_case_lead"], today=MONDAY)
    svc.offsiting_decide_approval(
        offsiting=o, agreed=True, notes="", by=world.users["head_of_service"], today=MONDAY
    )
    assert o.approval_days == 4
    svc.offsiting_start(offsiting=o, by=world.users["school_case_lead"], today=MONDAY)
    assert o.state == OffSiting.State.STARTED


def test_the_las_policy_value_sets_the_days_without_agreement(world, receiving):
    world.la.respite_days_without_approval = 5
    world.la.save()
    o = plan(world, receiving, last=MONDAY + datetime.timedelta(days=4))
    assert not o.approval_needed


def test_a_longer_plan_needs_agreeing_again(world, receiving):
    o = plan(world, receiving, last=MONDAY + datetime.timedelta(days=3))
    svc.offsiting_decide_approval(
        offsiting=o, agreed=True, notes="", by=world.users["head_of_service"], today=MONDAY
    )
    form = OffSitingPlanForm(
        plan_data(receiving, last=MONDAY + datetime.timedelta(days=7)),
        instance=o,
        home=world.school,
    )
    assert form.is_valid(), form.errors
    svc.offsiting_update_plan(
        offsiting=o, changes=form.plan_values(), by=world.users["school_case_lead"]
    )
    assert o.awaiting_approval
    shorter = OffSitingPlanForm(
        plan_data(receiving, last=MONDAY + datetime.timedelta(days=2)),
        instance=o,
        home=world.school,
    )
    assert shorter.is_valid()
    svc.offsiting_update_plan(
        offsiting=o, changes=shorter.plan_values(), by=world.users["school_case_lead"]
    )
    assert not o.approval_needed


def test_a_declined_plan_cannot_start(world, receiving):
    o = plan(world, receiving, last=MONDAY + datetime.timedelta(days=4))
    share_all(world, o)
    svc.offsiting_decide_approval(
        offsiting=o, agreed=False, notes="Too long", by=world.users["head_of_service"], today=MONDAY
    )
    with pytest.raises(GuardError):
        svc.offsiting_start(offsiting=o, by=world.users["school_case_lead"], today=MONDAY)
    assert o.state == OffSiting.State.PLANNED


def test_a_short_plan_has_nothing_to_agree(world, receiving):
    o = plan(world, receiving)
    with pytest.raises(GuardError, match="does not need"):
        svc.offsiting_decide_approval(
            offsiting=o, agreed=True, notes="", by=world.users["head_of_service"], today=MONDAY
        )


# --- the information-sharing gate ------------------------------------------------------------


def test_the_start_is_refused_until_all_seven_items_are_available(world, receiving):
    o = plan(world, receiving)
    items = list(o.shared_items.all())
    for item in items[:6]:
        svc.offsiting_share_item(
            offsiting=o,
            item=item,
            available=True,
            available_on=MONDAY,
            document="x",
            note="",
            by=world.users["school_dsl"],
        )
    with pytest.raises(GuardError) as refused:
        svc.offsiting_start(offsiting=o, by=world.users["school_case_lead"], today=MONDAY)
    assert items[6].get_item_display() in refused.value.messages[0]
    assert not access.is_hosting(Membership(role=Role.CASE_LEAD, school=receiving), world.pupil)
    svc.offsiting_share_item(
        offsiting=o,
        item=items[6],
        available=True,
        available_on=MONDAY,
        document="",
        note="Call mum after 10",
        by=world.users["school_dsl"],
    )
    svc.offsiting_start(offsiting=o, by=world.users["school_case_lead"], today=MONDAY)
    assert access.is_hosting(Membership(role=Role.CASE_LEAD, school=receiving), world.pupil)


def test_an_item_is_shared_with_a_document_or_a_note(world, receiving):
    o = plan(world, receiving)
    item = o.shared_items.first()
    with pytest.raises(GuardError, match="where the document is"):
        svc.offsiting_share_item(
            offsiting=o,
            item=item,
            available=True,
            available_on=MONDAY,
            document=" ",
            note="",
            by=world.users["school_dsl"],
        )


def test_the_start_waits_for_the_first_day(world, receiving):
    o = plan(world, receiving)
    share_all(world, o)
    with pytest.raises(GuardError, match="starts on 16 November 2026"):
        svc.offsiting_start(
            offsiting=o,
            by=world.users["school_case_lead"],
            today=MONDAY - datetime.timedelta(days=1),
        )


def test_only_dsls_see_the_safeguarding_items(world, receiving):
    o = plan(world, receiving)
    recv_dsl = Membership.objects.get(user=world.users["recv_dsl"])
    recv_lead = Membership.objects.get(user=world.users["recv_lead"])
    home_dsl = Membership.objects.get(user=world.users["school_dsl"])
    home_lead = Membership.objects.get(user=world.users["school_case_lead"])
    assert access.can_view_offsiting_safeguarding(recv_dsl, o)
    assert access.can_view_offsiting_safeguarding(home_dsl, o)
    assert not access.can_view_offsiting_safeguarding(recv_lead, o)
    assert not access.can_view_offsiting_safeguarding(home_lead, o)
    assert access.can_share_offsiting_item(home_dsl, o, "safeguarding")
    assert not access.can_share_offsiting_item(home_lead, o, "safeguarding")
    assert access.can_share_offsiting_item(home_lead, o, "passport")
    o.state = OffSiting.State.CLOSED
    assert not access.can_view_offsiting_safeguarding(recv_dsl, o)


def test_a_new_concern_tells_the_home_dsl_at_once(world, receiving):
    o = plan(world, receiving)
    share_all(world, o)
    svc.offsiting_start(offsiting=o, by=world.users["school_case_lead"], today=MONDAY)
    form = ConcernForm(
        {
            "raised_on_0": "16",
            "raised_on_1": "11",
            "raised_on_2": "2026",
            "summary": "Disclosure at lunch",
            "my_concern_reference": "MC-1",
        }
    )
    assert form.is_valid(), form.errors
    concern = records.offsiting_record_concern(
        offsiting=o, **form.cleaned_data, by=world.users["recv_dsl"]
    )
    told = Notification.objects.get(user=world.users["school_dsl"])
    assert told.school == world.school
    assert "Disclosure" not in told.message  # no detail goes by email
    assert told.key == f"offsiting-concern:{concern.pk}"
    assert not Notification.objects.filter(user=world.users["school_case_lead"]).exists()


# --- staffing: a funded 1:1 TA ---------------------------------------------------------------


def test_a_ta_is_asked_for_only_when_the_programme_is_used_fully(world, receiving):
    short = plan(world, receiving)
    with pytest.raises(GuardError, match="1 week or more"):
        svc.offsiting_request_ta(
            offsiting=short, reason="Needs 1:1", by=world.users["school_case_lead"], today=MONDAY
        )
    short.state = OffSiting.State.CANCELLED
    short.save()
    o = plan(world, receiving, last=MONDAY + datetime.timedelta(days=11))
    svc.offsiting_request_ta(
        offsiting=o, reason="Needs 1:1", by=world.users["school_case_lead"], today=MONDAY
    )
    assert o.awaiting_ta_decision
    with pytest.raises(GuardError, match="already waiting"):
        svc.offsiting_request_ta(
            offsiting=o, reason="Again", by=world.users["school_case_lead"], today=MONDAY
        )
    svc.offsiting_decide_ta(
        offsiting=o, agreed=True, notes="Funded", by=world.users["head_of_service"], today=MONDAY
    )
    assert o.ta_decision == "agreed" and not o.awaiting_ta_decision


# --- the meeting schedule, week one, the restorative meeting and the close -------------------


def test_two_weeks_has_a_review_after_a_week_and_a_final_review(world, receiving):
    o = plan(world, receiving, last=MONDAY + datetime.timedelta(days=11))
    assert selectors.workbook(o) == "full"
    assert [(m.kind, m.scheduled_for) for m in o.meetings.all()] == [
        ("start", MONDAY),
        ("review", MONDAY + datetime.timedelta(days=7)),
        ("final", MONDAY + datetime.timedelta(days=11)),
    ]


def test_the_whole_journey(world, receiving, django_capture_on_commit_callbacks):
    lead = world.users["school_case_lead"]
    with django_capture_on_commit_callbacks(execute=True):
        o = plan(world, receiving, last=MONDAY + datetime.timedelta(days=4))
        # Agreed for up to two weeks, so a further week after week one is covered (000).
        svc.offsiting_decide_approval(
            offsiting=o,
            agreed=True,
            notes="",
            by=world.users["head_of_service"],
            today=MONDAY,
            days=10,
        )
        share_all(world, o)
        svc.offsiting_start(offsiting=o, by=lead, today=MONDAY)
    kinds = dict(o.deadlines.values_list("key", "kind"))
    assert kinds["sharing"] == Deadline.Kind.OFFSITING_SHARING
    assert kinds["week-one"] == Deadline.Kind.OFFSITING_WEEK_ONE
    assert o.deadlines.get(key="sharing").state == Deadline.State.ON_TIME
    assert o.deadlines.get(key="sharing").due == D(2026, 11, 13)
    assert o.deadlines.get(key="week-one").due == D(2026, 11, 20)

    # End of week one: a further week; the Head of Service must agree the longer period.
    with django_capture_on_commit_callbacks(execute=True):
        svc.offsiting_week_one(
            offsiting=o,
            further_week=True,
            on=D(2026, 11, 20),
            notes="",
            by=world.users["recv_lead"],
        )
    assert o.last_day == D(2026, 11, 27)
    assert o.school_days == 10 and o.approval_decision == OffSiting.Decision.AGREED
    assert o.deadlines.get(key="week-one").state == Deadline.State.ON_TIME
    assert [m.kind for m in o.meetings.all()] == ["start", "review", "final"]

    with django_capture_on_commit_callbacks(execute=True):
        svc.offsiting_end(offsiting=o, on=D(2026, 11, 27), by=lead)
    restorative = o.meetings.get(kind=OffSitingMeeting.Kind.RESTORATIVE)
    assert restorative.scheduled_for == D(2026, 11, 30)
    assert o.deadlines.get(key=f"meeting:{restorative.pk}").kind == (
        Deadline.Kind.OFFSITING_RESTORATIVE
    )
    with pytest.raises(GuardError, match="restorative meeting"):
        svc.offsiting_close(offsiting=o, by=lead, today=D(2026, 11, 30))
    with django_capture_on_commit_callbacks(execute=True):
        hold(restorative, lead, date_0="30")
        svc.offsiting_close(offsiting=o, by=lead, today=D(2026, 11, 30))
    assert o.state == OffSiting.State.CLOSED
    assert not access.is_hosting(Membership(role=Role.CASE_LEAD, school=receiving), world.pupil)
    assert o.deadlines.get(key=f"meeting:{restorative.pk}").state == Deadline.State.ON_TIME
    recv = Membership.objects.get(user=world.users["recv_lead"])
    assert not access.offsitings_visible_to(recv).exists()


def test_a_meeting_needs_who_attended(world, receiving):
    o = plan(world, receiving)
    meeting = o.meetings.first()
    form = OffSitingMeetingForm(
        {"date_0": "16", "date_1": "11", "date_2": "2026", "attendees": "", "notes": "x"},
        instance=meeting,
    )
    assert not form.is_valid()
    assert form.errors["attendees"] == ["Enter who attended"]


def test_the_restorative_meeting_is_after_the_return(world, receiving):
    o = plan(world, receiving)
    share_all(world, o)
    lead = world.users["school_case_lead"]
    svc.offsiting_start(offsiting=o, by=lead, today=MONDAY)
    svc.offsiting_end(offsiting=o, on=MONDAY + datetime.timedelta(days=2), by=lead)
    restorative = o.meetings.get(kind="restorative")
    with pytest.raises(GuardError, match="on return"):
        hold(restorative, lead, date_0="17")


def test_work_is_returned_and_marked_only_once_set(world, receiving):
    o = plan(world, receiving)
    kwargs = {"offsiting": o, "subject": "Maths", "week_beginning": MONDAY, "notes": ""}
    kwargs["by_home_centre"] = True
    by = world.users["school_case_lead"]
    with pytest.raises(GuardError):
        records.offsiting_record_work(
            **kwargs, set_by_home=False, returned=True, marked=False, by=by
        )
    with pytest.raises(GuardError):
        records.offsiting_record_work(
            **kwargs, set_by_home=True, returned=False, marked=True, by=by
        )
    records.offsiting_record_work(**kwargs, set_by_home=True, returned=False, marked=False, by=by)
    records.offsiting_record_work(**kwargs, set_by_home=True, returned=True, marked=True, by=by)
    assert o.work.get().marked


def test_cancel_drops_the_open_deadlines(world, receiving, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        o = plan(world, receiving)
    assert o.deadlines.exists()
    with django_capture_on_commit_callbacks(execute=True):
        svc.offsiting_cancel(
            offsiting=o, reason="Resolved at home", by=world.users["school_case_lead"]
        )
    # Nothing is left to do; a step that was already overdue stays on the record as missed.
    assert not o.deadlines.filter(state__in=Deadline.PENDING_STATES).exists()
    assert set(o.deadlines.values_list("state", flat=True)) <= {"not_needed"}


def test_the_nightly_refresh(world, receiving):
    plan(world, receiving)
    assert deadlines.offsiting_refresh_all(today=MONDAY) == 1
    assert Deadline.objects.filter(kind=Deadline.Kind.OFFSITING_MEETING).count() == 2
