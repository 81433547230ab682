"""The host school's side of a direction: the pupils it hosts, their register, the contact log
and a suspension by the host. Thin: the access policy, a form, a service, a redirect.

Sources: 003_db4daf6c9cf2ba51.txt ("Attendance Coding"; "Review": the host suspending);
002_decd2720d6352690.txt (contact between schools, daily attendance).
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

import access
from cases.directions import attendance as attendance_svc
from cases.directions import contacts as contacts_svc
from cases.directions.host_forms import AttendanceWeekForm, ContactForm, HostSuspensionForm
from cases.directions.host_models import AttendanceMark, ContactEntry
from cases.directions.host_suspension import (
    direction_host_suspends,
    first_day_default,
    next_school_day,
)
from cases.directions.host_work import attendance_record, contact_record
from cases.directions.models import Direction
from cases.directions.views import direction_form_page
from reviews import rules
from reviews.calendars import calendar_for_school
from ui.formats import long_date
from ui.views import guarded, posted

State = Direction.State


@require_GET
@login_required
def hosting_list(request: HttpRequest) -> HttpResponse:
    """Pupils we host: every direction the school hosts now, today's register and the last
    contact with the home school. Fixed queries: the directions (with the last contact), today's
    marks, the school's term dates."""
    membership = request.membership
    if not access.can_view_hosting_list(membership):
        raise PermissionDenied(_("Only school staff host pupils."))
    today = timezone.localdate()
    directions = list(
        access.directions_hosted_by(membership)
        .select_related("pupil", "home_school__local_authority")
        .annotate(
            last_contact=Max(
                "contacts__when", filter=Q(contacts__between=ContactEntry.Between.HOME_HOST)
            )
        )
        .prefetch_related(
            Prefetch(
                "attendance_marks",
                queryset=AttendanceMark.objects.filter(date=today),
                to_attr="today_marks",
            )
        )
        .order_by("planned_start", "pk")
    )
    school_day = calendar_for_school(membership.school).is_school_day(today)
    rows = []
    for direction in directions:
        last = timezone.localtime(direction.last_contact).date() if direction.last_contact else None
        hosting = direction.state in Direction.AT_HOST_STATES
        started = bool(direction.planned_start and direction.planned_start <= today)
        rows.append(
            {
                "direction": direction,
                "today": {m.session: m for m in direction.today_marks},
                "started": started,
                "records": hosting and access.can_record_attendance(membership, direction),
                "last_contact": last,
                "contact": contacts_svc.weekly_contact_status(direction, today, last)
                if hosting and started
                else None,
            }
        )
    return render(
        request,
        "cases/host_list.html",
        {"rows": rows, "today": today, "school_day": school_day},
    )


def _week(request: HttpRequest, direction: Direction, today: datetime.date) -> datetime.date:
    """The Monday of the week asked for, else of the latest week the pupil was at the host."""
    try:
        asked = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        asked = None
    end = attendance_svc.last_day(direction)
    if asked and direction.planned_start:
        # Only the weeks of the direction: any other week has nothing to show or record.
        asked = max(asked, direction.planned_start)
        asked = min(asked, end or today, today)
        return rules.week_monday(asked)
    latest = min(today, end) if end else today
    if direction.planned_start and latest < direction.planned_start:
        latest = direction.planned_start
    return rules.week_monday(latest)


