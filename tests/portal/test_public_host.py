"""On the public host names only the portal answers: every URL pattern of the platform outside
/public/ is 404 there, while the staff host serves everything as before."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC_HOST = "fw.example.cn"


def _paths(resolver=None, prefix=""):
    """One concrete path per URL pattern (arguments filled with a plausible value)."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from _paths(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            path = re.sub(r"<int:\w+>", "1", prefix + route)
            path = re.sub(r"<\w+:\w+>|<\w+>|\(\?P<\w+>[^)]*\)", "x", path)
            yield "/" + path.replace("\\", "")


@pytest.fixture
def public_client():
    with override_settings(SIFASUO_PUBLIC_HOSTS=[PUBLIC_HOST], ALLOWED_HOSTS=["*"]):
        yield Client(HTTP_HOST=PUBLIC_HOST)


def test_no_staff_url_answers_on_the_public_host(public_client, world):
    public_client.force_login(world.office_head)  # even a staff session opens nothing there
    paths = sorted(set(_paths()))
    assert len(paths) > 100
    answered = {}
    for path in paths:
        if path.startswith("/public/"):
            continue
        for method in (public_client.get, public_client.post):
            status = method(path).status_code
            if status != 404:
                answered[path] = status
    # Only the status address printed on older 回执 answers, with a redirect into the portal,
    # and the browsers' icon address, with a redirect to the icon.
    assert answered == {"/intake/status/": 301, "/favicon.ico": 301}
    assert public_client.get("/intake/status/").url == "/public/status/"
    page = public_client.get("/intake/").content.decode()
    assert "返回公共法律服务首页" in page and "我的待办" not in page


def test_the_portal_answers_on_the_public_host(public_client, world):
    for path in ("/public/", "/public/apply/mediation/", "/public/status/", "/public/stations/"):
        assert public_client.get(path).status_code == 200, path


def test_only_the_portals_static_files_are_served_there(public_client, settings):
    assert public_client.get("/static/portal/portal.css").status_code == 200
    assert public_client.get("/static/sifasuo/site.css").status_code == 200
    assert public_client.get("/static/admin/css/base.css").status_code == 404


def test_the_portal_shows_the_platforms_icon_on_the_public_host(public_client):
    page = public_client.get("/public/").content.decode()
    assert '<link rel="icon" href="/static/sifasuo/favicon.svg" type="image/svg+xml">' in page
    assert public_client.get("/static/sifasuo/favicon.svg").status_code == 200
    icon = public_client.get("/favicon.ico", follow=True)
    assert icon.status_code == 200
    assert icon.redirect_chain == [("/static/sifasuo/favicon.svg", 301)]


def test_the_staff_host_still_serves_the_staff_site(client, world):
    with override_settings(SIFASUO_PUBLIC_HOSTS=[PUBLIC_HOST], ALLOWED_HOSTS=["*"]):
        client.force_login(world.office_head)
        assert client.get("/intake/").status_code == 200
        assert client.get("/public/").status_code == 200
