"""The History tab: who changed what in a pupil's passport, and when (django-simple-history).

Sections the viewer may not see are left out entirely, values and all.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

import access
from cases.pupils import passport


@dataclass
class Change:
    at: datetime
    who: str
    what: str
    action: str
    fields: list[tuple[str, str, str]]  # (label, old, new)


def _changes_for(records, fields, what_for, law):
    """Turn one model's historical records (oldest first) into Change rows, each field under
    its label in the words of the pupil's nation."""
    previous_by_id = {}
    out = []
    for record in records:
        previous = previous_by_id.get(record.id)
        who = record.history_user.full_name if record.history_user else _("System")
        added = record.history_type == "+"
        changed = []
        if record.history_type == "-":
            action = _("Removed")
        else:
            action = _("Added") if added else _("Changed")
            # A change with no earlier record to compare against shows nothing.
            if added or previous is not None:
                for f in fields:
                    old = "" if added else passport.display_value(previous, f)
                    new = passport.display_value(record, f)
                    if old != new:
                        changed.append((passport.label(record.instance_type, f, law), old, new))
        previous_by_id[record.id] = record
        if changed or action != _("Changed"):
            out.append(Change(record.history_date, who, what_for(record), action, changed))
    return out


def passport_history(pupil, membership) -> tuple[list[Change], bool]:
    """Every change to the passport the membership may see, newest first (a fixed number of
    queries: one per model), and whether that includes safeguarding detail."""
    changes = []
    shows_safeguarding = False
    pupil_fields = [f for s in passport.SECTIONS if s.model is passport.m.Pupil for f in s.fields]
    changes += _changes_for(
        pupil.history.select_related("history_user").order_by("history_date", "history_id"),
        pupil_fields,
        lambda r: _("Pupil passport"),
        pupil.law,
    )
    for section in passport.SECTIONS:
        if section.model is passport.m.Pupil or not section.visible(membership, pupil):
            continue
        if section.slug == "safeguarding":
            shows_safeguarding = True
        records = (
            section.model.history.filter(pupil_id=pupil.pk)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        title = section.heading(pupil.law)
        changes += _changes_for(records, section.fields, lambda r, t=title: t, pupil.law)
    for collection in passport.COLLECTIONS:
        records = (
            collection.model.history.filter(pupil_id=pupil.pk)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        what = lambda r, c=collection: f"{c.title}: {r.instance}"  # noqa: E731
        if collection.model is passport.m.ParentCarer and not access.can_view_safeguarding(
            membership, pupil
        ):
            # Issue 14: the address of a parent who is (or was) marked "do not disclose" is
            # only for those with need-to-know, in the history as everywhere.
            withheld = records.filter(address_withheld=True).values("id")
            changes += _changes_for(
                records.filter(id__in=withheld),
                [f for f in collection.fields if f != "address"],
                what,
                pupil.law,
            )
            records = records.exclude(id__in=withheld)
        changes += _changes_for(records, collection.fields, what, pupil.law)
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes, shows_safeguarding