@login_required
@require_http_methods(["GET", "POST"])
def direction_attendance(request: HttpRequest, direction_id: int) -> HttpResponse:
    """A week of the host's register: the host records it; everyone else on the case sees it
    beside the home school's D."""
    membership = request.membership
    direction = access.get_direction_for_user(membership, direction_id)
    if direction.host_school_id is None:
        raise Http404(_("This direction has no host school yet."))
    records = access.can_record_attendance(membership, direction)
    if request.method == "POST" and not records:
        raise PermissionDenied(_("Only the host school's staff record its register."))
    now = timezone.localtime()
    monday = _week(request, direction, now.date())
    rows = attendance_svc.week_rows(direction, monday, now)
    form = AttendanceWeekForm(posted(request), rows=rows) if records else None
    if (
        form is not None
        and form.is_valid()
        and (
            saved := guarded(
                form,
                lambda: attendance_record(
                    direction=direction, marks=form.marks(), by=request.user, now=now
                ),
            )
        )
    ):
        if saved.value:
            messages.success(
                request,
                _("Attendance saved for the week beginning %(day)s.") % {"day": long_date(monday)},
            )
        else:
            messages.info(request, _("Nothing had changed, so nothing was saved."))
        url = reverse("direction-attendance", args=[direction.pk])
        return redirect(f"{url}?week={monday.isoformat()}")
    first = rules.week_monday(direction.planned_start) if direction.planned_start else None
    end = attendance_svc.last_day(direction)
    newest = rules.week_monday(min(now.date(), end) if end else now.date())
    week = datetime.timedelta(weeks=1)
    return render(
        request,
        "cases/host_attendance.html",
        {
            "direction": direction,
            "pupil": direction.pupil,
            "form": form,
            "rows": rows,
            "monday": monday,
            "friday": monday + datetime.timedelta(days=4),
            "previous": monday - week if first and monday - week >= first else None,
            "next": monday + week if monday + week <= newest else None,
            "recordable": any(row.recordable for row in rows),
            "home_code": attendance_svc.HOME_CODE,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def direction_contact_add(request: HttpRequest, direction_id: int) -> HttpResponse:
    membership = request.membership
    direction = access.get_direction_for_user(membership, direction_id)
    if not access.can_record_contact(membership, direction):
        raise PermissionDenied(_("Only the home and host schools' staff write the contact log."))
    form = ContactForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: contact_record(
            direction=direction,
            when=form.cleaned_data["when"],
            between=form.cleaned_data["between"],
            who=form.cleaned_data["who"],
            how=form.cleaned_data["how"],
            what=form.cleaned_data["what"],
            by=request.user,
            school=membership.school,
            now=timezone.now(),
        ),
    ):
        messages.success(request, _("Contact added to the log."))
        return redirect(f"{direction.get_absolute_url()}#contact-log")
    return direction_form_page(
        request,
        direction,
        form,
        _("Record a contact"),
        _(
            "Record every contact between the home school, the host, the family and other "
            "professionals. The home and host schools should be in touch at least weekly (002)."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def direction_host_suspension(request: HttpRequest, direction_id: int) -> HttpResponse:
    membership = request.membership
    direction = access.get_direction_for_user(membership, direction_id)
    if not access.can_record_host_suspension(membership, direction):
        raise PermissionDenied(_("Only the host school's head or case lead records this."))
    today = timezone.localdate()
    form = HostSuspensionForm(
        posted(request),
        initial={
            "start_date": first_day_default(direction, today),
            "review_on": next_school_day(direction, today),
        },
    )
    if form.is_valid() and guarded(
        form,
        lambda: direction_host_suspends(
            direction=direction,
            start_date=form.cleaned_data["start_date"],
            days=form.cleaned_data["days"],
            reason=form.cleaned_data["reason"],
            review_on=form.cleaned_data["review_on"],
            by=request.user,
            today=today,
        ),
    ):
        messages.success(
            request,
            _(
                "Suspension recorded. %(home)s has been told, and the emergency review is "
                "in the diary for %(day)s."
            )
            % {
                "home": direction.home_school.name,
                "day": long_date(form.cleaned_data["review_on"]),
            },
        )
        return redirect(direction)
    return direction_form_page(
        request,
        direction,
        form,
        _("Record a suspension by %(host)s") % {"host": direction.host_school.name},
        _(
            "003: a host school that suspends the pupil must tell the home school at once and "
            "hold an emergency review. Saving this tells %(home)s's case lead, headteacher and "
            "DSL straight away, in Waymark and by email, and puts the review in the diary."
        )
        % {"home": direction.home_school.name},
    )
