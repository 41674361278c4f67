from django.urls import path

from . import views

app_name = "stations"

urlpatterns = [
    path("", views.station_list, name="station_list"),
    path("register.xlsx", views.station_export, name="station_export"),
    path("new/", views.station_create, name="station_create"),
    path("import/", views.station_import, name="station_import"),
    path("template.xlsx", views.import_template, name="import_template"),
    path("coverage/", views.coverage, name="coverage"),
    path("stats/", views.stats, name="stats"),
    path("stats.xlsx", views.stats_export, name="stats_export"),
    path("<int:pk>/", views.station_detail, name="station_detail"),
    path("<int:pk>/edit/", views.station_edit, name="station_edit"),
    path("<int:pk>/close/", views.station_close, name="station_close"),
    path("<int:pk>/duty/", views.duty_add, name="duty_add"),
    path("<int:pk>/duty/<int:duty_pk>/remove/", views.duty_remove, name="duty_remove"),
]
