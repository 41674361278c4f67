"""Core screens: login, 我的待办, org units, staff, parties, work items, accounts, audit."""
from django.http import HttpResponse


def home(request):
    return HttpResponse("")


def login_view(request):
    return HttpResponse("")


def logout_view(request):
    return HttpResponse("")
