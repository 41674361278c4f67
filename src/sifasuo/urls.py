"""URL map of the whole platform; each business line mounts its own urls module."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("intake/", include("sifasuo.intake.urls")),
    path("mediation/", include("sifasuo.mediation.urls")),
    path("reviews/", include("sifasuo.reviews.urls")),
    path("contracts/", include("sifasuo.contracts.urls")),
    path("contract-review/", include("sifasuo.contract_review.urls")),
    path("", include("sifasuo.core.urls")),
]

# Error pages in Chinese; the 500 page renders without the database or the request's context.
handler500 = "sifasuo.core.views.errors.server_error"
