"""The reduced timetable's services and guards (004_f815cbfe89cfcc2a.txt)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

import access
from cases.guards import GuardError
from cases.reduced_timetables import services as svc
from cases.reduced_timetables.deadlines import reduced_timetable_refresh_all, refresh_deadlines
from cases.reduced_timetables.forms import PlanForm
from cases.reduced_timetables.guards import ensure_basis
from cases.reduced_timetables.models import ReducedTimetable, RttChecklistAnswer, RttTimetableEntry
from cases.reduced_timetables.selectors import checklist_missing, rtt_status
from documents.models import GeneratedDocument, Letter, OutboxMessage
from reviews.models import Deadline, Notification
from reviews.tasks import refresh_all_deadlines
from tenancy.models import Membership, Role
from tests.cases.test_reduced_timetable_support import (
    MONDAY,
    add_step,
    agreed,
    answer_all,
    fill_secondary,
    loaded,
    make_timetable,
    on_the_004_protocol,
    psp_for,
    ready_to_start,
)
from tests.factories import PupilFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_the_004_protocol(request):
    """These tests are of 004's protocol (the Director, Appendix 1 and 2): the world's LA
    follows it (test_reduced_timetable_protocols.py has the DfE's national expectations)."""
    if "world" in request.fixturenames:
        on_the_004_protocol(request.getfixturevalue("world"))


def _plan(world, **data):
    values = {
        "basis": "psp",
        "reason": "behaviour",
        "start_0": "16",
        "start_1": "11",
        "start_2": "2026",
        "provisional_end_0": "29",
        "provisional_end_1": "1",
        "provisional_end_2": "2027",
        "hours_per_day": "2.5",
        "responsible_adult": "Mother, at home",
        "layout": "secondary",
        "timetable_weeks": "1",
        "lesson_minutes": "60",
    }
    return values | data


class TestPlan:
    """The plan is given to the services as values, so the demo, a task or a test goes through
    the same guards as the page."""

    def _details(self, world, **changes):
        return {
            "basis": "psp",
            "psp": psp_for(world),
            "reason": "behaviour",
            "start": MONDAY,
            "provisional_end": MONDAY + datetime.timedelta(weeks=8),
            "hours_per_day": Decimal("2.5"),
            "responsible_adult": "Mother, at home",
            "layout": "secondary",
        } | changes

    def test_it_is_set_up_from_values_without_a_form(self, world):
        lead = world.users["school_case_lead"]
        timetable = svc.reduced_timetable_create(
            pupil=world.pupil, case_lead=lead, details=self._details(world)
        )
        timetable.refresh_from_db()
        assert (timetable.state, timetable.hours_per_day, timetable.case_lead) == (
            "planned",
            Decimal("2.5"),
            lead,
        )
        assert timetable.history.get().history_user == lead

    def test_the_guards_still_apply(self, world):
        with pytest.raises(GuardError, match="Start a PSP first"):
            svc.reduced_timetable_create(
                pupil=world.pupil,
                case_lead=world.users["school_case_lead"],
                details=self._details(world, psp=None),
            )

    def test_only_the_plans_fields_can_be_changed(self, world):
        timetable = make_timetable(world)
        with pytest.raises(ValueError, match="state"):
            svc.reduced_timetable_update(
                timetable=timetable,
                changes={"state": "ended"},
                by=world.users["school_headteacher"],
            )

    def test_a_change_records_who_and_an_unchanged_plan_records_nothing(self, world):
        timetable = make_timetable(world)
        head = world.users["school_headteacher"]
        svc.reduced_timetable_update(
            timetable=timetable, changes={"hours_per_day": Decimal("2")}, by=head
        )
        assert timetable.history.count() == 1
        svc.reduced_timetable_update(
            timetable=timetable, changes={"hours_per_day": Decimal("3")}, by=head
        )
        assert timetable.history.count() == 2
        assert timetable.history.first().history_user == head


class TestBasis:
    def test_it_is_set_up_through_the_pupils_psp(self, world):
        psp = psp_for(world)
        form = PlanForm(
            _plan(world, psp=str(psp.pk)),
            psps=psp.__class__.objects.all(),
            local_authority=world.la,
        )
        assert form.is_valid(), form.errors
        timetable = svc.reduced_timetable_create(
            pupil=world.pupil, case_lead=world.users["school_case_lead"], details=form.cleaned_data
        )
        assert (timetable.psp, timetable.school, timetable.state) == (psp, world.school, "planned")

    def test_without_a_psp_the_form_says_to_start_one(self, world):
        form = PlanForm(
            _plan(world), psps=psp_for(world).__class__.objects.none(), local_authority=world.la
        )
        assert not form.is_valid()
        assert "start a PSP first" in form.errors["psp"][0]

    def test_purely_medical_needs_the_health_care_plan_and_a_medical_reason(self, world):
        form = PlanForm(
            _plan(world, basis="medical"),
            psps=psp_for(world).__class__.objects.none(),
            local_authority=world.la,
        )
        assert not form.is_valid()
        assert "medical" in form.errors["reason"][0]
        assert "health care plan" in form.errors["health_care_plan"][0]

    def test_purely_medical_with_the_plan_needs_no_psp(self, world):
        form = PlanForm(
            _plan(world, basis="medical", reason="medical", health_care_plan="IHCP 2 Nov"),
            psps=psp_for(world).__class__.objects.none(),
            local_authority=world.la,
        )
        assert form.is_valid(), form.errors
        timetable = svc.reduced_timetable_create(
            pupil=world.pupil, case_lead=world.users["school_case_lead"], details=form.cleaned_data
        )
        assert timetable.psp is None

    def test_the_guard_refuses_a_psp_of_another_pupil(self, world):
        timetable = ReducedTimetable(
            pupil=world.pupil, psp=psp_for(world, world.other_pupil), basis="psp"
        )
        with pytest.raises(GuardError, match="another pupil"):
            ensure_basis(timetable)

    def test_the_database_refuses_neither_psp_nor_medical(self, world):
        timetable = make_timetable(world)
        timetable.psp = None
        with pytest.raises(ValidationError):
            timetable.full_clean()

    def test_one_open_reduced_timetable_per_pupil(self, world):
        make_timetable(world)
        psp = psp_for(world)
        form = PlanForm(
            _plan(world, psp=str(psp.pk)),
            psps=psp.__class__.objects.all(),
            local_authority=world.la,
        )
        assert form.is_valid()
        with pytest.raises(GuardError, match="already has a reduced timetable"):
            svc.reduced_timetable_create(
                pupil=world.pupil,
                case_lead=world.users["school_case_lead"],
                details=form.cleaned_data,
            )


class TestChecklist:
    def test_every_item_must_be_answered_yes_or_not_applicable_where_it_can_be(self, world):
        timetable = make_timetable(world, **agreed(world))
        missing = checklist_missing(timetable, [], [])
        assert len(missing) == 8
        assert any("Risk assessments" in m and "Not applicable" not in m for m in missing)
        assert any("Travelling" in m and "or Not applicable" in m for m in missing)

    def test_a_no_is_not_complete(self, world):
        timetable = make_timetable(world, **agreed(world))
        answer_all(timetable, world.users["school_case_lead"])
        timetable.checklist.filter(item="consent").update(answer="no")
        missing = checklist_missing(
            timetable, list(timetable.checklist.all()), [add_step(timetable)]
        )
        assert missing == [
            "Checklist: “Parental consent and signature, as well as other professionals involved” "
            "must be answered Yes."
        ]

    def test_a_planned_reintegration_needs_its_steps(self, world):
        timetable = make_timetable(world, **agreed(world))
        answer_all(timetable, world.users["school_case_lead"])
        missing = checklist_missing(timetable, list(timetable.checklist.all()), [])
        assert missing == ["Add the reintegration plan: at least one planned increase of hours."]

    def test_save_records_who_and_when_only_for_changed_answers(self, world):
        timetable = make_timetable(world)
        lead, head = world.users["school_case_lead"], world.users["school_headteacher"]
        day = datetime.date(2026, 11, 2)
        svc.checklist_save(timetable=timetable, answers={"psp": ("yes", "")}, by=lead, today=day)
        svc.checklist_save(
            timetable=timetable,
            answers={"psp": ("yes", ""), "aln": ("na", "No IDP")},
            by=head,
            today=day + datetime.timedelta(days=1),
        )
        rows = {a.item: a for a in timetable.checklist.all()}
        assert (rows["psp"].answered_by, rows["psp"].answered_on) == (lead, day)
        assert (rows["aln"].answered_by, rows["aln"].note) == (head, "No IDP")

    def test_psp_in_place_cannot_be_yes_without_one(self, world):
        timetable = make_timetable(
            world, psp=None, basis="medical", reason="medical", health_care_plan="IHCP"
        )
        with pytest.raises(GuardError, match="no PSP"):
            svc.checklist_save(
                timetable=timetable,
                answers={"psp": ("yes", "")},
                by=world.users["school_case_lead"],
                today=MONDAY,
            )


class TestStart:
    def _start(self, world, timetable, today=MONDAY):
        return svc.reduced_timetable_start(
            timetable=loaded(timetable), by=world.users["school_case_lead"], today=today
        )

    def test_it_tells_the_la_and_sends_the_checklist(
        self, world, django_capture_on_commit_callbacks
    ):
        safeguarding = member(Role.LA_SAFEGUARDING, world.la)
        timetable = ready_to_start(world)
        with django_capture_on_commit_callbacks(execute=True):
            letters = self._start(world, timetable)
        timetable.refresh_from_db()
        assert (timetable.state, timetable.started_on) == ("started", MONDAY)
        assert timetable.start_weekly_hours == Decimal("10.00")
        document = GeneratedDocument.objects.get(kind="rtt_checklist")
        assert document.object_id == timetable.pk
        assert document.content_type == ContentType.objects.get_for_model(ReducedTimetable)
        assert not document.includes_safeguarding
        sent_to = set(OutboxMessage.objects.values_list("to_email", flat=True))
        assert sent_to == {"safeguarding@worcs.example", "psp@worcs.example"}
        assert len(letters) == 2 and all(letter.document == document for letter in letters)
        told = set(Notification.objects.values_list("user", flat=True))
        assert told == {safeguarding.pk, world.users["la_la_safeguarding"].pk}
        assert Deadline.objects.get(kind="rtt_checklist").state == "on_time"

    def test_without_a_psp_inbox_only_the_safeguarding_officer_is_sent_it(self, world):
        timetable = ready_to_start(world)
        world.la.psp_email = ""
        world.la.save()
        self._start(world, timetable)
        assert list(OutboxMessage.objects.values_list("to_email", flat=True)) == [
            "safeguarding@worcs.example"
        ]

    def test_a_second_start_is_refused(self, world):
        timetable = ready_to_start(world)
        self._start(world, timetable)
        with pytest.raises(GuardError, match="already started"):
            self._start(world, timetable)
        assert Letter.objects.count() == 2

    def test_not_before_the_start_date(self, world):
        timetable = ready_to_start(world)
        with pytest.raises(GuardError, match="starts on 16 November 2026"):
            self._start(world, timetable, today=MONDAY - datetime.timedelta(days=1))

    @pytest.mark.parametrize(
        ("spoil", "message"),
        [
            (lambda t: t.checklist.filter(item="risk_assessment").delete(), "Risk assessments"),
            (lambda t: t.entries.all().delete(), "Fill in the timetable"),
            (lambda t: t.steps.all().delete(), "reintegration plan"),
        ],
    )
    def test_not_until_appendix_1_is_complete(self, world, spoil, message):
        timetable = ready_to_start(world)
        spoil(timetable)
        with pytest.raises(GuardError, match=message):
            self._start(world, timetable)
        assert not Letter.objects.exists()

    def test_a_full_time_timetable_is_not_a_reduced_timetable(self, world):
        timetable = ready_to_start(world, lesson_minutes=180)  # 10 lessons of 3 hours: 30 < 32.5
        fill_secondary(timetable, lessons_a_day=0)
        timetable.entries.all().delete()
        fill_secondary(timetable, lessons_a_day=6)  # 30 lessons of 3 hours: 90 hours
        with pytest.raises(GuardError, match="not a reduced timetable"):
            self._start(world, timetable)

    def test_not_without_the_las_safeguarding_inbox(self, world):
        timetable = ready_to_start(world)
        world.la.safeguarding_email = ""
        world.la.save()
        with pytest.raises(GuardError, match="no education safeguarding inbox"):
            self._start(world, timetable)


class TestStartsFromTheSignedPsp:
    """004: "send a copy of the signed reduced timetable, as part of the PSP ... upon its
    agreement"; "One exemption for the need of a PSP would be when a reduced timetable is
    required purely due to healthcare/medial needs"."""

    def _start(self, world, timetable):
        return svc.reduced_timetable_start(
            timetable=loaded(timetable), by=world.users["school_case_lead"], today=MONDAY
        )

    def test_it_can_be_planned_through_a_psp_not_yet_signed(self, world):
        """The PSP meeting agrees the reduced timetable: it is drafted before the signing."""
        psp = psp_for(world)
        form = PlanForm(
            _plan(world, psp=str(psp.pk)),
            psps=psp.__class__.objects.all(),
            local_authority=world.la,
        )
        assert form.is_valid(), form.errors
        assert "not signed yet" in form.as_div()
        timetable = svc.reduced_timetable_create(
            pupil=world.pupil, case_lead=world.users["school_case_lead"], details=form.cleaned_data
        )
        assert (timetable.psp, timetable.psp.agreed_on) == (psp, None)

    def test_it_does_not_start_until_the_psp_is_signed(self, world):
        timetable = ready_to_start(world, psp=psp_for(world))
        with pytest.raises(GuardError, match="Sign the PSP first"):
            self._start(world, timetable)
        assert loaded(timetable).state == "planned" and not Letter.objects.exists()

    def test_nor_before_the_day_the_psp_was_signed(self, world):
        signed = MONDAY + datetime.timedelta(days=1)
        timetable = ready_to_start(world, psp=psp_for(world, signed_on=signed))
        with pytest.raises(GuardError, match="signed on 17 November 2026, after the start date"):
            self._start(world, timetable)

    def test_it_starts_from_a_psp_signed_on_its_first_day(self, world):
        timetable = ready_to_start(world, psp=psp_for(world, signed_on=MONDAY))
        self._start(world, timetable)
        assert loaded(timetable).state == "started"

    def test_the_medical_route_needs_no_psp(self, world):
        timetable = ready_to_start(
            world, psp=None, basis="medical", reason="medical", health_care_plan="IHCP 2 Nov"
        )
        self._start(world, timetable)
        assert loaded(timetable).state == "started"

    def test_the_unsigned_psp_is_what_the_checklist_still_needs(self, world):
        timetable = ready_to_start(world, psp=psp_for(world))
        timetable = loaded(timetable)
        missing = checklist_missing(
            timetable, list(timetable.checklist.all()), list(timetable.steps.all())
        )
        assert missing == [
            "Sign the PSP first: a reduced timetable starts from the signed PSP, which records it "
            "(004)."
        ]
        refresh_deadlines(timetable, today=MONDAY)
        assert timetable.deadlines.get(kind="rtt_checklist").met_on is None


class TestLookedAfter:
    """004 Appendix 1: "N.B if the pupil is Looked After and the foster carer does not have
    delegated authority please ensure that the Looked After Social Worker authorises"."""

    def _record(self, world, timetable, **changes):
        values = {
            "authority": "social_worker",
            "name": "Sam Jones, Children's Services",
            "on": MONDAY - datetime.timedelta(days=2),
        } | changes
        svc.lac_authorisation_record(
            timetable=timetable, by=world.users["school_case_lead"], today=MONDAY, **values
        )

    def test_a_looked_after_pupils_timetable_does_not_start_without_it(self, world):
        timetable = ready_to_start(world, lac_authority="", lac_authorised_by="")
        timetable.lac_authorised_on = None
        timetable.save()
        with pytest.raises(GuardError, match="looked-after social worker"):
            svc.reduced_timetable_start(
                timetable=loaded(timetable), by=world.users["school_case_lead"], today=MONDAY
            )
        self._record(world, timetable)
        svc.reduced_timetable_start(
            timetable=loaded(timetable), by=world.users["school_case_lead"], today=MONDAY
        )
        assert loaded(timetable).state == "started"

    def test_the_social_workers_name_and_date_are_recorded(self, world):
        timetable = make_timetable(world)
        assert timetable.needs_lac_authorisation
        self._record(world, timetable)
        timetable.refresh_from_db()
        assert (
            timetable.lac_authority,
            timetable.lac_authorised_by,
            timetable.lac_authorised_on,
        ) == ("social_worker", "Sam Jones, Children's Services", datetime.date(2026, 11, 14))
        assert not timetable.needs_lac_authorisation
        assert timetable.history.first().history_user == world.users["school_case_lead"]

    def test_or_the_foster_carer_with_delegated_authority(self, world):
        timetable = make_timetable(world)
        self._record(world, timetable, authority="foster_carer", name="Pat Evans")
        timetable.refresh_from_db()
        assert timetable.get_lac_authority_display() == (
            "The foster carer, who has delegated authority"
        )

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"on": MONDAY + datetime.timedelta(days=1)}, "lac_authorised_on", "future"),
            ({"on": None}, "lac_authorised_on", "Enter the date"),
            ({"name": " "}, "lac_authorised_by", "Enter the name"),
            ({"authority": "aunt"}, "lac_authority", "Choose who authorised it"),
        ],
    )
    def test_each_mistake_is_said_beside_its_field(self, world, changes, field, message):
        timetable = make_timetable(world)
        with pytest.raises(GuardError) as refused:
            self._record(world, timetable, **changes)
        assert message in refused.value.message_dict[field][0]
        timetable.refresh_from_db()
        assert timetable.lac_authority == ""

    def test_only_for_a_looked_after_pupil(self, world):
        pupil = PupilFactory(school=world.school, looked_after=False)
        timetable = make_timetable(world, pupil=pupil)
        assert not timetable.needs_lac_authorisation
        with pytest.raises(GuardError, match="not looked after"):
            self._record(world, timetable)

    def test_a_pupil_not_looked_after_starts_without_it(self, world):
        pupil = PupilFactory(school=world.school, looked_after=False)
        timetable = ready_to_start(world, pupil=pupil)
        assert timetable.lac_authority == ""
        svc.reduced_timetable_start(
            timetable=loaded(timetable), by=world.users["school_case_lead"], today=MONDAY
        )
        assert loaded(timetable).state == "started"

    def test_the_database_refuses_who_without_the_name_and_date(self, world):
        timetable = make_timetable(world)
        timetable.lac_authority = "social_worker"
        with pytest.raises(ValidationError):
            timetable.full_clean()


