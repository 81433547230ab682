import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.directions.models import Direction
from demo.calendar import seed_term_dates
from reviews.models import Deadline, DigestSent
from reviews.tasks import refresh_all_deadlines, send_daily_digests
from tenancy.roles import Role
from tests.factories import member


def _decided_direction(world):
    seed_term_dates(world.la)
    return Direction.objects.create(
        pupil=world.pupil,
        home_school=world.school,
        case_lead=world.users["school_case_lead"],
        reasons="r",
        objectives="o",
        success_criteria="s",
        state="decided",
        planned_start=datetime.date(2026, 11, 30),
        planned_end=datetime.date(2027, 2, 26),
    )


@time_machine.travel(datetime.date(2026, 11, 26))
def test_the_nightly_refresh_makes_deadlines_overdue_and_is_idempotent(world):
    direction = _decided_direction(world)
    refresh_all_deadlines()
    notice = direction.deadlines.get(kind=Deadline.Kind.DIRECTION_NOTICE)
    assert (notice.due, notice.state) == (datetime.date(2026, 11, 26), "due")
    with time_machine.travel(datetime.date(2026, 11, 27)):
        refresh_all_deadlines()
        refresh_all_deadlines()
    assert direction.deadlines.count() == 1
    notice.refresh_from_db()
    assert notice.state == "overdue"


@time_machine.travel(datetime.date(2026, 11, 27))
def test_the_digest_goes_once_a_day_to_each_person_whose_work_it_is(world):
    direction = _decided_direction(world)
    refresh_all_deadlines()
    send_daily_digests()
    send_daily_digests()  # a second beat, or a retry: nothing more is sent
    # The notice is the home school's case lead's and office's to send; nobody else's.
    to = {world.users["school_case_lead"].email, world.users["school_office"].email}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(to)
    message = mail.outbox[0]
    assert "1 overdue" in message.subject
    assert "Written notice of the direction to parents" in message.body
    assert direction.pupil.full_name in message.body
    assert "safeguarding" not in message.body.lower()


class _FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@time_machine.travel(datetime.date(2026, 11, 27))
def test_a_mail_failure_leaves_the_digest_to_be_sent_on_the_next_run(world, settings):
    _decided_direction(world)
    refresh_all_deadlines()
    settings.EMAIL_BACKEND = "tests.reviews.test_tasks._FailingBackend"
    assert send_daily_digests() == 0  # logged, not raised: the run goes on to the next person
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_daily_digests() == 2  # the case lead's and the office's
    assert len(mail.outbox) == 2


@time_machine.travel(datetime.date(2026, 11, 27))
def test_a_digest_that_could_not_be_written_is_sent_on_the_next_run(world, monkeypatch):
    """The emails are written before the day's claims are made (and a failure after a claim
    gives it back), so nobody loses their digest for the day."""
    from reviews import tasks

    _decided_direction(world)
    refresh_all_deadlines()

    def broken():
        raise RuntimeError("template missing")

    monkeypatch.setattr(tasks, "_digest_template", broken)
    with pytest.raises(RuntimeError):
        send_daily_digests()
    monkeypatch.undo()
    assert send_daily_digests() == 2
    assert len(mail.outbox) == 2


@time_machine.travel(datetime.date(2026, 11, 27))
def test_another_person_in_a_role_costs_the_digest_no_query(world):
    """Everyone's steps are read together (reviews.steps.steps_of_many), and a chunk of
    people's digests claimed in one statement: another office member costs no query."""
    _decided_direction(world)
    refresh_all_deadlines()
    with CaptureQueriesContext(connection) as two:
        assert send_daily_digests() == 2
    DigestSent.objects.all().delete()
    member(Role.OFFICE, world.school, email="second-office@example.org")
    with CaptureQueriesContext(connection) as three:
        assert send_daily_digests() == 3
    assert len(three) == len(two)
    assert sorted(m.to[0] for m in mail.outbox[2:]) == sorted(
        [world.users["school_case_lead"].email, world.users["school_office"].email]
        + ["second-office@example.org"]
    )


class _StopsAfterOneBackend(BaseEmailBackend):
    """Sends the first message it is given, then stops the run (a worker shut down)."""

    sent: list = []

    def send_messages(self, messages):
        if self.sent:
            raise KeyboardInterrupt
        self.sent.extend(messages)
        return len(messages)


@time_machine.travel(datetime.date(2026, 11, 27))
def test_a_run_stopped_while_sending_gives_back_only_the_claims_not_sent(
    world, settings, monkeypatch
):
    """Everyone's digests are claimed together before any is sent: a run stopped after the
    first leaves that one claimed (it went) and gives the others back, so the next run sends
    each of them, and nobody's twice."""
    _decided_direction(world)
    member(Role.OFFICE, world.school, email="second-office@example.org")
    refresh_all_deadlines()
    monkeypatch.setattr(_StopsAfterOneBackend, "sent", [])
    settings.EMAIL_BACKEND = "tests.reviews.test_tasks._StopsAfterOneBackend"
    with pytest.raises(KeyboardInterrupt):
        send_daily_digests()
    first = _StopsAfterOneBackend.sent[0].to[0]
    assert list(DigestSent.objects.values_list("user__email", flat=True)) == [first]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_daily_digests() == 2
    assert sorted([first] + [m.to[0] for m in mail.outbox]) == sorted(
        [world.users["school_case_lead"].email, world.users["school_office"].email]
        + ["second-office@example.org"]
    )


class _CountsClaimsBackend(BaseEmailBackend):
    """Sends each message, noting how many digests of the day were claimed as it went."""

    claimed: list = []

    def send_messages(self, messages):
        self.claimed.append(DigestSent.objects.count())
        mail.outbox.extend(messages)
        return len(messages)


@time_machine.travel(datetime.date(2026, 11, 27))
def test_digests_are_claimed_a_group_at_a_time_as_they_are_sent(world, settings, monkeypatch):
    """A worker killed outright while sending loses at most its group's digests for the day:
    the next group is claimed only once the one before it has gone."""
    from reviews import tasks

    _decided_direction(world)
    member(Role.OFFICE, world.school, email="second-office@example.org")
    refresh_all_deadlines()
    monkeypatch.setattr(tasks, "CLAIM_GROUP", 2)
    monkeypatch.setattr(_CountsClaimsBackend, "claimed", [])
    settings.EMAIL_BACKEND = "tests.reviews.test_tasks._CountsClaimsBackend"
    assert send_daily_digests() == 3
    assert _CountsClaimsBackend.claimed == [2, 2, 3]
    assert DigestSent.objects.count() == 3


@time_machine.travel(datetime.date(2026, 11, 27))
def test_the_digest_reads_as_a_letter_with_each_list_apart(world):
    """Each list under its heading, a step a line, a blank line after each list."""
    direction = _decided_direction(world)
    refresh_all_deadlines()
    send_daily_digests()
    body = next(m.body for m in mail.outbox if m.to == [world.users["school_office"].email])
    name = direction.pupil.full_name
    assert body.startswith(
        f"Hello {world.users['school_office'].get_short_name()},\n\n"
        f"Overdue:\n- Written notice of the direction to parents: {name} ("
    )
    assert "due Thursday 26 November 2026\n\nSee everything on your Due page: " in body
