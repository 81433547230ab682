"""Permission-matrix cases of the LA's reports (see tests/permissions.py).

The LA's officers, safeguarding officers and Director make the reports, each of their own LA
(another LA's officer gets their own LA's report: the URL names no LA, so there is nothing of
another LA to refuse). The SEND team and the Virtual School see only some pupils, and LA admins
none, so they are refused, as is every school, trust and service role (403).
"""

from django.urls import reverse

from tests.permissions import Case, statuses

REPORTERS = {"la_la_officer", "la_la_safeguarding", "la_director", "other_la_officer"}

CASES = {
    "la-reports": Case(
        lambda w: reverse("la-reports"),
        statuses(403, s302={"anonymous"}, s200=REPORTERS),
        statuses(405),
    ),
    "la-report": Case(
        lambda w: reverse("la-report", args=["psp-monitoring-group"]),
        statuses(403, s302={"anonymous"}, s200=REPORTERS),
        statuses(405),
    ),
}
