"""Issue 13, finding 1: the first two-factor set-up needs a one-time link from the person's
work email, not the password alone; recovery codes; an LA admin's reset, recorded."""

import datetime
import hashlib
import re

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tenancy.models import TwoFactorEnrolment
from tenancy.services import enrolment_email, enrolment_issue
from tests.factories import PASSWORD

pytestmark = pytest.mark.usefixtures("otp_required")
LINK = re.compile(r"/account/two-factor/enrol/([\w-]+)/")


@pytest.fixture
def otp_required():
    with override_settings(OTP_REQUIRED=True):
        yield


def sign_in(client, user):
    client.post(reverse("sign-in"), {"username": user.email, "password": PASSWORD})


def link_sent(client, django_capture_on_commit_callbacks, url=None):
    """Open the two-factor page (or POST `url`), run the commit hooks; the emailed token."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url) if url else client.get(reverse("two-factor"))
    assert len(mail.outbox) == 1, response
    return LINK.search(mail.outbox[0].body).group(1)


def code_for(device):
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_it_shows_no_secret_before_the_link_and_emails_one(
    client, world, django_capture_on_commit_callbacks
):
    user = world.users["school_case_lead"]
    user.email = "tess.case@elmbridge.demo"
    user.save()
    sign_in(client, user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(reverse("two-factor"))
    text = page.content.decode()
    assert "t•••@elmbridge.demo" in text and "30 minutes" in text
    assert "Send the link again" in text
    assert "<svg" not in text and "Key:" not in text
    assert not TOTPDevice.objects.filter(user=user).exists()
    [email] = mail.outbox
    assert email.to == [user.email] and "set up two-factor" in email.subject
    token = LINK.search(email.body).group(1)
    enrolment = TwoFactorEnrolment.objects.get(user=user)
    assert enrolment.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in enrolment.token_hash and enrolment.issued_by is None
    assert enrolment.expires_at - enrolment.sent_at == datetime.timedelta(minutes=30)
    client.get(reverse("two-factor"))  # a second visit sends nothing more
    assert TwoFactorEnrolment.objects.filter(user=user).count() == 1


def test_it_sets_up_from_the_link_with_recovery_codes(
    client, world, django_capture_on_commit_callbacks
):
    user = world.users["school_case_lead"]
    sign_in(client, user)
    token = link_sent(client, django_capture_on_commit_callbacks)
    url = reverse("two-factor-enrol", args=[token])
    setup = client.get(url)
    assert "<svg" in setup.content.decode() and "Key:" in setup.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    before = client.session.session_key
    done = client.post(url, {"code": code_for(device)})
    assert done.status_code == 200
    assert client.session.session_key != before
    codes = done.context["codes"]
    assert len(codes) == 10 and "Keep these codes safe" in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert TwoFactorEnrolment.objects.get(user=user).used_at is not None
    assert client.get(reverse("pupil-list")).status_code == 200
    assert client.get(url).status_code == 302  # used: says so on the two-factor page

    # Next sign-in: a recovery code works instead of the app's code, once.
    client.post(reverse("sign-out"))
    sign_in(client, user)
    assert client.get(reverse("pupil-list")).status_code == 302
    before = client.session.session_key
    assert client.post(reverse("two-factor"), {"code": codes[0].upper()}).status_code == 302
    assert client.session.session_key != before
    assert client.get(reverse("pupil-list")).status_code == 200
    client.post(reverse("sign-out"))
    sign_in(client, user)
    again = client.post(reverse("two-factor"), {"code": codes[0]})
    assert "That code is not right" in again.content.decode()
    assert StaticDevice.objects.get(user=user).token_set.count() == 9


def test_the_password_alone_cannot_open_the_link_of_someone_else(
    client, world, django_capture_on_commit_callbacks
):
    victim, attacker = world.users["school_case_lead"], world.users["school_dsl"]
    sign_in(client, victim)
    token = link_sent(client, django_capture_on_commit_callbacks)
    client.post(reverse("sign-out"))
    sign_in(client, attacker)
    assert client.get(reverse("two-factor-enrol", args=[token])).status_code == 404
    assert client.get(reverse("two-factor-enrol", args=["made-up-token"])).status_code == 404
    assert client.get(reverse("two-factor")).status_code == 200  # the attacker's own page
    assert not TOTPDevice.objects.filter(user=victim).exists()


def test_the_link_expires_after_30_minutes(client, world, django_capture_on_commit_callbacks):
    user = world.users["school_case_lead"]
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in(client, user)
        token = link_sent(client, django_capture_on_commit_callbacks)
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("two-factor-enrol", args=[token])).status_code == 200
        traveller.shift(datetime.timedelta(minutes=2))
        client.post(reverse("two-factor"))  # keep the session alive (idle timeout)
        expired = client.get(reverse("two-factor-enrol", args=[token]))
    assert expired.status_code == 302 and expired.url == reverse("two-factor")


def test_sending_again_is_throttled_and_expires_the_older_link(
    client, world, django_capture_on_commit_callbacks
):
    user = world.users["school_case_lead"]
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in(client, user)
        first = link_sent(client, django_capture_on_commit_callbacks)
        mail.outbox.clear()
        too_soon = client.post(reverse("two-factor-send-link"), follow=True)
        assert "Wait a minute" in too_soon.content.decode() and not mail.outbox
        traveller.shift(datetime.timedelta(seconds=61))
        second = link_sent(
            client, django_capture_on_commit_callbacks, reverse("two-factor-send-link")
        )
        assert first != second
        assert client.get(reverse("two-factor-enrol", args=[first])).status_code == 302
        assert client.get(reverse("two-factor-enrol", args=[second])).status_code == 200


def test_the_email_is_sent_once_and_a_mail_failure_leaves_no_working_link(world, monkeypatch):
    user = world.users["school_case_lead"]
    enrolment = enrolment_issue(user=user)
    monkeypatch.setattr("tenancy.services.send_mail", lambda **kw: 1 / 0)
    assert not enrolment_email(enrolment_id=enrolment.pk)
    enrolment.refresh_from_db()
    assert enrolment.token_hash == "" and enrolment.sent_at is None
    monkeypatch.undo()
    assert enrolment_email(enrolment_id=enrolment.pk)
    assert not enrolment_email(enrolment_id=enrolment.pk)
    assert len(mail.outbox) == 1


def test_a_broker_outage_does_not_break_the_page(client, world, monkeypatch):
    from kombu.exceptions import OperationalError

    def down(*args):
        raise OperationalError("broker down")

    monkeypatch.setattr("tenancy.services.email_two_factor_enrolment.delay", down)
    sign_in(client, world.users["school_case_lead"])
    assert client.get(reverse("two-factor")).status_code == 200


@override_settings(OTP_REQUIRED=False)
def test_demo_mode_never_asks_for_two_factor(client, world):
    sign_in(client, world.users["school_case_lead"])
    assert client.get(reverse("pupil-list")).status_code == 200
    assert not TwoFactorEnrolment.objects.exists()
