"""Pupil list and the Pupil Passport. Thin: access policy, then a form or a service, then render."""

import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import access
from cases.pupils import documents as passport_documents
from cases.pupils import passport
from cases.pupils.forms import PupilFilter, passport_form_class
from cases.pupils.history import passport_history
from cases.pupils.models import Intervention, Suspension, YesNo
from cases.pupils.record import (
    PastDirection,
    end_text,
    ever_directed,
    past_directions,
    suspension_note,
)
from cases.pupils.services import (
    passport_row_delete,
    passport_row_save,
    passport_section_update,
    pupil_create,
)
from documents.models import GeneratedDocument
from documents.rendering import DocumentRenderError
from documents.services import document_generate
from safeguarding.services import record_safeguarding_read
from ui.formats import long_date
from ui.views import changed, form_page, guarded, posted

PAGE_SIZE = 50


@require_GET
@login_required
def pupil_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    pupils = access.pupils_visible_to(request.membership).select_related("school__local_authority")
    acting_la = request.membership.acting_la if request.membership else None
    filters = PupilFilter(
        request.GET or None, queryset=pupils, today=today, law=acting_la.law if acting_la else None
    )
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for pupil in page:
        pupil.current_year = pupil.year_group(today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/pupil_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "show_school": not (request.membership and request.membership.school_id),
            "can_add": access.can_add_pupil(request.membership),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pupil_add(request: HttpRequest) -> HttpResponse:
    if not access.can_add_pupil(request.membership):
        raise PermissionDenied(
            _("Only your school's case leads, DSL, SENCo or head can add pupils.")
        )
    section = passport.SECTIONS_BY_SLUG["child"]
    form_class = passport_form_class(section.model, section.fields)
    school = request.membership.school
    form = form_class(posted(request), school=school, submit_label=_("Add pupil"))
    if form.is_valid() and (
        added := guarded(
            form,
            lambda: pupil_create(school=school, details=form.cleaned_data, created_by=request.user),
        )
    ):
        messages.success(request, _("%(name)s has been added.") % {"name": added.value.full_name})
        return redirect(added.value)
    return form_page(request, form, title=_("Add a pupil"))


@require_GET
@login_required
def pupil_detail(request: HttpRequest, pupil_id: int) -> HttpResponse:
    membership = request.membership
    pupil = access.get_pupil_for_user(membership, pupil_id)
    today = timezone.localdate()
    past = _PastRecords(pupil, membership)
    blocks = []
    for section in passport.SECTIONS:
        if not section.visible(membership, pupil):
            continue
        row = section.record(pupil)
        blocks.append(
            {
                "section": section,
                "title": section.heading(pupil.law),
                "intro": section.introduction(pupil.law),
                "rows": [
                    (passport.label(section.model, f, pupil.law), past.display(row, f))
                    for f in section.fields
                ],
                "can_edit": section.can_edit(membership, pupil),
                "collections": [
                    _collection_block(c, pupil, membership, past)
                    for c in passport.COLLECTIONS
                    if c.section == section.slug
                ],
            }
        )
        if section.slug == "safeguarding":
            record_safeguarding_read(pupil=pupil, user=request.user, membership=membership)
    return render(
        request,
        "cases/pupil_detail.html",
        {
            "pupil": pupil,
            "blocks": blocks,
            "year_group": pupil.year_group(today),
            "hosting": access.is_hosting(membership, pupil),
            "tab": "passport",
            "directions": access.directions_visible_to(membership)
            .filter(pupil=pupil)
            .select_related("host_school"),
            "can_start_direction": access.can_start_direction(membership, pupil),
        },
    )


class _PastRecords:
    """The off-site directions the passport lists, as the PDF lists them (cases.pupils.record):
    Waymark's own merged with the typed rows; a link to a direction only for who may open it."""

    def __init__(self, pupil, membership):
        prefetch_related_objects([pupil], "interventions", "previous_directions")
        self.directions = past_directions(pupil)
        ids = [d.direction_id for d in self.directions if d.from_waymark]
        self.openable = (
            set(
                access.directions_visible_to(membership)
                .filter(pk__in=ids)
                .values_list("pk", flat=True)
            )
            if ids
            else set()
        )

    def display(self, row, field_name: str) -> str:
        if field_name == "previous_direction":
            derived = copy.copy(row)
            derived.previous_direction = ever_directed(row.previous_direction, self.directions)
            return passport.display_value(derived, field_name)
        return passport.display_value(row, field_name)

    def url(self, direction: PastDirection) -> str:
        if direction.direction_id in self.openable:
            return reverse("direction-detail", args=[direction.direction_id])
        return ""

    def direction_rows(self, columns) -> list[dict]:
        rows = []
        for d in self.directions:
            if d.row is not None:
                rows.append(_typed_row(d.row, columns))
            elif d.from_waymark:
                values = {
                    "start_date": long_date(d.start) if d.start else "",
                    "end_date": end_text(d),
                    "home_school": d.home_school,
                    "destination_school": d.destination_school,
                    "successful": "\n".join(x for x in (_yes_no(d.successful), d.outcome) if x),
                }
                rows.append(
                    {
                        "row": None,
                        "values": [values[c] for c in columns],
                        "note": _("From Waymark's records"),
                        "url": self.url(d),
                    }
                )
        return rows

    def intervention_rows(self, typed, columns) -> list[dict]:
        """The typed interventions, and an "Off-site direction" row for each dated direction of
        the "Previous off-site directions" list that no typed intervention is, as the PDF's
        interventions table prints them (cases.pupils.documents._interventions)."""
        rows = [_typed_row(i, columns) for i in typed]
        for d in self.directions:
            if d.start is None or d.from_intervention:
                continue
            values = {
                "kind": str(Intervention.Kind.OFF_SITE_DIRECTION.label),
                "start_date": long_date(d.start),
                "end_date": end_text(d),
            }
            rows.append(
                {
                    "row": None,
                    "values": [values[c] for c in columns],
                    "note": _("From Waymark's records")
                    if d.from_waymark
                    else _("From the previous off-site directions"),
                    "url": self.url(d),
                    "start": d.start,
                }
            )
        return sorted(rows, key=lambda r: r.get("start") or r["row"].start_date)


def _yes_no(value: str) -> str:
    return str(YesNo(value).label) if value else ""


def _typed_row(row, columns) -> dict:
    note = suspension_note(row) if isinstance(row, Suspension) else ""
    return {
        "row": row,
        "values": [passport.display_value(row, f) for f in columns],
        "note": note,
        "url": "",
        "start": getattr(row, "start_date", None),
    }


def _collection_block(collection, pupil, membership, past: _PastRecords):
    columns = collection.columns or collection.fields
    if collection.slug == "previous-directions":
        rows = past.direction_rows(columns)
    elif collection.slug == "interventions":
        rows = past.intervention_rows(list(pupil.interventions.all()), columns)
    else:
        rows = [_typed_row(row, columns) for row in getattr(pupil, collection.related_name).all()]
    return {
        "collection": collection,
        "headers": [collection.model._meta.get_field(f).verbose_name for f in columns],
        "rows": rows,
        "can_edit": access.can_edit_passport(membership, pupil),
    }


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pupil_id: int, section: str) -> HttpResponse:
    membership = request.membership
    pupil = access.get_pupil_for_user(membership, pupil_id)
    spec = passport.SECTIONS_BY_SLUG.get(section)
    if spec is None or not spec.visible(membership, pupil):
        raise Http404(_("No such section."))
    if not spec.can_edit(membership, pupil):
        raise PermissionDenied(_("You can see this section but not change it."))
    if spec.slug == "safeguarding":
        record_safeguarding_read(pupil=pupil, user=request.user, membership=membership)
    form_class = passport_form_class(spec.model, spec.fields)
    record = spec.record(pupil)
    form = form_class(posted(request), instance=record, pupil=pupil)
    if form.is_valid() and guarded(
        form,
        lambda: passport_section_update(
            record=record, changes=changed(form), changed_by=request.user
        ),
    ):
        messages.success(request, _("%(section)s saved.") % {"section": spec.heading(pupil.law)})
        return redirect(pupil)
    return form_page(
        request,
        form,
        title=spec.heading(pupil.law),
        intro=spec.introduction(pupil.law),
        pupil=pupil,
    )


