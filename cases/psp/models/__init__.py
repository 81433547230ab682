"""Pastoral Support Programmes.

Source: 004_f815cbfe89cfcc2a.txt: "Pastoral Support Programmes (PSPs)" (purpose, roles), "The
Stages of a Pastoral Support Programme" (the five stages are the lifecycle), the "Pastoral
Support Programme Initial Meeting" template (every field is on PastoralSupportProgramme, its
outcomes and its agreements) and the "Outcome and Support Sequence" workbook (PspOutcome). The
lifecycle is cases.psp.services; its guards are cases.psp.guards.
"""

from cases.psp.models.outcomes import PspAgreement, PspOutcome
from cases.psp.models.programme import PastoralSupportProgramme
from cases.psp.models.reviews import PspCheckIn, PspMonitoring, PspProgress, PspReview

__all__ = [
    "PastoralSupportProgramme",
    "PspAgreement",
    "PspCheckIn",
    "PspMonitoring",
    "PspOutcome",
    "PspProgress",
    "PspReview",
]
