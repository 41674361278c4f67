"""Office-scoped access: the one place that decides which records a user may see.

A user sees the records of their own unit and every unit below it, plus records explicitly shared
or referred to a unit in that subtree. System administrators see everything. Every view, export
and HTMX endpoint reads business records through `scope` / `get_scoped_or_404`; a forbidden record
and a missing one both answer 404, so ids reveal nothing.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from .models import OrgUnit, Share
from .roles import Role


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


def scope(user, queryset: QuerySet, *, unit_field: str = "unit") -> QuerySet:
    """Restrict `queryset` to the rows `user` may see.

    `unit_field` is the lookup from the model to its owning OrgUnit ("unit", "case__unit", or ""
    for OrgUnit itself).
    """
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if sees_everything(user):
        return queryset
    if user.unit_id is None:
        return queryset.none()
    prefix = f"{unit_field}__" if unit_field else ""
    own = Q(**{f"{prefix}path__startswith": user.unit.path})
    content_type = ContentType.objects.get_for_model(queryset.model)
    shared = Exists(
        Share.objects.filter(
            content_type=content_type,
            object_id=OuterRef("pk"),
            unit__path__startswith=user.unit.path,
        )
    )
    return queryset.filter(own | Q(shared))


def get_scoped_or_404(user, queryset: QuerySet, pk, *, unit_field: str = "unit") -> Model:
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
