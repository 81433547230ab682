"""The demo's people: one sign-in for each role the README lists, all with the published demo
password."""

from dataclasses import dataclass

from tenancy.models import (
    Role,
)

DEMO_PASSWORD = "waymark-demo-2026"  # noqa: S105 - the published demo password, demo mode only


@dataclass(frozen=True)
class DemoPerson:
    """A demo sign-in and one of its memberships: at a school (by slug), an LA, a trust or
    service, or a provider (by name)."""

    email: str
    name: str
    role: str
    school: str | None = None
    la: str | None = None
    group: str | None = None
    provider: str | None = None

    def __post_init__(self):
        held = [org for org in (self.school, self.la, self.group, self.provider) if org]
        if len(held) != 1:
            raise ValueError(f"{self.email} as {self.role}: name exactly one organisation")


PEOPLE = [
    DemoPerson("head@elmbridge.demo", "Dr Sarah Whitfield", Role.HEADTEACHER, school="elmbridge"),
    DemoPerson("case-lead@elmbridge.demo", "Tom Bradley", Role.CASE_LEAD, school="elmbridge"),
    DemoPerson("dsl@elmbridge.demo", "Mark Ellison", Role.DSL, school="elmbridge"),
    DemoPerson("senco@elmbridge.demo", "Nadia Hussain", Role.SENCO, school="elmbridge"),
    DemoPerson("key-adult@elmbridge.demo", "Chris Lowe", Role.KEY_ADULT, school="elmbridge"),
    DemoPerson("office@elmbridge.demo", "Julie Parkes", Role.OFFICE, school="elmbridge"),
    DemoPerson(
        "case-lead@severn-meadow.demo",
        "Ben Carter",
        Role.CASE_LEAD,
        school="severn-meadow",
    ),
    DemoPerson("dsl@severn-meadow.demo", "Fatima Begum", Role.DSL, school="severn-meadow"),
    DemoPerson("head@kingfisher.demo", "Owen Price", Role.HEADTEACHER, school="kingfisher"),
    DemoPerson("head@kingfisher.demo", "Owen Price", Role.DSL, school="kingfisher"),
    DemoPerson("case-lead@heron.demo", "Lucy Hart", Role.CASE_LEAD, school="heron"),
    DemoPerson(
        "head-of-service@pes.demo",
        "Margaret Ashby",
        Role.HEAD_OF_SERVICE,
        group="Worcestershire Pupil Education Service",
    ),
    DemoPerson(
        "la-officer@worcestershire.demo",
        "Paul Fenwick",
        Role.LA_OFFICER,
        la="Worcestershire",
    ),
    DemoPerson(
        "safeguarding@worcestershire.demo",
        "Denise Clarke",
        Role.LA_SAFEGUARDING,
        la="Worcestershire",
    ),
    DemoPerson("send@worcestershire.demo", "Imran Akhtar", Role.LA_SEND, la="Worcestershire"),
    DemoPerson(
        "director@worcestershire.demo",
        "Elizabeth Grant",
        Role.DIRECTOR,
        la="Worcestershire",
    ),
    DemoPerson(
        "virtual-school@worcestershire.demo",
        "Joanne Reid",
        Role.VIRTUAL_SCHOOL,
        la="Worcestershire",
    ),
    DemoPerson("admin@worcestershire.demo", "Kevin Sutton", Role.LA_ADMIN, la="Worcestershire"),
    DemoPerson("officer@two-las.demo", "Alison Drew", Role.LA_OFFICER, la="Worcestershire"),
    DemoPerson("officer@two-las.demo", "Alison Drew", Role.LA_OFFICER, la="Warwickshire"),
    DemoPerson(
        "provider@pathways.demo",
        "Dean Hollis",
        Role.PROVIDER_CONTACT,
        provider="Pathways Vocational Centre",
    ),
    DemoPerson("head@arden-park.demo", "Robert Caine", Role.HEADTEACHER, school="arden-park"),
    DemoPerson("case-lead@arden-park.demo", "Sophie Turner", Role.CASE_LEAD, school="arden-park"),
    DemoPerson("dsl@arden-park.demo", "Angela Fry", Role.DSL, school="arden-park"),
    DemoPerson("senco@arden-park.demo", "Martin Gale", Role.SENCO, school="arden-park"),
    DemoPerson("key-adult@arden-park.demo", "Leah Quinn", Role.KEY_ADULT, school="arden-park"),
    DemoPerson("office@arden-park.demo", "Dawn Pickering", Role.OFFICE, school="arden-park"),
    DemoPerson("case-lead@avon-valley.demo", "Josh Warren", Role.CASE_LEAD, school="avon-valley"),
    DemoPerson("la-officer@warwickshire.demo", "Nicola Ward", Role.LA_OFFICER, la="Warwickshire"),
    DemoPerson(
        "safeguarding@warwickshire.demo",
        "Gary Hughes",
        Role.LA_SAFEGUARDING,
        la="Warwickshire",
    ),
    DemoPerson("send@warwickshire.demo", "Ruth Benson", Role.LA_SEND, la="Warwickshire"),
    DemoPerson("director@warwickshire.demo", "Simon Patel", Role.DIRECTOR, la="Warwickshire"),
    DemoPerson(
        "virtual-school@warwickshire.demo",
        "Carol Edwards",
        Role.VIRTUAL_SCHOOL,
        la="Warwickshire",
    ),
    DemoPerson("admin@warwickshire.demo", "Neil Baxter", Role.LA_ADMIN, la="Warwickshire"),
    DemoPerson("head@afan-vale.demo", "Rhodri Evans", Role.HEADTEACHER, school="afan-vale"),
    DemoPerson("case-lead@afan-vale.demo", "Bethan Davies", Role.CASE_LEAD, school="afan-vale"),
    DemoPerson("dsl@afan-vale.demo", "Sian Morgan", Role.DSL, school="afan-vale"),
    DemoPerson("senco@afan-vale.demo", "Huw Thomas", Role.SENCO, school="afan-vale"),
    DemoPerson("key-adult@afan-vale.demo", "Ffion Roberts", Role.KEY_ADULT, school="afan-vale"),
    DemoPerson("office@afan-vale.demo", "Karen Jenkins", Role.OFFICE, school="afan-vale"),
    DemoPerson("case-lead@glan-nedd.demo", "Nia Williams", Role.CASE_LEAD, school="glan-nedd"),
    DemoPerson("la-officer@npt.demo", "Dafydd Rees", Role.LA_OFFICER, la="Neath Port Talbot"),
    DemoPerson(
        "safeguarding@npt.demo",
        "Mererid Owen",
        Role.LA_SAFEGUARDING,
        la="Neath Port Talbot",
    ),
    DemoPerson("aln@npt.demo", "Geraint Bowen", Role.LA_SEND, la="Neath Port Talbot"),
    DemoPerson("director@npt.demo", "Alun Griffiths", Role.DIRECTOR, la="Neath Port Talbot"),
    DemoPerson(
        "virtual-school@npt.demo",
        "Menna Pritchard",
        Role.VIRTUAL_SCHOOL,
        la="Neath Port Talbot",
    ),
    DemoPerson("admin@npt.demo", "Iwan Harries", Role.LA_ADMIN, la="Neath Port Talbot"),
]
