"""Demo data: fictional LAs, schools, people and pupils (idempotent: natural keys throughout).

Every name, address and UPN here is made up. The README lists the sign-ins.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from cases.models import (
    Intervention,
    Ks4Option,
    ParentCarer,
    PreviousSchool,
    Pupil,
    PupilSend,
    Suspension,
)
from reviews.rules import upn_check_letter
from safeguarding.models import SafeguardingRecord
from tenancy.access import grant_host_access
from tenancy.models import Area, Group, LocalAuthority, Membership, Provider, Role, School, User

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
        ("North", "Hannah Okafor"),
        ("East", "Tomasz Nowak"),
        ("South", "Priya Raman"),
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
        "North",
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
        "South",
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
        for area_name, coordinator in AREAS.get(name, []):
            Area.objects.update_or_create(
                local_authority=la,
                name=area_name,
                defaults={
                    "coordinator_name": coordinator,
                    "coordinator_email": f"eec.{area_name.lower()}@{name.lower()}.demo",
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
    # A host school sees a pupil it hosts: Severn Meadow hosts one of Elmbridge's pupils.
    hosted = Pupil.objects.filter(school=schools["elmbridge"]).order_by("upn").first()
    grant_host_access(hosted, schools["severn-meadow"])


def _seed_pupil(school: School, n: int, rng: random.Random, today: datetime.date) -> None:
    la = school.local_authority
    secondary = school.phase == School.Phase.SECONDARY
    age = rng.randint(11, 15) if secondary else rng.randint(5, 10)
    dob = datetime.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    upn = make_upn(la.code, school.dfe_establishment(), 20, 100 + n)  # stable across runs
    first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
    ehcp, looked_after, eal = n % 6 == 1, n % 7 == 3, n % 5 == 2
    street = f"{rng.randint(2, 120)} {STREETS[n % len(STREETS)]}"
    pupil, created = Pupil.objects.update_or_create(
        school=school,
        upn=upn,
        defaults={
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
            "admission_date": datetime.date(dob.year + (11 if secondary else 4), 9, 3),
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
    if secondary and age >= 14:
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
