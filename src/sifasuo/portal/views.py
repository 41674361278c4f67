from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    """The portal's front page: what a citizen can do here."""
    return render(request, "portal/home.html")
