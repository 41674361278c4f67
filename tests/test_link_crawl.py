"""Every link the platform renders, followed: a breadth-first walk from the home page per role.

tests/test_every_page.py opens each URL pattern with ids it picks itself; this walk opens what the
pages themselves produce for the account looking at them: filter, sorting and period links, the
pagination, drill-downs from dashboards and statistics sheets with their query strings, exports,
HTMX partials (`hx-get`) and the filter forms, submitted as they stand and with each choice list
set to another choice. Only GET is used. Addresses of one kind (the same path but for its ids,
with the same query parameters and the same of them filled in) are opened once each, so the walk
covers every kind of link without opening every record.

No answer may be a server error, and no link the platform shows may lead to a missing page, a
refusal or (for an account) the login page: a link shown to someone who may not follow it is a
dead link.

SIFASUO_CRAWL_PAGES (pages per account) and SIFASUO_CRAWL_PER_KIND (addresses per kind of link)
lengthen or shorten the walk.
"""

from __future__ import annotations

import os
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from sifasuo.core.demo import ACCOUNT_USERNAMES
from sifasuo.core.models import User

pytestmark = pytest.mark.crawl

# Each account's walk ends by itself (about 650 pages for the administrator, one address per
# kind); the page budget only bounds a walk that a new line makes much longer.
PAGES = int(os.environ.get("SIFASUO_CRAWL_PAGES", "600"))
PER_KIND = int(os.environ.get("SIFASUO_CRAWL_PER_KIND", "1"))
# One account per role and kind of unit, the first county's (as tests/test_every_page.py walks).
ACCOUNTS = [
    "admin",
    "city",
    "county1",
    *(name for name in ACCOUNT_USERNAMES if name.startswith("o1_")),
]
# Never followed: logging out ends the walk; static files and uploads are not pages; the admin
# site is Django's own; the captcha's image and sound change with every request.
SKIP_PREFIXES = (
    "/logout/",
    "/" + settings.STATIC_URL.strip("/") + "/",
    "/" + (settings.MEDIA_URL.strip("/") or "media") + "/",
    "/django-admin/",
    "/public/captcha",
)
HTMX = {"HTTP_HX_REQUEST": "true"}
_ID = re.compile(r"(?<=/)\d+(?=/|$|\.)")


@dataclass
class _Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)  # select name → option values


