from django.urls import path

from . import views

app_name = "enforcement"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/systems/", views.case_systems, name="case_systems"),
    path("cases/<int:pk>/review/", views.case_link_review, name="case_link_review"),
    path("cases/<int:pk>/decide/", views.case_decide, name="case_decide"),
    path("cases/<int:case_pk>/evaluate/", views.evaluation_create, name="evaluation_create"),
    path("systems/", views.systems, name="systems"),
    path("enforcers/", views.enforcer_list, name="enforcer_list"),
    path("enforcers/new/", views.enforcer_create, name="enforcer_create"),
    path("enforcers/<int:pk>/", views.enforcer_detail, name="enforcer_detail"),
    path("enforcers/<int:pk>/update/", views.enforcer_update, name="enforcer_update"),
    path("enforcers/<int:pk>/training/", views.enforcer_training, name="enforcer_training"),
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/new/", views.standard_create, name="standard_create"),
    path("standards/<int:pk>/", views.standard_detail, name="standard_detail"),
    path("standards/<int:pk>/item/", views.standard_item, name="standard_item"),
    path(
        "standards/<int:pk>/item/<int:item_pk>/delete/",
        views.standard_item_delete,
        name="standard_item_delete",
    ),
    path("standards/<int:pk>/publish/", views.standard_publish, name="standard_publish"),
    path("standards/<int:pk>/revise/", views.standard_new_version, name="standard_new_version"),
    path("evaluations/", views.evaluation_list, name="evaluation_list"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/score/", views.evaluation_score, name="evaluation_score"),
    path("evaluations/<int:pk>/agree/", views.evaluation_agree, name="evaluation_agree"),
    path("evaluations/<int:pk>/issue/", views.evaluation_issue, name="evaluation_issue"),
    path("evaluations/<int:pk>/opinion.docx", views.evaluation_opinion, name="evaluation_opinion"),
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path(
        "rectifications/<int:pk>/close/", views.rectification_close, name="rectification_close"
    ),
    path("discussions/", views.discussion_list, name="discussion_list"),
    path("discussions/new/", views.discussion_create, name="discussion_create"),
    path("discussions/<int:pk>/", views.discussion_detail, name="discussion_detail"),
    path("benchmarks/", views.benchmark_list, name="benchmark_list"),
    path("benchmarks/new/", views.benchmark_create, name="benchmark_create"),
    path("benchmarks/<int:pk>/", views.benchmark_detail, name="benchmark_detail"),
    path("benchmarks/<int:pk>/tier/", views.benchmark_tier, name="benchmark_tier"),
    path("benchmarks/<int:pk>/factor/", views.benchmark_factor, name="benchmark_factor"),
    path("benchmarks/<int:pk>/publish/", views.benchmark_publish, name="benchmark_publish"),
    path("benchmarks/<int:pk>/calculate/", views.benchmark_calculate, name="benchmark_calculate"),
    path("calculations/", views.calculation_list, name="calculation_list"),
    path(
        "calculations/<int:pk>/",
        views.calculation_detail,
        name="calculation_detail",
    ),
    path("statistics/", views.statistics_page, name="statistics"),
    path("statistics.xlsx", views.statistics_export, name="statistics_export"),
]
