"""Office-scoped access: the one place that decides which records a user may see.

A user sees the records of their own unit and every unit below it, plus records explicitly shared
or referred to a unit in that subtree. System administrators see everything. Every view, export
and HTMX endpoint reads business records through `scope` / `get_scoped_or_404`; a forbidden record
and a missing one both answer 404, so ids reveal nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import OrgUnit, Share
from .roles import Role

M = TypeVar("M", bound=Model)


def sees_everything(user) -> bool:
    return bool(user.is_superuser or user.role == Role.SYSTEM_ADMIN)


def visible_units(user) -> QuerySet[OrgUnit]:
    """The units whose records the user sees: their unit and everything below it."""
    if not getattr(user, "is_authenticated", False):
        return OrgUnit.objects.none()
    if sees_everything(user):
        return OrgUnit.objects.all()
    if user.unit_id is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=user.unit.path)


# Up to this many visible units are inlined as a literal `unit_id IN (…)` list, which lets the
# database use the indexes led by the unit column and estimate row counts well; a larger subtree
# (a whole city or province) is filtered through a subquery instead.
INLINE_UNIT_IDS = 1000


# Within one request the resolved units and shares are remembered; saving or deleting a unit or a
# share empties the memory (see `forget_resolved`), and outside a request nothing is remembered.
_resolved: ContextVar[dict | None] = ContextVar("sifasuo_scope_resolved", default=None)


@contextmanager
def resolution_cache() -> Iterator[None]:
    token = _resolved.set({})
    try:
        yield
    finally:
        _resolved.reset(token)


def forget_resolved(**_kwargs) -> None:
    cache = _resolved.get()
    if cache is not None:
        cache.clear()


def _remembered(key: tuple, compute: Callable):
    cache = _resolved.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _subtree_ids(path: str):
    """The ids of the units at or below `path`: a list, or a subquery for a very large subtree."""
    units = OrgUnit.objects.filter(path__startswith=path).values_list("id", flat=True)
    ids = list(units[: INLINE_UNIT_IDS + 1])
    return ids if len(ids) <= INLINE_UNIT_IDS else units


def _shares_into(path: str) -> dict[int, list[int]] | None:
    """Record ids shared into the subtree at `path`, by content type; None when there are so many
    that each model is better filtered through a subquery."""
    rows = Share.objects.filter(unit__path__startswith=path).values_list(
        "content_type", "object_id"
    )
    rows = list(rows[: INLINE_UNIT_IDS + 1])
    if len(rows) > INLINE_UNIT_IDS:
        return None
    shares: dict[int, list[int]] = {}
    for content_type_id, object_id in rows:
        shares.setdefault(content_type_id, []).append(object_id)
    return shares


def scope(user, queryset: QuerySet[M], *, unit_field: str = "unit") -> QuerySet[M]:
    """Restrict `queryset` to the rows `user` may see.

    `unit_field` is the lookup from the model to its owning OrgUnit ("unit", "case__unit", or ""
    for OrgUnit itself). The visible units and the records shared into them are resolved first,
    so the filter on the scoped table is a plain `unit_id IN (…)` (or `… OR id IN (…)`).
    """
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if sees_everything(user):
        return queryset
    if user.unit_id is None:
        return queryset.none()
    path = user.unit.path
    unit_ids = _remembered(("units", path), lambda: _subtree_ids(path))
    visible = Q(**{f"{unit_field}__id__in" if unit_field else "id__in": unit_ids})
    content_type = ContentType.objects.get_for_model(queryset.model)
    shares = _remembered(("shares", path), lambda: _shares_into(path))
    if shares is None:
        shared = Share.objects.filter(content_type=content_type, unit__path__startswith=path)
        visible |= Q(pk__in=shared.values("object_id"))
    elif shares.get(content_type.pk):
        visible |= Q(pk__in=shares[content_type.pk])
    return queryset.filter(visible)


def get_scoped_or_404(user, queryset: QuerySet[M], pk, *, unit_field: str = "unit") -> M:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    obj = scope(user, queryset, unit_field=unit_field).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def can_see_unit(user, unit: OrgUnit) -> bool:
    if sees_everything(user):
        return True
    return user.unit_id is not None and unit.path.startswith(user.unit.path)


def units_user_may_assign(user) -> QuerySet[OrgUnit]:
    """Units the user may place new records in (their own subtree)."""
    return visible_units(user)
