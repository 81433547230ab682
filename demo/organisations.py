"""The demo's local authorities, schools, trusts and services, AP providers, people and term
dates. All names, schools, addresses and numbers are fictional."""

import datetime

from tenancy.models import (
    Group,
    LocalAuthority,
    Role,
    TermDate,
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
