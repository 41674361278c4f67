"""Background tasks of the platform kit: thin wrappers that call a service."""

from __future__ import annotations

from django_tasks import task

from . import summaries


@task()
def refresh_summaries() -> None:
    """Recompute the per-office monthly summaries that record changes made stale."""
    summaries.refresh()
