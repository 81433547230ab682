"""Writes to the Pupil Passport. Each is one transaction; simple_history records who and when.

The views validate their forms and pass plain values; a task, the demo or a test calls these
the same way (STYLE.md 7c)."""

from collections.abc import Mapping

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from cases.changes import apply_changes
from cases.guards import GuardError
from cases.pupils.models import Pupil
from tenancy.models import School, User


def _editable(model: type[models.Model]) -> set[str]:
    """The fields a person edits on a passport record: not its key, its pupil or its school."""
    return {
        f.name
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in ("pupil", "school")
    }


@transaction.atomic
def pupil_create(*, school: School, details: Mapping[str, object], created_by: User) -> Pupil:
    """Add a pupil to a school's roll with the passport's child details. Two people adding
    the same pupil at the same moment: the second is told beside the UPN, not given an error
    page (the database holds a UPN once per school)."""
    pupil = Pupil(school=school)
    apply_changes(pupil, details, _editable(Pupil))
    pupil._history_user = created_by
    pupil.full_clean()
    try:
        with transaction.atomic():
            pupil.save()
    except IntegrityError:
        raise GuardError(
            {
                "upn": _(
                    "A pupil with this UPN was added to your school a moment ago, perhaps by "
                    "a colleague. Find them in the pupil list."
                )
            }
        ) from None
    return pupil


@transaction.atomic
def passport_section_update(
    *, record: models.Model, changes: Mapping[str, object], changed_by: User
) -> models.Model:
    """Save one section of the passport: `record` is the row holding it (the pupil, or a
    record beside it, unsaved until its first answer) and `changes` the fields that changed.
    Only those fields are written."""
    if changes or record.pk is None:
        apply_changes(record, changes, _editable(type(record)))
        record._history_user = changed_by
        record.full_clean()
        record.save(update_fields=list(changes) if record.pk else None)
    return record


@transaction.atomic
def passport_row_save(
    *,
    pupil: Pupil,
    model: type[models.Model],
    values: Mapping[str, object],
    changed_by: User,
    row: models.Model | None = None,
) -> models.Model:
    """Add a row to one of the passport's lists (a parent, an intervention, …), or change
    `row`, one of this pupil's."""
    if row is not None and (not isinstance(row, model) or row.pupil_id != pupil.pk):
        raise ValueError("The row must be one of this pupil's, in this list.")
    row = row if row is not None else model(pupil=pupil)
    apply_changes(row, values, _editable(model))
    row._history_user = changed_by
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def passport_row_delete(*, row, changed_by: User) -> None:
    row._history_user = changed_by
    row.delete()
