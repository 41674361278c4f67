from django.urls import path

from . import views

app_name = "litigation"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("follow-ups/", views.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/", views.follow_up_update, name="follow_up_update"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_export, name="statistics_export"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/default.docx", views.template_default, name="template_default"),
    path("templates/<int:pk>/", views.template_download, name="template_download"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/accepted/", views.case_accepted, name="case_accepted"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path(
        "<int:pk>/evidence/<int:item_pk>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path("<int:pk>/reply-text/", views.reply_text, name="reply_text"),
    path("<int:pk>/reply/generate/", views.reply_generate, name="reply_generate"),
    path("<int:pk>/reply/upload/", views.reply_upload, name="reply_upload"),
    path("<int:pk>/reply/<int:reply_pk>/", views.reply_download, name="reply_download"),
    path("<int:pk>/reply/<int:reply_pk>/sign/", views.reply_sign, name="reply_sign"),
    path("<int:pk>/unsign/", views.reply_unsign, name="reply_unsign"),
    path("<int:pk>/file/", views.reply_file, name="reply_file"),
    path("<int:pk>/hearing/", views.hearing_add, name="hearing_add"),
    path("<int:pk>/hearing/<int:hearing_pk>/", views.hearing_record, name="hearing_record"),
    path("<int:pk>/conclude/", views.case_conclude, name="case_conclude"),
    path("<int:pk>/appeal/", views.case_appeal, name="case_appeal"),
    path("<int:pk>/compliance/", views.case_compliance, name="case_compliance"),
]
