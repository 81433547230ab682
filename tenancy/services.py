from collections.abc import Mapping

from django.contrib.auth.models import Group as AuthGroup
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from tenancy.models import LocalAuthority, School, User

# The object permission a host school's staff group holds on a pupil it hosts (django-guardian).
HOST_PERMISSION = "cases.view_pupil"


@transaction.atomic
def la_settings_update(
    *, local_authority: LocalAuthority, changes: Mapping[str, object], changed_by: User
) -> LocalAuthority:
    """Save an LA's policy settings and inboxes (`changes`: field name to new value); the
    history records who changed which value. Only the values that differ are written."""
    la = LocalAuthority.objects.select_for_update().get(pk=local_authority.pk)
    changed = []
    for name, value in changes.items():
        if getattr(la, name) != value:
            setattr(la, name, value)
            changed.append(name)
    if changed:
        la._history_user = changed_by
        la.full_clean()
        la.save(update_fields=changed)
    return la


def user_set_emails(*, user: User, emails: str) -> User:
    """How a person hears of new steps: each at once, or the daily summary only."""
    user.emails = emails
    user.full_clean(validate_unique=False)
    user.save(update_fields=["emails"])
    return user


def school_staff_group(school: School):
    """The auth group that holds a school's object grants, created on first use."""
    if school.staff_group_id is None:
        school.staff_group, _created = AuthGroup.objects.get_or_create(
            name=f"school-{school.pk}-staff"
        )
        school.save(update_fields=["staff_group"])
    return school.staff_group


def grant_host_access(pupil, host: School) -> None:
    """Let a host school's staff see the pupil while it hosts them."""
    if host.pk == pupil.school_id:
        raise ValueError("A pupil's own school cannot host them.")
    assign_perm(HOST_PERMISSION, school_staff_group(host), pupil)


def revoke_host_access(pupil, host: School) -> None:
    """End a host school's access when hosting ends."""
    if host.staff_group_id is not None:
        remove_perm(HOST_PERMISSION, host.staff_group, pupil)
