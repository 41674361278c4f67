"""/api/: the staff pages that register partner clients, and the versioned API under /api/v1/."""

from django.urls import path

from . import endpoints, views

app_name = "api"

urlpatterns = [
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_register, name="client_register"),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("clients/<int:pk>/rotate/", views.client_rotate, name="client_rotate"),
    path("clients/<int:pk>/revoke/", views.client_revoke, name="client_revoke"),
    path("v1/", endpoints.urls()),
]
