"""Every page of the platform, for every demo account, on the demo county's real records.

Everything is derived from the URLconf and the database: for each URL pattern, each integer
argument is filled with ids of real demo records (the model is found by asking the page as the
system administrator, who sees everything), string arguments from the route converters' examples
and the declared record keys. Each account requests each page by GET, and by HTMX GET where the
page answers HTMX differently. No answer may be a server error, and every error page is Chinese.
A new business line is covered without editing this file.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db.models import BooleanField, ForeignKey, Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sifasuo.core import lines
from sifasuo.core.demo import ACCOUNT_USERNAMES
from sifasuo.core.models import User
from sifasuo.core.personal_data import sealed_field_names

CHINESE = re.compile(r"[\u4e00-\u9fff]")
HTMX = {"HTTP_HX_REQUEST": "true"}
# Records tried per model: one per combination of its state fields, at most this many (set
# SIFASUO_EVERY_PAGE_RECORDS for a longer or shorter walk).
PER_MODEL = int(os.environ.get("SIFASUO_EVERY_PAGE_RECORDS", "2"))
# Accounts walked: one per role and kind of unit (the sample offices of the second and third
# county hold the same roles over other records, and other offices' records are refused alike;
# the access tests of each line check that). SIFASUO_EVERY_PAGE_ACCOUNTS=all walks every demo
# account.
EVERY_ACCOUNT = os.environ.get("SIFASUO_EVERY_PAGE_ACCOUNTS", "roles") == "all"
# Pages a visitor may open without an account, and logout (POST only, no session needed).
SKIP = {"core:logout"}
# The captcha's image, sound and refresh answer for a key the portal has just issued; the portal's
# tests open them with a real key.
SKIP_PREFIXES = ("portal:captcha-",)


@dataclass(frozen=True)
class Route:
    name: str
    parts: tuple[tuple[str, str | None, str | None], ...]  # (literal, kwarg, converter)
    app_label: str
    examples: tuple[tuple[str, tuple[str, ...]], ...] = ()  # kwarg → its converter's examples

    def path(self, values: dict[str, object]) -> str:
        return "/" + "".join(
            literal + (str(values[kwarg]) if kwarg else "") for literal, kwarg, _ in self.parts
        )

    @property
    def kwargs(self) -> list[tuple[str, str]]:
        return [(kwarg, conv) for _, kwarg, conv in self.parts if kwarg]


_ARG = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def _split(route: str) -> list[tuple[str, str | None, str | None]]:
    parts, last = [], 0
    for match in _ARG.finditer(route):
        parts.append((route[last : match.start()], match["name"], match["conv"] or "str"))
        last = match.end()
    parts.append((route[last:], None, None))
    return parts


def _walk(resolver: URLResolver, prefix="", namespace="", app_label="") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            label = entry.app_name or app_label
            yield from _walk(entry, prefix + str(entry.pattern), inner, label)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            route = (prefix + str(entry.pattern)).lstrip("^").rstrip("$")
            examples = tuple(
                (kwarg, tuple(converter.examples))
                for kwarg, converter in getattr(entry.pattern, "converters", {}).items()
                if hasattr(converter, "examples")
            )
            yield Route(name, tuple(_split(route)), app_label, examples)


ROUTES = sorted(
    (
        r
        for r in _walk(get_resolver())
        if not r.name.startswith(("admin:", *SKIP_PREFIXES)) and r.name not in SKIP
    ),
    key=lambda r: r.name,
)


def _models_of(app_label: str) -> list[type[Model]]:
    labels = [app_label, "core"] if app_label and app_label != "core" else ["core"]
    return [m for label in labels for m in apps.get_app_config(label).get_models()]


def _state_fields(model: type[Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if (f.choices and not f.primary_key) or isinstance(f, BooleanField)
    ]


def _sample_ids(model: type[Model], **filters) -> list[int]:
    """Ids of up to PER_MODEL records, one per combination of state values, newest first."""
    fields = _state_fields(model)
    seen, ids = set(), []
    rows = model._default_manager.filter(**filters).order_by("-pk").values("pk", *fields)
    for row in rows[:2000]:
        key = tuple(row[f] for f in fields)
        if key not in seen:
            seen.add(key)
            ids.append(row["pk"])
        if len(ids) >= PER_MODEL:
            break
    return ids


def _children(parent: type[Model], models: list[type[Model]]):
    for model in models:
        for f in model._meta.concrete_fields:
            if isinstance(f, ForeignKey) and f.related_model is parent:
                yield model, f.name


def _str_examples(route: Route, kwarg: str) -> list[str]:
    """Values for string arguments: the route converter's examples, or the declared record keys
    and the sealed personal-data field names for the shared record endpoints."""
    examples = dict(route.examples)
    if kwarg in examples:
        return list(examples[kwarg])
    if kwarg == "model":
        return sorted(lines.record_types())
    if kwarg == "field":
        return sorted(sealed_field_names())
    raise AssertionError(
        f"{route.name}: string argument {kwarg!r} needs a converter with `examples`"
    )


def _status(client: Client, path: str, **extra) -> int:
    return client.get(path, **extra).status_code


def _argument_sets(route: Route, admin: Client) -> list[dict[str, object]]:
    """Real argument values for the route: every combination the administrator can open."""
    kwargs = route.kwargs
    if not kwargs:
        return [{}]
    int_args = [k for k, conv in kwargs if conv == "int"]
    str_args = [k for k, conv in kwargs if conv != "int"]
    str_sets = [
        dict(zip(str_args, combo, strict=True))
        for combo in itertools.product(*(_str_examples(route, k) for k in str_args))
    ] or [{}]
    if not int_args:
        return str_sets
    dummy = {k: 1 for k in int_args}
    if _status(admin, route.path({**dummy, **str_sets[0]})) == 405:
        return [{**dummy, **str_sets[0]}]  # answers POST only: any ids show that
    models = _models_of(route.app_label)
    found: list[dict[str, object]] = []
    for strs in str_sets:
        if "model" in strs:
            candidates = [lines.record_types()[strs["model"]].model_class()]
        else:
            candidates = models
        first, rest = int_args[0], int_args[1:]
        for model in candidates:
            if rest:
                # A nested record: real (parent, child) pairs, read from the child's foreign key.
                for child, fk in _children(model, models):
                    for child_pk in _sample_ids(child):
                        parent_pk = child._default_manager.filter(pk=child_pk).values_list(
                            f"{fk}_id", flat=True
                        )[0]
                        attempt = {first: parent_pk, rest[0]: child_pk, **strs}
                        if _status(admin, route.path(attempt)) != 404:
                            found.append(attempt)
                continue
            for pk in _sample_ids(model):
                values = {first: pk, **strs}
                if _status(admin, route.path(values)) != 404:
                    found.append(values)
            if found and "model" not in strs:
                break
    assert found, (
        f"{route.name}: no demo record opens this page; the line's demo loader should write "
        "records in every state its pages show"
    )
    return found


@pytest.fixture(scope="module")
def clients(loaded_demo, django_db_blocker):
    """A logged-in client per demo account (sessions live in the module's demo transaction)."""
    with django_db_blocker.unblock():
        users = User.objects.filter(username__in=ACCOUNT_USERNAMES).select_related("unit")
        by_name = {user.username: user for user in users}
        result, kinds = {}, set()
        for name in ACCOUNT_USERNAMES:  # the first county's accounts first
            user = by_name[name]
            kind = (user.role, user.unit.kind if user.unit else "", user.is_superuser)
            if not EVERY_ACCOUNT and kind in kinds and name != "admin":
                continue
            kinds.add(kind)
            client = Client(raise_request_exception=False)
            client.force_login(user)
            result[name] = client
        return result


def test_the_walk_covers_every_line_and_role(clients):
    apps_seen = {r.app_label for r in ROUTES}
    assert {line.label for line in lines.lines()} <= apps_seen
    walked = User.objects.filter(username__in=list(clients))
    every = User.objects.filter(username__in=ACCOUNT_USERNAMES)
    assert set(walked.values_list("role", flat=True)) == set(every.values_list("role", flat=True))
    assert "admin" in clients
    if EVERY_ACCOUNT:
        assert len(clients) == len(ACCOUNT_USERNAMES)


def _assert_page(response, route: Route, path: str, account: str) -> None:
    assert response.status_code < 500, (route.name, path, account, response.status_code)
    if response.status_code >= 400 and response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode()
        assert CHINESE.search(body), (route.name, path, account, "error page not in Chinese")
        assert 'lang="en"' not in body


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_page_for_every_account(demo, clients, route):
    admin = clients["admin"]
    for values in _argument_sets(route, admin):
        path = route.path(values)
        plain = admin.get(path)
        htmx_differs = plain.status_code == 200 and admin.get(path, **HTMX).content != (
            plain.content
        )
        for account, client in clients.items():
            response = client.get(path)
            _assert_page(response, route, path, account)
            if htmx_differs:
                _assert_page(client.get(path, **HTMX), route, path, account)


def test_server_errors_answer_in_chinese(client, settings, monkeypatch):
    """An unexpected exception gives the Chinese 500 page, not Django's English one."""
    from sifasuo.core.views import errors

    response = errors.server_error(None)
    assert response.status_code == 500
    assert "系统出错" in response.content.decode()
    assert 'lang="zh-hans"' in response.content.decode()


def test_a_post_only_address_opened_by_get_is_a_chinese_page(demo, clients):
    response = clients["o1_head"].get("/work/1/close/")
    assert response.status_code == 405
    assert "操作方式不正确" in response.content.decode()
