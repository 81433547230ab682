"""The demo's local authorities, schools, trusts and services, AP providers, people and term
dates. All names, schools, addresses and numbers are fictional: every telephone number's local
part starts with 1, which UK numbering never gives to a line, so none of them rings anybody."""

from dataclasses import dataclass, field

from tenancy.models import (
    Group,
    School,
)


@dataclass(frozen=True)
class DemoLA:
    name: str
    code: str
    nation: str
    policy: dict = field(default_factory=dict)  # LocalAuthority fields the LA sets otherwise
    inboxes: dict = field(default_factory=dict)  # LocalAuthority contact inboxes
    social_worker: str = ""  # "name, team, phone", as a school records it on a passport
    virtual_school: str = ""
    # Where the direction letter's copies to them go (issue 14); .demo addresses reach nobody.
    social_worker_email: str = ""
    virtual_school_email: str = ""


@dataclass(frozen=True)
class DemoArea:
    la: str
    name: str
    coordinator: str
    coordinator_phone: str


@dataclass(frozen=True)
class DemoGroup:
    name: str
    kind: str


@dataclass(frozen=True)
class DemoSchool:
    slug: str  # also the school's email domain: office@<slug>.demo
    name: str
    la: str
    urn: str
    establishment: str  # the DfE number is <LA code>/<establishment>
    phase: str
    kind: str
    group: str | None
    area: str | None
    headteacher: str
    dsl: str
    street: str  # the lines between the school's name and its town
    town: str
    postcode: str
    phone: str
    welsh_medium: bool = False  # its letters default to Welsh (issue 15)

    @property
    def address(self) -> str:
        return f"{self.name}\n{self.street}\n{self.town}"


@dataclass(frozen=True)
class DemoProvider:
    la: str
    name: str
    address: str
    contact: str
    ofsted_urn: str
    la_approved: bool


LAS = [
    DemoLA(
        name="Worcestershire",
        code="885",
        nation="england",
        # No reduced-timetable protocol of its own: the DfE's national expectations.
        policy={"requested_review_window_weeks": 6, "reduced_timetable_protocol": "dfe_national"},
        inboxes={
            "admissions_email": "admissions@worcestershire.demo",
            "send_email": "send@worcestershire.demo",
            "safeguarding_email": "safeguarding@worcestershire.demo",
            "transport_email": "transport@worcestershire.demo",
            "psp_email": "psp@worcestershire.demo",
        },
        social_worker="Kate Morley, Children's Social Care, 01905 111 222",
        virtual_school="Virtual School, 01905 133 444",
        social_worker_email="kate.morley@worcestershire.demo",
        virtual_school_email="virtual.school@worcestershire.demo",
    ),
    DemoLA(
        name="Warwickshire",
        code="937",
        nation="england",
        policy={
            "parental_agreement_required": True,
            "coordinator_consultation_required": True,
            "reduced_timetable_protocol": "dfe_national",
        },
        inboxes={
            "admissions_email": "admissions@warwickshire.demo",
            "send_email": "send@warwickshire.demo",
            "safeguarding_email": "safeguarding@warwickshire.demo",
        },
        social_worker="Lauren Pryce, Children and Families, 01926 118 340",
        virtual_school="Virtual School, 01926 119 520",
        social_worker_email="lauren.pryce@warwickshire.demo",
        virtual_school_email="",
    ),
    DemoLA(
        name="Neath Port Talbot",
        code="671",
        nation="wales",
        policy={
            "behaviour_service": "Wellbeing and Behaviour Service",
            "reduced_timetable_protocol": "npt_004",  # 004 is its own guidance
        },
        inboxes={
            "psp_email": "psp@npt.gov.uk",
            "transport_email": "transport@npt.demo",
            "safeguarding_email": "safeguarding@npt.demo",
            "send_email": "aln@npt.demo",
        },
        social_worker="Rhian Bevan, Children's Services, 01639 116 280",
        virtual_school="Virtual School, 01639 117 390",
        social_worker_email="rhian.bevan@npt.demo",
        virtual_school_email="virtual.school@npt.demo",
    ),
]


AREAS = [
    DemoArea("Warwickshire", "North/Nuneaton and Bedworth", "Hannah Okafor", "01926 141 210"),
    DemoArea("Warwickshire", "East", "Tomasz Nowak", "01926 141 220"),
    DemoArea("Warwickshire", "South/Central", "Priya Raman", "01926 141 230"),
]


GROUPS = [
    DemoGroup("Severn Vale Learning Trust", Group.Kind.TRUST),
    DemoGroup("Worcestershire Pupil Education Service", Group.Kind.SERVICE),
]


