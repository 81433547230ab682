"""Demo data: fictional LAs, schools, people and pupils (idempotent: natural keys throughout).

Every name, address and UPN here is made up. The README lists the sign-ins.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from cases.models import (
    Intervention,
    Ks4Option,
    ParentCarer,
    PreviousSchool,
    Pupil,
    PupilSend,
    Suspension,
)
from reviews.rules import academic_year_start, upn_check_letter
from safeguarding.models import SafeguardingRecord
from tenancy.access import grant_host_access
from tenancy.models import (
    Area,
    Group,
    LocalAuthority,
    Membership,
    Provider,
    Role,
    School,
    TermDate,
    User,
)

DEMO_PASSWORD = "waymark-demo-2026"  # noqa: S105 - the published demo password, demo mode only

LAS = [
    # name, code, nation, policy overrides, contact inboxes
    (
        "Worcestershire",
        "885",
        "england",
        {"requested_review_window_weeks": 6},
        {
            "admissions_email": "admissions@worcestershire.demo",
            "send_email": "send@worcestershire.demo",
            "safeguarding_email": "safeguarding@worcestershire.demo",
            "transport_email": "transport@worcestershire.demo",
            "psp_email": "psp@worcestershire.demo",
        },
    ),
    (
        "Warwickshire",
        "937",
        "england",
        {"parental_agreement_required": True, "coordinator_consultation_required": True},
        {
            "admissions_email": "admissions@warwickshire.demo",
            "send_email": "send@warwickshire.demo",
            "safeguarding_email": "safeguarding@warwickshire.demo",
        },
    ),
    (
        "Neath Port Talbot",
        "671",
        "wales",
        {},
        {
            "psp_email": "psp@npt.gov.uk",
            "transport_email": "transport@npt.demo",
            "safeguarding_email": "safeguarding@npt.demo",
            "send_email": "aln@npt.demo",
        },
    ),
]

AREAS = {
    "Warwickshire": [
        ("North/Nuneaton and Bedworth", "Hannah Okafor"),
        ("East", "Tomasz Nowak"),
        ("South/Central", "Priya Raman"),
    ],
}

GROUPS = [
    ("Severn Vale Learning Trust", Group.Kind.TRUST),
    ("Worcestershire Pupil Education Service", Group.Kind.SERVICE),
]

# slug, name, LA, urn, establishment, phase, kind, group, area, head, dsl
SCHOOLS = [
    (
        "elmbridge",
        "Elmbridge High School",
        "Worcestershire",
        "900101",
        "4101",
        "secondary",
        "maintained",
        None,
        None,
        "Dr Sarah Whitfield",
        "Mark Ellison",
    ),
    (
        "severn-meadow",
        "Severn Meadow Academy",
        "Worcestershire",
        "900102",
        "4102",
        "secondary",
        "academy",
        "Severn Vale Learning Trust",
        None,
        "James Aldridge",
        "Fatima Begum",
    ),
    (
        "bredon-hill",
        "Bredon Hill Primary School",
        "Worcestershire",
        "900103",
        "2103",
        "primary",
        "academy",
        "Severn Vale Learning Trust",
        None,
        "Claire Pembury",
        "Claire Pembury",
    ),
    (
        "kingfisher",
        "Kingfisher Centre",
        "Worcestershire",
        "900104",
        "1104",
        "secondary",
        "centre",
        "Worcestershire Pupil Education Service",
        None,
        "Owen Price",
        "Owen Price",
    ),
    (
        "heron",
        "Heron Centre",
        "Worcestershire",
        "900105",
        "1105",
        "secondary",
        "centre",
        "Worcestershire Pupil Education Service",
        None,
        "Lucy Hart",
        "Dev Sharma",
    ),
    (
        "otter",
        "Otter Centre",
        "Worcestershire",
        "900106",
        "1106",
        "primary",
        "centre",
        "Worcestershire Pupil Education Service",
        None,
        "Grace Mensah",
        "Grace Mensah",
    ),
    (
        "arden-park",
        "Arden Park School",
        "Warwickshire",
        "900201",
        "4201",
        "secondary",
        "maintained",
        None,
        "North/Nuneaton and Bedworth",
        "Robert Caine",
        "Angela Fry",
    ),
    (
        "avon-valley",
        "Avon Valley Academy",
        "Warwickshire",
        "900202",
        "4202",
        "secondary",
        "academy",
        None,
        "East",
        "Helen Marsh",
        "Kwame Asante",
    ),
    (
        "stour-bridge",
        "Stour Bridge High School",
        "Warwickshire",
        "900203",
        "4203",
        "secondary",
        "maintained",
        None,
        "South/Central",
        "Ian Doyle",
        "Rachel Stone",
    ),
    (
        "afan-vale",
        "Afan Vale Comprehensive School",
        "Neath Port Talbot",
        "900301",
        "4301",
        "secondary",
        "maintained",
        None,
        None,
        "Rhodri Evans",
        "Sian Morgan",
    ),
    (
        "glan-nedd",
        "Ysgol Gynradd Glan Nedd",
        "Neath Port Talbot",
        "900302",
        "2302",
        "primary",
        "maintained",
        None,
        None,
        "Catrin Lloyd",
        "Catrin Lloyd",
    ),
    (
        "margam-road",
        "Margam Road Primary School",
        "Neath Port Talbot",
        "900303",
        "2303",
        "primary",
        "maintained",
        None,
        None,
        "Gareth Powell",
        "Eleri Jones",
    ),
]

PROVIDERS = [
    (
        "Worcestershire",
        "Pathways Vocational Centre",
        "Unit 4, Shrub Hill Industrial Estate, Worcester WR4 9FA",
        "Dean Hollis",
        "2578342",
        True,
    ),
    (
        "Worcestershire",
        "Riverside Outdoor Learning",
        "Riverside Farm, Pershore WR10 2LP",
        "Amy Watts",
        "",
        True,
    ),
    (
        "Warwickshire",
        "Forge Skills Academy",
        "12 Forge Lane, Nuneaton CV10 7QT",
        "Sam Rigby",
        "2599011",
        False,
    ),
    (
        "Neath Port Talbot",
        "Canolfan Sgiliau Afan",
        "Heol y Dwr, Port Talbot SA12 6AB",
        "Llinos Hughes",
        "",
        True,
    ),
]

# email, name, role, organisation slug ("la:<LA>", "group:<name>", "provider:<name>", school)
PEOPLE = [
    ("head@elmbridge.demo", "Dr Sarah Whitfield", Role.HEADTEACHER, "elmbridge"),
    ("case-lead@elmbridge.demo", "Tom Bradley", Role.CASE_LEAD, "elmbridge"),
    ("dsl@elmbridge.demo", "Mark Ellison", Role.DSL, "elmbridge"),
    ("senco@elmbridge.demo", "Nadia Hussain", Role.SENCO, "elmbridge"),
    ("key-adult@elmbridge.demo", "Chris Lowe", Role.KEY_ADULT, "elmbridge"),
    ("office@elmbridge.demo", "Julie Parkes", Role.OFFICE, "elmbridge"),
    ("case-lead@severn-meadow.demo", "Ben Carter", Role.CASE_LEAD, "severn-meadow"),
    ("dsl@severn-meadow.demo", "Fatima Begum", Role.DSL, "severn-meadow"),
    ("head@kingfisher.demo", "Owen Price", Role.HEADTEACHER, "kingfisher"),
    ("head@kingfisher.demo", "Owen Price", Role.DSL, "kingfisher"),
    ("case-lead@heron.demo", "Lucy Hart", Role.CASE_LEAD, "heron"),
    (
        "head-of-service@pes.demo",
        "Margaret Ashby",
        Role.HEAD_OF_SERVICE,
        "group:Worcestershire Pupil Education Service",
    ),
    ("la-officer@worcestershire.demo", "Paul Fenwick", Role.LA_OFFICER, "la:Worcestershire"),
    (
        "safeguarding@worcestershire.demo",
        "Denise Clarke",
        Role.LA_SAFEGUARDING,
        "la:Worcestershire",
    ),
    ("send@worcestershire.demo", "Imran Akhtar", Role.LA_SEND, "la:Worcestershire"),
    ("director@worcestershire.demo", "Elizabeth Grant", Role.DIRECTOR, "la:Worcestershire"),
    ("virtual-school@worcestershire.demo", "Joanne Reid", Role.VIRTUAL_SCHOOL, "la:Worcestershire"),
    ("admin@worcestershire.demo", "Kevin Sutton", Role.LA_ADMIN, "la:Worcestershire"),
    ("officer@two-las.demo", "Alison Drew", Role.LA_OFFICER, "la:Worcestershire"),
    ("officer@two-las.demo", "Alison Drew", Role.LA_OFFICER, "la:Warwickshire"),
    (
        "provider@pathways.demo",
        "Dean Hollis",
        Role.PROVIDER_CONTACT,
        "provider:Pathways Vocational Centre",
    ),
    ("head@arden-park.demo", "Robert Caine", Role.HEADTEACHER, "arden-park"),
    ("case-lead@arden-park.demo", "Sophie Turner", Role.CASE_LEAD, "arden-park"),
    ("dsl@arden-park.demo", "Angela Fry", Role.DSL, "arden-park"),
    ("senco@arden-park.demo", "Martin Gale", Role.SENCO, "arden-park"),
    ("key-adult@arden-park.demo", "Leah Quinn", Role.KEY_ADULT, "arden-park"),
    ("office@arden-park.demo", "Dawn Pickering", Role.OFFICE, "arden-park"),
    ("case-lead@avon-valley.demo", "Josh Warren", Role.CASE_LEAD, "avon-valley"),
    ("la-officer@warwickshire.demo", "Nicola Ward", Role.LA_OFFICER, "la:Warwickshire"),
    ("safeguarding@warwickshire.demo", "Gary Hughes", Role.LA_SAFEGUARDING, "la:Warwickshire"),
    ("send@warwickshire.demo", "Ruth Benson", Role.LA_SEND, "la:Warwickshire"),
    ("director@warwickshire.demo", "Simon Patel", Role.DIRECTOR, "la:Warwickshire"),
    ("virtual-school@warwickshire.demo", "Carol Edwards", Role.VIRTUAL_SCHOOL, "la:Warwickshire"),
    ("admin@warwickshire.demo", "Neil Baxter", Role.LA_ADMIN, "la:Warwickshire"),
    ("head@afan-vale.demo", "Rhodri Evans", Role.HEADTEACHER, "afan-vale"),
    ("case-lead@afan-vale.demo", "Bethan Davies", Role.CASE_LEAD, "afan-vale"),
    ("dsl@afan-vale.demo", "Sian Morgan", Role.DSL, "afan-vale"),
    ("senco@afan-vale.demo", "Huw Thomas", Role.SENCO, "afan-vale"),
    ("key-adult@afan-vale.demo", "Ffion Roberts", Role.KEY_ADULT, "afan-vale"),
    ("office@afan-vale.demo", "Karen Jenkins", Role.OFFICE, "afan-vale"),
    ("case-lead@glan-nedd.demo", "Nia Williams", Role.CASE_LEAD, "glan-nedd"),
    ("la-officer@npt.demo", "Dafydd Rees", Role.LA_OFFICER, "la:Neath Port Talbot"),
    ("safeguarding@npt.demo", "Mererid Owen", Role.LA_SAFEGUARDING, "la:Neath Port Talbot"),
    ("aln@npt.demo", "Geraint Bowen", Role.LA_SEND, "la:Neath Port Talbot"),
    ("director@npt.demo", "Alun Griffiths", Role.DIRECTOR, "la:Neath Port Talbot"),
    ("virtual-school@npt.demo", "Menna Pritchard", Role.VIRTUAL_SCHOOL, "la:Neath Port Talbot"),
    ("admin@npt.demo", "Iwan Harries", Role.LA_ADMIN, "la:Neath Port Talbot"),
]

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
STREETS = [
    "Oak Avenue",
    "Church Road",
    "Station Street",
    "Meadow Close",
    "Mill Lane",
    "Victoria Road",
    "Heol Fawr",
    "Park View",
    "Orchard Way",
    "Canal Walk",
]
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


# Realistic term dates, half terms as separate rows: (name, first day, last day).
ENGLISH_TERMS = [
    ("Autumn 1", "2025-09-03", "2025-10-24"),
    ("Autumn 2", "2025-11-03", "2025-12-19"),
    ("Spring 1", "2026-01-05", "2026-02-13"),
    ("Spring 2", "2026-02-23", "2026-03-27"),
    ("Summer 1", "2026-04-13", "2026-05-22"),
    ("Summer 2", "2026-06-01", "2026-07-21"),
    ("Autumn 1", "2026-09-02", "2026-10-23"),
    ("Autumn 2", "2026-11-02", "2026-12-18"),
    ("Spring 1", "2027-01-04", "2027-02-12"),
    ("Spring 2", "2027-02-22", "2027-03-26"),
    ("Summer 1", "2027-04-12", "2027-05-28"),
    ("Summer 2", "2027-06-07", "2027-07-21"),
]
WELSH_TERMS = [
    ("Autumn 1", "2025-09-01", "2025-10-24"),
    ("Autumn 2", "2025-11-03", "2025-12-19"),
    ("Spring 1", "2026-01-05", "2026-02-13"),
    ("Spring 2", "2026-02-23", "2026-03-27"),
    ("Summer 1", "2026-04-13", "2026-05-22"),
    ("Summer 2", "2026-06-01", "2026-07-20"),
    ("Autumn 1", "2026-09-01", "2026-10-23"),
    ("Autumn 2", "2026-11-02", "2026-12-18"),
    ("Spring 1", "2027-01-04", "2027-02-12"),
    ("Spring 2", "2027-02-22", "2027-03-26"),
    ("Summer 1", "2027-04-12", "2027-05-28"),
    ("Summer 2", "2027-06-07", "2027-07-20"),
]


def seed_term_dates(la: LocalAuthority) -> None:
    for name, first, last in WELSH_TERMS if la.nation == "wales" else ENGLISH_TERMS:
        TermDate.objects.update_or_create(
            local_authority=la,
            first_day=datetime.date.fromisoformat(first),
            defaults={"name": name, "last_day": datetime.date.fromisoformat(last)},
        )


def make_upn(la_code: str, establishment: str, year: int, serial: int) -> str:
    body = f"{la_code}{establishment}{year % 100:02d}{serial:03d}"
    return upn_check_letter(body) + body


@transaction.atomic
def seed(today: datetime.date) -> None:
    las = {}
    for name, code, nation, policy, inboxes in LAS:
        la, _created = LocalAuthority.objects.update_or_create(
            code=code, defaults={"name": name, "nation": nation, **policy, **inboxes}
        )
        las[name] = la
        seed_term_dates(la)
        for area_name, coordinator in AREAS.get(name, []):
            Area.objects.update_or_create(
                local_authority=la,
                name=area_name,
                defaults={
                    "coordinator_name": coordinator,
                    "coordinator_email": f"eec.{slugify(area_name)}@{name.lower()}.demo",
                    "coordinator_phone": "01926 410 410",
                },
            )
    groups = {
        name: Group.objects.update_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind in GROUPS
    }
    schools = {}
    for slug, name, la_name, urn, estab, phase, kind, group, area, head, dsl in SCHOOLS:
        la = las[la_name]
        schools[slug], _created = School.objects.update_or_create(
            urn=urn,
            defaults={
                "name": name,
                "dfe_number": f"{la.code}/{estab}",
                "local_authority": la,
                "phase": phase,
                "kind": kind,
                "group": groups.get(group),
                "area": Area.objects.get(local_authority=la, name=area) if area else None,
                "address": f"{name}\n1 School Lane\n{la_name}",
                "postcode": "WR1 1AA",
                "phone": "01905 000 000",
                "email": f"office@{slug}.demo",
                "headteacher_name": head,
                "dsl_name": dsl,
                "dsl_email": f"dsl@{slug}.demo",
            },
        )
    providers = {}
    for la_name, name, address, contact, ofsted, approved in PROVIDERS:
        providers[name], _created = Provider.objects.update_or_create(
            local_authority=las[la_name],
            name=name,
            defaults={
                "address": address,
                "contact_name": contact,
                "ofsted_urn": ofsted,
                "la_approved": approved,
                "contact_email": f"{contact.split()[0].lower()}@provider.demo",
            },
        )
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    for email, full_name, role, org in PEOPLE:
        user, _created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "password": password}
        )
        kind, _sep, key = org.partition(":")
        target = {
            "la": {"local_authority": las.get(key)},
            "group": {"group": groups.get(key)},
            "provider": {"provider": providers.get(key)},
        }.get(kind) or {"school": schools[org]}
        Membership.objects.get_or_create(user=user, role=role, **target)
    _seed_pupils(schools, today)


def _seed_pupils(schools: dict, today: datetime.date) -> None:
    n = 0
    for slug, count in PUPILS_PER_SCHOOL:
        for _i in range(count):
            # One generator per pupil, so a re-run makes the same pupil whatever exists already.
            rng = random.Random(2026 + n)  # noqa: S311 - deterministic demo data, not security
            _seed_pupil(schools[slug], n, rng, today)
            n += 1
    _seed_directions(schools, today)
    _seed_emergency_review(today)
    _seed_host_work(today)
    _seed_managed_move_and_la_tasks(today)
    _seed_letters(today)
    # Each newer case type seeds its own demo data from its own module (cases/demo_<type>.py).
    # demo: off-siting
    from cases.demo_offsiting import seed_offsitings

    seed_offsitings(today)
    # demo: PSP
    from cases.demo_psp import seed_psps

    seed_psps(today)
    # demo: reduced timetable
    from cases.demo_reduced_timetables import seed_reduced_timetables

    seed_reduced_timetables(today)
    # demo: AP providers and placements
    from cases.demo_providers import seed_providers

    seed_providers(today)
    # demo: travel assistance
    from cases.demo_travel import seed_travel_requests

    seed_travel_requests(today)


def _seed_pupil(school: School, n: int, rng: random.Random, today: datetime.date) -> None:
    la = school.local_authority
    secondary = school.phase == School.Phase.SECONDARY
    # Pick the year group, then a date of birth that puts the pupil in it this academic year.
    year_group = rng.randint(7, 11) if secondary else rng.randint(0, 6)
    september = academic_year_start(today).year
    born_from = datetime.date(september - year_group - 5, 9, 1)
    dob = born_from + datetime.timedelta(days=rng.randint(0, 364))
    # Admitted in September of Reception (primary) or Year 7 (secondary), never in the future.
    admitted = datetime.date(september - year_group + (7 if secondary else 0), 9, 3)
    upn = make_upn(la.code, school.dfe_establishment(), 20, 100 + n)  # stable across runs
    first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
    ehcp, looked_after, eal = n % 6 == 1, n % 7 == 3, n % 5 == 2
    street = f"{rng.randint(2, 120)} {STREETS[n % len(STREETS)]}"
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
            "home_address": f"{street}\n{la.name}",
            "looked_after": looked_after,
            "care_local_authority": la.name if looked_after else "",
            "social_worker": "Kate Morley, Children's Social Care, 01905 111 222"
            if looked_after or n % 4 == 0
            else "",
            "virtual_school_contact": "Virtual School, 01905 333 444" if looked_after else "",
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
            "admission_date": min(admitted, today),
            "previous_direction": "no",
            "formulation": (
                f"{first} finds unstructured times hard and struggles after weekends with family "
                "changes at home. Incidents cluster in the afternoon; small-group work helps."
            ),
            "completed_by_name": school.headteacher_name,
            "completed_by_role": "Headteacher",
            "completed_by_contact": school.email,
            "completed_on": today - datetime.timedelta(days=20),
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
    ParentCarer.objects.create(
        pupil=pupil,
        name=f"{'Michelle' if n % 2 else 'Karen'} {last}",
        relationship="Mother",
        parental_responsibility=True,
        phone=f"07700 900{n:03d}",
        email=f"parent{n}@example.com" if n % 6 != 5 else "",
        preferred_language="cy" if la.nation == "wales" and n % 2 else "en",
    )
    if n % 3 == 0:
        ParentCarer.objects.create(
            pupil=pupil,
            name=f"Darren {last}",
            relationship="Father",
            parental_responsibility=n % 11 != 6,
            address=f"{rng.randint(1, 60)} High Street",
            phone=f"07700 901{n:03d}",
        )
    kinds = list(Intervention.Kind)
    for k in range(n % 3 + 1):
        start = today - datetime.timedelta(days=rng.randint(60, 400))
        Intervention.objects.create(
            pupil=pupil,
            kind=kinds[(n + k * 5) % len(kinds)],
            start_date=start,
            end_date=start + datetime.timedelta(days=rng.randint(20, 50)) if k else None,
        )
    for k in range(n % 4):
        Suspension.objects.create(
            pupil=pupil,
            start_date=today - datetime.timedelta(days=30 + 40 * k),
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
    if n % 5 == 3:
        PreviousSchool.objects.create(
            pupil=pupil,
            name="Northfield Primary School (Birmingham)",
            admitted=datetime.date(dob.year + 4, 9, 4),
            left=datetime.date(dob.year + 7, 7, 20),
        )


# (school, host, state, ending, weeks from today to the first day): directions in every state.
DIRECTIONS = [
    ("elmbridge", None, "proposed", "", 4),
    ("elmbridge", "severn-meadow", "consulted", "", 4),
    ("elmbridge", "severn-meadow", "host_agreed", "", 3),
    ("elmbridge", "severn-meadow", "decided", "", 1),
    ("elmbridge", "severn-meadow", "notice_sent", "", 1),
    ("elmbridge", "severn-meadow", "active", "", -5),
    ("elmbridge", "severn-meadow", "ended", "managed_move", -14),
    ("elmbridge", "severn-meadow", "ended", "host_ended", -8),
    ("arden-park", "avon-valley", "active", "", -3),
    ("arden-park", None, "proposed", "", 5),
]


def _seed_directions(schools: dict, today: datetime.date) -> None:
    """Directions at every stage, with meetings and deadlines, for the demo's Due pages."""
    from cases.models import Direction
    from reviews.models import Meeting
    from reviews.services.deadlines import deadlines_refresh

    used = {}
    for home_slug, host_slug, state, ending, weeks in DIRECTIONS:
        home = schools[home_slug]
        # The school's pupils, and its former ones (a managed move), so the same pupils are
        # picked on every run.
        pupils = list(
            Pupil.objects.filter(Q(school=home) | Q(directions__home_school=home))
            .distinct()
            .order_by("upn")
        )
        pupil = pupils[used.setdefault(home_slug, 0)]
        used[home_slug] += 1
        if pupil.directions.exists():
            continue
        monday = today - datetime.timedelta(days=today.weekday())
        start = monday + datetime.timedelta(weeks=weeks)
        lead = User.objects.filter(
            memberships__school=home, memberships__role=Role.CASE_LEAD
        ).first()
        head = User.objects.filter(
            memberships__school=home, memberships__role=Role.HEADTEACHER
        ).first()
        host = schools[host_slug] if host_slug else None
        order = [s.value for s in Direction.State]
        reached = order.index(state)
        direction = Direction.objects.create(
            pupil=pupil,
            home_school=home,
            case_lead=lead,
            state=state,
            ending=ending,
            host_school=host,
            reasons="Persistent disruptive behaviour in lessons and three suspensions this "
            "term; in-school support and a PSP have not been enough.",
            objectives="Attend every lesson on time\nNo suspensions\nKeep up with English, "
            "maths and science",
            success_criteria="Attendance above 95% and positive reports from every subject "
            "teacher for six weeks.",
            planned_start=start,
            planned_end=start + datetime.timedelta(weeks=12),
            maximum_period="twelve weeks",
            start_time=datetime.time(8, 40),
            end_time=datetime.time(15, 10),
            report_to_name="Ms Fatima Begum",
            report_to_role="Head of Year 9",
            report_time=datetime.time(8, 30),
            point_of_contact=f"{lead.full_name}, case lead" if lead else "",
            parent_understands="yes",
            parental_comments="Mum is worried about the journey but understands the reasons.",
            parents_agree=True,
            host_approached_on=start - datetime.timedelta(weeks=3) if host else None,
            host_agreed_on=start - datetime.timedelta(weeks=2)
            if host and reached >= order.index("host_agreed")
            else None,
            decided_by=head if reached >= order.index("decided") else None,
            decided_on=start - datetime.timedelta(days=12)
            if reached >= order.index("decided")
            else None,
            delegation="person" if reached >= order.index("decided") else "",
            delegation_details="Headteacher, under the scheme of delegation"
            if reached >= order.index("decided")
            else "",
            checklist_confirmed=reached >= order.index("decided"),
            notice_sent_on=start - datetime.timedelta(days=8)
            if reached >= order.index("notice_sent")
            else None,
            review_interval_weeks=home.local_authority.review_interval_weeks,
            ended_on=start + datetime.timedelta(weeks=6)
            if ending == "host_ended"
            else (start + datetime.timedelta(weeks=12) if ending else None),
        )
        if reached >= order.index("initial_meeting_held"):
            Meeting.objects.create(
                direction=direction,
                kind="initial",
                date=start - datetime.timedelta(days=3),
                held=True,
                recorded_by=lead,
                home_representative=lead.full_name,
                host_representative="Ms Fatima Begum",
                parent_carer="Mother",
                reasons=direction.reasons,
                success_needs=direction.success_criteria,
                next_meeting=start + datetime.timedelta(weeks=6),
            )
            if state == "active":
                Meeting.objects.create(
                    direction=direction,
                    kind="review",
                    held=False,
                    date=start + datetime.timedelta(weeks=6),
                    recorded_by=lead,
                )
            if ending == "managed_move":
                Meeting.objects.create(
                    direction=direction,
                    kind="review",
                    held=True,
                    recorded_by=lead,
                    date=start + datetime.timedelta(weeks=12),
                    outcome="managed_move",
                    progress="Settled well; attendance 97%; no incidents since week 3.",
                    parents_invited_on=start + datetime.timedelta(weeks=11),
                    signed_by_parent=True,
                    signed_by_home=True,
                    signed_by_host=True,
                )
        if host and direction.is_open and reached >= order.index("host_agreed"):
            grant_host_access(pupil, host)
        deadlines_refresh(direction=direction, today=today)


