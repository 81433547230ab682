"""Reduced timetable pages and the LA's central record. Thin: the access policy, a form, a
service, a redirect. Sources are on the services (cases/reduced_timetables/services.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import access
from cases.models import ReducedTimetable, RttChecklistAnswer
from cases.models import RttTimetableEntry as Entry
from cases.reduced_timetables import forms as f
from cases.reduced_timetables import services as svc
from cases.reduced_timetables.documents import generate
from cases.reduced_timetables.selectors import count_past_limit_unauthorised, rtt_status
from documents import outbox
from documents.outbox import letters_about
from documents.rendering import DocumentRenderError
from documents.selectors import documents_about
from reviews import rules
from ui.views import guarded

PAGE_SIZE = 25
RATING_LABELS = {
    rules.RTT_GREEN: _("Green"),
    rules.RTT_AMBER: _("Amber"),
    rules.RTT_RED: _("Red"),
}


def _url(name: str, *args, query: str = "") -> str | None:
    """A link to another feature's page, or None while that page does not exist."""
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return None


def _page(
    request, timetable, form, title, intro="", template="cases/reduced_timetable/form.html", **extra
):
    return render(
        request,
        template,
        {
            "timetable": timetable,
            "pupil": timetable.pupil if timetable else extra.get("pupil"),
            "form": form,
            "title": title,
            "intro": intro,
            "back_url": timetable.get_absolute_url() if timetable else None,
            **extra,
        },
    )


def _posted(request):
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_new(request: HttpRequest, pupil_id: int) -> HttpResponse:
    membership = request.membership
    pupil = access.get_pupil_for_user(membership, pupil_id)
    if not access.can_start_reduced_timetable(membership, pupil):
        raise PermissionDenied(
            _("Only the pupil's head or case lead can set up a reduced timetable.")
        )
    psps = access.psps_for_reduced_timetable(membership, pupil)
    chosen = (
        psps.filter(pk=request.GET.get("psp")).first()
        if request.GET.get("psp", "").isdigit()
        else None
    )
    year = None
    try:
        year = pupil.year_group(timezone.localdate())
    except ValueError:
        pass
    initial = {
        "psp": chosen or psps.first(),
        "layout": ReducedTimetable.Layout.PRIMARY
        if year is not None and year <= 6
        else ReducedTimetable.Layout.SECONDARY,
    }
    form = f.PlanForm(
        _posted(request),
        psps=psps,
        initial=initial,
        submit_label=_("Set up the reduced timetable"),
    )
    holder = {}
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: holder.update(
                t=svc.reduced_timetable_create(pupil=pupil, case_lead=request.user, form=form)
            ),
        )
    ):
        messages.success(
            request, _("Reduced timetable set up. Now fill in the timetable and the checklist.")
        )
        return redirect(holder["t"])
    return render(
        request,
        "cases/form_page.html",
        {
            "pupil": pupil,
            "form": form,
            "title": _("Set up a reduced timetable"),
            "intro": _(
                "Only in exceptional circumstances, for a short agreed period, with the parents, "
                "the school, key professionals and the LA (004)."
            ),
        },
    )


def _letters_to_la(timetable: ReducedTimetable):
    now = timezone.now()
    letters = letters_about(timetable)
    return [
        {
            "letter": letter,
            "emails": outbox.emails_with_status(letter, now=now),
        }
        for letter in letters
    ]


