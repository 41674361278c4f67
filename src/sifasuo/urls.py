"""URL map of the whole platform; each business line mounts its own urls module."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from sifasuo.core.views.auth import admin_login

urlpatterns = [
    # The admin site logs in through the platform's login gate (one lockout, one audit).
    path("django-admin/login/", admin_login, name="admin_login"),
    path("django-admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on their own; the icon is the static SVG the pages link.
    path("favicon.ico", RedirectView.as_view(url=static("sifasuo/favicon.svg"), permanent=True)),
    path("intake/", include("sifasuo.intake.urls")),
    path("mediation/", include("sifasuo.mediation.urls")),
    path("reviews/", include("sifasuo.reviews.urls")),
    path("contracts/", include("sifasuo.contracts.urls")),
    path("contract-review/", include("sifasuo.contract_review.urls")),
    path("legal-aid/", include("sifasuo.legal_aid.urls")),
    path("petitions/", include("sifasuo.petitions.urls")),
    path("enforcement/", include("sifasuo.enforcement.urls")),
    path("litigation/", include("sifasuo.litigation.urls")),
    path("advisors/", include("sifasuo.advisors.urls")),
    path("villages/", include("sifasuo.villages.urls")),
    path("stations/", include("sifasuo.stations.urls")),
    path("offices/", include("sifasuo.offices.urls")),
    path("publicity/", include("sifasuo.publicity.urls")),
    path("consultations/", include("sifasuo.consultations.urls")),
    path(
        "public/consult/",
        include(("sifasuo.consultations.public_urls", "consultations"), namespace="consult_public"),
    ),
    path("public/", include("sifasuo.portal.urls")),
    path("api/", include("sifasuo.api.urls")),
    path("", include("sifasuo.core.urls")),
]

# Error pages in Chinese; the 500 page renders without the database or the request's context.
handler500 = "sifasuo.core.views.errors.server_error"
