"""The personal link: stored only as a hash, 30 days, revocable, and an unknown token tells a
guesser nothing."""

import datetime
import hashlib

from django.urls import reverse

from parents import services
from parents.models import ParentLink


def page(token):
    return reverse("parent-page", args=[token])


def test_it_stores_only_the_hash_of_the_token(family):
    link = ParentLink.objects.get(parent=family.mum)
    assert link.token_hash == hashlib.sha256(family.mum_token.encode()).hexdigest()
    stored = ParentLink.objects.filter(pk=link.pk).values().get()
    assert family.mum_token not in repr(stored)
    assert len(family.mum_token) >= 43  # secrets.token_urlsafe(32)


def test_it_opens_the_page_with_no_account(client, family):
    response = client.get(page(family.mum_token))
    assert response.status_code == 200
    assert "Letters about Alex" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_it_works_for_30_days_and_no_longer(client, family, time_machine, now):
    time_machine.move_to(now + datetime.timedelta(days=30, seconds=-1), tick=False)
    assert client.get(page(family.mum_token)).status_code == 200
    time_machine.move_to(now + datetime.timedelta(days=30), tick=False)
    response = client.get(page(family.mum_token))
    assert response.status_code == 404
    text = response.content.decode()
    assert "This link no longer works" in text
    assert "Home School" in text and "01905 123456" in text  # ask the school for a new one
    assert "Letter to Pat" not in text


def test_a_revoked_link_stops_at_once(client, world, family):
    link = ParentLink.objects.get(parent=family.mum)
    services.link_revoke(link=link, by=world.users["school_case_lead"])
    response = client.get(page(family.mum_token))
    assert response.status_code == 404
    assert "01905 123456" in response.content.decode()
    assert client.get(page(family.dad_token)).status_code == 200  # the other parent's still works


def test_an_unknown_token_looks_like_an_expired_one_without_the_school(
    client, family, time_machine, now
):
    guessed = client.get(page("A" * 43))
    time_machine.move_to(now + datetime.timedelta(days=31), tick=False)
    expired = client.get(page(family.mum_token))
    assert guessed.status_code == expired.status_code == 404
    assert [t.name for t in guessed.templates][:1] == [t.name for t in expired.templates][:1]
    assert "This link no longer works" in guessed.content.decode()
    assert "Home School" not in guessed.content.decode()
    assert "01905" not in guessed.content.decode()


def test_every_action_refuses_an_expired_link(client, family, time_machine, now):
    time_machine.move_to(now + datetime.timedelta(days=31), tick=False)
    url = reverse("parent-letter-received", args=[family.mum_token, family.mum_letter.pk])
    assert client.post(url).status_code == 404
    assert client.get(reverse("parent-review-request", args=[family.mum_token])).status_code == 404


def test_it_records_when_the_link_was_last_used(client, family, now):
    client.get(page(family.mum_token))
    assert ParentLink.objects.get(parent=family.mum).last_used_at == now
