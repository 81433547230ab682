"""Permission-matrix cases of the Pastoral Support Programme's URLs (see tests/permissions.py).

Who sees a PSP (access/psp.py psps_visible_to): the home school's head, case lead, DSL,
SENCo and key adult, and the LA roles who see the pupil (the world's pupil has an EHCP and is
looked after, so the SEND team and the Virtual School do too). Not the office, a host school,
a trust or service, the LA admin, or anyone of another school or LA: 404. Only the head, case
lead, DSL and SENCo change it (403 for the other viewers); key adults record check-ins; the
LA's officers, safeguarding officers and Director see the LA's list and record monitoring.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from cases.psp.models import PastoralSupportProgramme, PspAgreement, PspOutcome
from tests.permissions import Case, statuses

PSP_RUNNERS = {"school_headteacher", "school_case_lead", "school_dsl", "school_senco"}
PSP_SCHOOL = PSP_RUNNERS | {"school_key_adult"}
PSP_LA = {"la_la_officer", "la_la_safeguarding", "la_la_send", "la_director", "la_virtual_school"}
SEES_PSP = PSP_SCHOOL | PSP_LA
LA_MONITORS = {"la_la_officer", "la_la_safeguarding", "la_director"}
# Everyone else who sees the pupil: refused a PSP page they cannot see (404), but told 403
# when starting a PSP for a pupil they see.
SEES_PUPIL_NOT_PSP = {"school_office", "head_of_service"}


def psp_view(editable_by=frozenset()):
    return statuses(404, s302={"anonymous"}, s403=SEES_PSP - set(editable_by), s200=editable_by)


def _runners(status):
    return {**psp_view(PSP_RUNNERS), **dict.fromkeys(PSP_RUNNERS, status)}


def _psp(w, stage):
    """A PSP of the world's pupil at `stage`, with what that stage needs, made on first use."""
    cache = w.__dict__.setdefault("psps", {})
    if stage in cache:
        return cache[stage]
    today = timezone.localdate()
    lead = w.users["school_case_lead"]
    fields = {}
    if stage in ("meeting", "review"):
        fields = {"meeting_on": today - datetime.timedelta(days=2)}
    if stage == "review":
        fields |= {
            "agreed_on": today - datetime.timedelta(days=2),
            "first_review_on": today + datetime.timedelta(days=12),
        }
    psp = PastoralSupportProgramme.objects.create(
        pupil=w.pupil, school=w.school, school_lead=lead, stage=stage, **fields
    )
    if stage in ("meeting", "review"):
        PspOutcome.objects.create(psp=psp, number=1, positive_change="p", outcome="o")
        PspAgreement.objects.create(psp=psp, party="parent", name="Pat", agrees_to="a")
    cache[stage] = psp
    return psp


def _outcome(w):
    return _psp(w, "meeting").outcomes.get()


def _agreement(w):
    return _psp(w, "meeting").agreements.get()


CASES = {
    "psp-new": Case(
        lambda w: reverse("psp-new", args=[w.pupil.pk]),
        {**psp_view(PSP_RUNNERS), **dict.fromkeys(SEES_PUPIL_NOT_PSP, 403)},
        {**_runners(302), **dict.fromkeys(SEES_PUPIL_NOT_PSP, 403)},
        data=lambda w: {"school_lead": w.users["school_case_lead"].pk},
    ),
    "psp-detail": Case(
        lambda w: reverse("psp-detail", args=[_psp(w, "review").pk]),
        psp_view(SEES_PSP),
        statuses(405),
    ),
    "psp-stage": Case(
        lambda w: reverse("psp-stage", args=[_psp(w, "deciding").pk, "deciding"]),
        psp_view(PSP_RUNNERS),
        _runners(302),
        data=lambda w: {
            "school_lead": w.users["school_case_lead"].pk,
            "graduated_response": "Assessed by the EP; mentoring",
        },
    ),
    # Stage 1 is not complete: the page says what is missing (200).
    "psp-advance": Case(
        lambda w: reverse("psp-advance", args=[_psp(w, "deciding").pk]),
        psp_view(PSP_RUNNERS),
        psp_view(PSP_RUNNERS),
    ),
    "psp-outcome-add": Case(
        lambda w: reverse("psp-outcome-add", args=[_psp(w, "meeting").pk]),
        psp_view(PSP_RUNNERS),
        _runners(302),
        data=lambda w: {"positive_change": "Stay in class", "outcome": "In every lesson"},
    ),
    "psp-outcome-edit": Case(
        lambda w: reverse("psp-outcome-edit", args=[_psp(w, "meeting").pk, _outcome(w).pk]),
        psp_view(PSP_RUNNERS),
        _runners(302),
        data=lambda w: {"positive_change": "Stay in class", "outcome": "In every lesson"},
    ),
    "psp-outcome-remove": Case(
        lambda w: reverse("psp-outcome-remove", args=[_psp(w, "meeting").pk, _outcome(w).pk]),
        psp_view(PSP_RUNNERS),
        _runners(302),
    ),
    "psp-agreement-add": Case(
        lambda w: reverse("psp-agreement-add", args=[_psp(w, "meeting").pk]),
        psp_view(PSP_RUNNERS),
        _runners(302),
        data=lambda w: {"party": "parent", "name": "Pat Home", "agrees_to": "Walk in"},
    ),
    "psp-agreement-remove": Case(
        lambda w: reverse("psp-agreement-remove", args=[_psp(w, "meeting").pk, _agreement(w).pk]),
        psp_view(PSP_RUNNERS),
        _runners(302),
    ),
    # An empty POST is answered on the page (200).
    "psp-sign": Case(
        lambda w: reverse("psp-sign", args=[_psp(w, "meeting").pk]),
        psp_view(PSP_RUNNERS),
        psp_view(PSP_RUNNERS),
    ),
    "psp-review-add": Case(
        lambda w: reverse("psp-review-add", args=[_psp(w, "review").pk]),
        psp_view(PSP_RUNNERS),
        psp_view(PSP_RUNNERS),
    ),
    "psp-check-in-add": Case(
        lambda w: reverse("psp-check-in-add", args=[_psp(w, "review").pk]),
        psp_view(PSP_SCHOOL),
        psp_view(PSP_SCHOOL),
    ),
    # The test LA has no PSP inbox: the page says so after the redirect (302).
    "psp-send-copy": Case(
        lambda w: reverse("psp-send-copy", args=[_psp(w, "review").pk]),
        statuses(405),
        _runners(302),
    ),
    "psp-document": Case(
        lambda w: reverse("psp-document", args=[_psp(w, "review").pk]),
        statuses(405),
        statuses(404, s302={"anonymous"} | SEES_PSP),
    ),
    "psp-monitoring": Case(
        lambda w: reverse("psp-monitoring", args=[_psp(w, "review").pk]),
        psp_view(LA_MONITORS),
        {**psp_view(LA_MONITORS), **dict.fromkeys(LA_MONITORS, 302)},
        data=lambda w: {
            "considered_on_0": str(timezone.localdate().day),
            "considered_on_1": str(timezone.localdate().month),
            "considered_on_2": str(timezone.localdate().year),
        },
    ),
    "la-psps": Case(
        lambda w: reverse("la-psps"),
        statuses(403, s302={"anonymous"}, s200=LA_MONITORS | {"other_la_officer"}),
        statuses(405),
    ),
}
