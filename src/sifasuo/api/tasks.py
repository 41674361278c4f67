"""Background tasks of the integration API: thin wrappers that take primary keys."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def deliver_webhook(delivery_id: int) -> None:
    """One attempt at a webhook delivery (a failure queues the next, later)."""
    services.webhook_attempt(delivery_id=delivery_id)
