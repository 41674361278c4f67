from django.urls import path

from . import views

app_name = "mediation"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("ledger.xlsx", views.ledger, name="ledger"),
    path("watch/", views.watch_list, name="watch_list"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_export, name="statistics_export"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/advance/", views.case_advance, name="case_advance"),
    path("<int:pk>/session/", views.session_add, name="session_add"),
    path("<int:pk>/agreement/", views.agreement, name="agreement"),
    path("<int:pk>/agreement/written/", views.agreement_written, name="agreement_written"),
    path("<int:pk>/confirmation/", views.confirmation, name="confirmation"),
    path("<int:pk>/followup/", views.followup_add, name="followup_add"),
    path("<int:pk>/archive/", views.case_archive, name="case_archive"),
    path("<int:pk>/terminate/", views.case_terminate, name="case_terminate"),
    path("<int:pk>/party-details/", views.party_ethnicity, name="party_ethnicity"),
    path("<int:pk>/refusal/", views.case_refusal, name="case_refusal"),
    path(
        "<int:pk>/termination-notice.docx",
        views.termination_notice_docx,
        name="termination_notice_docx",
    ),
    path("<int:pk>/risk/", views.risk_screen, name="risk_screen"),
    path("<int:pk>/plan/", views.followup_plan, name="followup_plan"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/agreement.docx", views.agreement_docx, name="agreement_docx"),
    path("<int:pk>/agreement.pdf", views.agreement_docx, {"fmt": "pdf"}, name="agreement_pdf"),
    path("<int:pk>/confirmation.docx", views.confirmation_docx, name="confirmation_docx"),
    path("<int:pk>/case-file.pdf", views.case_file_pdf, name="case_file_pdf"),
]