def _seed_emergency_review(today: datetime.date) -> None:
    """An emergency review that decided to continue, so the demo has every meeting form and
    letter (helper A1): the Warwickshire direction that started three weeks ago."""
    from cases.models import Direction
    from reviews.models import Meeting
    from reviews.services.deadlines import deadlines_refresh

    direction = (
        Direction.objects.filter(home_school__urn="900201", state=Direction.State.ACTIVE)
        .select_related("host_school", "case_lead")
        .first()
    )
    if direction is None or direction.meetings.filter(kind=Meeting.Kind.EMERGENCY).exists():
        return
    day = direction.planned_start + datetime.timedelta(weeks=2, days=1)
    next_review = direction.meetings.filter(held=False).order_by("date").first()
    Meeting.objects.create(
        direction=direction,
        kind=Meeting.Kind.EMERGENCY,
        date=day,
        held=True,
        recorded_by=direction.case_lead,
        parents_invited_on=day - datetime.timedelta(days=2),
        home_representative=f"{direction.case_lead.full_name}, case lead",
        host_representative=f"{direction.host_school.headteacher_name}, headteacher",
        parent_carer="Mother",
        others="Year 9 pastoral lead, host school",
        progress="Good attendance (96%) and settling into lessons; two positive reports from "
        "maths and English.",
        concerns="A serious argument with another pupil at lunchtime that the host could not "
        "calm down. Suggested: a named adult at lunch and a quiet room to go to.",
        support="Lunchtime key adult at the host; weekly call between the two schools' "
        "pastoral leads.",
        outcome=Meeting.Outcome.CONTINUE,
        continue_until=direction.planned_end,
        next_meeting=next_review.date if next_review else None,
        signed_by_parent=True,
        signed_by_child=True,
        signed_by_home=True,
        signed_by_host=True,
    )
    deadlines_refresh(direction=direction, today=today)


