"""The demo's pupils: realistic passports, made the same on every run."""

import datetime
import random
from decimal import Decimal

from cases import registry
from cases.pupils.models import (
    Intervention,
    Ks4Option,
    ParentCarer,
    PreviousSchool,
    Pupil,
    PupilSend,
    Suspension,
)
from demo.calendar import demo_calendar
from demo.organisations import LAS, SCHOOLS
from reviews.rules import SchoolCalendar, academic_year_start, add_school_days, upn_check_letter
from safeguarding.models import SafeguardingRecord
from tenancy.models import (
    School,
)

FIRST = [
    "Jayden",
    "Amelia",
    "Kai",
    "Ruby",
    "Tyler",
    "Isla",
    "Mason",
    "Lily",
    "Harvey",
    "Chloe",
    "Reece",
    "Maya",
    "Logan",
    "Evie",
    "Dylan",
    "Poppy",
    "Ethan",
    "Ava",
    "Callum",
    "Zara",
    "Rhys",
    "Megan",
    "Owain",
    "Seren",
    "Connor",
    "Jade",
    "Bartosz",
    "Amira",
    "Liam",
    "Nia",
]


LAST = [
    "Walker",
    "Hughes",
    "Patel",
    "Robinson",
    "Clarke",
    "Kowalski",
    "Evans",
    "Bennett",
    "Ahmed",
    "Turner",
    "Griffiths",
    "Mitchell",
    "Shaw",
    "Jones",
    "Price",
    "Lewis",
    "Khan",
    "Cooper",
    "Ward",
    "Morris",
    "Davies",
    "Powell",
    "Hill",
    "Novak",
    "Begum",
    "Fletcher",
    "Moore",
    "Reid",
    "Baker",
    "Thomas",
]


STREETS = {
    "england": [
        "Oak Avenue",
        "Church Road",
        "Station Street",
        "Meadow Close",
        "Mill Lane",
        "Victoria Road",
        "Hawthorn Drive",
        "Park View",
        "Orchard Way",
        "Canal Walk",
    ],
    "wales": [
        "Heol Fawr",
        "Church Road",
        "Station Street",
        "Heol y Parc",
        "Mill Lane",
        "Victoria Road",
        "Ffordd y Capel",
        "Park View",
        "Stryd y Bont",
        "Canal Walk",
    ],
}


# (school slug, pupils): spread of the about 30 demo pupils across schools
PUPILS_PER_SCHOOL = [
    ("elmbridge", 9),
    ("severn-meadow", 3),
    ("bredon-hill", 2),
    ("kingfisher", 2),
    ("heron", 2),
    ("arden-park", 5),
    ("avon-valley", 2),
    ("afan-vale", 4),
    ("glan-nedd", 2),
    ("margam-road", 1),
]


def pupil_name(n: int) -> tuple[str, str]:
    """The nth demo pupil's first and last name, never the same pair for two pupils.

    Pupils n and n + len(FIRST) share a first name and have the surnames one apart in LAST, so a
    pair comes round again only after len(FIRST) * len(LAST) pupils.
    """
    rounds, i = divmod(n, len(FIRST))
    if rounds >= len(LAST):
        raise ValueError(f"only {len(FIRST) * len(LAST)} demo pupils can have a name of their own")
    return FIRST[i], LAST[(i * 7 + rounds) % len(LAST)]


def school_day_on_or_before(d: datetime.date, cal: SchoolCalendar) -> datetime.date:
    return d if cal.is_school_day(d) else add_school_days(d, -1, cal)


def school_day_on_or_after(d: datetime.date, cal: SchoolCalendar) -> datetime.date:
    return d if cal.is_school_day(d) else add_school_days(d, 1, cal)


def make_upn(la_code: str, establishment: str, year: int, serial: int) -> str:
    body = f"{la_code}{establishment}{year % 100:02d}{serial:03d}"
    return upn_check_letter(body) + body


def _letter_language(nation: str, n: int) -> str:
    """In Wales, Welsh-speaking families (Welsh letters), bilingual ones (Welsh first) and ones
    who have not chosen (the school's default: bilingual, or Welsh at a Welsh-medium school);
    in England, English (issue 15)."""
    if nation != "wales":
        return ParentCarer.Language.ENGLISH
    if n % 2:
        return ParentCarer.Language.WELSH
    return ParentCarer.Language.BOTH if n % 4 == 2 else ""


