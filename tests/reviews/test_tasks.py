import datetime

import time_machine
from django.core import mail

from cases.directions.models import Direction
from demo.calendar import seed_term_dates
from reviews.models import Deadline
from reviews.tasks import refresh_all_deadlines, send_daily_digests


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


class _FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

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
