from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
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
from tenancy.services import (
    ENROLMENT_VALID_FOR,
    enrolment_confirm,
    enrolment_device,
    enrolment_ensure,
    enrolment_for_token,
    enrolment_is_usable,
    enrolment_resend,
    la_settings_update,
    two_factor_is_set_up,
    two_factor_reset,
    user_set_emails,
)
from ui.views import guarded, posted

ENROLMENT_MINUTES = int(ENROLMENT_VALID_FOR.total_seconds() // 60)


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


def _masked(email: str) -> str:
    """Enough of an address for its owner to know it, not enough to harvest: t•••@la.gov.uk."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


def _step_up(request: HttpRequest, device) -> None:
    otp_login(request, device)
    # A new session key at each step up, so a key seen before the second factor (on a
    # shared machine, in a log) is worth nothing after it.
    request.session.cycle_key()


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the second factor. Before it is set up, the password is not enough to set it
    up: a one-time link goes to the person's work email (issue 13, finding 1)."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        enrolment_ensure(user=user)
        return render(
            request,
            "registration/two_factor_link_sent.html",
            {"email": _masked(user.email), "minutes": ENROLMENT_MINUTES},
        )
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    form = TwoFactorForm(request.POST or None, device=device, recovery=recovery)
    if request.method == "POST" and form.is_valid():
        _step_up(request, form.device)
        return redirect(_safe_next(request))
    return render(
        request, "registration/two_factor.html", {"form": form, "next": _safe_next(request)}
    )


@require_POST
@login_required
def two_factor_send_link(request: HttpRequest) -> HttpResponse:
    """Send the set-up link again (at most once a minute); older links stop working."""
    if not two_factor_is_set_up(request.user):
        try:
            enrolment_resend(user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("We have sent you a new link. Older links no longer work."))
    return redirect("two-factor")


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def two_factor_enrol(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: set up the authenticator app, then show the recovery codes once.
    Another person's link, or no link at all, is not found; the person's own link once used
    or expired says so on the two-factor page, which sends a new one."""
    enrolment = enrolment_for_token(user=request.user, token=token)
    if enrolment is None:
        raise Http404
    if not enrolment_is_usable(enrolment):
        messages.error(request, _("That link has expired or has been used already."))
        return redirect("two-factor")
    device = enrolment_device(enrolment=enrolment)
    form = TwoFactorForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        try:
            codes = enrolment_confirm(enrolment=enrolment, device=device)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("two-factor")
        _step_up(request, device)
        # Shown in the answer to the POST, never stored to show later: the codes are secrets.
        return render(request, "registration/two_factor_recovery_codes.html", {"codes": codes})
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": segno.make(device.config_url).svg_inline(scale=4),
            "secret": b32encode(device.bin_key).decode(),
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


@require_GET
@login_required
def la_people(request: HttpRequest) -> HttpResponse:
    """The people of the LA and its schools, each with a button to reset two-factor."""
    people = access.people_managed_by(request.membership)
    la = request.membership.local_authority
    return render(request, "accounts/la_people.html", {"la": la, "people": people})


@require_http_methods(["GET", "POST"])
@login_required
def la_person_reset_two_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    """Confirm, then remove a person's second factor and email them a new set-up link."""
    person = access.get_person_managed_by(request.membership, user_id)
    la = request.membership.local_authority
    if request.method == "POST":
        two_factor_reset(user=person, local_authority=la, reset_by=request.user)
        messages.success(
            request,
            _(
                "Two-factor sign-in for %(person)s has been reset. We have emailed them a link "
                "to set it up again."
            )
            % {"person": person},
        )
        return redirect("la-people")
    return render(request, "accounts/la_person_reset.html", {"la": la, "person": person})
