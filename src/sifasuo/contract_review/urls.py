from django.urls import path  # noqa: F401

app_name = "contract_review"

urlpatterns: list = []
