"""The travel assistance change form's answers before anyone types: the Pupil Passport, the
person filling it in, and the reduced timetable it is for. Reads only.

Source: 004_f815cbfe89cfcc2a.txt, the "Request for Change to Current Travel Assistance
Arrangements" form, and Appendix 1 of "Reduced Timetables" (a pupil on a reduced timetable who
receives travel assistance needs this form).
"""

from django.utils.translation import gettext as _

from cases.pupils.models import Pupil
from cases.travel.models import WEEKDAYS
from documents.rendering import format_date
from tenancy.models import Membership, User


def _timetable_times(reduced_timetable) -> dict:
    """The daily times of a reduced timetable, when it records them: its `travel_times()`
    ({"monday": (arrival, departure), …}) if it has one, else the first and last times of each
    day's entries in week 1 (the pupil arrives for the first, leaves after the last). Days with
    no times stay empty."""
    times = getattr(reduced_timetable, "travel_times", None)
    if callable(times):
        by_day = times() or {}
    else:
        by_day = _times_from_entries(reduced_timetable)
    initial = {}
    days = dict(WEEKDAYS)
    for day, (arrival, departure) in by_day.items():
        if day in days:
            initial[f"{day}_arrival"] = arrival
            initial[f"{day}_departure"] = departure
    return initial


def _times_from_entries(reduced_timetable) -> dict:
    entries = getattr(reduced_timetable, "entries", None)
    if entries is None or reduced_timetable.pk is None:
        return {}
    names = [day for day, _label in WEEKDAYS]  # the entries' days count from Monday = 0
    starts: dict[str, list] = {}
    ends: dict[str, list] = {}
    for day, starts_at, ends_at in entries.filter(week=1).values_list(
        "day", "starts_at", "ends_at"
    ):
        if not 0 <= day < len(names):
            continue
        if starts_at:
            starts.setdefault(names[day], []).append(starts_at)
        if ends_at:
            ends.setdefault(names[day], []).append(ends_at)
    return {
        day: (min(starts.get(day, []), default=None), max(ends.get(day, []), default=None))
        for day in names
        if day in starts or day in ends
    }


def travel_request_initial(
    *, pupil: Pupil, by: User, membership: Membership, reduced_timetable=None
) -> dict:
    """The form's answers before anyone types: the pupil's details from the Pupil Passport, the
    person's own details, and the reduced timetable's dates (and daily times, if it has them)."""
    school = pupil.school
    initial = {
        "pupil_name": pupil.full_name,
        "pupil_date_of_birth": pupil.date_of_birth,
        "pupil_address": pupil.home_address,
        "requester_name": by.full_name,
        "requester_position": by.job_title or membership.role_label,
        "requester_email": by.email,
        "requester_phone": school.phone,
    }
    if reduced_timetable is not None:
        initial |= {
            "change_start": reduced_timetable.start,
            "change_end": reduced_timetable.provisional_end,
            "requested_change": _(
                "%(pupil)s is on a reduced timetable from %(start)s to %(end)s (provisional "
                "end date). Transport is needed at the times below instead of the usual school "
                "start and finish times."
            )
            % {
                "pupil": pupil.first_name,
                "start": format_date(reduced_timetable.start),
                "end": format_date(reduced_timetable.provisional_end),
            },
            **_timetable_times(reduced_timetable),
        }
    return initial
