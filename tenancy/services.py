import datetime
import hashlib
import logging
import secrets
from collections.abc import Mapping

from celery import shared_task
from django.conf import settings
from django.contrib.auth.models import Group as AuthGroup
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.shortcuts import assign_perm, remove_perm
from kombu.exceptions import OperationalError

from tenancy.models import LocalAuthority, School, TwoFactorEnrolment, User
from tenancy.selectors import la_people

logger = logging.getLogger(__name__)

# The object permission a host school's staff group holds on a pupil it hosts (django-guardian).
HOST_PERMISSION = "cases.view_pupil"


@transaction.atomic
def la_settings_update(
    *, local_authority: LocalAuthority, changes: Mapping[str, object], changed_by: User
) -> LocalAuthority:
    """Save an LA's policy settings and inboxes (`changes`: field name to new value); the
    history records who changed which value. Only the values that differ are written."""
    la = LocalAuthority.objects.select_for_update().get(pk=local_authority.pk)
    changed = []
    for name, value in changes.items():
        if getattr(la, name) != value:
            setattr(la, name, value)
            changed.append(name)
    if changed:
        la._history_user = changed_by
        la.full_clean()
        la.save(update_fields=changed)
    return la


def user_set_emails(*, user: User, emails: str) -> User:
    """How a person hears of new steps: each at once, or the daily summary only."""
    user.emails = emails
    user.full_clean(validate_unique=False)
    user.save(update_fields=["emails"])
    return user


def school_staff_group(school: School):
    """The auth group that holds a school's object grants, created on first use."""
    if school.staff_group_id is None:
        school.staff_group, _created = AuthGroup.objects.get_or_create(
            name=f"school-{school.pk}-staff"
        )
        school.save(update_fields=["staff_group"])
    return school.staff_group


def grant_host_access(pupil, host: School) -> None:
    """Let a host school's staff see the pupil while it hosts them."""
    if host.pk == pupil.school_id:
        raise ValueError("A pupil's own school cannot host them.")
    assign_perm(HOST_PERMISSION, school_staff_group(host), pupil)


def revoke_host_access(pupil, host: School) -> None:
    """End a host school's access when hosting ends."""
    if host.staff_group_id is not None:
        remove_perm(HOST_PERMISSION, host.staff_group, pupil)


