"""Reduced timetable pages, the pupil card and the LA's central record."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from cases.guards import GuardError
from cases.reduced_timetables import services as svc
from cases.reduced_timetables.deadlines import refresh_deadlines
from cases.reduced_timetables.forms import PlanForm
from cases.reduced_timetables.models import ReducedTimetable
from cases.reduced_timetables.selectors import rtt_status
from cases.reduced_timetables.views.detail import reduced_timetable_card
from cases.reduced_timetables.views.la import PAGE_SIZE
from tenancy.models import Membership
from tests.cases.test_reduced_timetable_support import (
    MONDAY,
    add_step,
    fill_secondary,
    loaded,
    make_timetable,
    on_the_004_protocol,
    psp_for,
)
from tests.factories import PupilFactory, SchoolFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _on_the_004_protocol(request):
    """These tests are of 004's protocol (the Director, Appendix 1 and 2): the world's LA
    follows it (test_reduced_timetable_protocols.py has the DfE's national expectations)."""
    if "world" in request.fixturenames:
        on_the_004_protocol(request.getfixturevalue("world"))


def _signed_in(client, world, role="school_case_lead"):
    client.force_login(world.users[role])
    return client


def _date(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


class TestSetUp:
    def test_from_the_pupils_psp(self, client, world):
        psp = psp_for(world)
        url = reverse("reduced-timetable-new", args=[world.pupil.pk]) + f"?psp={psp.pk}"
        page = _signed_in(client, world).get(url)
        assert page.status_code == 200
        assert re.search(rf'<option value="{psp.pk}" selected>', page.content.decode())
        response = client.post(
            url,
            {
                "basis": "psp",
                "psp": psp.pk,
                "reason": "wellbeing",
                **_date("start", MONDAY + datetime.timedelta(weeks=1)),
                **_date("provisional_end", MONDAY + datetime.timedelta(weeks=9)),
                "hours_per_day": "2.5",
                "safeguarding_concern": "on",
                "responsible_adult": "Father, at home",
                "layout": "secondary",
                "timetable_weeks": "2",
                "lesson_minutes": "50",
            },
        )
        timetable = ReducedTimetable.objects.get()
        assert response.status_code == 302
        assert response.url == timetable.get_absolute_url()
        assert (timetable.psp, timetable.safeguarding_concern, timetable.timetable_weeks) == (
            psp,
            True,
            2,
        )

    def test_bad_input_is_answered_beside_the_fields(self, client, world):
        url = reverse("reduced-timetable-new", args=[world.pupil.pk])
        page = _signed_in(client, world).post(
            url,
            {
                "basis": "psp",
                **_date("start", MONDAY),
                "provisional_end_0": "31",
                "hours_per_day": "lots",
            },
        )
        text = page.content.decode()
        assert page.status_code == 200
        assert "There is a problem" in text
        assert "This pupil has no PSP" in text
        assert "Enter the hours a day as a number, like 2.5" in text
        assert not ReducedTimetable.objects.exists()


class TestStartDateLock:
    def _plan(self, timetable, start):
        return {
            "basis": "psp",
            "psp": timetable.psp_id,
            "reason": "behaviour",
            **_date("start", start),
            **_date("provisional_end", timetable.provisional_end),
            "hours_per_day": "2",
            "responsible_adult": "Mother, at home",
            "layout": "secondary",
            "timetable_weeks": "1",
            "lesson_minutes": "60",
        }

    def test_a_started_timetables_start_cannot_move(self, client, world):
        """Moving the start of a started reduced timetable later hid a 12-week breach."""
        start = MONDAY - datetime.timedelta(weeks=13)
        timetable = make_timetable(world, start=start, weeks=14, state="started", started_on=start)
        url = reverse("reduced-timetable-plan", args=[timetable.pk])
        client = _signed_in(client, world)
        assert (
            "It has started: the start date cannot change now." in client.get(url).content.decode()
        )
        response = client.post(url, self._plan(timetable, MONDAY - datetime.timedelta(weeks=2)))
        assert response.status_code == 200
        text = response.content.decode()
        # Next to the field, not only at the top of the page.
        assert re.search(
            r'id="id_start_1_error" class="govuk-error-message">\s*<span[^>]*>Error:</span> '
            r"It started on 17 August 2026, so the start date cannot change now",
            text,
        ), text
        timetable.refresh_from_db()
        assert timetable.start == start
        # Other changes still save, the start posted as it is.
        data = self._plan(timetable, start) | {"hours_per_day": "3"}
        assert client.post(url, data).status_code == 302
        timetable.refresh_from_db()
        assert timetable.hours_per_day == 3

    def test_a_planned_timetables_start_can_move(self, client, world):
        timetable = make_timetable(world, start=MONDAY + datetime.timedelta(weeks=1))
        url = reverse("reduced-timetable-plan", args=[timetable.pk])
        later = MONDAY + datetime.timedelta(weeks=2)
        assert _signed_in(client, world).post(url, self._plan(timetable, later)).status_code == 302
        timetable.refresh_from_db()
        assert timetable.start == later

    def test_the_service_refuses_it_when_it_started_meanwhile(self, world):
        """Started by someone else while the form was open: the saved row decides."""
        start = MONDAY - datetime.timedelta(weeks=13)
        timetable = make_timetable(world, start=start, weeks=14)
        form = PlanForm(
            self._plan(timetable, MONDAY),
            instance=timetable,
            psps=timetable.psp.__class__.objects.all(),
        )
        assert form.is_valid(), form.errors
        ReducedTimetable.objects.filter(pk=timetable.pk).update(state="started", started_on=start)
        with pytest.raises(GuardError, match="start date cannot change"):
            svc.reduced_timetable_update(
                timetable=timetable, changes=form.cleaned_data, by=world.users["school_case_lead"]
            )
        timetable.refresh_from_db()
        assert timetable.start == start

    def test_weeks_count_from_the_day_it_started_when_that_is_earlier(self, world):
        """A start date already moved after the start (before the lock) hides no breach."""
        started = MONDAY - datetime.timedelta(weeks=13)
        timetable = make_timetable(
            world,
            start=MONDAY - datetime.timedelta(weeks=2),
            weeks=4,
            state="started",
            started_on=started,
        )
        status = rtt_status(loaded(timetable), today=MONDAY)
        assert status.weeks_elapsed == 13
        assert status.limit_date == started + datetime.timedelta(weeks=12, days=-1)
        assert status.past_limit_unauthorised
        refresh_deadlines(timetable, today=MONDAY)
        limit = timetable.deadlines.get(kind="rtt_limit")
        assert (limit.due, limit.state) == (
            started + datetime.timedelta(weeks=12, days=-1),
            "overdue",
        )


class TestTimetablePages:
    def test_a_primary_week_is_saved_with_its_times(self, client, world):
        timetable = make_timetable(world, layout="primary")
        url = reverse("reduced-timetable-timetable", args=[timetable.pk, 1])
        data = {"activity_0": "Class 3, nurture room", "from_0": "9:00", "until_0": "11:30am"}
        response = _signed_in(client, world).post(url, data)
        assert response.status_code == 302
        entry = timetable.entries.get()
        assert (entry.day, entry.starts_at, entry.ends_at) == (
            0,
            datetime.time(9),
            datetime.time(11, 30),
        )
        detail = client.get(timetable.get_absolute_url()).content.decode()
        assert "Class 3, nurture room" in detail
        assert "2.5 a week on the timetable" in detail

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"activity_1": "Maths", "from_1": "half nine"}, "Enter a time like 9:15 or 1:30pm"),
            ({"activity_1": "Maths", "from_1": "11:00", "until_1": "9:00"}, "must end after it"),
            ({"activity_1": "Maths", "from_1": "9:00"}, "Enter when Tuesday"),
            ({"from_1": "9:00", "until_1": "10:00"}, "Enter the activity and venue for Tuesday"),
        ],
    )
    def test_primary_mistakes_are_explained(self, client, world, data, message):
        timetable = make_timetable(world, layout="primary")
        url = reverse("reduced-timetable-timetable", args=[timetable.pk, 1])
        page = _signed_in(client, world).post(url, data)
        assert page.status_code == 200
        assert message in page.content.decode()
        assert not timetable.entries.exists()

    def test_a_secondary_week_2_is_saved_and_an_emptied_cell_removed(self, client, world):
        timetable = make_timetable(world, timetable_weeks=2)
        url = reverse("reduced-timetable-timetable", args=[timetable.pk, 2])
        response = _signed_in(client, world).post(url, {"cell_4_6": "PE, sports hall"})
        assert response.status_code == 302
        entry = timetable.entries.get()
        assert (entry.week, entry.day, entry.lesson, entry.activity) == (2, 4, 6, "PE, sports hall")
        # Saving the week again with the cell emptied removes the lesson.
        client.post(url, {"cell_4_6": ""})
        assert not timetable.entries.exists()

    def test_there_is_no_week_2_in_a_one_week_cycle(self, client, world):
        timetable = make_timetable(world)
        url = reverse("reduced-timetable-timetable", args=[timetable.pk, 2])
        assert _signed_in(client, world).get(url).status_code == 404


