"""Which language or languages a parent's letters are written in (issue 15): one place that
every letter asks, so a letter is never printed in a language its reader did not choose."""

from cases.pupils.models import ParentCarer, Pupil
from tenancy.models import Nation, School

WELSH = "cy"
ENGLISH = "en"


def letter_languages(parent: ParentCarer) -> tuple[str, ...]:
    """The languages of this parent's letters, in the order they are printed ("cy", "en").

    The parent's recorded choice wins. A parent who has not chosen gets the school's default:
    Welsh from a Welsh-medium school, Welsh and English (Welsh first) in Wales, where the Welsh
    Language Standards ask that a letter in both languages puts the Welsh first, and English in
    England.
    """
    chosen = parent.preferred_language
    if chosen == ParentCarer.Language.BOTH:
        return (WELSH, ENGLISH)
    if chosen in (ParentCarer.Language.WELSH, ParentCarer.Language.ENGLISH):
        return (chosen,)
    return school_default_languages(parent.pupil.school)


def family_languages(pupil: Pupil) -> tuple[str, ...]:
    """The languages of a form the family reads and signs with the school (a PSP, a reduced
    timetable's checklist): those of the first parent with parental responsibility, else the
    school's default."""
    parent = pupil.parents.filter(parental_responsibility=True).order_by("pk").first()
    if parent is not None:
        parent.pupil = pupil  # no second query for the school
        return letter_languages(parent)
    return school_default_languages(pupil.school)


def school_default_languages(school: School) -> tuple[str, ...]:
    """The languages a school writes in to a parent who has not chosen."""
    if school.welsh_medium:
        return (WELSH,)
    if school.local_authority.nation == Nation.WALES:
        return (WELSH, ENGLISH)
    return (ENGLISH,)