class TestAuthorisation:
    def test_asking_is_refused_when_it_stays_within_12_weeks(self, world):
        timetable = make_timetable(world, weeks=12)
        with pytest.raises(GuardError, match="only when it runs beyond 12 weeks"):
            svc.authorisation_request(
                timetable=timetable, reason="r", by=world.users["school_case_lead"], today=MONDAY
            )

    def test_the_school_asks_through_the_la(self, world):
        timetable = make_timetable(world, weeks=14)
        svc.authorisation_request(
            timetable=timetable,
            reason="Two more weeks to reach full time",
            by=world.users["school_case_lead"],
            today=MONDAY,
        )
        timetable.refresh_from_db()
        assert timetable.authorisation_requested_on == MONDAY
        told = set(Notification.objects.values_list("user", flat=True))
        assert told == {world.users["la_director"].pk, world.users["la_la_officer"].pk}

    def test_the_director_records_who_when_and_until_when(self, world):
        timetable = make_timetable(world, weeks=14)
        until = timetable.provisional_end
        director = world.users["la_director"]
        svc.authorise(timetable=timetable, until=until, note="Agreed", by=director, today=MONDAY)
        timetable.refresh_from_db()
        assert (timetable.authorised_by, timetable.authorised_on, timetable.authorised_until) == (
            director,
            MONDAY,
            until,
        )
        assert Notification.objects.get().user == world.users["school_case_lead"]
        status = rtt_status(loaded(timetable), today=MONDAY)
        assert status.authorisation == "authorised"

    def test_it_must_reach_beyond_the_limit(self, world):
        timetable = make_timetable(world, weeks=14)
        with pytest.raises(GuardError, match="after 7 February 2027"):
            svc.authorise(
                timetable=timetable,
                until=datetime.date(2027, 2, 7),
                note="",
                by=world.users["la_director"],
                today=MONDAY,
            )