@require_GET
@login_required
def reduced_timetable_detail(request: HttpRequest, timetable_id: int) -> HttpResponse:
    membership = request.membership
    timetable = access.get_reduced_timetable_for_user(membership, timetable_id)
    today = timezone.localdate()
    at_ap = timetable.ap_placements.exists()
    status = rtt_status(timetable, today=today, at_alternative_provision=at_ap)
    runs = access.can_run_reduced_timetable(membership, timetable)
    entries = list(timetable.entries.all())
    answers = {a.item: a for a in timetable.checklist.select_related("answered_by")}
    sees_safeguarding = access.can_view_safeguarding(membership, timetable.pupil)
    return render(
        request,
        "cases/reduced_timetable/detail.html",
        {
            "timetable": timetable,
            "pupil": timetable.pupil,
            "status": status,
            "rating_label": RATING_LABELS[status.rating],
            "reasons": status.reasons_for(sees_safeguarding),
            "sees_safeguarding": sees_safeguarding,
            "runs": runs,
            "records_risks": access.can_record_rtt_harm_risks(membership, timetable),
            "authorises": access.can_authorise_reduced_timetable(membership, timetable),
            "grid": _grid(timetable, entries),
            "steps": list(timetable.steps.all()),
            "checklist": [
                {"item": item, "answer": answers.get(item)} for item in RttChecklistAnswer.Item
            ],
            "deadlines": timetable.deadlines.select_related("responsible"),
            "letters": _letters_to_la(timetable),
            "documents": documents_about(timetable)[:5],
            "psp_url": _url("psp-detail", timetable.psp_id) if timetable.psp_id else None,
            "travel_url": _url(
                "travel-request-new",
                timetable.pupil_id,
                query=f"?reduced_timetable={timetable.pk}",
            ),
            "at_ap": at_ap,
            "absence_code": rules.rtt_absence_code(timetable.school.local_authority.nation),
            "ap_code": rules.rtt_absence_code(
                timetable.school.local_authority.nation, at_alternative_provision=True
            ),
            "here": request.get_full_path(),
            "today": today,
        },
    )


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
                    for lesson in f.LESSONS
                ],
            }
            for week in range(1, timetable.timetable_weeks + 1)
        ],
    }


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_plan(request: HttpRequest, timetable_id: int) -> HttpResponse:
    membership = request.membership
    timetable = access.get_reduced_timetable_for_user(membership, timetable_id, write=True)
    psps = access.psps_for_reduced_timetable(membership, timetable.pupil, keep=timetable.psp_id)
    form = f.PlanForm(_posted(request), instance=timetable, psps=psps)
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.reduced_timetable_update(timetable=timetable, form=form, by=request.user),
        )
    ):
        messages.success(request, _("Reduced timetable saved."))
        return redirect(timetable)
    return _page(request, timetable, form, _("Change the reduced timetable"))


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_timetable(request: HttpRequest, timetable_id: int, week: int) -> HttpResponse:
    """The timetable itself: a primary week, or one week of a secondary cycle."""
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    primary = timetable.layout == ReducedTimetable.Layout.PRIMARY
    if week not in range(1, (1 if primary else timetable.timetable_weeks) + 1):
        raise Http404(_("This timetable has no such week."))
    entries = list(timetable.entries.filter(week=week))
    form_class = f.PrimaryTimetableForm if primary else f.SecondaryTimetableForm
    form = form_class(_posted(request), entries=entries)
    if request.method == "POST" and form.is_valid():
        try:
            svc.timetable_save(timetable=timetable, week=week, cells=form.cells(), by=request.user)
        except (svc.GuardError, ValidationError) as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Timetable saved."))
            return redirect(f"{timetable.get_absolute_url()}#timetable")
    title = (
        _("Primary timetable")
        if primary
        else _("Secondary timetable: week %(week)s") % {"week": week}
    )
    return _page(
        request,
        timetable,
        form,
        title,
        _(
            "Write the activity and venue of each session, for example “Maths with Mrs Evans, "
            "Room 4”. Leave empty the times the pupil is not in school."
        ),
        template="cases/reduced_timetable/timetable_form.html",
        primary=primary,
        days=list(Entry.Day),
        week=week,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_step_add(request: HttpRequest, timetable_id: int) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    form = f.StepForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(form, lambda: svc.step_add(timetable=timetable, form=form, by=request.user))
    ):
        messages.success(request, _("Planned increase added."))
        return redirect(f"{timetable.get_absolute_url()}#reintegration")
    return _page(
        request,
        timetable,
        form,
        _("Add a planned increase of hours"),
        _("The plan back to full-time education: when the hours go up, and to how many."),
    )


