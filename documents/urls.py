"""Following, downloading and retrying a document; sending an email of a letter again."""

from django.urls import path

from documents import views

urlpatterns = [
    path("documents/<int:document_id>/", views.document_download, name="document-download"),
    path("documents/<int:document_id>/status/", views.document_status, name="document-status"),
    path("documents/<int:document_id>/try-again/", views.document_retry, name="document-retry"),
    path("pdfs/<int:copy_id>/", views.printed_copy_download, name="printed-copy-download"),
    path("pdfs/<int:copy_id>/status/", views.printed_copy_status, name="printed-copy-status"),
    path("pdfs/<int:copy_id>/view/", views.printed_copy_view, name="printed-copy-view"),
    path("pdfs/<int:copy_id>/try-again/", views.printed_copy_retry, name="printed-copy-retry"),
    path(
        "letters/emails/<int:message_id>/send-again/",
        views.outbox_message_retry,
        name="outbox-message-retry",
    ),
]
