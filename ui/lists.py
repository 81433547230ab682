"""What every LA list shares besides its own columns and filters: the search box (a pupil's
name or UPN, and a school's name where the list has schools), done in SQL; the printable view
(every row on one page, within a limit); and the query its links keep. With ui.sorting and
documents.exports, one way for every list (issue 12)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ui.formats import long_date

SEARCH_WORDS = 5  # more words than this are ignored: each is one more condition on every row
PRINT_ROWS = 1000  # the printable view's limit; beyond it, the download has every row


@dataclass(frozen=True)
class ListRequest:
    """A list page's request: its filters, sort and search (what links keep), the download
    format asked for ("" for the page), the printable view, and the words searched for."""

    query: QueryDict
    fmt: str
    printing: bool
    search: str

    @property
    def querystring(self) -> str:
        return self.query.urlencode()

    def page(
        self, rows, per_page: int, number, *, count: int | None = None, keys_first: bool = False
    ) -> Page:
        """The page asked for, or for the printable view the first PRINT_ROWS rows on one.
        `count`, when the view has counted the rows already, saves counting them again;
        `keys_first` reads a queryset's page as KeysFirst does."""
        if keys_first:
            rows = KeysFirst(rows)
        paginator = Paginator(rows, PRINT_ROWS if self.printing else per_page)
        if count is not None:
            paginator.count = count  # a cached property: set, it is not queried
        return paginator.get_page(1 if self.printing else number)


class KeysFirst:
    """A sorted queryset for the paginator whose page is read in one query of two steps: the
    page's keys first, sorted and sliced with only the joins the filters and the sort need,
    then those rows alone in full (their joined records and per-row subqueries). Sorted with
    every joined record, a county's list read its whole pupil table to show 25 rows (issue
    12). The rows' order must end with a unique field (the lists' own orders end with pk), so
    both steps sort alike."""

    ordered = True  # the paginator warns of an unordered list

    def __init__(self, rows: QuerySet):
        self.rows = rows

    def count(self) -> int:
        return self.rows.count()

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice):
            raise TypeError("KeysFirst reads a page of rows (a slice), not one row.")
        return list(self.rows.filter(pk__in=self.rows.values("pk")[index]))


def list_request(data: QueryDict) -> ListRequest:
    """Read ?q=, ?format= and ?print= off a list's query; the rest is what its links keep."""
    query = data.copy()
    query.pop("page", None)
    fmt = query.pop("format", [""])[-1]
    printing = bool(query.pop("print", [""])[-1])
    search = " ".join(query.get("q", "").split())
    if search:
        query["q"] = search
    else:
        query.pop("q", None)
    return ListRequest(query, fmt, printing, search)


def query_with(query: QueryDict, **values) -> str:
    """The list's query with some values set (a count's link to the list narrowed to it)."""
    narrowed = query.copy()
    for key, value in values.items():
        narrowed[key] = str(value)
    return narrowed.urlencode()


def search(queryset: QuerySet, text: str, *, pupil: str = "pupil__", schools=()) -> QuerySet:
    """The rows that match every word: a word is in the pupil's first or last name, is their
    UPN, or (for each of `schools`, the paths of a school's name) is in a school's name."""
    for word in text.split()[:SEARCH_WORDS]:
        match = (
            Q(**{f"{pupil}first_name__icontains": word})
            | Q(**{f"{pupil}last_name__icontains": word})
            | Q(**{f"{pupil}upn__iexact": word})
        )
        for field in schools:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


# How a sorted column reads, ascending then descending ("sorted by first day, newest first").
BY_NAME = (gettext_lazy("A to Z"), gettext_lazy("Z to A"))
BY_DATE = (gettext_lazy("oldest first"), gettext_lazy("newest first"))
BY_COUNT = (gettext_lazy("fewest first"), gettext_lazy("most first"))
BY_ORDER = (gettext_lazy("in order"), gettext_lazy("in reverse order"))

