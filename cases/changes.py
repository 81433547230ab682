"""Applying a step's changes to a record: every service that edits many fields at once (a
plan, a passport section, a provider's entry) takes them as values, never as a form."""

from collections.abc import Collection, Mapping

from django.db import models


def apply_changes(
    record: models.Model,
    changes: Mapping[str, object],
    allowed: Collection[str] | None = None,
) -> list[str]:
    """Set the named fields on `record` and return the names whose value changed.

    A field outside `allowed` is the caller's mistake, so it stops the service rather than
    writing a field the step does not own (a case's state, a row's pupil). A link is compared
    by its key, so an unset one is neither read nor queried."""
    if allowed is not None:
        unknown = set(changes) - set(allowed)
        if unknown:
            raise ValueError(f"Not fields this step may change: {sorted(unknown)}")
    changed = []
    for name, value in changes.items():
        field = record._meta.get_field(name)
        new = value.pk if field.is_relation and isinstance(value, models.Model) else value
        if getattr(record, field.attname) != new:
            setattr(record, name, value)
            changed.append(name)
    return changed
