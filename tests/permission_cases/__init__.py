"""Permission-matrix cases of each feature, merged into FEATURE_CASES for
tests/test_permission_matrix.py. A feature module defines CASES = {url_name: Case(...)}."""

from tests.permission_cases import (
    calendar_feed,
    documents,
    la_lists,
    la_picture,
    managed_moves,
    offsiting,
    parents,
    placements,
    psp,
    reduced_timetable,
    reports,
    travel,
)

FEATURE_CASES = {}
for _module in (
    offsiting,
    psp,
    reduced_timetable,
    placements,
    travel,
    calendar_feed,
    managed_moves,
    la_lists,
    la_picture,
    reports,
    documents,
    parents,
):
    _clash = set(FEATURE_CASES) & set(_module.CASES)
    assert not _clash, f"URL names with two permission-matrix cases: {sorted(_clash)}"
    FEATURE_CASES.update(_module.CASES)
