from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="contract_list"),
    path("ledger.xlsx", views.contract_export, name="contract_export"),
    path("import/", views.contract_import, name="contract_import"),
    path("new/", views.contract_create, name="contract_create"),
    path("<int:pk>/", views.contract_detail, name="contract_detail"),
    path("<int:pk>/document/", views.contract_document, name="contract_document"),
    path(
        "<int:pk>/document/<int:doc_pk>/",
        views.contract_document_download,
        name="contract_document_download",
    ),
    path("<int:pk>/submit/", views.contract_submit_review, name="contract_submit_review"),
    path("<int:pk>/opinion/", views.contract_opinion, name="contract_opinion"),
    path("<int:pk>/sign/", views.contract_sign, name="contract_sign"),
    path("<int:pk>/close/", views.contract_close, name="contract_close"),
    path("<int:pk>/instalment/", views.contract_instalment, name="contract_instalment"),
    path("<int:pk>/payment/", views.contract_payment, name="contract_payment"),
]
