"""Synthetic load data: `seed_demo --scale N` adds N schools of 300 pupils each to Loadshire, a
made-up English LA (code 990), with their staff, the demo's term dates and a realistic share of
cases in every state, so the LA's pages, the Due page and the nightly tasks can be measured at
county scale (issue 12: about 20,000 open cases at N=300).

What goes through the services and what does not, and why:

- The LA, its term dates (demo/calendar.py's), its AP providers and their safeguarding
  declarations go through the same code as the demo (tenancy models, safeguarding.providers):
  a few dozen rows, affordable at any N.
- Staff and pupils are bulk-created (a user, a membership, a pupil are plain rows; no service
  makes them).
- Cases (demo/scale_directions.py, demo/scale_support.py) are bulk-created rows with the fields
  each case type's services set at that point of its life (states, dates, who decided, the
  host's object grant while it hosts), with their history rows: walking 20,000 cases through
  the services one step at a time takes hours at N=300.
- Their deadlines are NOT bulk-created: every case goes through its case type's own deadline
  refresh, the one path (reviews.services.deadlines.deadlines_sync), inside a deadlines batch,
  so the rows are exactly those the services make. The batch does not tell anyone of the
  synthetic steps (no notifications or emails for made-up history).

Safe to run twice: organisations, people and pupils by natural keys; a school that already has
cases gets none added; deadlines are synced, so a second run changes nothing.
"""

import datetime
import random
import time
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction

from cases.pupils.models import ParentCarer, Pupil
from demo.calendar import seed_term_dates
from demo.people import DEMO_PASSWORD
from demo.pupils import FIRST, LAST, make_upn
from demo.scale_cases import refresh_school_deadlines, seed_school_cases
from demo.scale_people import seed_la_staff, seed_school_staff
from demo.scale_providers import seed_providers
from safeguarding.providers import provider_refresh_deadlines
from tenancy.models import LocalAuthority, Provider, School

PUPILS_PER_SCHOOL = 300
LA_CODE = "990"
LA_NAME = "Loadshire"


def seed_scale(
    schools: int, today: datetime.date, *, progress: Callable[[str], None] = print
) -> LocalAuthority:
    """Add `schools` synthetic schools to Loadshire; returns the LA."""
    started = time.monotonic()
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    with transaction.atomic():
        la = _local_authority()
        la_staff = seed_la_staff(la, password)
        all_schools = [_school(la, s) for s in range(schools)]
        providers = seed_providers(la, la_staff, today, count=max(3, schools // 10))
    progress(f"Loadshire: {schools} schools, {len(providers)} AP providers")
    for s, school in enumerate(all_schools):
        rng = random.Random(s)  # noqa: S311 - deterministic load data, not security
        with transaction.atomic():
            staff = seed_school_staff(school, s + 1, password)
            pupils = _pupils(school, s, rng, today)
            host = all_schools[(s + 1) % schools] if schools > 1 else None
            made = seed_school_cases(
                school=school,
                host=host,
                staff=staff,
                pupils=pupils,
                providers=providers,
                officer=la_staff,
                rng=rng,
                today=today,
            )
            rows = refresh_school_deadlines(school, today) if made else 0
        progress(
            f"school {s + 1}/{schools}: {made} cases, {rows} deadline rows "
            f"({time.monotonic() - started:.0f} s)"
        )
    with transaction.atomic():
        for provider in Provider.objects.filter(local_authority=la):
            provider_refresh_deadlines(provider=provider, today=today)
    progress(f"Loadshire seeded in {time.monotonic() - started:.0f} s")
    return la


def _local_authority() -> LocalAuthority:
    la, _created = LocalAuthority.objects.get_or_create(
        code=LA_CODE,
        # An English county that adopted a protocol like Neath Port Talbot's (004), so the load
        # runs the Director's step and the audit too.
        defaults={"name": LA_NAME, "nation": "england", "reduced_timetable_protocol": "npt_004"},
    )
    if la.name != LA_NAME:  # earlier runs called it "Loadshire (synthetic)"
        la.name = LA_NAME
        la.save(update_fields=["name"])
    seed_term_dates(la)
    return la


def _school(la: LocalAuthority, s: int) -> School:
    estab = f"{5000 + s:04d}"
    school, _created = School.objects.get_or_create(
        urn=f"98{s:04d}",  # clear of the demo schools' 900xxx
        defaults={
            "name": f"Loadshire School {s + 1}",
            "dfe_number": f"{LA_CODE}/{estab}",
            "local_authority": la,
            "phase": "secondary",
            "kind": "maintained",
            "address": f"{s + 1} Synthetic Road, Loadtown",
            "postcode": "LD1 1AA",
            "email": f"office@loadshire-school-{s + 1}.demo",
            "headteacher_name": "Synthetic Head",
            "dsl_name": "Synthetic DSL",
            "dsl_email": f"dsl@loadshire-school-{s + 1}.demo",
        },
    )
    return school


def _pupils(school: School, s: int, rng: random.Random, today: datetime.date) -> list[Pupil]:
    """The school's 300 pupils (years 7 to 11) with a parent each, oldest UPN first."""
    estab = f"{5000 + s:04d}"
    pupils = []
    for p in range(PUPILS_PER_SCHOOL):
        dob = datetime.date(
            today.year - rng.randint(11, 16), rng.randint(1, 12), rng.randint(1, 28)
        )
        pupils.append(
            Pupil(
                school=school,
                upn=make_upn(LA_CODE, estab, dob.year + 5, p),
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                gender=rng.choice(["male", "female"]),
                date_of_birth=dob,
                home_address=f"{p + 1} Synthetic Street, Loadtown",
                has_ehcp=rng.random() < 0.05,
                looked_after=rng.random() < 0.02,
                send_support=rng.random() < 0.15,
            )
        )
    # A pupil who left on a managed move is on another school's roll now: not made again.
    made = set(Pupil.objects.filter(upn__in=[p.upn for p in pupils]).values_list("upn", flat=True))
    Pupil.objects.bulk_create([p for p in pupils if p.upn not in made], ignore_conflicts=True)
    created = Pupil.objects.filter(school=school, parents__isnull=True)
    ParentCarer.objects.bulk_create(
        ParentCarer(
            pupil=p,
            name=f"Parent {p.last_name}",
            relationship="Parent",
            email=f"parent{p.pk}@example.com",
        )
        for p in created
    )
    return list(Pupil.objects.filter(school=school).order_by("upn"))
