"""The audit trail: append a hash-chained row in the caller's transaction, and verify the chains.

Each row's hash is SM3(previous hash ‖ canonical JSON of the row). Editing a row breaks its own
hash; deleting one breaks the next row's link (sequence numbers are gap-free); deleting the newest
rows is caught by the head record. Sensitive values are stored masked, never in clear.

There is one chain per county (the unit's ancestor two levels down, e.g. "/1/4/"), so writers in
different counties never wait for each other's head lock; city-level and system rows form the
root chain. Opening a county chain appends an `audit.chain_open` row to the root chain, so a
county chain deleted together with its head is still missed by name.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cryptography.hazmat.primitives import hashes
from django.db import models, transaction
from django.utils import timezone

from .actors import AUDIT_TRAIL, actor_label, check_actor, is_system
from .models import AuditEntry, AuditHead, OrgUnit
from .personal_data import MASKERS, sealed_field_names, sealed_fields

GENESIS = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def _canonical(entry: AuditEntry) -> bytes:
    body = {
        "seq": entry.seq,
        "at": entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "unit_id": entry.unit_id,
        "unit_path": entry.unit_path,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
    }
    if entry.on_behalf_of_id is not None:  # rows written before the field existed hash without it
        body["on_behalf_of_id"] = entry.on_behalf_of_id
        body["on_behalf_of_name"] = entry.on_behalf_of_name
    if entry.chain:  # root rows hash as they did before there were county chains
        body["chain"] = entry.chain
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(prev_hash.encode("ascii"))
    digest.update(_canonical(entry))
    return digest.finalize().hex()


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields`, ready to diff (foreign keys as ids)."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        values[name] = _jsonable(getattr(obj, field.attname))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value changed; new records have old = None."""
    return {
        key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)
    }


def _mask_changes(obj: models.Model | None, changes: dict[str, Any]) -> dict[str, Any]:
    """Personal data never enters the trail in clear: a change to a sealed field of the record
    (or to a key of the same name as any sealed field) is stored masked."""
    kinds = sealed_field_names()
    if obj is not None:
        kinds = {**kinds, **sealed_fields(obj.__class__)}
    masked = {}
    for key, value in changes.items():
        kind = kinds.get(key)
        if kind and isinstance(value, list):
            masked[key] = [MASKERS[kind](v) if isinstance(v, str) and v else v for v in value]
        elif kind and isinstance(value, str) and value:
            masked[key] = MASKERS[kind](value)
        else:
            masked[key] = value
    return masked


def object_type_of(obj: models.Model) -> str:
    return obj._meta.label_lower


CHAIN_OPEN = "audit.chain_open"


def chain_of(unit_path: str) -> str:
    """The chain of a unit: its ancestor two levels down ("/1/4/" for "/1/4/17/"), or the root
    chain ("") for the top unit and rows without a unit."""
    parts = [part for part in unit_path.split("/") if part]
    return f"/{parts[0]}/{parts[1]}/" if len(parts) >= 2 else ""


def _locked_head(chain: str) -> AuditHead:
    """The chain's head, locked until the caller's transaction ends; a new county chain is
    first recorded in the root chain (whose lock also serialises giving heads their ids)."""
    if not chain:
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        return head
    head = AuditHead.objects.select_for_update().filter(chain=chain).first()
    if head is not None:
        return head
    audit_record(actor=AUDIT_TRAIL, action=CHAIN_OPEN, object_repr=chain, changes={"chain": chain})
    head = AuditHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:  # nobody opened it meanwhile: the root head's lock is ours
        last_id = AuditHead.objects.aggregate(m=models.Max("id"))["m"] or 1
        head = AuditHead.objects.create(id=last_id + 1, chain=chain)
    return head