class TestDetail:
    def test_it_shows_the_audit_the_hours_and_the_transport_item(self, client, world):
        timetable = make_timetable(world)
        fill_secondary(timetable)
        add_step(timetable)
        text = _signed_in(client, world).get(timetable.get_absolute_url()).content.decode()
        assert "Red" in text  # the world's pupil is looked after
        assert "The pupil is a child looked after (CLA)" in text
        assert "10 a week on the timetable" in text and "full time is 32.5 a week" in text
        assert "C2 for the sessions the pupil is not timetabled in school" in text
        assert "Travelling and transport arrangements" in text

    def test_a_step_before_the_start_is_refused_and_a_step_can_be_removed(self, client, world):
        timetable = make_timetable(world)
        step = add_step(timetable)
        client = _signed_in(client, world)
        page = client.post(
            reverse("reduced-timetable-step-add", args=[timetable.pk]),
            {**_date("from_date", MONDAY), "hours_per_week": "12"},
        )
        assert "A planned increase comes after the start date." in page.content.decode()
        client.post(reverse("reduced-timetable-step-remove", args=[timetable.pk, step.pk]))
        assert not timetable.steps.exists()

    def test_the_start_page_lists_what_is_missing(self, client, world):
        timetable = make_timetable(world)
        world.la.safeguarding_email = "sg@example.com"
        world.la.save()
        page = _signed_in(client, world).post(
            reverse("reduced-timetable-start", args=[timetable.pk]), {"confirm": "on"}
        )
        text = page.content.decode()
        assert page.status_code == 200
        assert "Fill in the timetable" in text and "Risk assessments completed" in text
        assert ReducedTimetable.objects.get().state == "planned"


