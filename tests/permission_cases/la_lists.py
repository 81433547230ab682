"""Permission-matrix cases of the LA's lists added for issue 12 (see tests/permissions.py).

The LA's list of AP placements is read by the LA's list roles; school staff, the LA admin and a
Head of Service are refused it. Narrowed to a provider of the world's LA, it is missing (404) to
an officer of another LA: another LA's provider looks as if it does not exist.
"""

from django.urls import reverse

from tests.permission_cases.placements import _placement
from tests.permissions import LA_LISTS, Case, statuses

CASES = {
    "la-ap-placements": Case(
        lambda w: f"{reverse('la-ap-placements')}?provider={_placement(w).provider_id}",
        statuses(
            403,
            s302={"anonymous"},
            s200=LA_LISTS - {"other_la_officer"},
            s404={"other_la_officer"},
        ),
        statuses(405),
    ),
}
