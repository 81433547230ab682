from django.urls import path

from parents import views

# /p/<token>/: short enough to read out over the phone if it must be, and nothing else of
# Waymark under it.
urlpatterns = [
    path("p/<str:token>/", views.parent_page, name="parent-page"),
    path("p/<str:token>/letters/<int:letter_id>/", views.letter_pdf, name="parent-letter"),
    path(
        "p/<str:token>/letters/<int:letter_id>/received/",
        views.letter_received,
        name="parent-letter-received",
    ),
    path(
        "p/<str:token>/meetings/<int:meeting_id>/attending/",
        views.meeting_attending,
        name="parent-meeting-attending",
    ),
    path(
        "p/<str:token>/meetings/<int:meeting_id>/views/",
        views.meeting_views,
        name="parent-meeting-views",
    ),
    path("p/<str:token>/review/", views.review_request, name="parent-review-request"),
    path("p/<str:token>/language/", views.language, name="parent-language"),
    path("p/<str:token>/email/", views.email_change, name="parent-email"),
    path("p/email/<str:token>/", views.email_confirm, name="parent-email-confirm"),
    path("parent-links/<int:link_id>/revoke/", views.link_revoke, name="parent-link-revoke"),
]
