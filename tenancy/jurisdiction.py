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
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ENGLAND, WALES = "england", "wales"


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
