"""The idle timeout without a database write on every page: the session is renewed at most
once a minute (issue 12), and 30 minutes without a page still ends it
(tests/tenancy/test_auth.py)."""

import datetime

import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

MOMENT = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)


def _expiry():
    return Session.objects.get().expire_date


def test_it_renews_the_session_at_most_once_a_minute(client, world):
    with time_machine.travel(MOMENT, tick=False) as traveller:
        client.force_login(world.users["school_case_lead"])
        assert client.get(reverse("pupil-list")).status_code == 200
        renewed = _expiry()
        traveller.shift(datetime.timedelta(seconds=59))
        assert client.get(reverse("pupil-list")).status_code == 200
        assert _expiry() == renewed  # not written again within the minute
        traveller.shift(datetime.timedelta(seconds=2))
        assert client.get(reverse("pupil-list")).status_code == 200
        assert _expiry() == renewed + datetime.timedelta(seconds=61)


def test_a_page_within_the_minute_costs_no_session_write(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.users["school_case_lead"])
    client.get(reverse("pupil-list"))
    with django_assert_max_num_queries(50) as queries:
        client.get(reverse("pupil-list"))
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT"))
    ]
    assert writes == []
