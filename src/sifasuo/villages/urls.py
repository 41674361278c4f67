from django.urls import path

from . import views

app_name = "villages"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("village/", views.village_detail, name="village_detail"),
    path("village/<int:pk>/standing/", views.village_standing, name="village_standing"),
    path("village/<int:pk>/rules/", views.village_rules, name="village_rules"),
    path("rules/<int:pk>/", views.rules_detail, name="rules_detail"),
    path("rules/<int:pk>/revise/", views.rules_revise, name="rules_revise"),
    path("people/", views.understander_list, name="understander_list"),
    path("people/new/", views.understander_create, name="understander_create"),
    path("people/import/", views.understander_import, name="understander_import"),
    path("people/template.xlsx", views.import_template, name="import_template"),
    path("people/<int:pk>/", views.understander_detail, name="understander_detail"),
    path("people/<int:pk>/edit/", views.understander_edit, name="understander_edit"),
    path("trainings/", views.training_list, name="training_list"),
    path("trainings/new/", views.training_create, name="training_create"),
    path("trainings/<int:pk>/", views.training_detail, name="training_detail"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/reply/", views.report_reply, name="report_reply"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_export, name="statistics_export"),
]
