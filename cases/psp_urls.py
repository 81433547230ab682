"""URLs of psp (included by config/urls.py)."""

urlpatterns: list = []
