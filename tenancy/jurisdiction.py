"""What is true where a pupil is: England's or Wales's law and words, asked of one place.

DESIGN.md: "England and Wales differ in law and words, and LAs in protocol … One place decides
these from the LA's nation and settings; templates ask it, never hard-code one nation." A page,
form or letter asks `law_for(nation)` (or `Pupil.law`, `LocalAuthority.law`) for its words and
for which statutory routes exist, instead of printing England's terms for everyone.

Sources: 002_decd2720d6352690.txt (England: the off-site direction of section 29A of the
Education Act 2002 and its 2010 regulations, for maintained schools); 003_db4daf6c9cf2ba51.txt
(Worcestershire: SEND, EHCP, SENCo, the Pupil Registration (England) Regulations 2006 in the
passport); 004_f815cbfe89cfcc2a.txt (Neath Port Talbot: ALN, IDP, ALNCo, the LA's ALN team).
The Welsh terms are those of the Additional Learning Needs and Education Tribunal (Wales) Act
2018 and the Welsh Government's Pupil Development Grant.

Attendance codes are words of the law too: England's are those of the School Attendance (Pupil
Registration) (England) Regulations 2024 and the DfE's "Working together to improve school
attendance" (August 2024); Wales's those of the Education (Pupil Registration) (Wales)
Regulations 2010 as 004 uses them ("C" for an absence agreed as part of a reduced timetable,
"B" at alternative provision). 002 and 003 give England's "D" for a pupil on an off-site
direction.

A reduced timetable's protocol is the LA's, not the nation's (issue 15): Neath Port Talbot's
(004: its Appendix 1 checklist, its Appendix 2 audit matrix, the Director's authorisation
beyond 12 weeks) or, for an English LA without its own, the DfE's national expectations
("Working together to improve school attendance", 2024: time-limited, agreed with the parents,
reviewed regularly, the LA told, C2 for the sessions not attended). An LA's setting chooses;
blank, its nation's default applies (`reduced_timetable_protocol`).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ENGLAND, WALES = "england", "wales"


@dataclass(frozen=True)
class AttendanceCode:
    """A register code and what it means, in the words of the nation's regulations."""

    code: str
    meaning: Promise

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class Law:
    """One nation's law and words. Each word is lazy: it is translated where it is shown."""

    nation: str
    # Section 29A of the Education Act 2002 (002, 003): England's schools only.
    off_site_directions: bool
    registration_regulations: Promise
    # Needs: the system, its coordinator, the LA's team.
    needs: Promise  # "SEND" / "ALN"
    needs_long: Promise
    needs_heading: Promise
    needs_lead: Promise
    la_needs_team: Promise
    need: Promise  # a pupil's primary need, as a form asks it
    # The plans: short words for tags and forms (the sources' own), long ones for sentences.
    plan: Promise  # the statutory plan the LA maintains
    plan_long: Promise
    school_support: Promise  # needs met by the school itself
    school_support_long: Promise
    any_plan: Promise  # either of them
    any_plan_long: Promise
    assessment: Promise  # a statutory plan being considered
    assessment_long: Promise
    # The grant for disadvantaged pupils.
    premium: Promise
    premium_looked_after: Promise
    # The Pupil Passport's questions: England's are template 2 of 003 word for word.
    plan_question: Promise
    assessment_question: Promise
    school_support_question: Promise
    premium_question: Promise
    # The pupil list's filters: "Only pupils who …"
    who_have_plan: Promise
    who_have_school_support: Promise
    who_have_premium: Promise
    # The register: the regulations that set the codes, and the codes the cases use.
    attendance_regulations: Promise
    dual_registered: AttendanceCode  # the home school's code while the pupil is at another
    off_site: AttendanceCode  # attended alternative provision the school arranged
    la_provision: AttendanceCode | None  # attended provision the LA arranged (England only)
    part_time_absence: AttendanceCode  # a session not attended on an agreed reduced timetable
    # The reduced-timetable protocol an LA follows unless it chose another (see below).
    default_rtt_protocol: str

    def __str__(self) -> str:
        return self.nation