def _seed_host_work(today: datetime.date) -> None:
    """The host's side (helper C): registers with a few days missing, contact logs (one
    overdue), and the host-ended direction's suspension by the host, with the notifications
    to the home school and the emergency review that led to the end (003)."""
    from django.utils import timezone

    from cases.models import AttendanceMark, ContactEntry, Direction
    from cases.services.host_suspension import home_people, suspension_message
    from reviews import rules
    from reviews.calendars import calendar_for_school
    from reviews.models import Meeting, Notification
    from reviews.services.deadlines import deadlines_refresh

    def at(day, hour, minute=0):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    def host_user(direction):
        return (
            User.objects.filter(memberships__school=direction.host_school)
            .order_by("memberships__role", "pk")
            .first()
        )

    def register(direction, first, last, skip=(), suspended=()):
        if direction.attendance_marks.exists():
            return
        by = host_user(direction)
        cal = calendar_for_school(direction.host_school)
        marks = []
        for n, day in enumerate(cal.school_days(first, last)):
            for session in ("am", "pm"):
                if day in skip:
                    continue
                code = "/"
                if (day, session) in suspended:
                    code = "E"
                elif n % 9 == 4 and session == "am":
                    code = "L"
                elif n == 7:
                    code = "I"
                marks.append(
                    AttendanceMark(
                        direction=direction,
                        date=day,
                        session=session,
                        code=code,
                        note="Dentist after lunch" if code == "I" and session == "pm" else "",
                        recorded_by=by,
                    )
                )
        AttendanceMark.objects.bulk_create(marks)
        for day in {m.date for m in marks}:  # registers taken on the day, not at seeding
            direction.attendance_marks.filter(date=day).update(recorded_at=at(day, 16, 0))

    def log(direction, entries):
        if direction.contacts.exists():
            return
        home_lead, host_lead = direction.case_lead, host_user(direction)
        for when, between, who, how, what, from_host in entries:
            ContactEntry.objects.create(
                pupil=direction.pupil,
                direction=direction,
                when=when,
                between=between,
                who=who,
                how=how,
                what=what,
                recorded_by=host_lead if from_host else home_lead,
                recorded_by_school=direction.host_school if from_host else direction.home_school,
            )

    yesterday = today - datetime.timedelta(days=1)
    HOME_HOST, FAMILY = ContactEntry.Between.HOME_HOST, ContactEntry.Between.FAMILY
    active = Direction.objects.filter(
        state=Direction.State.ACTIVE, host_school__isnull=False
    ).select_related("host_school", "home_school", "case_lead", "pupil")
    for i, direction in enumerate(active.order_by("planned_start", "pk")):
        cal = calendar_for_school(direction.host_school)
        recent = rules.recent_school_days(direction.planned_start, None, today, cal)
        # The longer direction misses two recent days, the other one: the home school's list.
        skip = set(recent[-3:-1]) if i == 0 else set(recent[-2:-1])
        register(direction, direction.planned_start, yesterday, skip=skip)
        weeks = (today - direction.planned_start).days // 7
        entries = [
            (
                at(direction.planned_start + datetime.timedelta(days=2), 15, 40),
                FAMILY,
                f"{direction.pupil.first_name}'s mother",
                ContactEntry.How.PHONE,
                "Settling in; worried about the bus. Agreed to meet the bus on Friday.",
                True,
            )
        ]
        # The first direction keeps in touch every week; the second has let it slip.
        last_week = weeks if i == 0 else max(weeks - 1, 1)
        for week in range(1, last_week + 1):
            day = direction.planned_start + datetime.timedelta(weeks=week, days=-3)
            if day > yesterday:
                day = yesterday
            entries.append(
                (
                    at(day, 16, 10),
                    HOME_HOST,
                    f"{direction.case_lead.full_name} (home) and the host's head of year",
                    ContactEntry.How.PHONE if week % 2 else ContactEntry.How.EMAIL,
                    "Weekly update: attendance good, one late. Work set by the home school "
                    "is being completed; no incidents.",
                    week % 2 == 0,
                )
            )
        if i == 0 and recent:
            entries.append(
                (
                    at(recent[-1], 15, 50),
                    HOME_HOST,
                    f"{direction.case_lead.full_name} (home) and the host's head of year",
                    ContactEntry.How.EMAIL,
                    "Two days off this week (a cold, says Mum); the host will chase the "
                    "register for those days.",
                    True,
                )
            )
        log(direction, entries)
        deadlines_refresh(direction=direction, today=today)

    ended = (
        Direction.objects.filter(ending=Direction.Ending.HOST_ENDED, host_school__isnull=False)
        .select_related("host_school", "home_school", "case_lead", "pupil")
        .first()
    )
    if ended is None or ended.suspensions.exists():
        return
    cal = calendar_for_school(ended.host_school)
    start = rules.add_school_days(ended.ended_on, -3, cal)
    review_day = rules.add_school_days(start, 1, cal)
    days = Decimal("2")
    Suspension.objects.create(
        pupil=ended.pupil,
        start_date=start,
        days=days,
        reason="Assaulted a member of the host's staff during a lesson.",
        suspended_by=ended.host_school,
        direction=ended,
    )
    register(
        ended,
        ended.planned_start,
        ended.ended_on,
        suspended=set(rules.suspension_sessions(start, days, cal)),
    )
    log(
        ended,
        [
            (
                at(start, 11, 5),
                HOME_HOST,
                f"Host headteacher and {ended.case_lead.full_name}",
                ContactEntry.How.PHONE,
                "The host has suspended the pupil for 2 days and asks for an emergency review "
                "tomorrow.",
                True,
            )
        ],
    )
    Meeting.objects.create(
        direction=ended,
        kind=Meeting.Kind.EMERGENCY,
        date=review_day,
        held=True,
        recorded_by=ended.case_lead,
        parents_invited_on=start,
        home_representative=f"{ended.case_lead.full_name}, case lead",
        host_representative=f"{ended.host_school.headteacher_name}, headteacher",
        parent_carer="Mother",
        progress="Attendance good until the incident; work completed in most lessons.",
        concerns="A serious assault on a member of staff. The host will not continue.",
        support="Reintegration plan at the home school with a key adult.",
        outcome=Meeting.Outcome.RETURN,
        signed_by_parent=True,
        signed_by_home=True,
        signed_by_host=True,
    )
    people = home_people(ended)
    sent = at(start, 11, 0)
    for person in dict.fromkeys(people):
        Notification.objects.get_or_create(
            user=person,
            key=f"host-suspension:{ended.pk}:{start.isoformat()}",
            defaults={
                "school": ended.home_school,
                "pupil": ended.pupil,
                "direction": ended,
                "message": suspension_message(ended, days=2, start_date=start, review=review_day),
                "url": ended.get_absolute_url(),
                "emailed_at": sent,
                "read_at": sent if person != ended.case_lead else None,
            },
        )
    Notification.objects.filter(key__startswith=f"host-suspension:{ended.pk}:").update(
        created_at=sent
    )
    deadlines_refresh(direction=ended, today=today)


