"""What every permission-matrix module shares: the roles of the `world` fixture, the expected
status per role, and one URL's case. Each feature keeps its own cases in
tests/permission_cases/<feature>.py as a CASES dict; tests/test_permission_matrix.py runs them all.
"""

from dataclasses import dataclass, field

ROLES = [
    "anonymous",
    "school_headteacher",
    "school_case_lead",
    "school_dsl",
    "school_senco",
    "school_key_adult",
    "school_office",
    "host_case_lead",
    "host_dsl",
    "la_la_officer",
    "la_la_safeguarding",
    "la_la_send",
    "la_director",
    "la_virtual_school",
    "la_la_admin",
    "head_of_service",
    "other_case_lead",
    "other_la_officer",
]
EDITORS = {"school_headteacher", "school_case_lead", "school_dsl", "school_senco"}
SEES_PUPIL = EDITORS | {
    "school_key_adult",
    "school_office",
    "la_la_officer",
    "la_la_safeguarding",
    "la_la_send",
    "la_director",
    "la_virtual_school",
    "head_of_service",
}
SIGNED_IN = set(ROLES) - {"anonymous"}
OTHER_SCHOOL_EDITORS = {"host_case_lead", "host_dsl", "other_case_lead"}  # add to their own


def statuses(default, **by_role):
    """Expected status per role: `by_role` maps a status to the set of roles that get it."""
    out = dict.fromkeys(ROLES, default)
    for status, roles in by_role.items():
        for role in roles:
            out[role] = int(status.removeprefix("s"))
    return out


def pupil_view(editable_by=None):
    """Anonymous → sign-in; no access → 404; sees but may not change → 403."""
    if editable_by is None:
        return statuses(404, s302={"anonymous"}, s200=SEES_PUPIL)
    return statuses(404, s302={"anonymous"}, s403=SEES_PUPIL - editable_by, s200=editable_by)


@dataclass
class Case:
    url: object  # world -> path
    get: dict
    post: dict
    data: object = field(default=lambda w: {})


RUNNERS = {"school_headteacher", "school_case_lead"}


HOST_STAFF = {"host_case_lead", "host_dsl"}
HOME_STAFF = {
    "school_headteacher",
    "school_case_lead",
    "school_dsl",
    "school_senco",
    "school_key_adult",
    "school_office",
}


LA_LISTS = {
    "la_la_officer",
    "la_la_safeguarding",
    "la_la_send",
    "la_director",
    "la_virtual_school",
    "other_la_officer",
}