def _visible_collection(membership, pupil, slug: str) -> passport.Collection | None:
    """The passport list named `slug`, or None when there is none or its section is hidden
    from the membership (the SEND lists, for instance)."""
    spec = passport.COLLECTIONS_BY_SLUG.get(slug)
    if spec is None or not passport.SECTIONS_BY_SLUG[spec.section].visible(membership, pupil):
        return None
    return spec


@login_required
@require_http_methods(["GET", "POST"])
def row_edit(
    request: HttpRequest, pupil_id: int, collection: str, row_id: int | None = None
) -> HttpResponse:
    pupil = access.get_pupil_for_user(request.membership, pupil_id, write=True)
    spec = _visible_collection(request.membership, pupil, collection)
    if spec is None:
        raise Http404(_("No such list."))
    row = None
    if row_id is not None:
        row = getattr(pupil, spec.related_name).filter(pk=row_id).first()
        if row is None:
            raise Http404(_("No such entry."))
    fields = spec.fields
    if getattr(row, "address_withheld", False) and not access.can_view_safeguarding(
        request.membership, pupil
    ):
        # Issue 14: only those with need-to-know see, change or reveal a withheld address.
        fields = tuple(f for f in fields if f not in {"address", "address_withheld"})
    form_class = passport_form_class(spec.model, fields)
    form = form_class(posted(request), instance=row, pupil=pupil)
    if form.is_valid() and guarded(
        form,
        lambda: passport_row_save(
            pupil=pupil,
            model=spec.model,
            values=form.cleaned_data,
            row=row,
            changed_by=request.user,
        ),
    ):
        messages.success(request, _("%(list)s saved.") % {"list": spec.title})
        return redirect(pupil)
    title = spec.add_label if row is None else _("Change: %(list)s") % {"list": spec.title}
    return form_page(request, form, title=title, pupil=pupil, row=row, collection=spec)