@require_POST
@login_required
def reduced_timetable_step_remove(
    request: HttpRequest, timetable_id: int, step_id: int
) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    step = timetable.steps.filter(pk=step_id).first()
    if step is None:
        raise Http404(_("No such step."))
    step.timetable = timetable
    try:
        svc.step_remove(step=step, by=request.user)
    except svc.GuardError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Planned increase removed."))
    return redirect(f"{timetable.get_absolute_url()}#reintegration")


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_checklist(request: HttpRequest, timetable_id: int) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    form = f.ChecklistForm(
        _posted(request), timetable=timetable, answers=list(timetable.checklist.all())
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.checklist_save(
                timetable=timetable,
                answers=form.answers(),
                by=request.user,
                today=timezone.localdate(),
            ),
        )
    ):
        messages.success(request, _("Checklist saved."))
        return redirect(f"{timetable.get_absolute_url()}#checklist")
    return _page(
        request,
        timetable,
        form,
        _("Checklist for using reduced timetables"),
        _("Appendix 1: every question must be answered before the start date (004)."),
        travel_url=_url(
            "travel-request-new", timetable.pupil_id, query=f"?reduced_timetable={timetable.pk}"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_progress(request: HttpRequest, timetable_id: int) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    form = f.ProgressForm(_posted(request), instance=timetable)
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.progress_record(
                timetable=timetable, form=form, by=request.user, today=timezone.localdate()
            ),
        )
    ):
        messages.success(request, _("Progress recorded."))
        return redirect(timetable)
    return _page(
        request,
        timetable,
        form,
        _("Record progress"),
        _("The LA audits every reduced timetable against these (Appendix 2)."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_harm_risks(request: HttpRequest, timetable_id: int) -> HttpResponse:
    membership = request.membership
    timetable = access.get_reduced_timetable_for_user(membership, timetable_id)
    if not access.can_record_rtt_harm_risks(membership, timetable):
        raise PermissionDenied(_("Only the school's DSL records this."))
    form = f.HarmRisksForm(_posted(request), initial={"risks": timetable.harm_risks})
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.harm_risks_record(
                timetable=timetable, risks=form.cleaned_data["risks"], by=request.user
            ),
        )
    ):
        messages.success(request, _("Saved."))
        return redirect(timetable)
    return _page(
        request,
        timetable,
        form,
        _("Risks of significant harm"),
        _(
            "If the pupil would be exposed to significant risk when not in school, a reduced "
            "timetable should not be considered (004)."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_request_authorisation(
    request: HttpRequest, timetable_id: int
) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    form = f.AuthorisationRequestForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.authorisation_request(
                timetable=timetable,
                reason=form.cleaned_data["reason"],
                by=request.user,
                today=timezone.localdate(),
            ),
        )
    ):
        messages.success(request, _("Request sent to the LA for the Director's authorisation."))
        return redirect(timetable)
    return _page(
        request,
        timetable,
        form,
        _("Ask for the Director's authorisation"),
        _(
            "Beyond 12 weeks a reduced timetable needs the authorisation of the Director, "
            "through the LA (004). Change the provisional end date first."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_authorise(request: HttpRequest, timetable_id: int) -> HttpResponse:
    membership = request.membership
    timetable = access.get_reduced_timetable_for_user(membership, timetable_id)
    if not access.can_authorise_reduced_timetable(membership, timetable):
        raise PermissionDenied(_("Only the Director of Education authorises this."))
    form = f.AuthoriseForm(
        _posted(request),
        initial={"until": timetable.authorised_until or timetable.provisional_end},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.authorise(
                timetable=timetable,
                until=form.cleaned_data["until"],
                note=form.cleaned_data["note"],
                by=request.user,
                today=timezone.localdate(),
            ),
        )
    ):
        messages.success(
            request,
            _("Authorisation recorded for %(pupil)s.") % {"pupil": timetable.pupil.full_name},
        )
        return redirect("la-reduced-timetables")
    intro = _("It runs from %(start)s, provisionally until %(end)s.") % {
        "start": f"{timetable.start:%-d %B %Y}",
        "end": f"{timetable.provisional_end:%-d %B %Y}",
    }
    if timetable.authorisation_request:
        intro += " " + _("The school says: “%(reason)s”") % {
            "reason": timetable.authorisation_request
        }
    return _page(request, timetable, form, _("Authorise beyond 12 weeks"), intro)


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_start(request: HttpRequest, timetable_id: int) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    form = f.StartForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            svc.reduced_timetable_start(
                timetable=timetable, by=request.user, today=timezone.localdate()
            )
        except svc.GuardError as error:
            for message in error.messages:
                form.add_error(None, message)
        except DocumentRenderError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Started. The checklist is being emailed to the LA's Deputy Education "
                    "Safeguarding Officer."
                ),
            )
            return redirect(f"{timetable.get_absolute_url()}#sent-to-la")
    la = timetable.school.local_authority
    return _page(
        request,
        timetable,
        form,
        _("Record that the reduced timetable has started"),
        _(
            "Waymark sends the checklist, with the timetable and the reintegration plan, to "
            "%(la)s's Deputy Education Safeguarding Officer (%(email)s) and tells the LA's "
            "safeguarding officers (004: advise the LA at the commencement)."
        )
        % {"la": la.name, "email": la.safeguarding_email or _("no address set")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reduced_timetable_end(request: HttpRequest, timetable_id: int) -> HttpResponse:
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id, write=True)
    form = f.EndForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and guarded(
            form,
            lambda: svc.reduced_timetable_end(
                timetable=timetable,
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                by=request.user,
                today=timezone.localdate(),
            ),
        )
    ):
        messages.success(request, _("The reduced timetable has ended."))
        return redirect(timetable)
    return _page(request, timetable, form, _("End the reduced timetable"))


