from django.urls import path

from tenancy import views

urlpatterns = [
    path("i18n/language/", views.choose_language, name="choose-language"),
]
