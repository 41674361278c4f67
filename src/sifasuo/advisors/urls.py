from django.urls import path

from . import views

app_name = "advisors"

urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("appointments/", views.appointment_list, name="appointment_list"),
    path("appointments/new/", views.appointment_create, name="appointment_create"),
    path("appointments/import/", views.appointment_import, name="appointment_import"),
    path("appointments/template.xlsx", views.import_template, name="import_template"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment_detail"),
    path("appointments/<int:pk>/edit/", views.appointment_edit, name="appointment_edit"),
    path("appointments/<int:pk>/rating/", views.appointment_rating, name="appointment_rating"),
    path("appointments/<int:pk>/end/", views.appointment_end, name="appointment_end"),
    path("logs/", views.log_list, name="log_list"),
    path("logs/ledger.xlsx", views.log_export, name="log_export"),
    path("logs/new/", views.log_create, name="log_create"),
    path("logs/<int:pk>/", views.log_detail, name="log_detail"),
    path("logs/<int:pk>/edit/", views.log_edit, name="log_edit"),
    path("logs/<int:pk>/attach/", views.log_attach, name="log_attach"),
    path("logs/<int:pk>/report/", views.log_report, name="log_report"),
    path(
        "logs/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("completeness/", views.completeness, name="completeness"),
    path("completeness/close/", views.month_close, name="month_close"),
    path("evaluation/", views.evaluation, name="evaluation"),
    path("evaluation.xlsx", views.evaluation_export, name="evaluation_export"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_export, name="statistics_export"),
]
