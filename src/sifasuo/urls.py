"""URL map of the whole platform; each business line mounts its own urls module."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("", include("sifasuo.core.urls")),
]