def _seed_managed_move_and_la_tasks(today: datetime.date) -> None:
    """The managed move of the converted direction and the LA's tasks (helper B, 003).

    The move starts after today, so the pupil is still on the home school's roll and the new
    school still sees them: moving the pupil here would make the next run of seed_demo add
    the pupil again at the home school. The portal return is done, the spreadsheet is not.
    """
    from cases.models import Direction, LaTask, ManagedMove
    from cases.services import managed_moves

    converted = (
        Direction.objects.filter(ending=Direction.Ending.MANAGED_MOVE, host_school__isnull=False)
        .select_related("pupil", "home_school", "host_school", "case_lead")
        .order_by("pk")
        .first()
    )
    if converted is not None and not ManagedMove.objects.filter(direction=converted).exists():
        next_monday = today + datetime.timedelta(days=7 - today.weekday())
        ManagedMove.objects.create(
            direction=converted,
            pupil=converted.pupil,
            from_school=converted.home_school,
            to_school=converted.host_school,
            agreed_start=next_monday + datetime.timedelta(weeks=1),
            funding_awpu="£2,140 (AWPU balance for the rest of the year)",
            funding_send="",
            funding_backdated=True,
            transport_redesignation=f"School Admissions to redesignate "
            f"{converted.host_school.name} for transport purposes; the family does not need "
            f"transport assistance.",
            parents_agree=True,
            admission_authority_agrees=True,
            recorded_by=converted.case_lead,
        )
        grant_host_access(converted.pupil, converted.host_school)
    if converted is not None:
        managed_moves.la_tasks_on_end(direction=converted, by=converted.case_lead)
        portal = LaTask.objects.get(direction=converted, kind=LaTask.Kind.PORTAL_RETURN)
        if portal.done_on is None:
            portal.done_on = min(converted.ended_on + datetime.timedelta(days=3), today)
            portal.done_by = converted.case_lead
            portal.notes = "Off-roll return submitted on the Children's Services Portal."
            portal.save(update_fields=["done_on", "done_by", "notes"])
    for ended in Direction.objects.filter(ending=Direction.Ending.HOST_ENDED).select_related(
        "pupil", "home_school", "case_lead"
    ):
        managed_moves.la_tasks_on_end(direction=ended, by=ended.case_lead)
    for proposed in Direction.objects.filter(state=Direction.State.PROPOSED).select_related(
        "pupil", "home_school", "case_lead"
    ):
        managed_moves.la_tasks_on_proposal(direction=proposed, by=proposed.case_lead)