@require_POST
@login_required
def reduced_timetable_checklist_pdf(request: HttpRequest, timetable_id: int) -> HttpResponse:
    """A new version of the checklist (with the timetable) to print, and download it."""
    timetable = access.get_reduced_timetable_for_user(request.membership, timetable_id)

    try:
        document = generate(timetable, by=request.user, today=timezone.localdate())
    except DocumentRenderError as error:
        messages.error(request, str(error))
        return redirect(timetable)
    return redirect(document)


# The LA's central record -------------------------------------------------------------------


@require_GET
@login_required
def la_reduced_timetables(request: HttpRequest) -> HttpResponse:
    """Every pupil of the LA on a reduced timetable (004: the LA maintains a central record of
    all pupils not accessing full-time provision and reviews them by the audit matrix)."""
    membership = request.membership
    if not access.can_view_la_reduced_timetables(membership):
        raise PermissionDenied(_("This list is for the LA's officers."))
    today = timezone.localdate()
    la = membership.local_authority
    schools = list(access.la_schools(membership).only("pk", "name"))
    form = f.LaFilterForm(request.GET or None, schools=schools)
    chosen = form.cleaned_data if form.is_valid() else {}
    base = access.la_reduced_timetables_visible_to(membership)
    if chosen.get("school"):
        base = base.filter(school_id=int(chosen["school"]))
    timetables = (
        base.select_related(
            "pupil__school__local_authority",
            "pupil__safeguarding",
            "school__local_authority",
        )
        .prefetch_related("entries", "steps", "checklist")
        .order_by("start", "pk")
    )

    def row(timetable):
        status = rtt_status(timetable, today=today)
        return {
            "timetable": timetable,
            "status": status,
            "rating_label": RATING_LABELS[status.rating],
            "reasons": status.reasons_for(
                access.can_view_safeguarding(membership, timetable.pupil)
            ),
            "may_authorise": access.can_authorise_reduced_timetable(membership, timetable)
            and status.authorisation != rules.RTT_AUTH_NOT_NEEDED
            and timetable.is_open,
        }

    rating, past = chosen.get("rating"), chosen.get("past_limit")
    if rating or past:
        # The audit rating is worked out in Python from each timetable's entries, steps and
        # checklist: every one is read to filter by it.
        rows = [row(t) for t in timetables]
        if rating:
            rows = [r for r in rows if r["status"].rating == rating]
        if past:
            rows = [r for r in rows if r["status"].past_limit_unauthorised]
        flagged = sum(1 for r in rows if r["status"].past_limit_unauthorised)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        # Paged in SQL: only the page's timetables are read in full; the flag counts all of
        # them from their dates alone (one query).
        flagged = count_past_limit_unauthorised(
            base, today=today, max_weeks=la.reduced_timetable_max_weeks
        )
        page = Paginator(timetables, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = [row(t) for t in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/reduced_timetable/la_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "la": la,
            "flagged": flagged,
            "max_weeks": la.reduced_timetable_max_weeks,
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
        .select_related("pupil__safeguarding", "school__local_authority")
        .prefetch_related("entries", "steps", "checklist")
    )
    if not timetables and new_url is None:
        return None
    today = timezone.localdate()
    rows = []
    for timetable in timetables:
        status = rtt_status(timetable, today=today)
        rows.append(
            {"timetable": timetable, "status": status, "rating_label": RATING_LABELS[status.rating]}
        )
    return "cases/reduced_timetable/_card.html", {"rows": rows, "new_url": new_url}
