"""URLs of offsiting (included by config/urls.py)."""

urlpatterns: list = []