# Two-factor enrolment (issue 13, finding 1): the first set-up of an authenticator app needs
# a one-time link from the person's work email, so the password alone cannot enrol a device.
ENROLMENT_VALID_FOR = datetime.timedelta(minutes=30)
ENROLMENT_RESEND_AFTER = datetime.timedelta(minutes=1)
RECOVERY_CODE_COUNT = 10


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def two_factor_is_set_up(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_live(*, user: User) -> TwoFactorEnrolment | None:
    """The person's link that may still be used (at most one), sent or about to be."""
    return (
        TwoFactorEnrolment.objects.filter(
            user=user, used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def enrolment_issue(
    *, user: User, issued_by: User | None = None, reset: bool = False
) -> TwoFactorEnrolment:
    """A new link for `user`, emailed by the worker after the commit. Older links stop
    working, and so does any key shown before: the app is set up afresh from the new link."""
    now = timezone.now()
    TwoFactorEnrolment.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    enrolment = TwoFactorEnrolment(
        user=user, expires_at=now + ENROLMENT_VALID_FOR, issued_by=issued_by, reset=reset
    )
    enrolment.full_clean()
    enrolment.save()
    transaction.on_commit(lambda: _queue_enrolment_email(enrolment.pk), robust=True)
    return enrolment


def enrolment_ensure(*, user: User) -> TwoFactorEnrolment:
    """The person's live link, issued now if they have none (first visit, or it expired)."""
    return enrolment_live(user=user) or enrolment_issue(user=user)


def enrolment_resend(*, user: User) -> TwoFactorEnrolment:
    """Send the link again, at most once a minute."""
    latest = TwoFactorEnrolment.objects.filter(user=user).order_by("-created_at").first()
    if latest is not None and latest.created_at > timezone.now() - ENROLMENT_RESEND_AFTER:
        raise ValidationError(
            _("We sent a link less than a minute ago. Wait a minute, then try again.")
        )
    return enrolment_issue(user=user)


def _queue_enrolment_email(enrolment_id: int) -> None:
    """Hand the email to the worker; with the broker down the person can ask again."""
    try:
        email_two_factor_enrolment.delay(enrolment_id)
    except (OperationalError, OSError) as error:
        logger.warning("Could not queue enrolment link %s (%s)", enrolment_id, error)


@shared_task(acks_late=True)
def email_two_factor_enrolment(enrolment_id: int) -> bool:
    return enrolment_email(enrolment_id=enrolment_id)


def enrolment_email(*, enrolment_id: int) -> bool:
    """Make the link's token and email it; True when sent now. Only the token's hash is
    stored, so the token is made here, in the worker, and never leaves the email. A link
    sent already, used or expired is not sent (idempotent); if the mail server fails, the
    claim is undone and the person can ask for the link again."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    claimed = TwoFactorEnrolment.objects.filter(
        pk=enrolment_id, token_hash="", used_at__isnull=True, expires_at__gt=now
    ).update(token_hash=token_hash(token), sent_at=now, expires_at=now + ENROLMENT_VALID_FOR)
    if not claimed:
        return False
    enrolment = TwoFactorEnrolment.objects.select_related("user").get(pk=enrolment_id)
    link = settings.SITE_URL + reverse("two-factor-enrol", args=[token])
    try:
        send_mail(
            subject=_("Waymark: set up two-factor sign-in"),
            message=render_to_string(
                "registration/two_factor_enrolment_email.txt",
                {
                    "user": enrolment.user,
                    "link": link,
                    "minutes": int(ENROLMENT_VALID_FOR.total_seconds() // 60),
                    "reset": enrolment.reset,
                },
            ),
            from_email=None,
            recipient_list=[enrolment.user.email],
        )
    except Exception:  # any mail failure: the link is not sent, so it must not work
        logger.exception("Could not email enrolment link %s", enrolment_id)
        TwoFactorEnrolment.objects.filter(pk=enrolment_id).update(token_hash="", sent_at=None)
        return False
    return True


def enrolment_for_token(*, user: User, token: str) -> TwoFactorEnrolment | None:
    """The link `token` opens for `user`; None for an unknown token or another person's."""
    return TwoFactorEnrolment.objects.filter(user=user, token_hash=token_hash(token)).first()


def enrolment_is_usable(enrolment: TwoFactorEnrolment) -> bool:
    return (
        enrolment.used_at is None
        and enrolment.expires_at > timezone.now()
        and not two_factor_is_set_up(enrolment.user)
    )


def enrolment_device(*, enrolment: TwoFactorEnrolment) -> TOTPDevice:
    """The unconfirmed authenticator the link sets up (made on first opening)."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=enrolment.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    return device


@transaction.atomic
def enrolment_confirm(*, enrolment: TwoFactorEnrolment, device: TOTPDevice) -> list[str]:
    """Confirm the authenticator whose code the person entered, use up the link, and make
    their recovery codes (returned once, to show once)."""
    enrolment = TwoFactorEnrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not enrolment_is_usable(enrolment) or device.user_id != enrolment.user_id:
        raise ValidationError(_("This link has expired or has been used already."))
    enrolment.used_at = timezone.now()
    enrolment.save(update_fields=["used_at"])
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=enrolment.user).delete()
    recovery = StaticDevice.objects.create(user=enrolment.user, name="Recovery codes")
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_reset(
    *, user: User, local_authority: LocalAuthority, reset_by: User
) -> TwoFactorEnrolment:
    """An LA admin removes a person's authenticator and recovery codes (a lost phone) and a
    new link goes to the person's work email; the link records who reset it and when."""
    if not la_people(local_authority.pk).filter(pk=user.pk).exists():
        raise ValidationError(_("This person does not work for %(la)s.") % {"la": local_authority})
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return enrolment_issue(user=user, issued_by=reset_by, reset=True)
