"""Every screen and endpoint asks an anonymous visitor to log in, except the few public ones."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Pages a citizen or a visitor may open without an account: the login page, the status page and
# everything under the portal's prefix /public/ (the part a deployment may expose to the internet).
PUBLIC = {"core:login", "intake:public_status"}
PUBLIC_PREFIX = "public/"
# Logging out needs no session (and answers only POST).
NO_SESSION_NEEDED = {"core:logout"}
# The integration API: partner systems authenticate with a bearer token, so a call without one
# is a 401 problem (application/problem+json), never a login redirect. Its OpenAPI document and
# docs page describe the API and hold no data, so they are public.
API_PREFIX = "api/v1/"
API_PUBLIC = {"api:v1:api-root", "api:v1:openapi-json", "api:v1:openapi-view"}


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (
                f"{namespace}:{entry.name}" if namespace else entry.name,
                prefix + str(entry.pattern),
            )


def _example_path(route: str) -> str:
    for converter, example in (
        ("<int:", "1"),
        ("<str:", "docx"),
        ("<slug:", "x"),
        ("<path:", "x"),
        ("<docfmt:", "pdf"),
    ):
        while converter in route:
            start = route.index(converter)
            route = route[:start] + example + route[route.index(">", start) + 1 :]
    return "/" + route.lstrip("^").rstrip("$")


ROUTES = sorted(
    (name, _example_path(route))
    for name, route in _patterns(get_resolver())
    if not name.startswith("admin:")
    and name not in PUBLIC | NO_SESSION_NEEDED
    and not route.startswith((PUBLIC_PREFIX, API_PREFIX))
)
API_ROUTES = sorted(
    (name, _example_path(route))
    for name, route in _patterns(get_resolver())
    if route.startswith(API_PREFIX) and name not in API_PUBLIC
)


def test_the_walk_finds_the_business_lines():
    names = {name for name, _ in ROUTES}
    assert {
        "core:home",
        "intake:queue",
        "mediation:statistics_export",
        "reviews:review_list",
    } <= names
    assert len(ROUTES) > 80


@pytest.mark.parametrize(("name", "path"), ROUTES)
def test_anonymous_is_sent_to_login(db, client, name, path):
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 302, (name, path, response.status_code)
        assert response["Location"].startswith("/login/"), (name, response["Location"])


@pytest.mark.parametrize(("name", "path"), API_ROUTES)
def test_the_api_answers_a_call_without_a_token_with_a_401_problem(db, client, name, path):
    response = client.get(path)
    if response.status_code == 405:  # a POST-only route: the wrong method is a problem too
        assert response["Content-Type"] == "application/problem+json"
        response = client.post(path)
    assert response.status_code == 401, (name, path, response.status_code)
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


def test_the_api_routes_are_found():
    assert {"api:v1:create_work_order", "api:v1:get_matter"} <= {n for n, _ in API_ROUTES}


@pytest.mark.parametrize("name", sorted(API_PUBLIC))
def test_the_api_document_opens_without_a_token(db, client, name):
    from django.urls import reverse

    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain in ([], [("/api/v1/docs", 302)])


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_open_without_an_account(db, client, name):
    from django.urls import reverse

    assert client.get(reverse(name)).status_code == 200


def test_the_portal_front_page_opens_without_an_account(db, client):
    from django.urls import reverse

    assert reverse("portal:home") == "/" + PUBLIC_PREFIX
    assert client.get(reverse("portal:home")).status_code == 200