def _seed_letters(today: datetime.date) -> None:
    """Helper A2: the direction letter each demo direction sent as its notice, as the outbox
    recorded it (sent), and one email the mail server refused, to show "Send again"."""
    from django.utils import timezone

    from cases.guards import GuardError
    from cases.models import Direction
    from documents import direction_documents, outbox
    from documents.models import GeneratedDocument, Letter, OutboxMessage
    from documents.rendering import DocumentRenderError

    directions = (
        Direction.objects.filter(notice_sent_on__isnull=False, host_school__isnull=False)
        .select_related("pupil__school", "home_school", "host_school", "case_lead")
        .order_by("pk")
    )
    failed_one = False
    for direction in directions:
        if Letter.objects.filter(
            pupil=direction.pupil, document__kind=GeneratedDocument.Kind.DIRECTION_LETTER
        ).exists():
            continue
        recipients = outbox.letter_recipients(direction.pupil)
        if not recipients.anyone:
            continue
        try:
            document = direction_documents.generate(
                GeneratedDocument.Kind.DIRECTION_LETTER,
                direction,
                by=direction.case_lead,
                today=direction.notice_sent_on,
            )
        except (GuardError, DocumentRenderError):
            continue
        sent = timezone.make_aware(
            datetime.datetime.combine(direction.notice_sent_on, datetime.time(9, 5))
        )
        letter = Letter.objects.create(
            pupil=direction.pupil,
            document=document,
            subject=f"Off-site direction for {direction.pupil.full_name}",
            body="Please find attached our letter confirming the off-site direction.",
            by_post=recipients.by_post,
            sent_by=direction.case_lead,
        )
        Letter.objects.filter(pk=letter.pk).update(created_at=sent)
        for recipient in recipients.by_email:
            fail = not failed_one and direction.home_school.local_authority.code == "937"
            failed_one = failed_one or fail
            OutboxMessage.objects.create(
                letter=letter,
                parent=recipient.parents[0],
                to_name=recipient.name,
                to_email=recipient.email,
                state=OutboxMessage.State.FAILED if fail else OutboxMessage.State.SENT,
                attempts=outbox.MAX_ATTEMPTS if fail else 1,
                claimed_at=sent,
                sent_at=None if fail else sent,
                last_error="The mail server could not be reached: connection refused."
                if fail
                else "",
            )
