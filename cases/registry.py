"""The one list of case types. Each case type declares itself once, in its own package's
`case_type.py`: its card on the pupil page, its deadline refreshers, its documents for
`render_forms`, its LA list in the menu, its URLs, the access scopes of its deadlines and
documents, the LA's reports it makes, and its demo seeder. Adding a case type is one package
and one line in CASE_TYPES.

A declaration names code by dotted path, the way Django settings do, so this module imports
nothing of ours and every layer (URLs, the access policy, beat tasks, the demo) may read it.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class MenuItem:
    """A link in the service navigation, shown to a membership the access policy allows."""

    label: str | Promise
    url_name: str
    allowed: str  # (membership) -> bool, in the access policy
    active_prefix: str = ""  # a path prefix that marks the item active, besides its own URL


@dataclass(frozen=True)
class Waiting:
    """Cases waiting for a person to act (a decision, an approval, a task), on their home page:
    `cases` is (membership) -> QuerySet in the access policy, of records with a pupil and a
    page (get_absolute_url)."""

    label: str | Promise  # what they must do, for example "Decide the off-site direction"
    cases: str


@dataclass(frozen=True)
class LaPicture:
    """How a case type counts on the LA's dashboard: its pupils who are away from full-time
    education at their own school now. `cases` is (membership) -> QuerySet in the access
    policy; `current` is (QuerySet, today) -> QuerySet, the ones that are current; `school` the
    field of the pupil's own school; `list_url` the list behind the number, with `query` its
    filter for these cases (with `by_school`, it also takes ?school=<pk>)."""

    label: str | Promise
    cases: str
    current: str
    school: str
    list_url: str
    query: str = ""
    by_school: bool = True
    opened: str = ""  # the field dating a case's start, for the trend ("" to leave it out)
    closed: str = ""  # the field dating its end
    # A case type with a stored Green/Amber/Red rating: its field; the current ones are
    # counted by it, and the list takes ?rating=<value>.
    rating: str = ""
    # A case type with a limit: (today) -> Q, the current ones past it, counted, the list
    # taking ?past_limit=on; and (day) -> Q, those past it on a day, for the trend at each
    # month's end, the list taking ?show=all&past_limit=on&on=<day>.
    past_limit: str = ""
    past_limit_on_day: str = ""
    past_limit_label: str | Promise = ""  # what being past it means, in words
    # (membership) -> bool: whether the rating and the limit are the LA's own (a protocol that
    # has them, as 004's); "" for always. An LA without them sees the count alone.
    limits_apply: str = ""


@dataclass(frozen=True)
class LaReport:
    """A report the sources ask of an LA, on the LA's reports page as PDF and Excel (issue 12).
    `build` is (membership, period, today) -> ReportBody (reviews.reports), made from the
    access policy's querysets in a fixed number of queries; `for_officers` says the report
    names pupils and is for the LA's officers only (otherwise it holds counts alone, fit for
    elected members and schools); `period` is the period it covers unless the officer chooses
    another (reviews.rules.PERIOD_KINDS); `source` the file of ../shared/seeds/ it answers."""

    slug: str
    title: str | Promise
    description: str | Promise
    build: str
    for_officers: bool
    period: str
    source: str


@dataclass(frozen=True)
class Scope:
    """Records of a model that a membership may see: `visible` is (membership) -> QuerySet.
    `parent` names the field of a part (a meeting, a review) that points at its case."""

    model: str  # "app_label.ModelName"
    visible: str
    parent: str = ""
    # True when, for a membership of no one school (an LA's, a group's), `visible` gives exactly
    # the records of the pupils it sees (access.visible_pupils_q): their deadlines are then
    # found by the pupil each deadline names, in one join for every such case type, rather
    # than case type by case type through the cases (access.deadlines_visible_to; issue 12).
    by_pupil: bool = False


@dataclass(frozen=True)
class CaseType:
    slug: str
    name: str | Promise
    urls: str = ""  # a URLconf module included at the site root
    card: str = ""  # (membership, pupil) -> (template, context) | None
    refreshers: tuple[str, ...] = ()  # (*, today) -> int: refresh every open case's deadlines
    renderers: str = ""  # a tuple of documents.rendering.FormRenderer
    menu: tuple[MenuItem, ...] = ()
    deadline_scopes: tuple[Scope, ...] = ()  # whose deadlines are on the Due page
    document_scopes: tuple[Scope, ...] = ()  # what a stored document may be about
    demo_seeder: str = ""  # demo.<module>.<function>(today), run by seed_demo after the pupils
    waiting: tuple[Waiting, ...] = ()  # what waits for a person's decision, on their home page
    la_picture: tuple[LaPicture, ...] = ()  # the LA dashboard's counts of pupils away now
    la_reports: tuple[LaReport, ...] = ()  # the reports the sources ask of an LA
    # (pupil) -> list of cases.pupils.record.PastDirection: its rows of the passport's table
    passport_directions: str = ""


def _declarations() -> tuple[str, ...]:
    # Display order: the pupil page's cards and the menu follow it.
    return (
        "cases.directions.case_type.CASE_TYPE",
        "cases.offsiting.case_type.CASE_TYPE",
        "cases.psp.case_type.CASE_TYPE",
        "cases.reduced_timetables.case_type.CASE_TYPE",
        "cases.placements.case_type.CASE_TYPE",
        "cases.travel.case_type.CASE_TYPE",
    )


@cache
def case_types() -> tuple[CaseType, ...]:
    return tuple(import_string(dotted) for dotted in _declarations())


def each(attribute: str) -> Iterator[tuple[CaseType, object]]:
    """(case type, value) for every case type that declares `attribute`."""
    for case_type in case_types():
        value = getattr(case_type, attribute)
        if value:
            yield case_type, value


def resolve(dotted: str) -> Callable:
    return import_string(dotted)
