from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.question_list, name="question_list"),
    path("questions/<int:pk>/", views.question_detail, name="question_detail"),
    path("questions/<int:pk>/claim/", views.question_claim, name="question_claim"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question_answer"),
    path("questions/<int:pk>/to-matter/", views.question_to_matter, name="question_to_matter"),
    path("lawyers/", views.consultant_list, name="consultant_list"),
    path("lawyers/new/", views.consultant_create, name="consultant_create"),
    path("lawyers/<int:pk>/", views.consultant_edit, name="consultant_edit"),
    path("rota/", views.rota, name="rota"),
    path("rota/<int:pk>/remove/", views.rota_remove, name="rota_remove"),
    path("targets/", views.targets, name="targets"),
    path("faq/", views.faq_list, name="faq_list"),
    path("faq/new/", views.faq_create, name="faq_create"),
    path("faq/<int:pk>/", views.faq_edit, name="faq_edit"),
    path("faq/<int:pk>/publish/", views.faq_publish, name="faq_publish"),
    path("statistics/", views.statistics, name="statistics"),
]
