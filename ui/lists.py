"""What every LA list shares besides its own columns and filters: the search box (a pupil's
name or UPN, and a school's name where the list has schools), done in SQL; the printable view
(every row on one page, within a limit); and the query its links keep. With ui.sorting and
documents.exports, one way for every list (issue 12)."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import QueryDict

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

    def page(self, rows, per_page: int, number, *, count: int | None = None) -> Page:
        """The page asked for, or for the printable view the first PRINT_ROWS rows on one.
        `count`, when the view has counted the rows already, saves counting them again."""
        paginator = Paginator(rows, PRINT_ROWS if self.printing else per_page)
        if count is not None:
            paginator.count = count  # a cached property: set, it is not queried
        return paginator.get_page(1 if self.printing else number)


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