class TestLookedAfter:
    """004 Appendix 1: a looked-after pupil's social worker authorises unless the foster carer
    has delegated authority. The world's pupil is looked after."""

    def test_the_case_page_asks_for_it_and_its_page_records_it(self, client, world):
        timetable = make_timetable(world)
        client = _signed_in(client, world)
        detail = client.get(timetable.get_absolute_url()).content.decode()
        assert "Authorised for the looked-after pupil" in detail
        assert "Not recorded: the foster carer, if they have delegated authority" in detail
        url = reverse("reduced-timetable-lac-authorisation", args=[timetable.pk])
        assert f'href="{url}"' in detail
        page = client.get(url).content.decode()
        assert "The looked-after social worker" in page and "Date they authorised it" in page
        response = client.post(
            url,
            {
                "lac_authority": "social_worker",
                "lac_authorised_by": "Sam Jones",
                **_date("lac_authorised_on", MONDAY),
            },
        )
        assert response.status_code == 302
        assert response.url == f"{timetable.get_absolute_url()}#details"
        detail = client.get(timetable.get_absolute_url()).content.decode()
        assert (
            "The looked-after social worker (the foster carer does not have delegated "
            "authority): Sam Jones, 16 November 2026"
        ) in detail

    def test_a_date_to_come_is_refused_beside_its_field(self, client, world):
        timetable = make_timetable(world)
        response = _signed_in(client, world).post(
            reverse("reduced-timetable-lac-authorisation", args=[timetable.pk]),
            {
                "lac_authority": "social_worker",
                "lac_authorised_by": "Sam Jones",
                **_date("lac_authorised_on", NOW.date() + datetime.timedelta(days=1)),
            },
        )
        assert response.status_code == 200
        assert re.search(
            r'class="govuk-error-message">\s*<span[^>]*>Error:</span> '
            r"The date they authorised it cannot be in the future",
            response.content.decode(),
        )
        timetable.refresh_from_db()
        assert timetable.lac_authority == ""

    def test_not_asked_for_a_pupil_not_looked_after(self, client, world):
        timetable = make_timetable(world, pupil=PupilFactory(school=world.school))
        assert not timetable.pupil.looked_after
        detail = _signed_in(client, world).get(timetable.get_absolute_url()).content.decode()
        assert "Authorised for the looked-after pupil" not in detail

    def test_the_start_page_says_what_the_start_waits_for(self, client, world):
        timetable = make_timetable(world)
        world.la.safeguarding_email = "sg@example.com"
        world.la.save()
        text = (
            _signed_in(client, world)
            .post(reverse("reduced-timetable-start", args=[timetable.pk]), {"confirm": "on"})
            .content.decode()
        )
        assert "Sign the PSP first" in text
        assert "The pupil is looked after: record who authorised the reduced timetable" in text
        assert ReducedTimetable.objects.get().state == "planned"


