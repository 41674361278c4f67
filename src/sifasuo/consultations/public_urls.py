"""The public pages of 网上法律咨询, mounted at /public/consult/ (no login)."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("", public_views.ask, name="ask"),
    path("asked/", public_views.asked, name="asked"),
    path("answer/", public_views.answer, name="answer"),
    path("answer/rate/", public_views.rate, name="rate"),
    path("lawyers/", public_views.lawyers, name="lawyers"),
    path("faq/", public_views.faq, name="faq"),
]
