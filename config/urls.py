from django.contrib import admin
from django.urls import include, path

from cases import registry

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("tenancy.urls")),
    path("", include("cases.pupils.urls")),
    path("", include("documents.urls")),
    path("", include("reviews.urls")),
    path("", include("parents.urls")),
    *(path("", include(urls)) for _case_type, urls in registry.each("urls")),
    path("django-admin/", admin.site.urls),
]

handler404 = "config.errors.not_found"
handler403 = "config.errors.forbidden"
handler500 = "config.errors.server_error"