class TestDirectorsDecision:
    """004: beyond 12 weeks the Director authorises, or declines."""

    def _asked(self, world):
        # Ten weeks in: the limit (29 November 2026) is still to come; planned for 16 weeks.
        timetable = make_timetable(world, start=MONDAY - datetime.timedelta(weeks=10), weeks=16)
        svc.authorisation_request(
            timetable=timetable,
            reason="Two more weeks",
            by=world.users["school_case_lead"],
            today=NOW.date(),
        )
        return timetable

    def test_the_director_declines_and_everyone_sees_it_must_end_by_the_limit(self, client, world):
        timetable = self._asked(world)
        url = reverse("reduced-timetable-authorise", args=[timetable.pk])
        client = _signed_in(client, world, "la_director")
        page = client.get(url).content.decode()
        assert "No, decline: it must end by 29 November 2026" in page
        assert "The school says: “Two more weeks”" in page
        response = client.post(
            url, {"decision": "declined", "reason": "Full time by the limit, as agreed"}
        )
        assert response.status_code == 302 and response.url == reverse("la-reduced-timetables")
        timetable.refresh_from_db()
        assert (timetable.declined_by, timetable.declined_on) == (
            world.users["la_director"],
            NOW.date(),
        )
        listed = client.get(reverse("la-reduced-timetables")).content.decode()
        assert "Declined by the Director" in listed
        assert "declined 23 Nov 2026; must end by 29 Nov 2026" in listed
        detail = _signed_in(client, world).get(timetable.get_absolute_url()).content.decode()
        assert (
            "The Director declined on 23 November 2026 to authorise it beyond the limit: it "
            "must end by 29 November 2026."
        ) in detail
        assert "Full time by the limit, as agreed" in detail

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"decision": "declined"}, "reason", "Enter why the Director declines"),
            ({"decision": "authorised"}, "until", "Enter the date it is authorised until"),
            ({}, "decision", "Choose whether the Director authorises it or declines"),
        ],
    )
    def test_what_each_decision_needs_is_said_beside_its_field(
        self, client, world, data, field, message
    ):
        timetable = self._asked(world)
        response = _signed_in(client, world, "la_director").post(
            reverse("reduced-timetable-authorise", args=[timetable.pk]), data
        )
        assert response.status_code == 200
        assert re.search(
            rf'id="id_{field}_\d+_error" class="govuk-error-message">\s*<span[^>]*>Error:</span> '
            rf"{message}",
            response.content.decode(),
        ), response.content.decode()
        timetable.refresh_from_db()
        assert timetable.authorisation_decision == ""