class TestDecline:
    """004: beyond 12 weeks a reduced timetable "will require the authorisation of the
    Director"; the Director may decline, and it then ends by the limit."""

    def _ask(self, world, timetable, today=MONDAY):
        svc.authorisation_request(
            timetable=timetable,
            reason="Two more weeks to reach full time",
            by=world.users["school_case_lead"],
            today=today,
        )

    def _decline(self, world, timetable, reason="Return to full time by the limit"):
        return svc.authorisation_decline(
            timetable=timetable, reason=reason, by=world.users["la_director"], today=MONDAY
        )

    def test_the_director_declines_saying_why(self, world):
        timetable = make_timetable(world, weeks=14)
        self._ask(world, timetable)
        Notification.objects.all().delete()
        assert self._decline(world, timetable) == datetime.date(2027, 2, 7)
        timetable.refresh_from_db()
        assert (
            timetable.authorisation_decision,
            timetable.declined_by,
            timetable.declined_on,
            timetable.decline_reason,
        ) == ("declined", world.users["la_director"], MONDAY, "Return to full time by the limit")
        assert timetable.authorised_on is None and timetable.authorised_until is None
        told = Notification.objects.get()
        assert told.user == world.users["school_case_lead"]
        assert "declined" in told.message and "it must end by 7 February 2027" in told.message
        status = rtt_status(loaded(timetable), today=MONDAY)
        assert (status.must_end_by, status.authorisation_label) == (
            datetime.date(2027, 2, 7),
            "Declined by the Director",
        )

    def test_a_reason_is_needed_beside_its_field(self, world):
        timetable = make_timetable(world, weeks=14)
        with pytest.raises(GuardError) as refused:
            self._decline(world, timetable, reason="  ")
        assert "reason" in refused.value.message_dict
        timetable.refresh_from_db()
        assert timetable.authorisation_decision == ""

    def test_nothing_to_decline_within_the_limit(self, world):
        timetable = make_timetable(world, weeks=12)
        with pytest.raises(GuardError, match="nothing to decline"):
            self._decline(world, timetable)

    def test_once_a_request_until_the_school_asks_again(self, world):
        timetable = make_timetable(world, weeks=14)
        self._decline(world, timetable)
        with pytest.raises(GuardError, match="declined this on 16 November 2026"):
            self._decline(world, timetable)
        self._ask(world, timetable, today=MONDAY + datetime.timedelta(days=1))
        timetable.refresh_from_db()
        assert timetable.awaits_decision and not timetable.is_declined

    def test_the_director_may_still_authorise_after_declining(self, world):
        timetable = make_timetable(world, weeks=14)
        self._decline(world, timetable)
        svc.authorise(
            timetable=timetable,
            until=timetable.provisional_end,
            note="",
            by=world.users["la_director"],
            today=MONDAY,
        )
        timetable.refresh_from_db()
        assert timetable.authorisation_decision == "authorised"
        assert rtt_status(loaded(timetable), today=MONDAY).must_end_by is None

    def test_an_earlier_authorisation_still_stands(self, world):
        timetable = make_timetable(world, weeks=14)
        first_until = datetime.date(2027, 2, 14)
        svc.authorise(
            timetable=timetable,
            until=first_until,
            note="",
            by=world.users["la_director"],
            today=MONDAY,
        )
        timetable.provisional_end = datetime.date(2027, 3, 5)
        timetable.save()
        self._ask(world, timetable)
        assert self._decline(world, timetable) == first_until
        timetable.refresh_from_db()
        assert timetable.authorised_until == first_until

    def test_the_end_falls_due_by_the_last_allowed_day_and_the_limit_is_answered(self, world):
        timetable = make_timetable(world, weeks=14)
        refresh_deadlines(timetable, today=MONDAY)
        assert timetable.deadlines.get(kind="rtt_end").due == timetable.provisional_end
        self._ask(world, timetable)
        self._decline(world, timetable)
        refresh_deadlines(timetable, today=MONDAY)
        rows = {d.kind: d for d in timetable.deadlines.all()}
        assert (rows["rtt_end"].due, rows["rtt_end"].state) == (datetime.date(2027, 2, 7), "due")
        assert (rows["rtt_limit"].met_on, rows["rtt_limit"].state) == (MONDAY, "on_time")
        refresh_deadlines(timetable, today=datetime.date(2027, 2, 8))
        assert timetable.deadlines.get(kind="rtt_end").state == "overdue"


