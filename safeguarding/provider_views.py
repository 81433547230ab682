"""The LA's register of alternative provision providers. Thin: the access policy, a form, a
service, a redirect.

Source: 004_f815cbfe89cfcc2a.txt "Alternative Provision" and Appendix 1.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import access
from cases.placements.models import ApPlacement
from cases.placements.selectors import current_or_to_come
from documents.printing import printed_copy_request
from documents.rendering import render_html
from reviews import rules
from safeguarding import documents as provider_documents
from safeguarding import provider_forms as f
from safeguarding import providers as svc
from safeguarding.models import ProviderVisit, SafeguardingDeclaration
from ui.views import guarded, posted

PAGE_SIZE = 50
Received = SafeguardingDeclaration.Received
STATUS_LABELS = {
    "missing": gettext_lazy("No declaration"),
    "current": gettext_lazy("Current"),
    "expiring": gettext_lazy("Expires soon"),
    "expired": gettext_lazy("Expired"),
}
STATUS_TAGS = {
    "missing": "govuk-tag--red",
    "current": "govuk-tag--green",
    "expiring": "govuk-tag--yellow",
    "expired": "govuk-tag--red",
}


def _status(signed_on, expires_on, today) -> dict:
    key = rules.declaration_status(signed_on, expires_on, today)
    return {"key": key, "label": STATUS_LABELS[key], "tag": STATUS_TAGS[key]}


def _register(membership, today: datetime.date):
    """The register with each provider's latest declaration, last visit and pupils there now:
    one query, whatever the number of providers. Every column is a subquery of one provider,
    none a join: joined and grouped, each provider's status was worked out again for every
    placement it ever had (issue 12)."""
    latest = SafeguardingDeclaration.objects.filter(provider=OuterRef("pk")).order_by(
        "-signed_on", "-pk"
    )
    visits = ProviderVisit.objects.filter(provider=OuterRef("pk")).order_by("-visited_on", "-pk")
    placed = (
        current_or_to_come(ApPlacement.objects.filter(provider=OuterRef("pk")), today)
        .order_by()
        .values("provider_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    soon = today + datetime.timedelta(days=rules.DECLARATION_WARNING_DAYS)
    return (
        access.providers_visible_to(membership)
        .annotate(
            signed_on=Subquery(latest.values("signed_on")[:1]),
            expires_on=Subquery(latest.values("expires_on")[:1]),
            last_visit=Subquery(visits.values("visited_on")[:1]),
            last_outcome=Subquery(visits.values("outcome")[:1]),
            pupils_now=Coalesce(Subquery(placed, output_field=IntegerField()), Value(0)),
            # The same words as rules.declaration_status, so the list can be filtered in SQL.
            status=Case(
                When(Q(signed_on__isnull=True) | Q(signed_on__gt=today), then=Value("missing")),
                When(expires_on__lt=today, then=Value("expired")),
                When(expires_on__lte=soon, then=Value("expiring")),
                default=Value("current"),
                output_field=CharField(),
            ),
        )
        .order_by("name")
    )


@require_GET
@login_required
def provider_list(request: HttpRequest) -> HttpResponse:
    """The register: every provider of the LA with its declaration's status and last visit."""
    membership = request.membership
    if not access.can_view_provider_register(membership):
        raise PermissionDenied(_("Only LA and school staff see the register of providers."))
    today = timezone.localdate()
    providers = _register(membership, today)
    status = request.GET.get("status", "")
    if status in STATUS_LABELS:
        providers = providers.filter(status=status)
    else:
        status = ""
    page = Paginator(providers, PAGE_SIZE).get_page(request.GET.get("page"))
    # Read even when the filter finds none (Django skips reading an empty page), so that the
    # page takes the same queries whatever the filter finds (issue 12).
    bottom = (page.number - 1) * PAGE_SIZE
    page.object_list = list(providers[bottom : bottom + PAGE_SIZE])
    rows = [
        (p, _status(p.signed_on, p.expires_on, today), ProviderVisit.Outcome(p.last_outcome).label)
        if p.last_outcome
        else (p, _status(p.signed_on, p.expires_on, today), "")
        for p in page
    ]
    la = membership.acting_la
    return render(
        request,
        "safeguarding/providers/list.html",
        {
            "la": la,
            "rows": rows,
            "page": page,
            "status": status,
            "statuses": list(STATUS_LABELS.items()),
            "keeps": access.can_keep_provider_register(membership),
            "is_la": bool(membership.local_authority_id),
            "sees_placements": access.can_view_la_lists(membership),
            "query": f"status={status}" if status else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_add(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if not access.can_keep_provider_register(membership):
        raise PermissionDenied(_("Only the LA's safeguarding or LA officers add providers."))
    form = f.ProviderForm(posted(request))
    if form.is_valid() and (
        made := guarded(
            form,
            lambda: svc.provider_create(
                local_authority=membership.local_authority,
                details=form.cleaned_data,
                by=request.user,
            ),
        )
    ):
        messages.success(request, _("Provider added to the register."))
        return redirect(made.value)
    return _question_page(request, None, form, _("Add a provider to the register"))


def _question_page(request, provider, form, title, intro=""):
    """A question page of the register: back to the provider (or the register), its name in
    the caption."""
    return render(
        request,
        "safeguarding/providers/form.html",
        {"provider": provider, "form": form, "title": title, "intro": intro},
    )


@require_GET
@login_required
def provider_detail(request: HttpRequest, provider_id: int) -> HttpResponse:
    membership = request.membership
    provider = access.get_provider_for_user(membership, provider_id)
    today = timezone.localdate()
    declarations = list(provider.declarations.select_related("recorded_by"))
    latest = declarations[0] if declarations else None
    placements = (
        access.placements_visible_to(membership)
        .filter(provider=provider)
        .select_related("pupil", "school")
        .order_by("-start")
    )
    return render(
        request,
        "safeguarding/providers/detail.html",
        {
            "provider": provider,
            "declarations": declarations,
            "latest": latest,
            "status": _status(
                latest.signed_on if latest else None, latest.expires_on if latest else None, today
            ),
            "visits": list(provider.visits.all()),
            "findings": access.can_view_visit_findings(membership, provider),
            "placements": list(placements[:100]),
            "keeps": access.can_keep_provider_register(membership, provider),
            "signs": access.can_sign_declaration(membership, provider),
            "is_la": membership.local_authority_id == provider.local_authority_id,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, provider_id: int) -> HttpResponse:
    provider = access.get_provider_for_user(request.membership, provider_id, write=True)
    form = f.ProviderForm(posted(request), instance=provider)
    if form.is_valid() and guarded(
        form,
        lambda: svc.provider_update(provider=provider, changes=form.cleaned_data, by=request.user),
    ):
        messages.success(request, _("Provider saved."))
        return redirect(provider)
    return _question_page(request, provider, form, _("Change the provider's details"))


def _declared(form) -> dict:
    """What the provider declared, from a declaration form (Appendix 1's items and who
    signed)."""
    data = form.cleaned_data
    return {
        "confirmed": {name: data[name] for name in svc.ITEM_NAMES},
        "signatory_name": data["signatory_name"],
        "signatory_position": data["signatory_position"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def declaration_add(request: HttpRequest, provider_id: int) -> HttpResponse:
    """The LA records a declaration signed on paper, or types it in for the provider."""
    provider = access.get_provider_for_user(request.membership, provider_id, write=True)
    form = f.DeclarationForm(posted(request))
    if form.is_valid() and guarded(
        form,
        lambda: svc.declaration_record(
            provider=provider,
            signed_on=form.cleaned_data["signed_on"],
            **_declared(form),
            received=form.cleaned_data["received"],
            by=request.user,
            today=timezone.localdate(),
        ),
    ):
        messages.success(request, _("Safeguarding declaration recorded."))
        return redirect(provider)
    return _question_page(
        request,
        provider,
        form,
        _("Record a safeguarding declaration"),
        _(
            "Appendix 1 of the guidance: the provider confirms every item and a senior member of "
            "the organisation signs it. It is current for a year, because staff safeguarding "
            "training is updated at least annually."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def declaration_sign(request: HttpRequest, provider_id: int) -> HttpResponse:
    """The provider's own contact signs its declaration in Waymark, dated today."""
    membership = request.membership
    provider = access.get_provider_for_user(membership, provider_id)
    if not access.can_sign_declaration(membership, provider):
        raise PermissionDenied(_("Only the provider's own contact signs its declaration."))
    today = timezone.localdate()
    form = f.SignDeclarationForm(
        posted(request),
        initial={
            "signatory_name": request.user.full_name,
            "signatory_position": request.user.job_title,
        },
    )
    if form.is_valid() and guarded(
        form,
        lambda: svc.declaration_record(
            provider=provider,
            signed_on=today,
            **_declared(form),
            received=Received.IN_APP,
            by=request.user,
            today=today,
        ),
    ):
        messages.success(request, _("Thank you. Your declaration is signed and on the register."))
        return redirect(provider)
    return _question_page(
        request,
        provider,
        form,
        _("Sign the safeguarding declaration"),
        _(
            "Confirm each item for every member of staff employed in %(provider)s. It is dated "
            "today and is current for a year."
        )
        % {"provider": provider.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_add(request: HttpRequest, provider_id: int) -> HttpResponse:
    provider = access.get_provider_for_user(request.membership, provider_id, write=True)
    form = f.VisitForm(posted(request), initial={"officer": request.user.full_name})
    if form.is_valid() and guarded(
        form,
        lambda: svc.visit_record(
            provider=provider,
            visited_on=form.cleaned_data["visited_on"],
            officer=form.cleaned_data["officer"],
            findings=form.cleaned_data["findings"],
            outcome=form.cleaned_data["outcome"],
            by=request.user,
            today=timezone.localdate(),
        ),
    ):
        messages.success(request, _("Visit recorded."))
        return redirect(provider)
    return _question_page(
        request,
        provider,
        form,
        _("Record a safeguarding visit"),
        _("The LA's review or visit “checking the checker” (004)."),
    )


def _pdf(request: HttpRequest, provider, declaration) -> HttpResponse:
    """Appendix 1 as a PDF the worker makes (never this request: documents.printing); the page
    it answers with follows it to the download."""
    with translation.override(settings.LANGUAGE_CODE):  # whatever the maker's pages (issue 15)
        html = render_html(
            provider_documents.TEMPLATE,
            provider_documents.declaration_context(
                provider, declaration, today=timezone.localdate()
            ),
        )
    copy = printed_copy_request(
        title=(
            _("Safeguarding declaration of %(provider)s")
            if declaration
            else _("Blank safeguarding declaration for %(provider)s")
        )
        % {"provider": provider.name},
        download_name=provider_documents.filename(provider, declaration),
        html=html,
        by=request.user,
        back_url=provider.get_absolute_url(),
    )
    return redirect(copy.get_status_url())


# POST: each asks the worker for a new copy (documents.PrintedCopy), so a link followed by a
# crawler or prefetched by a browser makes none.
@require_POST
@login_required
def declaration_pdf(request: HttpRequest, provider_id: int, declaration_id: int) -> HttpResponse:
    """A recorded declaration as Appendix 1's form, made from the record on each request."""
    provider = access.get_provider_for_user(request.membership, provider_id)
    declaration = provider.declarations.filter(pk=declaration_id).first()
    if declaration is None:
        raise Http404(_("No such declaration."))
    return _pdf(request, provider, declaration)


@require_POST
@login_required
def declaration_blank_pdf(request: HttpRequest, provider_id: int) -> HttpResponse:
    """Appendix 1 with the provider's name, to send to the provider to sign."""
    provider = access.get_provider_for_user(request.membership, provider_id)
    return _pdf(request, provider, None)