@login_required
@require_http_methods(["GET", "POST"])
def row_delete(request: HttpRequest, pupil_id: int, collection: str, row_id: int) -> HttpResponse:
    pupil = access.get_pupil_for_user(request.membership, pupil_id, write=True)
    spec = _visible_collection(request.membership, pupil, collection)
    row = getattr(pupil, spec.related_name).filter(pk=row_id).first() if spec else None
    if row is None:
        raise Http404(_("No such entry."))
    if request.method == "POST":
        passport_row_delete(row=row, changed_by=request.user)
        messages.success(request, _("Removed from %(list)s.") % {"list": spec.title})
        return redirect(pupil)
    return render(
        request, "cases/row_delete.html", {"pupil": pupil, "row": row, "collection": spec}
    )


@require_GET
@login_required
def pupil_history(request: HttpRequest, pupil_id: int) -> HttpResponse:
    pupil = access.get_pupil_for_user(request.membership, pupil_id)
    if access.is_hosting(request.membership, pupil):
        raise PermissionDenied(_("The history stays with the pupil's home school."))
    changes, shows_safeguarding = passport_history(pupil, request.membership)
    if shows_safeguarding:
        record_safeguarding_read(pupil=pupil, user=request.user, membership=request.membership)
    return render(
        request,
        "cases/pupil_history.html",
        {
            "pupil": pupil,
            "changes": changes,
            "tab": "history",
            "year_group": pupil.year_group(timezone.localdate()),
        },
    )


@require_POST
@login_required
def passport_pdf(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """Make a new version of the Pupil Passport, as this person may see it, and download it."""
    membership = request.membership
    pupil = access.get_pupil_for_user(membership, pupil_id)
    allowed = passport_documents.Access.for_membership(membership, pupil)
    try:
        # In the service's language, whatever the maker's pages are in (issue 15).
        with translation.override(settings.LANGUAGE_CODE):
            document = document_generate(
                kind=GeneratedDocument.Kind.PUPIL_PASSPORT,
                pupil=pupil,
                template=passport_documents.TEMPLATE,
                context=passport_documents.passport_context(
                    pupil, allowed=allowed, today=timezone.localdate()
                ),
                generated_by=request.user,
                includes_safeguarding=allowed.safeguarding,
                includes_send=allowed.send,
            )
    except DocumentRenderError as error:
        messages.error(request, str(error))
        return redirect(pupil)
    return redirect(document)
