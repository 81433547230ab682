"""The tenancy app's Celery tasks, found by the worker's autodiscovery."""

from tenancy.services import email_two_factor_enrolment  # noqa: F401 - registers the task
