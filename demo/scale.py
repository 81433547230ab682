"""Synthetic load data: `seed_demo --scale N` adds N schools of 300 pupils each in a test LA."""

import datetime
import random

from django.db import transaction

from cases.pupils.models import ParentCarer, Pupil
from demo.pupils import FIRST, LAST, make_upn
from tenancy.models import LocalAuthority, School

PUPILS_PER_SCHOOL = 300


@transaction.atomic
def seed_scale(schools: int, today: datetime.date) -> None:
    rng = random.Random(schools)  # noqa: S311 - deterministic load data, not security
    la, _created = LocalAuthority.objects.get_or_create(
        code="990", defaults={"name": "Loadshire (synthetic)", "nation": "england"}
    )
    for s in range(schools):
        estab = f"{5000 + s:04d}"
        school, _created = School.objects.get_or_create(
            urn=f"98{s:04d}",  # clear of the demo schools' 900xxx
            defaults={
                "name": f"Loadshire School {s + 1}",
                "dfe_number": f"990/{estab}",
                "local_authority": la,
                "phase": "secondary",
                "kind": "maintained",
                "address": "Synthetic Road",
                "postcode": "LD1 1AA",
                "headteacher_name": "Synthetic Head",
                "dsl_name": "Synthetic DSL",
            },
        )
        pupils = []
        for p in range(PUPILS_PER_SCHOOL):
            dob = datetime.date(
                today.year - rng.randint(11, 16), rng.randint(1, 12), rng.randint(1, 28)
            )
            pupils.append(
                Pupil(
                    school=school,
                    upn=make_upn("990", estab, dob.year + 5, p),
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    gender=rng.choice(["male", "female"]),
                    date_of_birth=dob,
                    home_address="1 Synthetic Street",
                    has_ehcp=rng.random() < 0.05,
                    looked_after=rng.random() < 0.02,
                    send_support=rng.random() < 0.15,
                )
            )
        Pupil.objects.bulk_create(pupils, ignore_conflicts=True)
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
