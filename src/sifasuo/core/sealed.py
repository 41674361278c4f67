"""Personal data sealed at rest: SM4-GCM encryption of a column, and an SM3-HMAC blind index.

ID numbers, phone numbers and addresses are stored encrypted (个人信息保护法 art 51: encryption
and de-identification; GB/T 22239 data confidentiality), so a copied database file or backup
reveals nothing. Python code sees clear text: the field seals on the way in and opens on the way
out. Equality searches (duplicate requesters, the public status page's phone check) go through
a keyed digest column instead (`blind_index`): the same value always gives the same digest, but
the digest cannot be reversed without the key.

The key is `SIFASUO_DATA_KEY` (64 hex digits) or, on the embedded default, `data.key` in the data
folder. Losing it loses the sealed data: back it up with the database, apart from it.
"""

from __future__ import annotations

import base64
import os
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact, IsNull

PREFIX = "sm4gcm1:"
_NONCE = 12
_TAG = 16


class DataKeyMismatch(ImproperlyConfigured):
    """A sealed value does not open with the configured key."""


def _derive(master: bytes, purpose: bytes) -> bytes:
    mac = hmac.HMAC(master, hashes.SM3())
    mac.update(purpose)
    return mac.finalize()


@lru_cache(maxsize=4)
def _keys(master_hex: str) -> tuple[bytes, bytes]:
    try:
        master = bytes.fromhex(master_hex)
    except ValueError:
        master = b""
    if len(master) != 32:
        raise ImproperlyConfigured("SIFASUO_DATA_KEY must be 64 hexadecimal digits (256 bits).")
    # One key to encrypt (SM4 takes 128 bits) and another for the blind index.
    return _derive(master, b"sifasuo seal")[:16], _derive(master, b"sifasuo index")


def _current_keys() -> tuple[bytes, bytes]:
    return _keys(settings.SIFASUO_DATA_KEY or _key_from_file(str(settings.SIFASUO_DATA_KEY_FILE)))


@lru_cache(maxsize=4)
def _key_from_file(path: str) -> str:
    """The key kept in the data folder, created once: written aside and linked into place, so
    two processes starting together agree on one complete key."""
    key_file = Path(path)
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        draft = key_file.with_name(f".{key_file.name}.{os.getpid()}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(os.urandom(32).hex())
        try:
            os.link(draft, key_file)  # atomic: fails if another process got there first
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return key_file.read_text().strip()


def seal(plain: str) -> str:
    """Encrypt `plain` with a fresh nonce; "" stays "" so blank checks still work."""
    if not plain:
        return ""
    key, _index_key = _current_keys()
    nonce = os.urandom(_NONCE)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    body = encryptor.update(plain.encode("utf-8")) + encryptor.finalize()
    return PREFIX + base64.b64encode(nonce + body + encryptor.tag).decode("ascii")


def unseal(stored: str) -> str:
    """The clear text of a sealed value; a value stored before sealing is returned as it is."""
    if not stored or not stored.startswith(PREFIX):
        return stored
    key, _index_key = _current_keys()
    raw = base64.b64decode(stored[len(PREFIX) :])
    nonce, body, tag = raw[:_NONCE], raw[_NONCE:-_TAG], raw[-_TAG:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except InvalidTag:
        raise DataKeyMismatch(
            "个人信息无法解密：当前数据密钥（SIFASUO_DATA_KEY 或数据目录中的 data.key）"
            "与加密时使用的不同。"
        ) from None


def blind_index(value: str) -> str:
    """The keyed SM3 digest of a (normalized) value, for equality search; "" for "" ."""
    if not value:
        return ""
    _key, index_key = _current_keys()
    mac = hmac.HMAC(index_key, hashes.SM3())
    mac.update(value.encode("utf-8"))
    return mac.finalize().hex()


class SealedCharField(models.CharField):
    """A CharField whose column holds the SM4-GCM ciphertext (a text column; `max_length`
    limits the clear text). With `index_field`, that sibling field receives the blind index on
    every save.

    Only `isnull` and comparison with "" work as lookups: any other comparison would compare
    ciphertexts, which differ for equal values, so it raises instead of silently finding nothing.
    """

    def __init__(self, *args, index_field: str = "", mask: str = "", **kwargs) -> None:
        self.index_field = index_field
        # How the value is shown masked (a key of personal_data.MASKERS). Every sealed field is
        # personal data: masked in the audit trail and on screen, revealable with an audit row.
        self.mask_kind = mask or "secret"
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.index_field:
            kwargs["index_field"] = self.index_field
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return unseal(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return seal(value) if value else value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if self.index_field:
            setattr(model_instance, self.index_field, blind_index(value or ""))
        return value

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _BlankOnlyExact
        if lookup_name == "isnull":
            return IsNull
        raise FieldError(
            f"sealed field {self.name!r} cannot be searched with {lookup_name!r}; "
            f"search its blind index instead"
        )


class _BlankOnlyExact(Exact):
    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(
                f"sealed field {self.lhs.target.name!r} cannot be compared with a value; "
                "search its blind index instead"
            )
        return super().get_prep_lookup()


def check_key() -> None:
    """Open one sealed value, so a server started with the wrong key stops before it writes
    anything with that key (raises DataKeyMismatch)."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, SealedCharField):
                values = model.objects.exclude(**{field.name: ""}).values_list(field.name)
                if values[:1]:  # reading opens it; a wrong key raises here
                    return


def _sealed_fields() -> list[tuple[type[models.Model], list[SealedCharField]]]:
    from django.apps import apps

    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, SealedCharField)]
        if fields:
            found.append((model, fields))
    return found


def reseal_all(new_key_hex: str, *, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every sealed value and recompute every blind index under `new_key_hex`.

    Runs in one transaction: either everything is under the new key or nothing changed. The
    caller switches the configured key afterwards. Returns the rows rewritten per model."""
    from django.db import transaction

    _keys(new_key_hex)  # refuse a malformed key before touching anything
    old_key_hex = settings.SIFASUO_DATA_KEY or _key_from_file(str(settings.SIFASUO_DATA_KEY_FILE))
    counts: dict[str, int] = {}
    try:
        with transaction.atomic():
            for model, fields in _sealed_fields():
                counts[model._meta.label] = _reseal_model(
                    model, fields, old_key_hex, new_key_hex, batch_size
                )
    except BaseException:
        settings.SIFASUO_DATA_KEY = old_key_hex
        raise
    settings.SIFASUO_DATA_KEY = new_key_hex
    return counts


def _reseal_model(model, fields, old_key_hex: str, new_key_hex: str, batch_size: int) -> int:
    names = [f.name for f in fields] + [f.index_field for f in fields if f.index_field]
    done, last_pk = 0, None
    while True:
        settings.SIFASUO_DATA_KEY = old_key_hex  # read with the old key
        rows = model.objects.order_by("pk")
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        batch = list(rows[:batch_size])
        if not batch:
            return done
        settings.SIFASUO_DATA_KEY = new_key_hex  # write with the new one
        for record in batch:
            for field in fields:
                if field.index_field:
                    value = getattr(record, field.name) or ""
                    setattr(record, field.index_field, blind_index(value))
        model.objects.bulk_update(batch, names)
        last_pk = batch[-1].pk
        done += len(batch)
