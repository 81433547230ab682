"""Which languages a parent's letters are written in (issue 15, cases.pupils.languages)."""

import pytest

from cases.pupils.languages import family_languages, letter_languages
from cases.pupils.models import ParentCarer
from tests.factories import (
    LocalAuthorityFactory,
    ParentCarerFactory,
    PupilFactory,
    SchoolFactory,
)

Language = ParentCarer.Language


@pytest.fixture
def wales(db):
    return LocalAuthorityFactory(name="Neath Port Talbot", code="671", nation="wales")


def _parent(school, language=""):
    return ParentCarerFactory(pupil=PupilFactory(school=school), preferred_language=language)


def test_a_welsh_la_writes_bilingually_welsh_first_to_a_parent_who_has_not_chosen(wales):
    assert letter_languages(_parent(SchoolFactory(local_authority=wales))) == ("cy", "en")


def test_a_welsh_medium_school_writes_in_welsh_to_a_parent_who_has_not_chosen(wales):
    school = SchoolFactory(local_authority=wales, welsh_medium=True)
    assert letter_languages(_parent(school)) == ("cy",)


def test_an_english_la_writes_in_english_to_a_parent_who_has_not_chosen(world):
    assert letter_languages(_parent(world.school)) == ("en",)


@pytest.mark.parametrize(
    ("choice", "languages"),
    [(Language.ENGLISH, ("en",)), (Language.WELSH, ("cy",)), (Language.BOTH, ("cy", "en"))],
)
def test_the_parents_choice_wins_over_the_schools_default(wales, world, choice, languages):
    welsh_medium = SchoolFactory(local_authority=wales, welsh_medium=True)
    assert letter_languages(_parent(welsh_medium, choice)) == languages
    assert letter_languages(_parent(world.school, choice)) == languages


def test_a_family_form_follows_the_first_parent_with_parental_responsibility(wales):
    pupil = PupilFactory(school=SchoolFactory(local_authority=wales))
    ParentCarerFactory(pupil=pupil, parental_responsibility=False, preferred_language="en")
    ParentCarerFactory(pupil=pupil, preferred_language="cy")
    ParentCarerFactory(pupil=pupil, preferred_language="en")
    assert family_languages(pupil) == ("cy",)


def test_a_family_form_with_nobody_to_follow_is_in_the_schools_default(wales):
    school = SchoolFactory(local_authority=wales, welsh_medium=True)
    assert family_languages(PupilFactory(school=school)) == ("cy",)
