"""Permission-matrix cases of reduced_timetable URLs (see tests/permissions.py)."""

CASES = {}
