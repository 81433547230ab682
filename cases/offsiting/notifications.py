"""Who an off-siting tells, and when: the Head of Service asked to decide, the home centre told
of a decision or of a new concern. The notification says what happened and links to the
off-siting; it never holds the detail (that stays behind the access policy).

Source: 000_6280d14dcdeb4d53.txt "Use of off-siting" (the Head of Service agrees long respite),
"Use of human resources" (a funded 1:1 TA) and "Information sharing, safeguarding" (the
receiving centre communicates "clearly with the DSL on the home site").
"""

from django.utils.translation import gettext as _

from cases.offsiting.models import OffSiting
from reviews.notifications import notify
from tenancy.models import Role, User


def tell_head_of_service(offsiting: OffSiting, *, key: str, message: str) -> None:
    if offsiting.pk is None:
        return
    heads = User.objects.filter(
        memberships__group_id=offsiting.home_centre.group_id,
        memberships__role=Role.HEAD_OF_SERVICE,
        is_active=True,
    )
    notify(
        users=list(heads),
        school=None,
        pupil=offsiting.pupil,
        direction=None,
        key=key,
        message=message[:300],
        url=offsiting.get_absolute_url(),
    )


def ask_head_of_service(offsiting: OffSiting) -> None:
    """Tell the Head of Service a plan awaits their agreement (once per length of plan)."""
    o = offsiting
    if o.awaiting_approval:
        tell_head_of_service(
            o,
            key=f"offsiting-approval:{o.pk}:{o.school_days}",
            message=_(
                "%(centre)s asks you to agree %(days)s days of respite off-siting for %(pupil)s."
            )
            % {"centre": o.home_centre.name, "days": o.school_days, "pupil": o.pupil.full_name},
        )


def tell_home(offsiting: OffSiting, *, key: str, message: str, roles=None) -> None:
    """The home centre's head and case lead (or `roles`) are told."""
    roles = roles or (Role.HEADTEACHER, Role.CASE_LEAD)
    people = User.objects.filter(
        memberships__school_id=offsiting.home_centre_id, memberships__role__in=roles, is_active=True
    ).distinct()
    notify(
        users=list(people),
        school=offsiting.home_centre,
        pupil=offsiting.pupil,
        direction=None,
        key=key,
        message=message[:300],
        url=offsiting.get_absolute_url(),
    )
