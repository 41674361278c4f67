"""The public portal, mounted at /public/; nothing here needs a login. Every page a deployment
exposes to the internet lives under this prefix (`SIFASUO_PUBLIC_HOSTS`)."""

from django.urls import include, path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("captcha/", include("captcha.urls")),
]