def hold_chain(unit: OrgUnit | None) -> None:
    """Take the unit's audit chain now, for the rest of the caller's transaction.

    Every audited write takes its chain's head, so a transaction that also locks a row must
    take the chain first; otherwise one that audited and then waits for the row and one that
    holds the row and then audits wait on each other (a deadlock PostgreSQL breaks by failing
    one of them)."""
    _locked_head(chain_of(unit.path if unit else ""))


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    unit: OrgUnit | None = None,
    changes: dict[str, Any] | None = None,
    object_repr: str | None = None,
    on_behalf_of: OrgUnit | None = None,
) -> AuditEntry:
    """Append one audit row to its county's chain. Must run inside the caller's transaction
    (atomic is entered here too, so a service that forgets still gets a consistent row)."""
    with transaction.atomic():
        if unit is None and obj is not None:
            unit = getattr(obj, "unit", None) if not isinstance(obj, OrgUnit) else obj
        check_actor(actor)
        chain = chain_of(unit.path if unit else "")
        head = _locked_head(chain)
        entry = AuditEntry(
            chain=chain,
            seq=head.last_seq + 1,
            at=timezone.now(),
            actor_id=None if is_system(actor) else actor.pk,
            actor_name=actor_label(actor)[:150],
            on_behalf_of_id=on_behalf_of.pk if on_behalf_of is not None else None,
            on_behalf_of_name=on_behalf_of.name[:100] if on_behalf_of is not None else "",
            unit_id=unit.pk if unit else None,
            unit_path=unit.path if unit else "",
            action=action,
            object_type=object_type_of(obj) if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=(object_repr if object_repr is not None else str(obj or ""))[:200],
            # A unit's own address and phone are public office data (not sealed fields).
            changes=_jsonable(
                (changes or {}) if isinstance(obj, OrgUnit) else _mask_changes(obj, changes or {})
            ),
            prev_hash=head.last_hash,
        )
        # Round-trip through JSON so the hash is computed on exactly what the database returns.
        entry.changes = json.loads(json.dumps(entry.changes, ensure_ascii=False))
        entry.hash = entry_hash(entry.prev_hash, entry)
        entry.save(force_insert=True)
        head.last_seq = entry.seq
        head.last_hash = entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str
    chain: str = ""


def verify_chain(batch_size: int = 2000) -> tuple[int, list[ChainProblem]]:
    """Walk every chain in order; return (rows checked, problems found)."""
    heads = {head.chain: head for head in AuditHead.objects.all()}
    chains = set(heads) | set(AuditEntry.objects.values_list("chain", flat=True).distinct())
    problems: list[ChainProblem] = []
    checked = 0
    opened: set[str] = set()
    for chain in sorted(chains | {""}):
        count, chain_problems, chain_opened = _verify_one(chain, heads.get(chain), batch_size)
        checked += count
        problems += chain_problems
        opened |= chain_opened
    for chain in sorted(opened - chains):
        problems.append(ChainProblem(0, "整条链缺失（连同链头被删除）", chain))
    for chain in sorted(chains - opened - {""}):
        problems.append(ChainProblem(0, "根链中没有该链的开启记录", chain))
    return checked, problems


def _verify_one(
    chain: str, head: AuditHead | None, batch_size: int
) -> tuple[int, list[ChainProblem], set[str]]:
    problems: list[ChainProblem] = []
    opened: set[str] = set()
    expected_seq = 1
    prev_hash = GENESIS
    checked = 0
    for entry in _iter_entries(chain, batch_size):
        checked += 1
        if entry.seq != expected_seq:
            problems.append(
                ChainProblem(
                    expected_seq, f"第 {expected_seq}–{entry.seq - 1} 条记录缺失（被删除）", chain
                )
            )
        if entry.prev_hash != prev_hash:
            problems.append(
                ChainProblem(entry.seq, "与上一条记录的链接不符（前一条被修改或删除）", chain)
            )
        if entry_hash(entry.prev_hash, entry) != entry.hash:
            problems.append(ChainProblem(entry.seq, "记录内容与其哈希不符（被修改）", chain))
        if not chain and entry.action == CHAIN_OPEN:
            opened.add(str(entry.changes.get("chain", "")))
        prev_hash = entry.hash
        expected_seq = entry.seq + 1
    last_seq = expected_seq - 1
    if head is not None and (head.last_seq != last_seq or head.last_hash != prev_hash):
        problems.append(
            ChainProblem(head.last_seq, "链头与最后一条记录不符（最新的记录被删除或修改）", chain)
        )
    if head is None and checked:
        problems.append(ChainProblem(0, "链头缺失", chain))
    return checked, problems, opened


def _iter_entries(chain: str, batch_size: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        batch = list(
            AuditEntry.objects.filter(chain=chain, seq__gt=last).order_by("seq")[:batch_size]
        )
        if not batch:
            return
        yield from batch
        last = batch[-1].seq
