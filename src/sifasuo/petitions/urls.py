from django.urls import path

from . import views

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("new/", views.petition_create, name="create"),
    path("watch/", views.watch_list, name="watch_list"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_export, name="statistics_export"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/lead/", views.lead, name="lead"),
    path("<int:pk>/notify/", views.notify, name="notify"),
    path("<int:pk>/object/", views.object_, name="object"),
    path("<int:pk>/objection-answer/", views.objection_answer, name="objection_answer"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/review-request/", views.review_request, name="review_request"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/recheck-request/", views.recheck_request, name="recheck_request"),
    path("<int:pk>/recheck/", views.recheck, name="recheck"),
    path("<int:pk>/recheck-hearing/", views.recheck_hearing, name="recheck_hearing"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/meeting/", views.meeting, name="meeting"),
    path("<int:pk>/risk/", views.risk, name="risk"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/sheet.<docfmt:fmt>", views.sheet, name="sheet"),
]
