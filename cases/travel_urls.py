"""URLs of travel (included by config/urls.py)."""

urlpatterns: list = []
