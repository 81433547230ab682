"""Writes to the Pupil Passport. Each is one transaction; simple_history records who and when."""

from django.db import transaction

from cases.models import Pupil
from tenancy.models import School, User


@transaction.atomic
def pupil_create(*, form, school: School, created_by: User) -> Pupil:
    """Add a pupil to a school's roll."""
    pupil = form.save(commit=False)
    pupil.school = school
    pupil._history_user = created_by
    pupil.full_clean()
    pupil.save()
    return pupil


@transaction.atomic
def passport_section_update(*, form, changed_by: User):
    """Save one section's form; only the section's own fields are written."""
    record = form.save(commit=False)
    if form.has_changed() or record.pk is None:
        record._history_user = changed_by
        record.full_clean()
        record.save(update_fields=form.changed_data if record.pk else None)
    return record


@transaction.atomic
def passport_row_save(*, form, pupil: Pupil, changed_by: User):
    """Add or change one row of a passport list (a parent, an intervention, …)."""
    row = form.save(commit=False)
    row.pupil = pupil
    row._history_user = changed_by
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def passport_row_delete(*, row, changed_by: User) -> None:
    row._history_user = changed_by
    row.delete()
