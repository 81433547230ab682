"""URLs of reduced timetables (included by config/urls.py)."""

from django.urls import path

from cases.reduced_timetables.views import checklist, detail, la, monitoring, plan

urlpatterns: list = [
    path(
        "pupils/<int:pupil_id>/reduced-timetables/new/",
        plan.reduced_timetable_new,
        name="reduced-timetable-new",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/",
        detail.reduced_timetable_detail,
        name="reduced-timetable-detail",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/plan/",
        plan.reduced_timetable_plan,
        name="reduced-timetable-plan",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/looked-after-authorisation/",
        plan.reduced_timetable_lac_authorisation,
        name="reduced-timetable-lac-authorisation",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/timetable/week-<int:week>/",
        plan.reduced_timetable_timetable,
        name="reduced-timetable-timetable",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/reintegration/add/",
        plan.reduced_timetable_step_add,
        name="reduced-timetable-step-add",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/reintegration/<int:step_id>/remove/",
        plan.reduced_timetable_step_remove,
        name="reduced-timetable-step-remove",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/checklist/",
        checklist.reduced_timetable_checklist,
        name="reduced-timetable-checklist",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/checklist.pdf",
        checklist.reduced_timetable_checklist_pdf,
        name="reduced-timetable-checklist-pdf",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/progress/",
        monitoring.reduced_timetable_progress,
        name="reduced-timetable-progress",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/safeguarding/",
        monitoring.reduced_timetable_harm_risks,
        name="reduced-timetable-harm-risks",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/authorisation/request/",
        monitoring.reduced_timetable_request_authorisation,
        name="reduced-timetable-request-authorisation",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/authorisation/",
        monitoring.reduced_timetable_authorise,
        name="reduced-timetable-authorise",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/start/",
        checklist.reduced_timetable_start,
        name="reduced-timetable-start",
    ),
    path(
        "reduced-timetables/<int:timetable_id>/end/",
        monitoring.reduced_timetable_end,
        name="reduced-timetable-end",
    ),
    path("la/reduced-timetables/", la.la_reduced_timetables, name="la-reduced-timetables"),
]
