"""Demo AP provider registers and placements (004 "Alternative Provision").

Worcestershire (England) and Neath Port Talbot (Wales) each get providers with a current, an
expired and no safeguarding declaration, an LA visit with findings, and one running placement
with its attendance at the provider (the last day left unrecorded, so it is on the Due page).
Neath Port Talbot's provider in use has a declaration expiring within the week, on the LA
safeguarding officer's Due page. Everything is made through the register's and the placements'
services and their guards, each on the day it happened. Idempotent: natural keys, and nothing
is made twice.
"""

import datetime
import logging

from django.db import transaction

from cases.placements.deadlines import placement_refresh_deadlines
from cases.placements.models import ApPlacement
from cases.placements.services import ap_attendance_record, placement_create
from cases.pupils.models import Pupil
from reviews import rules
from reviews.calendars import calendar_for_school
from safeguarding.models import ProviderVisit, SafeguardingDeclaration
from safeguarding.providers import (
    ITEM_NAMES,
    declaration_record,
    provider_create,
    provider_refresh_deadlines,
    visit_record,
)
from tenancy.models import LocalAuthority, Provider, School, User

logger = logging.getLogger(__name__)

# LA, name, address, contact, Ofsted, LA approved, declaration signed this many days ago (None:
# no declaration). 365 or more is expired; about 360 expires within the week; one in use was
# signed before its placement began, 20 school days ago (across a summer holiday too).
PROVIDERS = [
    ("Worcestershire", "Pathways Vocational Centre", "", "", "", True, 120),
    ("Worcestershire", "Riverside Outdoor Learning", "", "", "", True, 420),
    (
        "Worcestershire",
        "Bright Futures Mentoring",
        "The Old Chapel, Foregate Street, Worcester WR1 1DB",
        "Kerry Mills",
        "",
        False,
        None,
    ),
    ("Neath Port Talbot", "Canolfan Sgiliau Afan", "", "", "", True, 361),
    (
        "Neath Port Talbot",
        "Gweithdy Coed Castell-nedd",
        "Uned 7, Ystad Ddiwydiannol Milland Road, Castell-nedd SA11 1NJ",
        "Gethin Rowlands",
        "",
        True,
        500,
    ),
    (
        "Neath Port Talbot",
        "Academi Chwaraeon Aberafan",
        "Heol y Môr, Aberafan SA12 6QP",
        "Carys Bevan",
        "",
        False,
        None,
    ),
]

SIGNATORIES = {
    "Pathways Vocational Centre": ("Dean Hollis", "Centre Manager"),
    "Riverside Outdoor Learning": ("Amy Watts", "Director"),
    "Canolfan Sgiliau Afan": ("Llinos Hughes", "Rheolwr / Manager"),
    "Gweithdy Coed Castell-nedd": ("Gethin Rowlands", "Owner"),
}

VISITS = {
    "Pathways Vocational Centre": (
        45,
        "Denise Clarke",
        "Single central record seen: enhanced DBS for all 9 staff within three years, two "
        "references on file. Safeguarding training certificates current. Sign-in book at "
        "reception did not record times out; agreed to change it by the end of term.",
        ProviderVisit.Outcome.ACTIONS,
    ),
    "Canolfan Sgiliau Afan": (
        200,
        "Mererid Owen",
        "Cofrestr staff wedi'i gwirio / staff register checked: DBS and references in order. "
        "Workshop risk assessments up to date. Learners supervised at all times.",
        ProviderVisit.Outcome.NO_CONCERNS,
    ),
}

# Base school (URN), provider, monitoring staff email, weekdays with times.
PLACEMENTS = [
    (
        "900101",
        "Pathways Vocational Centre",
        "case-lead@elmbridge.demo",
        {1: ("9:00", "15:00"), 3: ("9:00", "15:00")},
    ),
    (
        "900301",
        "Canolfan Sgiliau Afan",
        "case-lead@afan-vale.demo",
        {0: ("9:30", "14:30"), 2: ("9:30", "14:30"), 4: ("9:30", "12:00")},
    ),
]
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday")


def _time(text: str) -> datetime.time:
    hour, minute = text.split(":")
    return datetime.time(int(hour), int(minute))


def _officer(la: LocalAuthority) -> User | None:
    return (
        User.objects.filter(memberships__local_authority=la, memberships__role="la_safeguarding")
        .order_by("pk")
        .first()
    )


