"""Sortable table columns: ?sort=<column> or ?sort=-<column>, only the columns a list allows,
done in SQL by the list's queryset (GOV.UK tables mark the sorted column with aria-sort)."""

from dataclasses import dataclass

from django.http import QueryDict


@dataclass(frozen=True)
class Sorting:
    order_by: list[str]  # for QuerySet.order_by, the chosen column first
    column: str  # the chosen column's name ("" for the list's own order)
    descending: bool

    def header(self, query: QueryDict, column: str) -> dict:
        """A column heading's link (to sort by it, or the other way round if it is the one
        sorted now) and its aria-sort value."""
        params = query.copy()
        params.pop("page", None)
        now = column == self.column
        params["sort"] = f"-{column}" if now and not self.descending else column
        state = ("descending" if self.descending else "ascending") if now else "none"
        return {"href": f"?{params.urlencode()}", "aria_sort": state}


def sorting(query: QueryDict, columns: dict[str, list[str]], default: list[str]) -> Sorting:
    """The order a list asks for: `columns` maps a column's name to the fields it sorts by;
    anything else keeps the `default` order (which also breaks ties)."""
    chosen = query.get("sort", "")
    descending = chosen.startswith("-")
    column = chosen.removeprefix("-")
    if column not in columns:
        return Sorting(default, "", False)
    fields = [f"-{f}" if descending else f for f in columns[column]]
    return Sorting([*fields, *default], column, descending)
