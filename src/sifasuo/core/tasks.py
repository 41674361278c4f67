"""Background tasks of the platform kit: thin wrappers that call a service."""

from __future__ import annotations

from django_tasks import task

from . import summaries


@task()
def refresh_summaries() -> None:
    """Recompute the per-office monthly summaries that record changes made stale, a batch per
    transaction so a writer marking one of them again waits for a batch, not for all."""
    while summaries.refresh(limit=50, skip_locked=True):
        pass
