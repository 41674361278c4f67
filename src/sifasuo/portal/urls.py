"""The public portal, mounted at /public/; nothing here needs a login. Every page a deployment
exposes to the internet lives under this prefix (`SIFASUO_PUBLIC_HOSTS`)."""

from django.urls import include, path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("apply/mediation/", views.apply_mediation, name="apply_mediation"),
    path("apply/legal-aid/", views.apply_legal_aid, name="apply_legal_aid"),
    path("apply/general/", views.apply_general, name="apply_general"),
    path("apply/receipt/", views.receipt, name="receipt"),
    path("status/", views.status, name="status"),
    path("stations/", views.stations, name="stations"),
    path("captcha/", include("captcha.urls")),
]
