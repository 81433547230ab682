"""An LA admin resets a person's second factor (issue 13, finding 1): recorded, and a fresh
set-up link goes to the person's own email."""

from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tenancy.models import TwoFactorEnrolment


def reset_url(user):
    return reverse("la-person-reset-two-factor", args=[user.pk])


def test_it_lists_the_people_of_the_la_and_its_schools(client, world):
    client.force_login(world.users["la_la_admin"])
    response = client.get(reverse("la-people"))
    people = set(response.context["people"])
    assert world.users["school_case_lead"] in people and world.users["host_dsl"] in people
    assert world.users["la_la_officer"] in people
    assert world.users["other_case_lead"] not in people
    assert "Reset two-factor" in response.content.decode()


def test_it_resets_and_records_and_emails_a_new_link(
    client, world, django_capture_on_commit_callbacks
):
    admin, person = world.users["la_la_admin"], world.users["school_case_lead"]
    TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    StaticDevice.objects.create(user=person, name="Recovery codes")
    client.force_login(admin)
    assert "Reset two-factor sign-in for" in client.get(reset_url(person)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reset_url(person))
    assert response.status_code == 302 and response.url == reverse("la-people")
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticDevice.objects.filter(user=person).exists()
    enrolment = TwoFactorEnrolment.objects.get(user=person)
    assert (enrolment.issued_by, enrolment.reset) == (admin, True)
    [email] = mail.outbox
    assert email.to == [person.email] and "/account/two-factor/enrol/" in email.body
    assert "reset two-factor" in email.body


def test_another_las_person_is_not_found(client, world):
    client.force_login(world.users["la_la_admin"])
    other = world.users["other_case_lead"]
    TOTPDevice.objects.create(user=other, name="phone", confirmed=True)
    assert client.post(reset_url(other)).status_code == 404
    assert TOTPDevice.objects.filter(user=other).exists()


def test_only_the_la_admin_may_reset(client, world):
    client.force_login(world.users["la_la_officer"])
    assert client.get(reverse("la-people")).status_code == 403
    assert client.post(reset_url(world.users["school_case_lead"])).status_code == 403
    assert not TwoFactorEnrolment.objects.exists()
