"""Whom a letter to parents is addressed to, and its date (issue 14), for every case type's
letters: each parent's letter is addressed to that parent alone at their own address; the copy
for the professionals and organisations named on it to the parents and carers, with no one's
address; and a letter is dated the day it was issued, so a copy printed later says so.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cases.pupils.models import ParentCarer
from documents.outbox import letter_issued_on
from documents.rendering import text_lines


@dataclass(frozen=True)
class Issue:
    """A letter's date (issue 14): the day it was issued, frozen; and for a copy made later,
    the day that copy was printed ("Copy, printed on ...")."""

    dated: datetime.date
    copy_printed_on: datetime.date | None = None


def issue_of(kind: str, about, today: datetime.date) -> Issue:
    """The date a letter made now prints: the day it was issued (sent) if it was, as a copy
    printed today; else today, the draft's date."""
    issued = letter_issued_on(kind, about)
    if issued is None:
        return Issue(today)
    return Issue(issued, copy_printed_on=today)


def addressed_to(pupil, parent: ParentCarer | None) -> dict:
    """The address block and greeting of a letter to one parent: that parent alone, at their
    own address (or the pupil's home address). With no parent, the letter for the copies named
    on it: to the parents and carers, with no one's address (issue 14)."""
    if parent is None:
        return {
            "addresses": [
                {
                    "names": _("To the parents and carers of %(pupil)s")
                    % {"pupil": pupil.full_name},
                    "lines": [],
                }
            ],
            "salutation": _("parent or carer"),
        }
    return {
        "addresses": [{"names": parent.name, "lines": text_lines(parent.postal_address)}],
        "salutation": parent.name,
    }
