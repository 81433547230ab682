"""A reduced timetable says only what is true for its LA (issue 15 §1): Neath Port Talbot's
protocol (004: its Appendix 1 checklist, its Appendix 2 audit, the Director's authorisation
beyond 12 weeks, code C in Wales), or, for an English LA without its own, the DfE's national
expectations ("Working together to improve school attendance", 2024: time-limited, agreed with
the parents, reviewed regularly, the LA told, C2 for the sessions missed)."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from cases.guards import GuardError
from cases.reduced_timetables import services as svc
from cases.reduced_timetables.deadlines import wanted_deadlines
from cases.reduced_timetables.documents import build
from cases.reduced_timetables.models import RttChecklistAnswer
from cases.reduced_timetables.selectors import checklist_missing, rtt_status
from documents.rendering import render_pdf
from reviews.models import Deadline
from tests.cases.test_reduced_timetable_support import (
    MONDAY,
    add_step,
    answer_all,
    fill_secondary,
    in_neath_port_talbot,
    loaded,
    make_timetable,
    on_national_expectations,
    on_the_004_protocol,
    ready_to_start,
)
from tests.documents.pdf import pdf_text

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
Item = RttChecklistAnswer.Item
NPT_ONLY = (
    "Director",
    "Appendix",
    "Social Services or TAF",
    "statement or IDP",
    "Wellbeing and Behaviour Service",
    "Deputy Education Safeguarding Officer",
)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def _page(client, world, timetable, role="school_case_lead") -> str:
    client.force_login(world.users[role])
    return client.get(timetable.get_absolute_url()).content.decode()


def _plan_form_reasons(client, world) -> list[str]:
    """The reasons the plan's form offers, as the school reads them."""
    client.force_login(world.users["school_case_lead"])
    text = client.get(reverse("reduced-timetable-new", args=[world.pupil.pk])).content.decode()
    return re.findall(r'for="id_reason_\d+">\s*(.*?)\s*</label>', text)


def _pdf(timetable) -> str:
    template, context = build(loaded(timetable), today=MONDAY)
    return pdf_text(render_pdf(template, context))


def _long(world):
    """Fourteen weeks: past 12, so under 004 the Director must authorise it."""
    timetable = make_timetable(world, weeks=14)
    fill_secondary(timetable)
    add_step(timetable)
    return timetable


class TestTheProtocolFollowsTheLa:
    def test_an_english_la_follows_the_dfes_national_expectations_by_default(self, world):
        protocol = world.la.rtt_protocol
        assert protocol.key == "dfe_national"
        assert not (protocol.director_authorisation or protocol.audit_matrix)

    def test_a_welsh_la_follows_004_by_default(self, world):
        protocol = in_neath_port_talbot(world).la.rtt_protocol
        assert protocol.key == "npt_004"
        assert protocol.director_authorisation and protocol.audit_matrix

    def test_an_english_la_may_adopt_a_protocol_like_npts(self, world):
        assert on_the_004_protocol(world).la.rtt_protocol.key == "npt_004"


