"""Permission-matrix cases of offsiting URLs (see tests/permissions.py)."""

CASES = {}