SCHOOLS = [
    DemoSchool(
        slug="elmbridge",
        name="Elmbridge High School",
        la="Worcestershire",
        urn="900101",
        establishment="4101",
        phase="secondary",
        kind="maintained",
        group=None,
        area=None,
        headteacher="Dr Sarah Whitfield",
        dsl="Mark Ellison",
        street="Elmbridge Lane",
        town="Droitwich Spa",
        postcode="WR9 0DL",
        phone="01905 162 480",
    ),
    DemoSchool(
        slug="severn-meadow",
        name="Severn Meadow Academy",
        la="Worcestershire",
        urn="900102",
        establishment="4102",
        phase="secondary",
        kind="academy",
        group="Severn Vale Learning Trust",
        area=None,
        headteacher="James Aldridge",
        dsl="Fatima Begum",
        street="Bath Meadow Road",
        town="Worcester",
        postcode="WR5 3HQ",
        phone="01905 174 300",
    ),
    DemoSchool(
        slug="bredon-hill",
        name="Bredon Hill Primary School",
        la="Worcestershire",
        urn="900103",
        establishment="2103",
        phase="primary",
        kind="academy",
        group="Severn Vale Learning Trust",
        area=None,
        headteacher="Claire Pembury",
        dsl="Claire Pembury",
        street="Hill View Road\nEckington",
        town="Pershore",
        postcode="WR10 3BN",
        phone="01386 152 710",
    ),
    DemoSchool(
        slug="kingfisher",
        name="Kingfisher Centre",
        la="Worcestershire",
        urn="900104",
        establishment="1104",
        phase="secondary",
        kind="centre",
        group="Worcestershire Pupil Education Service",
        area=None,
        headteacher="Owen Price",
        dsl="Owen Price",
        street="Wharf Road",
        town="Kidderminster",
        postcode="DY10 1QT",
        phone="01562 138 250",
    ),
    DemoSchool(
        slug="heron",
        name="Heron Centre",
        la="Worcestershire",
        urn="900105",
        establishment="1105",
        phase="secondary",
        kind="centre",
        group="Worcestershire Pupil Education Service",
        area=None,
        headteacher="Lucy Hart",
        dsl="Dev Sharma",
        street="Lakeside Walk",
        town="Redditch",
        postcode="B98 0JW",
        phone="01527 146 390",
    ),
    DemoSchool(
        slug="otter",
        name="Otter Centre",
        la="Worcestershire",
        urn="900106",
        establishment="1106",
        phase="primary",
        kind="centre",
        group="Worcestershire Pupil Education Service",
        area=None,
        headteacher="Grace Mensah",
        dsl="Grace Mensah",
        street="Brook Close",
        town="Malvern",
        postcode="WR14 2LU",
        phone="01684 157 620",
    ),
    DemoSchool(
        slug="arden-park",
        name="Arden Park School",
        la="Warwickshire",
        urn="900201",
        establishment="4201",
        phase="secondary",
        kind="maintained",
        group=None,
        area="North/Nuneaton and Bedworth",
        headteacher="Robert Caine",
        dsl="Angela Fry",
        street="Arden Road",
        town="Atherstone",
        postcode="CV9 1NP",
        phone="01827 163 540",
    ),
    DemoSchool(
        slug="avon-valley",
        name="Avon Valley Academy",
        la="Warwickshire",
        urn="900202",
        establishment="4202",
        phase="secondary",
        kind="academy",
        group=None,
        area="East",
        headteacher="Helen Marsh",
        dsl="Kwame Asante",
        street="Newbold Meadow Road",
        town="Rugby",
        postcode="CV21 1EH",
        phone="01788 129 870",
    ),
    DemoSchool(
        slug="stour-bridge",
        name="Stour Bridge High School",
        la="Warwickshire",
        urn="900203",
        establishment="4203",
        phase="secondary",
        kind="maintained",
        group=None,
        area="South/Central",
        headteacher="Ian Doyle",
        dsl="Rachel Stone",
        street="Mill Bridge Road",
        town="Shipston-on-Stour",
        postcode="CV36 4HW",
        phone="01608 171 230",
    ),
    DemoSchool(
        slug="afan-vale",
        name="Afan Vale Comprehensive School",
        la="Neath Port Talbot",
        urn="900301",
        establishment="4301",
        phase="secondary",
        kind="maintained",
        group=None,
        area=None,
        headteacher="Rhodri Evans",
        dsl="Sian Morgan",
        street="Heol y Cwm\nCwmafan",
        town="Port Talbot",
        postcode="SA12 9BN",
        phone="01639 148 260",
    ),
    DemoSchool(
        slug="glan-nedd",
        name="Ysgol Gynradd Glan Nedd",
        la="Neath Port Talbot",
        urn="900302",
        establishment="2302",
        phase="primary",
        kind="maintained",
        group=None,
        area=None,
        headteacher="Catrin Lloyd",
        dsl="Catrin Lloyd",
        street="Heol y Gamlas",
        town="Neath",
        postcode="SA11 1RS",
        phone="01639 115 470",
        welsh_medium=True,
    ),
    DemoSchool(
        slug="margam-road",
        name="Margam Road Primary School",
        la="Neath Port Talbot",
        urn="900303",
        establishment="2303",
        phase="primary",
        kind="maintained",
        group=None,
        area=None,
        headteacher="Gareth Powell",
        dsl="Eleri Jones",
        street="Margam Road",
        town="Port Talbot",
        postcode="SA13 2AH",
        phone="01639 187 940",
    ),
]


PROVIDERS = [
    DemoProvider(
        la="Worcestershire",
        name="Pathways Vocational Centre",
        address="Unit 4, Shrub Hill Industrial Estate, Worcester WR4 9FA",
        contact="Dean Hollis",
        ofsted_urn="2578342",
        la_approved=True,
    ),
    DemoProvider(
        la="Worcestershire",
        name="Riverside Outdoor Learning",
        address="Riverside Farm, Pershore WR10 2LP",
        contact="Amy Watts",
        ofsted_urn="",
        la_approved=True,
    ),
    DemoProvider(
        la="Warwickshire",
        name="Forge Skills Academy",
        address="12 Forge Lane, Nuneaton CV10 7QT",
        contact="Sam Rigby",
        ofsted_urn="2599011",
        la_approved=False,
    ),
    DemoProvider(
        la="Neath Port Talbot",
        name="Canolfan Sgiliau Afan",
        address="Heol y Dwr, Port Talbot SA12 6AB",
        contact="Llinos Hughes",
        ofsted_urn="",
        la_approved=True,
    ),
]


def schools_by_slug() -> dict[str, School]:
    """The demo's schools, seeded already, by slug."""
    by_urn = School.objects.in_bulk([school.urn for school in SCHOOLS], field_name="urn")
    return {school.slug: by_urn[school.urn] for school in SCHOOLS}