class TestAwaitingTheDirector:
    """access.reduced_timetables_awaiting_authorisation: the Director's decisions to make."""

    def _waiting(self, world):
        membership = Membership.objects.get(user=world.users["la_director"])
        return list(access.reduced_timetables_awaiting_authorisation(membership))

    def test_asked_until_answered_either_way(self, world):
        timetable = make_timetable(world, weeks=14)
        lead, director = world.users["school_case_lead"], world.users["la_director"]
        assert self._waiting(world) == []
        svc.authorisation_request(timetable=timetable, reason="r", by=lead, today=MONDAY)
        assert self._waiting(world) == [timetable]
        svc.authorisation_decline(timetable=timetable, reason="No", by=director, today=MONDAY)
        assert self._waiting(world) == []
        later = MONDAY + datetime.timedelta(days=1)
        svc.authorisation_request(timetable=timetable, reason="Again", by=lead, today=later)
        assert self._waiting(world) == [timetable]
        svc.authorise(
            timetable=timetable, until=timetable.provisional_end, note="", by=director, today=later
        )
        assert self._waiting(world) == []

    def test_asked_again_after_an_authorisation_waits_again(self, world):
        timetable = make_timetable(world, weeks=14)
        lead, director = world.users["school_case_lead"], world.users["la_director"]
        svc.authorise(
            timetable=timetable,
            until=datetime.date(2027, 2, 14),
            note="",
            by=director,
            today=MONDAY,
        )
        svc.authorisation_request(timetable=timetable, reason="More", by=lead, today=MONDAY)
        assert self._waiting(world) == [timetable]