class TestNationalExpectations:
    """An English LA on the DfE's national expectations: no Director, no NPT checklist, C2."""

    @pytest.fixture(autouse=True)
    def _national(self, world):
        on_national_expectations(world)

    def test_there_is_no_directors_authorisation_to_ask_for(self, world):
        timetable = _long(world)
        with pytest.raises(GuardError, match="DfE's national expectations"):
            svc.authorisation_request(
                timetable=timetable, reason="r", by=world.users["school_case_lead"], today=MONDAY
            )
        timetable.refresh_from_db()
        assert timetable.authorisation_requested_on is None

    def test_nor_to_authorise_or_decline(self, world):
        timetable = _long(world)
        director = world.users["la_director"]
        until = timetable.provisional_end
        with pytest.raises(GuardError, match="no Director's authorisation"):
            svc.authorise(timetable=timetable, until=until, note="", by=director, today=MONDAY)
        with pytest.raises(GuardError, match="no Director's authorisation"):
            svc.authorisation_decline(timetable=timetable, reason="No", by=director, today=MONDAY)

    def test_the_directors_pages_are_not_there(self, client, world):
        timetable = _long(world)
        client.force_login(world.users["school_case_lead"])
        ask = reverse("reduced-timetable-request-authorisation", args=[timetable.pk])
        assert client.get(ask).status_code == 404
        client.force_login(world.users["la_director"])
        decide = reverse("reduced-timetable-authorise", args=[timetable.pk])
        assert client.get(decide).status_code == 404

    def test_no_limit_is_due_and_none_is_past_it(self, world):
        timetable = _long(world)
        assert set(wanted_deadlines(timetable, MONDAY)) == {"checklist", "end"}
        timetable.refresh_from_db()
        assert (timetable.rating, timetable.past_limit_on) == ("", None)
        status = rtt_status(loaded(timetable), today=MONDAY + datetime.timedelta(weeks=13))
        assert (status.authorisation, status.rating, status.indicators) == ("not_needed", "", ())

    def test_the_checklist_is_the_dfes_expectations(self, world):
        timetable = _long(world)
        missing = " ".join(checklist_missing(timetable, [], []))
        assert "parents or carers agreed" in missing and "time-limited" in missing
        assert "Social Services" not in missing and "Risk assessments" not in missing
        with pytest.raises(GuardError, match="not on your LA's checklist"):
            svc.checklist_save(
                timetable=timetable,
                answers={Item.REFERRALS: ("yes", "")},
                by=world.users["school_case_lead"],
                today=MONDAY,
            )

    def test_it_starts_with_the_dfes_two_answers_and_tells_the_la(self, world, mailoutbox):
        timetable = ready_to_start(world)
        RttChecklistAnswer.objects.filter(timetable=timetable).exclude(
            item__in=[Item.CONSENT, Item.REINTEGRATION]
        ).delete()
        letters = svc.reduced_timetable_start(
            timetable=loaded(timetable), by=world.users["school_case_lead"], today=MONDAY
        )
        # the LA told at its safeguarding inbox; not NPT's PSP inbox nor its officer's title
        assert [letter.messages.get().to_name for letter in letters] == [
            "Education safeguarding, Worcestershire"
        ]

    def test_the_page_says_what_the_dfe_expects_and_code_c2(self, client, world):
        text = _page(client, world, _long(world))
        assert "follows the DfE's national expectations" in text
        assert "reviewed regularly with the pupil and their parents" in text
        assert "C2 for the sessions the pupil is not timetabled in school" in text
        assert "K if the LA arranged the provision" in text
        for words in NPT_ONLY:
            assert words not in text, words
        assert "Audit:" not in text

    def test_the_pdf_has_no_npt_checklist_and_names_c2(self, world):
        timetable = _long(world)
        answer_all(timetable, world.users["school_case_lead"])
        text = _pdf(timetable)
        assert "Reduced (part-time) timetable: record for the local authority" in text
        assert "Have the parents or carers agreed to the part-time timetable?" in text
        assert "C2 (leave of absence for a pupil of compulsory school age" in text
        assert "Time limit and review" in text
        for words in (*NPT_ONLY, "Checklist for using Reduced Timetables", "ALN"):
            assert words not in text, words

    def test_the_la_list_has_no_audit_or_past_the_limit(self, client, world):
        _long(world)
        client.force_login(world.users["la_la_officer"])
        response = client.get(reverse("la-reduced-timetables"))
        text = response.content.decode()
        assert "follows the DfE's national expectations" in text
        assert "Director" not in text and "past the limit" not in text
        assert "Audit rating" not in text and "Appendix 2" not in text

    def test_the_send_reason_is_englands_word(self, client, world):
        timetable = _long(world)
        timetable.reason = "aln"
        timetable.save(update_fields=["reason"])
        text = _page(client, world, timetable)
        assert "Special educational needs and disabilities (SEND)" in text

    def test_the_plan_form_offers_send_not_aln(self, client, world):
        assert _plan_form_reasons(client, world) == [
            "Behaviour",
            "Special educational needs and disabilities (SEND)",
            "Safeguarding",
            "Mental health or wellbeing",
            "Medical",
        ]


