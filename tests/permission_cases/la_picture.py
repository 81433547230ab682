"""Permission-matrix cases of the LA picture's list of steps (see tests/permissions.py).

The steps behind the picture's numbers are read by the LA's list roles; school staff, the LA
admin and a Head of Service are refused them. Narrowed to a school of the world's LA, the list
is missing (404) to an officer of another LA: another LA's school looks as if it does not exist.
"""

from django.urls import reverse

from tests.permissions import LA_LISTS, Case, statuses

CASES = {
    "la-dashboard-steps": Case(
        lambda w: f"{reverse('la-dashboard-steps')}?state=late&school={w.school.pk}",
        statuses(
            403,
            s302={"anonymous"},
            s200=LA_LISTS - {"other_la_officer"},
            s404={"other_la_officer"},
        ),
        statuses(405),
    ),
}
