"""URLs of reduced timetable (included by config/urls.py)."""

urlpatterns: list = []