class TestNeathPortTalbot:
    """A Welsh LA on its own protocol (004): the Director past 12 weeks, Appendix 1, code C."""

    @pytest.fixture(autouse=True)
    def _npt(self, world):
        in_neath_port_talbot(world)

    def test_past_12_weeks_the_director_must_authorise_it(self, world):
        timetable = _long(world)
        assert "limit" in wanted_deadlines(timetable, MONDAY)
        assert wanted_deadlines(timetable, MONDAY)["limit"][0] == Deadline.Kind.RTT_LIMIT
        svc.authorisation_request(
            timetable=timetable, reason="r", by=world.users["school_case_lead"], today=MONDAY
        )
        timetable.refresh_from_db()
        assert timetable.authorisation_requested_on == MONDAY
        assert timetable.past_limit_on == timetable.start + datetime.timedelta(weeks=12)

    def test_within_12_weeks_there_is_nothing_to_ask(self, world):
        timetable = make_timetable(world, weeks=12)
        with pytest.raises(GuardError, match="only when it runs beyond 12 weeks"):
            svc.authorisation_request(
                timetable=timetable, reason="r", by=world.users["school_case_lead"], today=MONDAY
            )

    def test_the_page_has_appendix_1_the_audit_the_director_and_code_c(self, client, world):
        text = _page(client, world, _long(world))
        assert "Checklist (Appendix 1)" in text and "Social Services or TAF" in text
        assert "Audit:" in text and "Director's authorisation" in text
        assert "C for the sessions the pupil is not timetabled in school" in text
        assert "B for sessions at alternative provision" in text
        assert "K if the LA arranged" not in text  # Wales has no K
        assert "C2" not in text

    def test_the_plan_form_offers_aln(self, client, world):
        reasons = _plan_form_reasons(client, world)
        assert "Additional learning needs (ALN)" in reasons and len(reasons) == 5
        assert not any("SEND" in reason for reason in reasons)

    def test_the_pdf_is_appendix_1_with_code_c(self, world):
        timetable = _long(world)
        answer_all(timetable, world.users["school_case_lead"])
        text = _pdf(timetable)
        assert "Checklist for using Reduced Timetables" in text
        assert "C (an absence agreed as part of the reduced timetable)" in text
        assert "Time limit and the Director's authorisation" in text
        assert "C2" not in text


class TestLaSettings:
    URL = reverse("la-settings")

    def _form(self, client, world):
        client.force_login(world.users["la_la_admin"])
        return client.get(self.URL).context["form"]

    def _data(self, form, **changes):
        data = {n: form.initial[n] for n in form.fields if form.initial[n] is not None}
        data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
        return data | changes

    def test_an_english_la_starts_on_the_national_expectations(self, client, world):
        form = self._form(client, world)
        assert form.initial["reduced_timetable_protocol"] == "dfe_national"
        assert "Working together to improve school attendance" in str(
            form.fields["reduced_timetable_protocol"].help_text
        )

    def test_a_welsh_la_starts_on_004(self, client, world):
        in_neath_port_talbot(world)
        assert self._form(client, world).initial["reduced_timetable_protocol"] == "npt_004"

    def test_the_la_admin_chooses_a_local_protocol(self, client, world):
        form = self._form(client, world)
        response = client.post(self.URL, self._data(form, reduced_timetable_protocol="npt_004"))
        assert response.status_code == 302
        world.la.refresh_from_db()
        assert world.la.rtt_protocol.director_authorisation

    def test_a_welsh_la_cannot_choose_the_dfes_expectations(self, client, world):
        in_neath_port_talbot(world)
        form = self._form(client, world)
        response = client.post(
            self.URL, self._data(form, reduced_timetable_protocol="dfe_national")
        )
        assert response.status_code == 200
        assert "England's" in response.context["form"].errors["reduced_timetable_protocol"][0]
        world.la.refresh_from_db()
        assert world.la.reduced_timetable_protocol == ""

    def test_the_choice_is_required(self, client, world):
        form = self._form(client, world)
        data = self._data(form)
        del data["reduced_timetable_protocol"]
        response = client.post(self.URL, data)
        assert "reduced_timetable_protocol" in response.context["form"].errors