@transaction.atomic
def seed_providers(today: datetime.date) -> None:
    providers = {}
    for la_name, name, address, contact, ofsted, approved, signed_days_ago in PROVIDERS:
        la = LocalAuthority.objects.filter(name=la_name).first()
        officer = _officer(la) if la else None
        if la is None or officer is None:
            continue
        provider = Provider.objects.filter(local_authority=la, name=name).first()
        if provider is None:
            provider = provider_create(
                local_authority=la,
                details={
                    "name": name,
                    "address": address,
                    "contact_name": contact,
                    "contact_email": f"{contact.split()[0].lower()}@provider.demo",
                    "ofsted_urn": ofsted,
                    "la_approved": approved,
                },
                by=officer,
            )
        providers[name] = provider
        if signed_days_ago is not None and not provider.declarations.exists():
            _declaration(provider, today - datetime.timedelta(days=signed_days_ago), officer, today)
        if name in VISITS and not provider.visits.exists():
            days_ago, who, findings, outcome = VISITS[name]
            visit_record(
                provider=provider,
                visited_on=today - datetime.timedelta(days=days_ago),
                officer=who,
                findings=findings,
                outcome=outcome,
                by=officer,
                today=today,
            )
    for urn, provider_name, staff_email, times in PLACEMENTS:
        provider = providers.get(provider_name)
        staff = User.objects.filter(email=staff_email).first()
        school = School.objects.filter(urn=urn).first()
        if provider is None or staff is None or school is None:
            continue
        _placement(school, provider, staff, times, today)

    for provider in providers.values():
        provider_refresh_deadlines(provider=provider, today=today)


def _declaration(
    provider: Provider, signed_on: datetime.date, officer: User, today: datetime.date
) -> None:
    """A declaration signed on paper and recorded by the LA's safeguarding officer."""
    name, position = SIGNATORIES.get(provider.name, (provider.contact_name, "Manager"))
    declaration_record(
        provider=provider,
        signed_on=signed_on,
        confirmed=dict.fromkeys(ITEM_NAMES, True),
        signatory_name=name,
        signatory_position=position,
        received=SafeguardingDeclaration.Received.PAPER,
        by=officer,
        today=today,
    )


def _placement(school: School, provider: Provider, staff: User, times, today) -> None:
    """A placement that began four school weeks ago (on a school day: a placement starts in
    term), with the provider's reports of attendance since (the latest day not in yet: a
    deadline to chase)."""
    pupil = Pupil.objects.filter(school=school).order_by("-upn").first()
    if pupil is None:
        return
    placement = ApPlacement.objects.filter(pupil=pupil, provider=provider).first()
    if placement is None:
        start = rules.add_school_days(rules.week_monday(today), -20, calendar_for_school(school))
        placement = placement_create(
            pupil=pupil,
            details={
                "provider": provider,
                "monitoring_staff": staff,
                "start": start,
                "end": start + datetime.timedelta(weeks=12, days=4),
                "rationale": (
                    "Hands-on vocational learning has re-engaged the pupil before; attendance "
                    "in school has fallen to 71% this term and lessons are a daily flashpoint."
                ),
                "consultation": (
                    "The pupil and their mother agreed at the PSP meeting. The youth worker "
                    "supports the placement."
                ),
                "objectives": (
                    "Attend every session at the provider and every lesson in school.\n"
                    "Work towards a Level 1 qualification in construction skills.\n"
                    "Next step: a full timetable in school by the end of the placement."
                ),
                **{
                    f"{DAY_NAMES[day]}_{part}": _time(value)
                    for day, pair in times.items()
                    for part, value in zip(("from", "to"), pair, strict=True)
                },
            },
            by=staff,
        )
    if not placement.attendance.exists():
        cal = calendar_for_school(school)
        try:
            days = rules.recent_placement_days(
                placement.start, placement.last_day, placement.times(), today, cal, limit=30
            )
        except ValueError:
            days = []
        # The provider's report of the latest day has not come in yet (a deadline to chase).
        marks = {
            day: ("I", "Phoned in sick") if n == 3 else ("B", "") for n, day in enumerate(days[:-1])
        }
        if marks:
            ap_attendance_record(placement=placement, marks=marks, by=staff, today=today)
    placement_refresh_deadlines(placement=placement, today=today)
