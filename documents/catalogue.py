"""Every form and letter Waymark renders, for `manage.py render_forms`.

Each entry renders one kind of document for each record of the demo data it applies to, with no
signed-in user and nothing stored. Add a FormRenderer here when a new form or letter exists.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cases import demo
from cases.models import Pupil
from documents import passport
from documents.rendering import render_pdf
from tenancy.models import Membership, Role


@dataclass(frozen=True)
class FormRenderer:
    slug: str
    description: str
    records: Callable[[], Iterable]
    filename: Callable[[object], str]
    render: Callable[[object, datetime.date], bytes]


def demo_pupils():
    """Pupils of the demo schools only: `seed_demo --scale` load data is not worth printing."""
    urns = [school[3] for school in demo.SCHOOLS]
    return Pupil.objects.filter(school__urn__in=urns).order_by("school__name", "upn")


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
)
