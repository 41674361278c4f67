"""Background tasks of the contract review: thin wrappers that take primary keys."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def review_batch(batch_id: int) -> None:
    """Run (or resume) the review of one uploaded batch."""
    services.batch_run(batch_id=batch_id)
