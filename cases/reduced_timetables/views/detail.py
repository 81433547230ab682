"""The reduced timetable's own page, and its card on the pupil's page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

import access
from cases.reduced_timetables.forms import LESSONS
from cases.reduced_timetables.models import ReducedTimetable
from cases.reduced_timetables.models import RttTimetableEntry as Entry
from cases.reduced_timetables.protocols import law_of, questions, reason_label
from cases.reduced_timetables.selectors import rtt_status
from cases.reduced_timetables.views.common import RATING_LABELS, travel_request_url, url_or_none
from documents import outbox
from documents.outbox import letters_about
from documents.selectors import documents_about


def _letters_to_la(timetable: ReducedTimetable) -> list[dict]:
    now = timezone.now()
    return [
        {"letter": letter, "emails": outbox.emails_with_status(letter, now=now)}
        for letter in letters_about(timetable)
    ]


def _grid(timetable: ReducedTimetable, entries: list[Entry]) -> dict:
    days = list(Entry.Day)
    if timetable.layout == ReducedTimetable.Layout.PRIMARY:
        by_day = {e.day: e for e in entries if e.week == 1 and e.lesson == 0}
        return {"primary": [(day, by_day.get(day.value)) for day in days], "days": days}
    by_cell = {(e.week, e.day, e.lesson): e.activity for e in entries}
    return {
        "days": days,
        "weeks": [
            {
                "week": week,
                "rows": [
                    (lesson, [by_cell.get((week, d.value, lesson), "") for d in days])
                    for lesson in LESSONS
                ],
            }
            for week in range(1, timetable.timetable_weeks + 1)
        ],
    }


@require_GET
@login_required
def reduced_timetable_detail(request: HttpRequest, timetable_id: int) -> HttpResponse:
    membership = request.membership
    timetable = access.get_reduced_timetable_for_user(membership, timetable_id)
    today = timezone.localdate()
    at_ap = timetable.ap_placements.exists()
    status = rtt_status(timetable, today=today, at_alternative_provision=at_ap)
    answers = {a.item: a for a in timetable.checklist.select_related("answered_by")}
    sees_safeguarding = access.can_view_safeguarding(membership, timetable.pupil)
    law = law_of(timetable)
    return render(
        request,
        "cases/reduced_timetable/detail.html",
        {
            "timetable": timetable,
            "pupil": timetable.pupil,
            "status": status,
            "rating_label": RATING_LABELS.get(status.rating, ""),
            "protocol": status.protocol,
            "law": law,
            "reason": reason_label(timetable),
            "reasons": status.reasons_for(sees_safeguarding),
            "sees_safeguarding": sees_safeguarding,
            "runs": access.can_run_reduced_timetable(membership, timetable),
            "records_risks": access.can_record_rtt_harm_risks(membership, timetable),
            "authorises": access.can_authorise_reduced_timetable(membership, timetable),
            "grid": _grid(timetable, list(timetable.entries.all())),
            "steps": list(timetable.steps.all()),
            "checklist": [
                {"item": q.item, "label": q.label, "answer": answers.get(q.item)}
                for q in questions(timetable)
            ],
            "deadlines": timetable.deadlines.select_related(
                "responsible", "owner_school", "owner_la"
            ),
            "letters": _letters_to_la(timetable),
            "documents": documents_about(timetable)[:5],
            "psp_url": url_or_none("psp-detail", timetable.psp_id) if timetable.psp_id else None,
            "travel_url": travel_request_url(timetable),
            "at_ap": at_ap,
            "absence_code": law.part_time_absence,
            "ap_code": law.off_site,
            "here": request.get_full_path(),
            "today": today,
        },
    )


def reduced_timetable_card(membership, pupil):
    """The pupil page's card (cases/templatetags/case_cards.py): the pupil's reduced timetables
    with their audit rating, and "Set up" for the school's head or case lead. Four queries
    whatever the number of timetables: the timetables (with the pupil's safeguarding record),
    then their entries, steps and checklist answers."""
    new_url = (
        reverse("reduced-timetable-new", args=[pupil.pk])
        if access.can_start_reduced_timetable(membership, pupil)
        else None
    )
    timetables = list(
        access.reduced_timetables_visible_to(membership)
        .filter(pupil_id=pupil.pk)
        .select_related("pupil__safeguarding", "school__local_authority", "psp")
        .prefetch_related("entries", "steps", "checklist")
    )
    if not timetables and new_url is None:
        return None
    today = timezone.localdate()
    rows = []
    for timetable in timetables:
        status = rtt_status(timetable, today=today)
        rows.append(
            {
                "timetable": timetable,
                "status": status,
                "rating_label": RATING_LABELS.get(status.rating, ""),
            }
        )
    return "cases/reduced_timetable/_card.html", {"rows": rows, "new_url": new_url}
