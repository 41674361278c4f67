from django.urls import path

from . import views

app_name = "publicity"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("events.xlsx", views.event_export, name="event_export"),
    path("new/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/photo/", views.event_photo, name="event_photo"),
    path("<int:pk>/photo/<int:photo_pk>/", views.event_photo_download, name="event_photo_download"),
    path("lists/", views.duty_list_index, name="duty_list_index"),
    path("lists/new/", views.duty_list_create, name="duty_list_create"),
    path("lists/<int:pk>/", views.duty_list_detail, name="duty_list_detail"),
    path("lists/<int:pk>/task/", views.task_add, name="task_add"),
    path("lists/<int:pk>/task/<int:task_pk>/done/", views.task_done, name="task_done"),
    path("plan/", views.plan, name="plan"),
    path("plan/new/", views.plan_item_create, name="plan_item_create"),
    path("plan/<int:pk>/", views.plan_item_detail, name="plan_item_detail"),
    path("stats/", views.stats, name="stats"),
    path("stats.xlsx", views.stats_export, name="stats_export"),
]
