"""Permission-matrix cases of psp URLs (see tests/permissions.py)."""

CASES = {}
