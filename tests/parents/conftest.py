"""A separated family on an off-site direction: two parents at their own addresses, each sent
their own letter, and a personal link for each."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from cases.directions.models import Direction
from cases.pupils.models import ParentCarer
from parents import services
from reviews.models import Meeting
from tests.documents.factories import GeneratedDocumentFactory
from tests.factories import DirectionFactory, LetterFactory, ParentCarerFactory

NOW = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC)
MUM_ADDRESS = "7 Refuge Lane, Secret Town"
DAD_ADDRESS = "9 Other Road, Elsewhere"


@dataclass
class Family:
    direction: Direction
    mum: ParentCarer
    dad: ParentCarer
    mum_letter: object
    dad_letter: object
    review: Meeting
    mum_token: str
    dad_token: str


@pytest.fixture(autouse=True)
def _fresh_limits():
    """The rate limits count in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def letter_for(parent, direction, subject, *, kind="direction_letter", about=None):
    document = GeneratedDocumentFactory(pupil=parent.pupil, kind=kind, about=about or direction)
    return LetterFactory(pupil=parent.pupil, document=document, parent=parent, subject=subject)


@pytest.fixture
def family(world, now) -> Family:
    lead = world.users["school_case_lead"]
    world.school.phone = "01905 123456"
    world.school.save()
    direction = DirectionFactory(
        pupil=world.pupil,
        case_lead=lead,
        host_school=world.host,
        state=Direction.State.ACTIVE,
        notice_sent_on=datetime.date(2026, 11, 10),
    )
    mum = world.pupil.parents.get()  # the world's Pat Parent
    mum.address = MUM_ADDRESS
    mum.save()
    dad = ParentCarerFactory(
        pupil=world.pupil,
        name="Sam Separate",
        relationship="Father",
        email="sam@example.com",
        address=DAD_ADDRESS,
    )
    review = Meeting.objects.create(
        direction=direction,
        kind=Meeting.Kind.REVIEW,
        date=datetime.date(2026, 12, 14),
        time=datetime.time(10, 0),
        recorded_by=lead,
    )
    mum_letter = letter_for(mum, direction, "Letter to Pat about the direction")
    dad_letter = letter_for(dad, direction, "Letter to Sam about the direction")
    _link, mum_token = services.link_issue(parent=mum, case=direction)
    _link, dad_token = services.link_issue(parent=dad, case=direction)
    return Family(direction, mum, dad, mum_letter, dad_letter, review, mum_token, dad_token)
