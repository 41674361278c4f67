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
    path("findings/<int:pk>/decide/", views.finding_decide, name="finding_decide"),
]
