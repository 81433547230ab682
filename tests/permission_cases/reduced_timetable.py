"""Permission-matrix cases of reduced_timetable URLs (see tests/permissions.py).

The world's pupil (Alex Home, looked after, with an EHCP) has a planned reduced timetable set
up through a PSP at the home school: the LA's SEND team and Virtual School see it too (the
pupil is theirs); a host school does not; only the school's head and case lead change it,
its DSL records the risks of significant harm, and the Director authorises or declines.
"""

import datetime

from django.urls import reverse

from tests.permissions import RUNNERS, SEES_PUPIL, Case, pupil_view, statuses

LA_RECORD = {"la_la_officer", "la_la_safeguarding", "la_director", "other_la_officer"}


def _timetable(w):
    if not hasattr(w, "rtt"):
        from cases.psp.models import PastoralSupportProgramme
        from cases.reduced_timetables.models import ReducedTimetable, RttReintegrationStep

        # The Director's pages are 004's: the world's (English) LA follows that protocol here.
        w.la.reduced_timetable_protocol = "npt_004"
        w.la.save(update_fields=["reduced_timetable_protocol"])
        lead = w.users["school_case_lead"]
        psp = PastoralSupportProgramme.objects.create(
            pupil=w.pupil, school=w.school, school_lead=lead
        )
        start = datetime.date(2026, 11, 16)
        w.rtt = ReducedTimetable.objects.create(
            pupil=w.pupil,
            school=w.school,
            psp=psp,
            case_lead=lead,
            start=start,
            provisional_end=start + datetime.timedelta(weeks=10),
            reason="behaviour",
            hours_per_day="3",
            responsible_adult="Mother, at home",
        )
        w.rtt_step = RttReintegrationStep.objects.create(
            timetable=w.rtt, from_date=start + datetime.timedelta(weeks=4), hours_per_week=20
        )
    return w.rtt


def runner_form():
    """GET: the form for the head and case lead; 403 for others who see the pupil; else 404."""
    return pupil_view(RUNNERS)


def runner_saves():
    """POST of a form that is valid even when empty: the runners are redirected."""
    return {**pupil_view(RUNNERS), **dict.fromkeys(RUNNERS, 302)}


def _url(name, *extra):
    return lambda w: reverse(name, args=[_timetable(w).pk, *extra])


CASES = {
    "reduced-timetable-new": Case(
        lambda w: reverse("reduced-timetable-new", args=[w.pupil.pk]),
        runner_form(),
        runner_form(),  # an empty form: errors on the page
    ),
    "reduced-timetable-detail": Case(_url("reduced-timetable-detail"), pupil_view(), statuses(405)),
    "reduced-timetable-plan": Case(_url("reduced-timetable-plan"), runner_form(), runner_form()),
    # The world's pupil is looked after: who authorised it is recorded by the runners (004
    # Appendix 1); an empty POST is answered with errors on the page.
    "reduced-timetable-lac-authorisation": Case(
        _url("reduced-timetable-lac-authorisation"), runner_form(), runner_form()
    ),
    "reduced-timetable-timetable": Case(
        _url("reduced-timetable-timetable", 1), runner_form(), runner_saves()
    ),
    "reduced-timetable-step-add": Case(
        _url("reduced-timetable-step-add"), runner_form(), runner_form()
    ),
    "reduced-timetable-step-remove": Case(
        lambda w: reverse("reduced-timetable-step-remove", args=[_timetable(w).pk, w.rtt_step.pk]),
        statuses(405),
        runner_saves(),
    ),
    "reduced-timetable-checklist": Case(
        _url("reduced-timetable-checklist"), runner_form(), runner_saves()
    ),
    # Anyone who sees it prints the checklist (302 to the download): it holds no detail the
    # case page does not show them.
    "reduced-timetable-checklist-pdf": Case(
        _url("reduced-timetable-checklist-pdf"),
        statuses(405),
        statuses(404, s302={"anonymous"} | SEES_PUPIL),
    ),
    "reduced-timetable-progress": Case(
        _url("reduced-timetable-progress"), runner_form(), runner_form()
    ),
    "reduced-timetable-harm-risks": Case(
        _url("reduced-timetable-harm-risks"),
        pupil_view({"school_dsl"}),
        {**pupil_view({"school_dsl"}), "school_dsl": 302},
    ),
    "reduced-timetable-request-authorisation": Case(
        _url("reduced-timetable-request-authorisation"), runner_form(), runner_form()
    ),
    "reduced-timetable-authorise": Case(
        _url("reduced-timetable-authorise"),
        pupil_view({"la_director"}),
        pupil_view({"la_director"}),
    ),
    "reduced-timetable-start": Case(_url("reduced-timetable-start"), runner_form(), runner_form()),
    "reduced-timetable-end": Case(_url("reduced-timetable-end"), runner_form(), runner_form()),
    "la-reduced-timetables": Case(
        lambda w: reverse("la-reduced-timetables"),
        statuses(403, s302={"anonymous"}, s200=LA_RECORD),
        statuses(405),
    ),
}