class TestCard:
    def test_runners_may_set_one_up_from_the_pupil_page(self, client, world):
        text = _signed_in(client, world).get(world.pupil.get_absolute_url()).content.decode()
        assert "Set up a reduced timetable" in text

    def test_others_see_the_card_only_when_there_is_one(self, client, world):
        url = world.pupil.get_absolute_url()
        assert (
            "Reduced timetables"
            not in _signed_in(client, world, "school_office")
            .get(url)
            .content.decode()
            .split("Off-site directions")[1]
            .split("Passport sections")[0]
        )
        make_timetable(world)
        text = client.get(url).content.decode()
        assert "Reduced timetables" in text and "Set up a reduced timetable" not in text

    def test_the_card_takes_the_same_queries_for_one_or_many_timetables(
        self, world, django_assert_num_queries
    ):
        membership = Membership.objects.get(user=world.users["school_case_lead"])
        make_timetable(world, state="ended")
        # The timetables with their safeguarding record, then entries, steps and checklist.
        with django_assert_num_queries(4):
            reduced_timetable_card(membership, world.pupil)
        for _ in range(3):
            fill_secondary(make_timetable(world, state="ended"))
        with django_assert_num_queries(4):
            template, context = reduced_timetable_card(membership, world.pupil)
        assert len(context["rows"]) == 4


