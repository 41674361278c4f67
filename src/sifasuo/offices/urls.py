from django.urls import path

from . import views

app_name = "offices"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("office/<int:pk>/", views.profile, name="profile"),
    path("office/<int:pk>/staff-change/", views.staff_change, name="staff_change"),
    path("office/<int:pk>/staff-hire/", views.staff_hire, name="staff_hire"),
    path("office/<int:pk>/premises/", views.premises_add, name="premises_add"),
    path("office/<int:pk>/profile/", views.unit_profile_set, name="unit_profile_set"),
    path("office/<int:pk>/honours/", views.honour_add, name="honour_add"),
    path(
        "office/<int:pk>/honours/<int:honour_pk>/remove/",
        views.honour_remove,
        name="honour_remove",
    ),
    path("catalogues/", views.catalogue_list, name="catalogue_list"),
    path("catalogues/new/", views.catalogue_create, name="catalogue_create"),
    path("catalogues/compare/", views.catalogue_compare, name="catalogue_compare"),
    path("catalogues/template.xlsx", views.catalogue_template, name="catalogue_template"),
    path("catalogues/<int:pk>/", views.catalogue_detail, name="catalogue_detail"),
    path("catalogues/<int:pk>/import/", views.catalogue_import, name="catalogue_import"),
    path("rules/", views.rulebook_list, name="rulebook_list"),
    path("rules/new/", views.rulebook_create, name="rulebook_create"),
    path("rules/<int:pk>/", views.rulebook_detail, name="rulebook_detail"),
    path("rules/<int:pk>/chapters/", views.chapter_add, name="chapter_add"),
    path("rules/<int:pk>/chapters/<int:chapter_pk>/rules/", views.rule_add, name="rule_add"),
]