class TestDeadlines:
    def test_the_checklist_the_end_and_the_limit_are_deadlines(self, world):
        timetable = make_timetable(world, weeks=14)
        refresh_deadlines(timetable, today=MONDAY)
        rows = {d.kind: d for d in timetable.deadlines.all()}
        assert rows["rtt_checklist"].due == MONDAY
        assert rows["rtt_end"].due == timetable.provisional_end
        assert rows["rtt_limit"].due == datetime.date(2027, 2, 7)
        assert rows["rtt_checklist"].responsible == world.users["school_case_lead"]

    def test_a_plan_made_on_its_start_date_is_not_overdue_at_once(self, world):
        timetable = make_timetable(world)
        assert timetable.start == MONDAY
        refresh_deadlines(timetable, today=MONDAY)
        checklist = timetable.deadlines.get(kind="rtt_checklist")
        assert (checklist.due, checklist.state) == (MONDAY, Deadline.State.DUE)
        refresh_deadlines(timetable, today=MONDAY + datetime.timedelta(days=1))
        assert timetable.deadlines.get(kind="rtt_checklist").state == Deadline.State.OVERDUE

    def test_no_limit_deadline_within_12_weeks(self, world):
        timetable = make_timetable(world, weeks=12)
        refresh_deadlines(timetable, today=MONDAY)
        assert not timetable.deadlines.filter(kind="rtt_limit").exists()

    def test_the_limit_is_met_by_the_authorisation(self, world):
        timetable = make_timetable(world, weeks=14)
        svc.authorise(
            timetable=timetable,
            until=timetable.provisional_end,
            note="",
            by=world.users["la_director"],
            today=MONDAY,
        )
        refresh_deadlines(timetable, today=MONDAY)
        limit = timetable.deadlines.get(kind="rtt_limit")
        assert (limit.state, limit.met_on) == ("on_time", MONDAY)

    def test_ending_meets_the_end_and_drops_what_was_not_done(self, world):
        timetable = make_timetable(world, weeks=14)
        refresh_deadlines(timetable, today=MONDAY)
        svc.reduced_timetable_end(
            timetable=timetable,
            on=MONDAY,
            note="Withdrawn",
            by=world.users["school_case_lead"],
            today=MONDAY,
        )
        refresh_deadlines(timetable, today=MONDAY)
        assert {d.kind: d.state for d in timetable.deadlines.all()} == {"rtt_end": "on_time"}

    def test_nightly_refresh_makes_the_end_overdue(self, world):
        timetable = make_timetable(world, weeks=2)
        ended = make_timetable(world, pupil=PupilFactory(school=world.school), state="ended")
        later = timetable.provisional_end + datetime.timedelta(days=1)
        assert reduced_timetable_refresh_all(today=later) == 1
        assert timetable.deadlines.get(kind="rtt_end").state == "overdue"
        assert not ended.deadlines.exists()

    def test_the_nightly_task_runs_it(self, world):
        make_timetable(world)
        with time_machine.travel(
            datetime.datetime(2026, 11, 20, 2, 0, tzinfo=datetime.UTC), tick=False
        ):
            refresh_all_deadlines()
        assert Deadline.objects.filter(kind="rtt_end").exists()