class TestLaList:
    # session, user, memberships; the LA's schools for the filter; the dates of every open
    # timetable (for the flag), their count and the page of them, with their entries, steps and
    # checklists; unread notifications (the session is not saved on every request)
    QUERIES = 11

    def _many(self, world, n, school=None):
        made = []
        for _ in range(n):
            pupil = PupilFactory(school=school or world.school)
            timetable = make_timetable(world, pupil=pupil)
            fill_secondary(timetable)
            add_step(timetable)
            made.append(timetable)
        return made

    def test_the_list_takes_the_same_queries_for_few_or_many_pupils(
        self, client, world, django_assert_num_queries
    ):
        client = _signed_in(client, world, "la_la_officer")
        self._many(world, 2)
        client.get(reverse("la-reduced-timetables"))  # warm the session and content types
        with django_assert_num_queries(self.QUERIES):
            assert client.get(reverse("la-reduced-timetables")).status_code == 200
        self._many(world, 12)
        with django_assert_num_queries(self.QUERIES):
            page = client.get(reverse("la-reduced-timetables"))
        assert page.status_code == 200
        assert "14 pupils" in page.content.decode()

    def test_paged_in_sql_without_a_rating_filter(
        self, client, world, monkeypatch, django_assert_num_queries
    ):
        """Only the page's timetables are audited; the count and the flag cover them all."""
        audited = []
        real = rtt_status

        def counting(timetable, **kwargs):
            audited.append(timetable.pk)
            return real(timetable, **kwargs)

        monkeypatch.setattr("cases.reduced_timetables.views.la.rtt_status", counting)
        client = _signed_in(client, world, "la_la_officer")
        url = reverse("la-reduced-timetables")
        made = self._many(world, PAGE_SIZE + 4)
        # Started 14 weeks ago with no authorisation, its start date since moved a day after
        # the others (as the start could be before it was locked): it sorts last, on page 2,
        # and is still flagged, counted from the day it started.
        late = make_timetable(
            world,
            pupil=PupilFactory(school=world.school),
            start=MONDAY + datetime.timedelta(days=1),
            weeks=4,
            state="started",
            started_on=MONDAY - datetime.timedelta(weeks=14),
        )
        client.get(url)  # warm the session and content types
        audited.clear()
        with django_assert_num_queries(self.QUERIES):
            response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert len(audited) == PAGE_SIZE
        assert f"{PAGE_SIZE + 5} pupils" in page
        assert "1 reduced timetable has run beyond 12 weeks without" in page
        assert late.get_absolute_url() not in page
        audited.clear()
        second = client.get(url, {"page": 2}).content.decode()
        assert len(audited) == 5
        assert late.get_absolute_url() in second and made[-1].get_absolute_url() in second
        self._many(world, 10)
        with django_assert_num_queries(self.QUERIES):
            assert client.get(url).status_code == 200
        # The rating is stored: filtering by it is SQL too, and only the page is audited.
        audited.clear()
        with django_assert_num_queries(self.QUERIES):
            green = client.get(url, {"rating": "green"})
        assert green.status_code == 200 and len(audited) == PAGE_SIZE

    def test_only_its_own_la_and_open_ones(self, client, world):
        mine = self._many(world, 1)[0]
        ended = make_timetable(world, pupil=PupilFactory(school=world.school), state="ended")
        theirs = make_timetable(world, pupil=world.other_pupil)
        text = (
            _signed_in(client, world, "la_la_officer")
            .get(reverse("la-reduced-timetables"))
            .content.decode()
        )
        assert mine.get_absolute_url() in text
        assert ended.get_absolute_url() not in text
        assert theirs.get_absolute_url() not in text

    def test_filters_and_the_flag_past_the_limit(self, client, world):
        late = make_timetable(
            world,
            pupil=PupilFactory(school=world.school),
            start=MONDAY - datetime.timedelta(weeks=13),
            weeks=16,
        )
        add_step(late)
        other_school = SchoolFactory(local_authority=world.la)
        calm = self._many(world, 1, school=other_school)[0]
        client = _signed_in(client, world, "la_director")
        url = reverse("la-reduced-timetables")
        page = client.get(url).content.decode()
        assert "1 reduced timetable has run beyond 12 weeks without" in page
        assert f'href="{reverse("reduced-timetable-authorise", args=[late.pk])}"' in page
        past = client.get(url, {"past_limit": "on"}).content.decode()
        assert late.get_absolute_url() in past and calm.get_absolute_url() not in past
        by_school = client.get(url, {"school": other_school.pk}).content.decode()
        assert calm.get_absolute_url() in by_school and late.get_absolute_url() not in by_school
        green = client.get(url, {"rating": "green"}).content.decode()
        assert calm.get_absolute_url() in green and late.get_absolute_url() not in green

    def test_safeguarding_reasons_only_for_the_safeguarding_officer(self, client, world):
        timetable = self._many(world, 1)[0]
        svc.harm_risks_record(timetable=timetable, risks=["cce"], by=world.users["school_dsl"])
        url = reverse("la-reduced-timetables")
        officer = _signed_in(client, world, "la_la_officer").get(url).content.decode()
        assert "at risk of significant harm" not in officer
        assert "A safeguarding indicator applies" in officer
        safeguarding = _signed_in(client, world, "la_la_safeguarding").get(url).content.decode()
        assert "at risk of significant harm" in safeguarding

    def test_the_director_authorises_from_the_list(self, client, world):
        late = make_timetable(world, start=MONDAY - datetime.timedelta(weeks=13), weeks=16)
        client = _signed_in(client, world, "la_director")
        response = client.post(
            reverse("reduced-timetable-authorise", args=[late.pk]),
            {
                "decision": "authorised",
                **_date("until", late.provisional_end),
                "reason": "Agreed at the PSP group",
            },
        )
        assert response.status_code == 302 and response.url == reverse("la-reduced-timetables")
        late.refresh_from_db()
        assert late.authorised_by == world.users["la_director"]
        page = client.get(reverse("la-reduced-timetables")).content.decode()
        assert "beyond 12 weeks without" not in page

    def test_menu_item_for_the_las_record(self, client, world):
        text = _signed_in(client, world, "la_la_safeguarding").get(reverse("due")).content.decode()
        assert 'href="/la/reduced-timetables/"' in text
        text = _signed_in(client, world, "la_la_send").get(reverse("due")).content.decode()
        assert 'href="/la/reduced-timetables/"' not in text


def test_the_due_page_shows_the_deadlines(client, world):
    timetable = make_timetable(world, start=MONDAY + datetime.timedelta(weeks=1))
    refresh_deadlines(timetable, today=NOW.date())
    text = _signed_in(client, world).get(reverse("due")).content.decode()
    assert "Reduced timetable checklist complete before the start" in text
    assert timetable.get_absolute_url() in text
