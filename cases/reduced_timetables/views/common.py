"""What the reduced timetable's pages share: the audit rating in words, links to other case
types' pages, and the question page of a reduced timetable."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from cases.reduced_timetables.models import ReducedTimetable
from reviews import rules

RATING_LABELS = {
    rules.RTT_GREEN: _("Green"),
    rules.RTT_AMBER: _("Amber"),
    rules.RTT_RED: _("Red"),
}


def url_or_none(name: str, *args, query: str = "") -> str | None:
    """A link to another case type's page, or None while that page is not installed."""
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return None


def travel_request_url(timetable: ReducedTimetable) -> str | None:
    """A new travel assistance change request for this reduced timetable (Appendix 1's
    transport item)."""
    return url_or_none(
        "travel-request-new", timetable.pupil_id, query=f"?reduced_timetable={timetable.pk}"
    )


def question_page(
    request: HttpRequest,
    timetable: ReducedTimetable,
    form,
    title: str,
    intro: str = "",
    template: str = "cases/reduced_timetable/form.html",
    **extra,
) -> HttpResponse:
    """A question page of a reduced timetable: back to the case, the pupil in the caption."""
    return render(
        request,
        template,
        {
            "timetable": timetable,
            "pupil": timetable.pupil,
            "form": form,
            "title": title,
            "intro": intro,
            "back_url": timetable.get_absolute_url(),
            **extra,
        },
    )
