"""URLs of provider (included by config/urls.py)."""

urlpatterns: list = []
