from django.db import transaction

from tenancy.models import User


@transaction.atomic
def la_settings_update(*, form, changed_by: User):
    """Save an LA's policy settings; the history records who changed which value."""
    la = form.save(commit=False)
    if form.has_changed():
        la._history_user = changed_by
        la.full_clean()
        la.save(update_fields=form.changed_data)
    return la
