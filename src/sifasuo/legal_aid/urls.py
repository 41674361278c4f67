from django.urls import path

from . import views

app_name = "legal_aid"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.application_create, name="create"),
    path("ledger.xlsx", views.ledger, name="ledger"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_export, name="statistics_export"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/declaration/", views.declaration, name="declaration"),
    path("<int:pk>/refusal.docx", views.refusal_notice_docx, name="refusal_docx"),
    path("<int:pk>/forward/", views.forward, name="forward"),
    path("<int:pk>/receive/", views.receive, name="receive"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/prior-aid/", views.prior_aid, name="prior_aid"),
    path("<int:pk>/materials/", views.materials, name="materials"),
    path("<int:pk>/materials/supplied/", views.supplied, name="supplied"),
    path("<int:pk>/withdrawn/", views.withdrawn, name="withdrawn"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/visit/", views.visit, name="visit"),
    path("<int:pk>/objection/", views.objection_add, name="objection_add"),
    path(
        "<int:pk>/objection/<int:objection_pk>/decide/",
        views.objection_decide,
        name="objection_decide",
    ),
]