def seed_pupils(schools: dict, today: datetime.date) -> None:
    n = 0
    for slug, count in PUPILS_PER_SCHOOL:
        for _i in range(count):
            # One generator per pupil, so a re-run makes the same pupil whatever exists already.
            rng = random.Random(2026 + n)  # noqa: S311 - deterministic demo data, not security
            _seed_pupil(schools[slug], n, rng, today)
            n += 1
    # Then each case type's demo cases, in the registry's order (cases.registry).
    for _case_type, dotted in registry.each("demo_seeder"):
        registry.resolve(dotted)(today)


def _seed_pupil(school: School, n: int, rng: random.Random, today: datetime.date) -> None:
    la = school.local_authority
    demo_la = next(demo_la for demo_la in LAS if demo_la.code == la.code)
    town = next(s.town for s in SCHOOLS if s.urn == school.urn)
    cal = demo_calendar(la.nation)
    secondary = school.phase == School.Phase.SECONDARY
    # Pick the year group, then a date of birth that puts the pupil in it this academic year.
    year_group = rng.randint(7, 11) if secondary else rng.randint(0, 6)
    september = academic_year_start(today).year
    reception = september - year_group  # the September the pupil started school
    born_from = datetime.date(reception - 5, 9, 1)
    dob = born_from + datetime.timedelta(days=rng.randint(0, 364))
    # Admitted on the first day of Year 7 (secondary) or of Reception (primary); a pupil who
    # came from a school in Birmingham joined a primary school in Year 3 at the latest.
    moved_here = n % 5 == 3
    joined_year = 7 if secondary else (min(year_group, 3) if moved_here else 0)
    admitted = school_day_on_or_after(datetime.date(reception + joined_year, 9, 1), cal)
    if admitted > today:  # the first day of this school year is still to come
        admitted = school_day_on_or_before(today, cal)
    upn = make_upn(la.code, school.dfe_establishment(), 20, 100 + n)  # stable across runs
    first, last = pupil_name(n)
    ehcp, looked_after, eal = n % 6 == 1, n % 7 == 3, n % 5 == 2
    streets = STREETS[la.nation]
    street = f"{rng.randint(2, 120)} {streets[n % len(streets)]}"
    # A pupil who has since moved school (a demo managed move) is found by UPN in the LA, so a
    # second run does not make them again at their old school.
    pupil, created = Pupil.objects.filter(school__local_authority=la).get_or_create(
        upn=upn,
        defaults={
            "school": school,
            "first_name": first,
            "last_name": last,
            "gender": ["male", "female"][n % 2],
            "date_of_birth": dob,
            "home_address": f"{street}\n{town}",
            "looked_after": looked_after,
            "care_local_authority": la.name if looked_after else "",
            "social_worker": demo_la.social_worker if looked_after or n % 4 == 0 else "",
            "social_worker_email": demo_la.social_worker_email
            if looked_after or n % 4 == 0
            else "",
            "virtual_school_contact": demo_la.virtual_school if looked_after else "",
            "virtual_school_email": demo_la.virtual_school_email if looked_after else "",
            "pupil_premium": "yes" if n % 3 == 0 or looked_after else "no",
            "pupil_premium_type": "Pupil Premium Plus"
            if looked_after
            else ("Free school meals (Ever 6)" if n % 3 == 0 else ""),
            "english_level": ["basic", "intermediate", "advanced"][n % 3] if eal else "first",
            "refugee_or_asylum": "yes" if eal and n % 2 == 0 else "no",
            "attendance_issues": "yes" if n % 4 == 1 else "no",
            "attendance_details": "Attendance 84% this year; late most Mondays."
            if n % 4 == 1
            else "",
            "has_ehcp": ehcp,
            "undergoing_ehcna": not ehcp and n % 8 == 5,
            "send_support": ehcp or n % 3 == 1,
            "agency_camhs": n % 5 == 0,
            "agency_educational_psychologist": ehcp,
            "agency_yos": secondary and n % 9 == 4,
            "agency_early_help": n % 4 == 2,
            "agency_details": "CAMHS appointment monthly; Early Help worker visits home."
            if n % 5 == 0 or n % 4 == 2
            else "",
            "attainment_term": "Summer 2026",
            "attainment_english": rng.choice(["Working towards", "Expected", "Below expected"]),
            "attainment_maths": rng.choice(["Working towards", "Expected", "Greater depth"]),
            "attainment_science": rng.choice(["Working towards", "Expected"]),
            "admission_date": admitted,
            "previous_direction": "no",
            "formulation": (
                f"{first} finds unstructured times hard and struggles after weekends with family "
                "changes at home. Incidents cluster in the afternoon; small-group work helps."
            ),
            "completed_by_name": school.headteacher_name,
            "completed_by_role": "Headteacher",
            "completed_by_contact": school.email,
            "completed_on": school_day_on_or_before(today - datetime.timedelta(days=20), cal),
        },
    )
    if not created:
        return
    SafeguardingRecord.objects.create(
        pupil=pupil,
        early_help_plan="yes" if n % 4 == 2 else "no",
        child_in_need_plan="yes" if n % 9 == 2 else "no",
        child_protection_plan="yes" if n % 10 == 4 else "no",
        parental_responsibility_issues="yes" if n % 11 == 6 else "no",
        parental_responsibility_details="Father has no contact under a court order; do not "
        "release the pupil to him."
        if n % 11 == 6
        else "",
        concerns="yes" if n % 10 == 4 else "no",
        concerns_details="Subject to a Child Protection Plan (neglect). Core group meets "
        "monthly; DSL to share minutes with any host school."
        if n % 10 == 4
        else "",
    )
    if ehcp or n % 3 == 1:
        PupilSend.objects.create(
            pupil=pupil,
            disabilities="yes" if ehcp else "no",
            disabilities_details="ADHD (diagnosed 2023); sensory processing needs." if ehcp else "",
            health_care_plan="no",
            education_plan="yes",
            send_support_details="Weekly literacy group; movement breaks; key adult check-in.",
            pastoral_support_plan="yes" if n % 2 else "no",
        )
    # The first pupil (Jayden Walker, Worcestershire) has separated parents at two
    # addresses, the mother's not to be disclosed (a court order): each gets a letter of their
    # own, and nobody else's letter or page shows where she lives (issue 14).
    separated = n == 0
    ParentCarer.objects.create(
        pupil=pupil,
        name=f"{'Michelle' if n % 2 else 'Karen'} {last}",
        relationship="Mother",
        parental_responsibility=True,
        address=f"Flat 3, Orchard Court\n{town}" if separated else "",
        address_withheld=separated,
        phone=f"07700 900{n:03d}",
        email=f"parent{n}@example.com" if n % 6 != 5 else "",
        preferred_language=_letter_language(la.nation, n),
    )
    if n % 3 == 0:
        ParentCarer.objects.create(
            pupil=pupil,
            name=f"Darren {last}",
            relationship="Father",
            parental_responsibility=n % 11 != 6,
            address=f"{rng.randint(1, 60)} High Street\n{town}",
            phone=f"07700 901{n:03d}",
        )
    kinds = list(Intervention.Kind)
    for k in range(n % 3 + 1):
        start = school_day_on_or_before(today - datetime.timedelta(days=rng.randint(60, 400)), cal)
        # The first intervention is still running.
        end = start + datetime.timedelta(days=rng.randint(20, 50)) if k else None
        Intervention.objects.create(
            pupil=pupil,
            kind=kinds[(n + k * 5) % len(kinds)],
            start_date=start,
            end_date=school_day_on_or_before(end, cal) if end else None,
        )
    for k in range(n % 4):
        Suspension.objects.create(
            pupil=pupil,
            start_date=school_day_on_or_before(today - datetime.timedelta(days=30 + 40 * k), cal),
            days=Decimal(rng.choice(["1", "2", "1.5", "3"])),
            reason=rng.choice(
                [
                    "Persistent disruptive behaviour",
                    "Verbal abuse of an adult",
                    "Physical assault against a pupil",
                ]
            ),
        )
    if year_group >= 10:
        for subject, board in (
            ("Geography", "AQA"),
            ("Design and Technology", "OCR"),
            ("Religious Studies", "Eduqas"),
        ):
            Ks4Option.objects.create(pupil=pupil, subject=subject, course="GCSE", exam_board=board)
    if moved_here and joined_year:
        england = demo_calendar("england")
        PreviousSchool.objects.create(
            pupil=pupil,
            name="Northfield Primary School (Birmingham)",
            admitted=school_day_on_or_after(datetime.date(reception, 9, 1), england),
            left=school_day_on_or_before(datetime.date(reception + joined_year, 8, 31), england),
        )
