import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

import access
from accounts.forms import (
    ChooseOrganisationForm,
    EmailsForm,
    LocalAuthoritySettingsForm,
    SignInForm,
    TwoFactorForm,
)
from tenancy.middleware import ACTING_SESSION_KEY
from tenancy.services import la_settings_update, user_set_emails
from ui.views import guarded, posted


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers; 503 with a short reason when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse(
            {"status": "unavailable", "reason": f"database: {type(exc).__name__}"}, status=503
        )
    return JsonResponse({"status": "ok"})


class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app on first sign-in, then ask for its code each time."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": "Authenticator app"}
        )
    form = TwoFactorForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        if setting_up:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        # A new session key at each step up, so a key seen before the second factor (on a
        # shared machine, in a log) is worth nothing after it.
        request.session.cycle_key()
        return redirect(_safe_next(request))
    qr_svg = segno.make(device.config_url).svg_inline(scale=4) if setting_up else ""
    secret = ""
    if setting_up:
        from base64 import b32encode

        secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor.html",
        {
            "form": form,
            "setting_up": setting_up,
            "qr_svg": qr_svg,
            "secret": secret,
            "next": _safe_next(request),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def choose_organisation(request: HttpRequest) -> HttpResponse:
    form = ChooseOrganisationForm(request.POST or None, memberships=request.memberships)
    if request.method == "POST" and form.is_valid():
        request.session[ACTING_SESSION_KEY] = form.cleaned_data["membership"]
        chosen = next(m for m in request.memberships if m.pk == form.cleaned_data["membership"])
        messages.success(request, _("You are now working for %(org)s.") % {"org": chosen})
        return redirect(_safe_next(request))
    return render(
        request, "tenancy/choose_organisation.html", {"form": form, "next": _safe_next(request)}
    )


@require_http_methods(["GET", "POST"])
@login_required
def emails(request: HttpRequest) -> HttpResponse:
    """How the person hears of new work: each step at once, or the daily summary only."""
    form = EmailsForm(posted(request), initial={"emails": request.user.emails})
    if form.is_valid() and guarded(
        form, lambda: user_set_emails(user=request.user, emails=form.cleaned_data["emails"])
    ):
        messages.success(
            request, _("Saved: %(choice)s.") % {"choice": request.user.get_emails_display()}
        )
        return redirect("home")
    return render(request, "accounts/emails.html", {"form": form})


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    return render(request, "registration/locked_out.html", status=429)


@require_http_methods(["GET", "POST"])
@login_required
def la_settings(request: HttpRequest) -> HttpResponse:
    """The LA admin's page for the LA's policy values and inboxes."""
    if not access.can_manage_la_settings(request.membership):
        raise PermissionDenied(_("Only your LA's Waymark admin can change its policy settings."))
    la = request.membership.local_authority
    form = LocalAuthoritySettingsForm(posted(request), instance=la)
    if form.is_valid() and guarded(
        form,
        lambda: la_settings_update(
            local_authority=la, changes=form.cleaned_data, changed_by=request.user
        ),
    ):
        messages.success(request, _("Policy settings for %(la)s saved.") % {"la": la})
        return redirect("la-settings")
    return render(request, "tenancy/la_settings.html", {"form": form, "la": la})