_LAWS = {
    ENGLAND: Law(
        nation=ENGLAND,
        off_site_directions=True,
        registration_regulations=_("the Education (Pupil Registration) (England) Regulations 2006"),
        needs=_("SEND"),
        needs_long=_("special educational needs and disabilities"),
        needs_heading=_("Special Educational Needs & Disabilities"),
        needs_lead=_("SENCo"),
        la_needs_team=_("LA SEND team"),
        need=_("SEND need"),
        plan=_("EHCP"),
        plan_long=_("an education, health and care plan"),
        school_support=_("SEND Support"),
        school_support_long=_("SEND Support in school"),
        any_plan=_("SEN support plan or EHCP"),
        any_plan_long=_("an SEN support plan or an education, health and care plan"),
        assessment=_("EHCNA"),
        assessment_long=_("an education, health and care needs assessment"),
        premium=_("Pupil Premium"),
        premium_looked_after=_("Pupil Premium Plus"),
        plan_question=_("Does this child have an EHCP?"),
        assessment_question=_(
            "Is this child currently undergoing an EHCNA (Education, Health, and Care Needs "
            "Assessment)?"
        ),
        school_support_question=_("Does the child receive any SEND Support?"),
        premium_question=_("Is this child in receipt of any of the Pupil Premiums?"),
        who_have_plan=_("have an EHCP"),
        who_have_school_support=_("receive SEND Support"),
        who_have_premium=_("receive Pupil Premium"),
        attendance_regulations=_(
            "the School Attendance (Pupil Registration) (England) Regulations 2024"
        ),
        # 002: "the home school should use attendance code D"; 003: "a D coding (Dual
        # registered Main)". The 2024 codes: D, attending another school at which the pupil
        # is registered; B, any other approved educational activity (AP the school
        # arranged); K, provision the LA arranged; C2, the part-time timetable.
        dual_registered=AttendanceCode(
            "D", _("dual registered: attending another school at which the pupil is registered")
        ),
        off_site=AttendanceCode(
            "B", _("attending an approved educational activity off site, such as AP")
        ),
        la_provision=AttendanceCode(
            "K", _("attending education provision arranged by the local authority")
        ),
        part_time_absence=AttendanceCode(
            "C2",
            _("leave of absence for a pupil of compulsory school age on a part-time timetable"),
        ),
        default_rtt_protocol="dfe_national",
    ),
    WALES: Law(
        nation=WALES,
        off_site_directions=False,
        registration_regulations=_("the Education (Pupil Registration) (Wales) Regulations 2010"),
        needs=_("ALN"),
        needs_long=_("additional learning needs"),
        needs_heading=_("Additional Learning Needs"),
        needs_lead=_("ALNCo"),
        la_needs_team=_("LA ALN team"),
        need=_("ALN need"),
        plan=_("LA IDP"),
        plan_long=_("an individual development plan maintained by the local authority"),
        school_support=_("School IDP"),
        school_support_long=_("an individual development plan maintained by the school"),
        any_plan=_("IDP"),
        any_plan_long=_("an Individual Development Plan (IDP)"),
        assessment=_("ALN decision due"),
        assessment_long=_("a decision due on whether they have additional learning needs"),
        premium=_("Pupil Development Grant"),
        premium_looked_after=_("Pupil Development Grant for looked-after children"),
        plan_question=_(
            "Does this child have an individual development plan maintained by the LA?"
        ),
        assessment_question=_(
            "Is the school or the LA deciding whether this child has additional learning needs?"
        ),
        school_support_question=_(
            "Does the child have an individual development plan maintained by the school?"
        ),
        premium_question=_("Is this child in receipt of the Pupil Development Grant?"),
        who_have_plan=_("have an IDP maintained by the LA"),
        who_have_school_support=_("have an IDP maintained by the school"),
        who_have_premium=_("receive the Pupil Development Grant"),
        attendance_regulations=_("the Education (Pupil Registration) (Wales) Regulations 2010"),
        dual_registered=AttendanceCode("D", _("dual registration")),
        # 004 "Monitoring and reviewing a reduced timetable" and "Alternative Provision":
        # attendance at alternative provision "should be recorded with a “B” code"; an absence
        # agreed as part of the reduced timetable "should be a “C” code". Wales has no K.
        off_site=AttendanceCode("B", _("educated off site, at alternative provision")),
        la_provision=None,
        part_time_absence=AttendanceCode(
            "C", _("an absence agreed as part of the reduced timetable")
        ),
        default_rtt_protocol="npt_004",
    ),
}


def law_for(nation: str) -> Law:
    """The law of `nation` ("england" or "wales")."""
    return _LAWS[nation]


def may_direct_off_site(nation: str) -> bool:
    """An off-site direction is England's: section 29A of the Education Act 2002 (002), for
    maintained schools, which academies follow "under their general powers" (003 "Off-Site
    Direction"). A school in Wales uses a managed move, a PSP, a reduced timetable or AP (004)."""
    return law_for(nation).off_site_directions


@dataclass(frozen=True)
class ReducedTimetableProtocol:
    """The protocol an LA's reduced timetables follow: what its pages, checklist and LA
    record say, and which of 004's steps apply."""

    key: str
    name: Promise
    source: Promise  # the guidance, as a page names it
    # 004 "Process for considering a reduced timetable": beyond the LA's limit (12 weeks) the
    # Director for Education authorises it, through the LA's PSP group.
    director_authorisation: bool
    # 004 Appendix 2: the LA's Green / Amber / Red audit of every reduced timetable.
    audit_matrix: bool
    # 004 Appendix 1: NPT's eight-question checklist (else the national expectations').
    local_checklist: bool

    def __str__(self) -> str:
        return self.key


NPT_004, DFE_NATIONAL = "npt_004", "dfe_national"

_PROTOCOLS = {
    NPT_004: ReducedTimetableProtocol(
        key=NPT_004,
        name=_("Neath Port Talbot's protocol, or a local protocol like it (004)"),
        source=_("the LA's reduced timetable protocol (Neath Port Talbot, 004)"),
        director_authorisation=True,
        audit_matrix=True,
        local_checklist=True,
    ),
    # Working together to improve school attendance (DfE, August 2024), on part-time
    # timetables: time-limited, agreed with the parents, reviewed regularly, the LA told;
    # C2 for the sessions not attended. No Director, no checklist or audit of its own.
    DFE_NATIONAL: ReducedTimetableProtocol(
        key=DFE_NATIONAL,
        name=_("The DfE's national expectations (England)"),
        source=_("the DfE's “Working together to improve school attendance” (2024)"),
        director_authorisation=False,
        audit_matrix=False,
        local_checklist=False,
    ),
}

RTT_PROTOCOL_CHOICES = [(key, protocol.name) for key, protocol in _PROTOCOLS.items()]


def reduced_timetable_protocol(nation: str, chosen: str = "") -> ReducedTimetableProtocol:
    """The protocol an LA of `nation` follows: the one it chose, else its nation's default
    (Wales: 004's, as Neath Port Talbot's; England: the DfE's national expectations)."""
    return _PROTOCOLS[chosen or law_for(nation).default_rtt_protocol]


def protocol_fits_nation(nation: str, chosen: str) -> bool:
    """The DfE's expectations are England's guidance: a Welsh LA follows a protocol of its own
    (004 is Neath Port Talbot's)."""
    return not (chosen == DFE_NATIONAL and nation == WALES)
