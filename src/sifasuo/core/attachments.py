"""Versioned attachments (附件) of a business record: every upload is a new version, read safely,
never overwritten. A line's attachment model extends `VersionedAttachment` with the foreign key to
its record; `attachment_add` stores one version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from .actors import Actor, check_actor, is_system
from .uploads import read_document


class VersionedAttachment(models.Model):
    """The fields every versioned attachment has; `file` is declared by each line (its folder)."""

    version = models.PositiveSmallIntegerField(_("版本"))
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.original_name} v{self.version}"


A = TypeVar("A", bound=VersionedAttachment)


def attachment_add(
    model: type[A],
    *,
    actor: Actor,
    owner_field: str,
    owner: models.Model,
    upload,
    reader: Callable[[Any], tuple[bytes, str]] = read_document,
    **fields: Any,
) -> tuple[A, str]:
    """Store `upload` as the next version of `owner`'s attachments (the caller holds the owner's
    row lock). Returns the attachment and the document's text (for checks such as the
    pre-check). A file that cannot be accepted raises a ValidationError saying why. `reader`
    decides what is accepted (`uploads.read_photo_or_document` takes photos too)."""
    check_actor(actor)
    data, text = reader(upload)
    latest = model._default_manager.filter(**{owner_field: owner}).aggregate(m=Max("version"))
    attachment = model(
        **{owner_field: owner},
        version=(latest["m"] or 0) + 1,
        original_name=upload.name[:200],
        size=len(data),
        uploaded_by=None if is_system(actor) else actor,
        **fields,
    )
    attachment.file.save(upload.name, ContentFile(data), save=False)  # type: ignore[attr-defined]
    attachment.save()
    return attachment, text
