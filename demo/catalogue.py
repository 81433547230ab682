"""Every form and letter Waymark renders, for `manage.py render_forms`: the Pupil Passport, then
each case type's own (declared in its case_type.py), for the demo schools' records, with no
signed-in user and nothing stored.
"""

import datetime

from django.db.models import QuerySet

from cases import registry
from cases.pupils import documents as passport
from cases.pupils.models import Pupil
from demo.organisations import SCHOOLS
from documents.rendering import FormRenderer, render_pdf
from tenancy.models import Membership, Role, School


def demo_schools() -> QuerySet[School]:
    """The demo schools only: `seed_demo --scale` load data is not worth printing."""
    return School.objects.filter(urn__in=[school.urn for school in SCHOOLS])


def demo_pupils(schools: QuerySet[School]):
    return Pupil.objects.filter(school__in=schools).order_by("school__name", "upn")


def _passport_as_home_dsl(pupil: Pupil, today: datetime.date) -> bytes:
    # An unsaved membership: the access policy answers for "a DSL of this pupil's school"
    # without anybody being signed in.
    dsl = Membership(role=Role.DSL, school=pupil.school)
    allowed = passport.Access.for_membership(dsl, pupil)
    return render_pdf(
        passport.TEMPLATE, passport.passport_context(pupil, allowed=allowed, today=today)
    )


RENDERERS: tuple[FormRenderer, ...] = (
    FormRenderer(
        slug="passport",
        description="Pupil Passport (template 2), as the home school's DSL sees it",
        records=demo_pupils,
        filename=lambda pupil: f"passport-{pupil.upn}.pdf",
        render=_passport_as_home_dsl,
    ),
    *(
        renderer
        for _case_type, dotted in registry.each("renderers")
        for renderer in registry.resolve(dotted)
    ),
)
