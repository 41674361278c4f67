from django.urls import path

from . import meeting_views, views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("new/", views.review_submit, name="review_submit"),
    path("register.xlsx", views.review_register_export, name="review_register_export"),
    path("statistics/", views.review_statistics, name="review_statistics"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/document/", views.review_document, name="review_document"),
    path(
        "<int:pk>/document/<int:doc_pk>/",
        views.review_document_download,
        name="review_document_download",
    ),
    path("<int:pk>/return/", views.review_return, name="review_return"),
    path("<int:pk>/resubmit/", views.review_resubmit, name="review_resubmit"),
    path("<int:pk>/accept/", views.review_accept, name="review_accept"),
    path("<int:pk>/advisor/", views.review_advisor, name="review_advisor"),
    path("<int:pk>/review/", views.review_review, name="review_review"),
    path("<int:pk>/opinion/", views.review_opinion, name="review_opinion"),
    path("<int:pk>/sign-off/", views.review_sign_off, name="review_sign_off"),
    path(
        "<int:pk>/sign-off/return/",
        views.review_sign_off_return,
        name="review_sign_off_return",
    ),
    path("<int:pk>/opinion.docx", views.review_opinion_docx, name="review_opinion_docx"),
    path("<int:pk>/opinion.pdf", views.review_opinion_pdf, name="review_opinion_pdf"),
    path("<int:pk>/finding/<int:finding_pk>/", views.finding_decide, name="finding_decide"),
    path("<int:pk>/point/<int:point_pk>/", views.point_answer, name="point_answer"),
    path("<int:pk>/archive/", views.review_archive, name="review_archive"),
    path("laws/", views.law_list, name="law_list"),
    path("sign-off-settings/", views.sign_off_settings, name="sign_off_settings"),
    path("meetings/", meeting_views.meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path(
        "meetings/<int:pk>/item/<int:item_pk>/",
        meeting_views.agenda_item_record,
        name="agenda_item_record",
    ),
]