class TestEndAndMonitoring:
    def test_the_end_cannot_be_in_the_future(self, world):
        timetable = make_timetable(world)
        with pytest.raises(GuardError, match="future"):
            svc.reduced_timetable_end(
                timetable=timetable,
                on=MONDAY + datetime.timedelta(days=1),
                note="",
                by=world.users["school_case_lead"],
                today=MONDAY,
            )

    def test_nothing_changes_once_ended(self, world):
        timetable = make_timetable(world, state="ended", ended_on=MONDAY)
        with pytest.raises(GuardError, match="has ended"):
            svc.harm_risks_record(timetable=timetable, risks=["cse"], by=world.users["school_dsl"])

    def test_harm_risks_keep_only_known_risks_in_order(self, world):
        timetable = make_timetable(world)
        svc.harm_risks_record(
            timetable=timetable, risks=["abuse", "made-up", "cse"], by=world.users["school_dsl"]
        )
        timetable.refresh_from_db()
        assert timetable.harm_risks == ["cse", "abuse"]


class TestStatus:
    def test_it_counts_the_weekly_hours_the_weeks_and_full_time(self, world):
        timetable = make_timetable(world)
        fill_secondary(timetable)
        status = rtt_status(loaded(timetable), today=MONDAY + datetime.timedelta(weeks=3))
        assert (status.weekly_hours, status.full_time_hours) == (Decimal("10.00"), Decimal("32.5"))
        assert (status.weeks_elapsed, status.is_reduced, status.absence_code) == (3, True, "C2")

    def test_a_primary_timetable_counts_its_sessions(self, world):
        timetable = make_timetable(world, layout="primary")
        for day in range(3):
            RttTimetableEntry.objects.create(
                timetable=timetable,
                day=day,
                activity="Nurture group",
                starts_at=datetime.time(9),
                ends_at=datetime.time(12),
            )
        assert rtt_status(loaded(timetable), today=MONDAY).weekly_hours == Decimal("9.00")

    def test_safeguarding_reasons_are_said_without_detail_to_those_who_may_not_see_them(
        self, world
    ):
        world.pupil.safeguarding.child_protection_plan = "yes"
        world.pupil.safeguarding.save()
        timetable = make_timetable(world, harm_risks=["cce"])
        status = rtt_status(loaded(timetable), today=MONDAY)
        assert status.rating == "red"
        seen = status.reasons_for(True)
        hidden = status.reasons_for(False)
        assert "The pupil is known to be at risk of significant harm" in seen
        assert "The pupil is a child looked after (CLA)" in seen and hidden
        assert not any("significant harm" in r or "protection" in r for r in hidden)
        assert hidden[0].startswith("A safeguarding indicator applies")

    def test_checklist_answer_labels_are_appendix_1s(self):
        labels = [str(label) for label in RttChecklistAnswer.Item.labels]
        assert labels[0].startswith("Have referrals been made to relevant agencies")
        assert len(labels) == 8
