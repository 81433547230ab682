"""Downloading a stored document; sending an email of a letter again."""

from django.urls import path

from documents import views

urlpatterns = [
    path("documents/<int:document_id>/", views.document_download, name="document-download"),
    path(
        "letters/emails/<int:message_id>/send-again/",
        views.outbox_message_retry,
        name="outbox-message-retry",
    ),
]
