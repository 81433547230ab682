"""Permission-matrix cases of placements URLs (see tests/permissions.py)."""

CASES = {}
