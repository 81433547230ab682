"""Demo data: fictional LAs, schools, people and pupils (idempotent: natural keys throughout).

Every name, address and UPN here is made up. The README lists the sign-ins.
"""

import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from demo.calendar import seed_term_dates
from demo.organisations import AREAS, GROUPS, LAS, PROVIDERS, SCHOOLS
from demo.people import DEMO_PASSWORD, PEOPLE
from demo.pupils import seed_pupils
from tenancy.models import (
    Area,
    Group,
    LocalAuthority,
    Membership,
    Provider,
    School,
    User,
)


@transaction.atomic
def seed(today: datetime.date) -> None:
    """Load the demo LAs, schools, people, pupils and every case type's cases; safe to run again."""
    las = {}
    for demo_la in LAS:
        las[demo_la.name], _created = LocalAuthority.objects.update_or_create(
            code=demo_la.code,
            defaults={
                "name": demo_la.name,
                "nation": demo_la.nation,
                **demo_la.policy,
                **demo_la.inboxes,
            },
        )
        seed_term_dates(las[demo_la.name])
    areas = {}
    for area in AREAS:
        areas[area.la, area.name], _created = Area.objects.update_or_create(
            local_authority=las[area.la],
            name=area.name,
            defaults={
                "coordinator_name": area.coordinator,
                "coordinator_email": f"eec.{slugify(area.name)}@{area.la.lower()}.demo",
                "coordinator_phone": area.coordinator_phone,
            },
        )
    groups = {
        group.name: Group.objects.update_or_create(name=group.name, defaults={"kind": group.kind})[
            0
        ]
        for group in GROUPS
    }
    schools = {}
    for school in SCHOOLS:
        la = las[school.la]
        schools[school.slug], _created = School.objects.update_or_create(
            urn=school.urn,
            defaults={
                "name": school.name,
                "dfe_number": f"{la.code}/{school.establishment}",
                "local_authority": la,
                "phase": school.phase,
                "kind": school.kind,
                "group": groups.get(school.group),
                "area": areas[school.la, school.area] if school.area else None,
                "address": school.address,
                "postcode": school.postcode,
                "phone": school.phone,
                "email": f"office@{school.slug}.demo",
                "headteacher_name": school.headteacher,
                "welsh_medium": school.welsh_medium,
                "dsl_name": school.dsl,
                "dsl_email": f"dsl@{school.slug}.demo",
            },
        )
    providers = {}
    for provider in PROVIDERS:
        providers[provider.name], _created = Provider.objects.update_or_create(
            local_authority=las[provider.la],
            name=provider.name,
            defaults={
                "address": provider.address,
                "contact_name": provider.contact,
                "ofsted_urn": provider.ofsted_urn,
                "la_approved": provider.la_approved,
                "contact_email": f"{provider.contact.split()[0].lower()}@provider.demo",
            },
        )
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    for person in PEOPLE:
        user, _created = User.objects.get_or_create(
            email=person.email, defaults={"full_name": person.name, "password": password}
        )
        if person.school:
            at = {"school": schools[person.school]}
        elif person.la:
            at = {"local_authority": las[person.la]}
        elif person.group:
            at = {"group": groups[person.group]}
        else:
            at = {"provider": providers[person.provider]}
        Membership.objects.get_or_create(user=user, role=person.role, **at)
    seed_pupils(schools, today)
