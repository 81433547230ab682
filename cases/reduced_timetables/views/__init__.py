"""Reduced timetable pages and the LA's central record, one module per part of the case. Thin:
the access policy, a form, a service, a redirect. Sources are on the services
(cases/reduced_timetables/services.py) and guards (cases/reduced_timetables/guards.py)."""