# Every sortable column of the LA lists, by its ?sort= name, as its heading reads.
SORT_WORDS = {
    "agreed_start": (gettext_lazy("agreed start date"), BY_DATE),
    "assigned_to": (gettext_lazy("assigned to"), BY_NAME),
    "dates": (gettext_lazy("dates"), BY_DATE),
    "due": (gettext_lazy("due date"), BY_DATE),
    "end": (gettext_lazy("end date"), BY_DATE),
    "first_day": (gettext_lazy("first day"), BY_DATE),
    "from": (gettext_lazy("home centre"), BY_NAME),
    "from_school": (gettext_lazy("from school"), BY_NAME),
    "home_school": (gettext_lazy("home school"), BY_NAME),
    "host": (gettext_lazy("host"), BY_NAME),
    "late": (gettext_lazy("done late"), BY_COUNT),
    "limit": (gettext_lazy("past the limit since"), BY_DATE),
    "next_due": (gettext_lazy("next deadline"), BY_DATE),
    "next_review": (gettext_lazy("next review"), BY_DATE),
    "overdue": (gettext_lazy("overdue"), BY_COUNT),
    "provider": (gettext_lazy("provider"), BY_NAME),
    "pupil": (gettext_lazy("pupil"), BY_NAME),
    "rating": (gettext_lazy("rating"), BY_ORDER),
    "school": (gettext_lazy("school"), BY_NAME),
    "since": (gettext_lazy("open since"), BY_DATE),
    "stage": (gettext_lazy("stage"), BY_ORDER),
    "start": (gettext_lazy("start date"), BY_DATE),
    "state": (gettext_lazy("state"), BY_ORDER),
    "status": (gettext_lazy("status"), BY_ORDER),
    "task": (gettext_lazy("task"), BY_ORDER),
    "to": (gettext_lazy("receiving centre"), BY_NAME),
    "to_school": (gettext_lazy("to school"), BY_NAME),
    "type": (gettext_lazy("type"), BY_ORDER),
    "what": (gettext_lazy("what"), BY_ORDER),
}


def _shown(field: forms.Field, value) -> str:
    """A filter's value as its control shows it: a choice by its label, a date in words."""
    if isinstance(value, bool):
        return ""  # a checkbox: its label says it all
    if isinstance(value, datetime.date):
        return long_date(value)
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        labels = {str(k): v for k, v in _flat(choices)}
        if isinstance(value, list | tuple):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return str(labels.get(str(value), value))
    if isinstance(value, QuerySet | list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _flat(choices) -> Iterable[tuple]:
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label


def describe_list(
    asked: ListRequest,
    form: forms.Form | None = None,
    *,
    sorts: Iterable[str] = (),
    shown: Iterable[str] = (),
) -> str:
    """The filters, search and sort a list was read with, in words: the line under a printed
    list's heading and what its export records ("Filtered by: school Oakfield; rating Red;
    search “smith”; sorted by start date, newest first"). Only the filters the form accepted
    count; `sorts` are the list's sortable columns; `shown`, filters a list sets without a form
    (its tabs), already in words. "" when the list is as it comes."""
    parts = [str(words) for words in shown if words]
    if form is not None and form.is_bound and form.is_valid():
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            if value in (None, "", [], (), False) or (
                isinstance(value, QuerySet) and not value.exists()
            ):
                continue
            shown = _shown(field, value)
            label = str(field.label or name).rstrip("?:").strip()
            if not label[1:2].isupper():  # "Home school" reads "home school"; "UPN" stays
                label = label[:1].lower() + label[1:]
            parts.append(f"{label} {shown}".strip())
    if asked.search:
        parts.append(_("search “%(words)s”") % {"words": asked.search})
    sort = asked.query.get("sort", "")
    column = sort.removeprefix("-")
    if column in set(sorts) and column in SORT_WORDS:
        label, (up, down) = SORT_WORDS[column]
        order = down if sort.startswith("-") else up
        sorted_by = {"column": label, "order": order}
        if not parts:
            return _("Sorted by %(column)s, %(order)s") % sorted_by
        parts.append(_("sorted by %(column)s, %(order)s") % sorted_by)
    if not parts:
        return ""
    return _("Filtered by: %(parts)s") % {"parts": "; ".join(parts)}
