from django.urls import path

from . import views

app_name = "contract_review"

urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("new/", views.batch_create, name="batch_create"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("<int:pk>/resume/", views.batch_resume, name="batch_resume"),
    path("<int:pk>/rerun/", views.batch_rerun, name="batch_rerun"),
    path("<int:pk>/opinions.zip", views.batch_opinions, name="batch_opinions"),
    path("<int:pk>/report.xlsx", views.batch_report, name="batch_report"),
    path("<int:batch_pk>/contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path(
        "<int:batch_pk>/contracts/<int:pk>/opinion.docx",
        views.contract_opinion,
        name="contract_opinion",
    ),
    path(
        "<int:batch_pk>/contracts/<int:pk>/text/reveal/",
        views.contract_text_reveal,
        name="contract_text_reveal",
    ),
    path(
        "<int:batch_pk>/contracts/<int:pk>/rectification/",
        views.rectification_save,
        name="rectification_save",
    ),
    path("findings/<int:pk>/decide/", views.finding_decide, name="finding_decide"),
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path("rectifications/totals/", views.rectification_totals, name="rectification_totals"),
    path(
        "rectifications/totals.xlsx",
        views.rectification_totals_export,
        name="rectification_totals_export",
    ),
    path("rectifications/<int:pk>/recoveries/", views.recovery_add, name="recovery_add"),
    path(
        "rectifications/<int:pk>/recoveries/remove/",
        views.recovery_remove,
        name="recovery_remove",
    ),
    path(
        "rectifications/<int:pk>/documents/",
        views.rectification_document,
        name="rectification_document",
    ),
    path(
        "rectifications/<int:pk>/documents/<int:doc_pk>/",
        views.rectification_document_download,
        name="rectification_document_download",
    ),
]
