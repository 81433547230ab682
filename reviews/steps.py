"""Each person's steps, read through the access policy: the half of reviews.work that only
view-level code may use (the domain below the policy never imports `access`)."""

from functools import reduce
from operator import or_

import access
from reviews.models import Deadline
from reviews.work import work_of


def steps_of(membership):
    """This person's steps not yet done, of the cases they may see."""
    return access.deadlines_visible_to(membership).filter(
        work_of(membership), state__in=Deadline.PENDING_STATES
    )


def steps_of_many(memberships, *, narrow=None) -> dict[int, set[int]]:
    """The ids of steps_of(membership) for each of many memberships (by pk), narrowed if asked
    by `narrow(rows)`: one query for all those of each role and kind of organisation, not one
    a person (access.deadlines_visible_to_many; the daily digest)."""

    def theirs(rows, membership):
        rows = rows.filter(work_of(membership), state__in=Deadline.PENDING_STATES)
        return narrow(rows) if narrow is not None else rows

    return access.deadlines_visible_to_many(memberships, narrow=theirs)


def steps_in_every_role(memberships):
    """Their steps not yet done in every organisation and role they hold, as one query: what a
    calendar app reads with no session, so no one membership to act as."""
    return reduce(or_, (steps_of(m) for m in memberships), Deadline.objects.none())
