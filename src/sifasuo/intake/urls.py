from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("register/", views.register, name="register"),
    path("refer/", views.refer_in, name="refer_in"),
    path("assign/", views.assign_batch, name="assign_batch"),
    path("routing/", views.routing, name="routing"),
    path("routing/<int:pk>/delete/", views.routing_delete, name="routing_delete"),
    path("status/", views.public_status, name="public_status"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sheet.<docfmt:fmt>", views.sheet, name="sheet"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/refuse/", views.refuse, name="refuse"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/transfer/accept/", views.transfer_accept, name="transfer_accept"),
    path("<int:pk>/transfer/refuse/", views.transfer_refuse, name="transfer_refuse"),
]