class _Links(HTMLParser):
    """The links (href, hx-get) and GET forms of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, bool]] = []  # (address, asked by HTMX)
        self.forms: list[_Form] = []
        self._form: _Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        if attr.get("hx-get"):
            self.links.append((attr["hx-get"], True))
        if tag == "a" and attr.get("href"):
            self.links.append((attr["href"], False))
        elif tag == "form":
            method = (attr.get("method") or "get").lower()
            self._form = _Form(attr.get("action") or "") if method == "get" else None
        elif self._form is None:
            return
        elif tag == "option" and self._select:
            value = attr.get("value") or ""
            self._form.choices[self._select].append(value)
            if "selected" in attr or self._select_value is None:
                self._select_value = value
        elif not attr.get("name") or "disabled" in attr:
            return
        elif tag == "input":
            kind = (attr.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attr:
                return
            self._form.fields.append((attr["name"], attr.get("value") or ""))
        elif tag == "select":
            self._select, self._select_value = attr["name"], None
            self._form.choices[self._select] = []
        elif tag == "textarea":
            self._form.fields.append((attr["name"], ""))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "select" and self._form is not None and self._select:
            self._form.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _submissions(form: _Form) -> list[str]:
    """The query strings of a GET form: as it stands, then each select set to another option."""
    queries = [urlencode(form.fields)]
    for name, options in form.choices.items():
        current = dict(form.fields).get(name)
        for option in reversed(options):
            if option and option != current:
                changed = [(k, option if k == name else v) for k, v in form.fields]
                queries.append(urlencode(changed))
                break
    return queries


def _kind(address: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """Addresses of one kind: the same path but for its ids, with the same query parameters,
    the same of them filled in (a filter form sent blank and sent with a choice differ)."""
    parts = urlsplit(address)
    query = parse_qsl(parts.query, keep_blank_values=True)
    return (
        _ID.sub("#", parts.path),
        frozenset(k for k, _ in query),
        frozenset(k for k, v in query if v),
    )


def _local(base: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http", "https"):
        return None
    if parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class _Failure:
    address: str
    found_on: str
    status: int | str

    def __str__(self) -> str:
        return f"{self.status} {self.address}  (linked from {self.found_on})"


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def crawl(client: Client, *, start: str = "/", pages: int = PAGES, per_kind: int = PER_KIND):
    """Walk from `start`; return (addresses opened, failures). A signed-in account sent to the
    login page has followed a link it should not have been shown."""
    signed_in = "_auth_user_id" in client.session
    queue: deque[tuple[str, bool, str]] = deque([(start, False, "(start)")])
    seen: set[tuple[str, bool]] = {(start, False)}
    kinds: dict[tuple[str, frozenset[str], frozenset[str], bool], int] = {}
    opened: list[str] = []
    failures: list[_Failure] = []

    def offer(address: str | None, htmx: bool, found_on: str) -> None:
        if address is None or (address, htmx) in seen:
            return
        seen.add((address, htmx))
        kind = (*_kind(address), htmx)
        if kinds.get(kind, 0) >= per_kind:
            return
        kinds[kind] = kinds.get(kind, 0) + 1
        queue.append((address, htmx, found_on))

    while queue and len(opened) < pages:
        address, htmx, found_on = queue.popleft()
        opened.append(address)
        try:
            response = client.get(address, **(HTMX if htmx else {}))
            body = _body(response)
        except Exception as error:  # a streamed export failing while it is written
            failures.append(_Failure(address, found_on, f"{type(error).__name__}: {error}"))
            continue
        status = response.status_code
        if status >= 500 or status in (403, 404):
            failures.append(_Failure(address, found_on, status))
            continue
        if status in (301, 302, 303, 307, 308):
            target = _local(address, response["Location"])
            if signed_in and (target or "").startswith(settings.LOGIN_URL_PATH):
                failures.append(_Failure(address, found_on, "sent to the login page"))
                continue
            offer(target, htmx, found_on)
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(body.decode(errors="replace"))
        for href, by_htmx in parser.links:
            offer(_local(address, href), by_htmx, address)
        for form in parser.forms:
            action = urlsplit(urljoin(address, form.action or address)).path
            for query in _submissions(form):
                offer(_local(address, f"{action}?{query}"), False, address)
    return opened, failures


@pytest.fixture(scope="module")
def users(loaded_demo, django_db_blocker):
    with django_db_blocker.unblock():
        return {u.username: u for u in User.objects.filter(username__in=ACCOUNTS)}


def _report(who: str, failures: list[_Failure]) -> str:
    lines = sorted({str(failure) for failure in failures})
    return f"{who}: {len(lines)} broken links\n" + "\n".join(lines)


@pytest.mark.parametrize("account", ACCOUNTS)
def test_every_link_a_page_shows_opens(demo, users, account):
    client = Client(raise_request_exception=False)
    client.force_login(users[account])
    opened, failures = crawl(client)
    assert len(opened) > 10, opened  # the walk got past the home page
    assert not failures, _report(account, failures)


def test_every_link_the_public_pages_show_opens(demo):
    """The visitor's side: the portal and the public consultation pages, without an account."""
    opened, failures = crawl(Client(raise_request_exception=False), start="/public/")
    assert len(opened) > 5, opened
    assert not failures, _report("visitor", failures)


def test_the_walk_reads_links_forms_and_htmx():
    page = """
    <a href="/a/?page=2#top">x</a><a href="mailto:x@y">m</a><a href="https://example.com/">e</a>
    <div hx-get="/partial/"></div>
    <form method="get" action="/list/"><input name="q" value="王"><input type="checkbox" name="c">
    <select name="s"><option value="">全部</option><option value="open" selected>办理中</option>
    <option value="done">已办结</option></select><button type="submit">筛选</button></form>
    <form method="post" action="/x/"><input name="csrf" value="1"></form>
    """
    parser = _Links()
    parser.feed(page)
    assert [_local("/", href) for href, _ in parser.links] == [
        "/a/?page=2",
        None,
        None,
        "/partial/",
    ]
    assert [htmx for _, htmx in parser.links] == [False, False, False, True]
    assert len(parser.forms) == 1
    assert _submissions(parser.forms[0]) == ["q=%E7%8E%8B&s=open", "q=%E7%8E%8B&s=done"]
    assert _kind("/work/12/?page=3&sort=due") == _kind("/work/7/?sort=x&page=1")
    assert _kind("/work/12/") != _kind("/work/12/?page=2")
    assert _kind("/work/?status=&q=") != _kind("/work/?status=open&q=")
