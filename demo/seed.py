"""Demo data: fictional LAs, schools, people and pupils (idempotent: natural keys throughout).

Every name, address and UPN here is made up. The README lists the sign-ins.
"""

import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from demo.organisations import (
    AREAS,
    DEMO_PASSWORD,
    GROUPS,
    LAS,
    PEOPLE,
    PROVIDERS,
    SCHOOLS,
    seed_term_dates,
)
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
    seed_pupils(schools, today)
