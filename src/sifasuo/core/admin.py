"""The Django admin is a read-only window on the data for superusers: every write goes through the
platform's services, which validate and audit it, so the admin never changes a record itself."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import Group


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """View records; adding, changing and deleting are the services' work."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Roles and capabilities live in the platform (core.roles and the business lines), not in groups.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)
