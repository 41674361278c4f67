"""The audit trail: every service write leaves a chained row; tampering is detected."""

import factories
import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from sifasuo import cli
from sifasuo.core import services
from sifasuo.core.audit import verify_chain
from sifasuo.core.models import AuditEntry, AuditHead


def _drop_append_only_guard():
    """Simulate someone with database rights: remove the append-only triggers first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER core_auditentry_append_only ON core_auditentry")


def test_service_writes_leave_audit_rows_with_old_and_new_values(world):
    staff = factories.staff(world.office_a1, name="王建国", phone="13853300009")
    services.staff_update(actor=world.office_head, staff=staff, post="head", phone="13853300010")

    row = AuditEntry.objects.filter(action="staff.update").get()
    assert row.actor_name == "a1_head"
    assert row.unit_id == world.office_a1.pk
    assert row.object_type == "core.staff" and row.object_id == str(staff.pk)
    assert row.changes["post"] == ["assistant", "head"]
    # Sensitive values are recorded masked, never in clear.
    assert row.changes["phone"] == ["138****0009", "138****0010"]


def test_a_failed_service_call_leaves_no_audit_row(world):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        factories.staff(world.office_a1, id_number="110105194912310020")  # wrong check digit
    assert AuditEntry.objects.count() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger exists on PostgreSQL")
@pytest.mark.parametrize("operation", ["update", "delete"])
def test_postgresql_refuses_to_edit_or_delete_audit_rows(world, operation):
    rows = AuditEntry.objects.filter(pk=AuditEntry.objects.first().pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        rows.update(action="x") if operation == "update" else rows.delete()


def test_intact_chain_verifies(world, capsys):
    checked, problems = verify_chain()
    assert checked == AuditEntry.objects.count() > 10
    assert problems == []
    assert cli.main(["audit", "verify"]) == 0
    assert f"{checked} 条" in capsys.readouterr().out


def test_edited_row_is_detected(world, capsys):
    _drop_append_only_guard()
    row = AuditEntry.objects.order_by("seq")[5]
    AuditEntry.objects.filter(pk=row.pk).update(actor_name="someone-else")

    _, problems = verify_chain()
    assert [p.seq for p in problems] == [row.seq]
    assert cli.main(["audit", "verify"]) == 1
    assert f"第 {row.seq} 条" in capsys.readouterr().err


def test_deleted_row_is_detected(world):
    _drop_append_only_guard()
    row = AuditEntry.objects.order_by("seq")[3]
    AuditEntry.objects.filter(pk=row.pk).delete()

    _, problems = verify_chain()
    assert problems and problems[0].seq == row.seq
    assert "缺失" in problems[0].problem


def test_deleting_the_newest_rows_is_detected(world):
    _drop_append_only_guard()
    last = AuditEntry.objects.order_by("-seq").first()
    AuditEntry.objects.filter(pk=last.pk).delete()

    _, problems = verify_chain()
    assert problems and "链头" in problems[-1].problem
    assert problems[-1].chain == last.chain
    assert AuditHead.objects.get(chain=last.chain).last_seq == last.seq


def test_each_county_writes_its_own_gap_free_chain(world):
    factories.staff(world.office_a1, name="王建国")
    factories.staff(world.office_b1, name="李四")
    factories.staff(world.office_a2, name="张三")

    by_chain: dict[str, list[int]] = {}
    for chain, seq in AuditEntry.objects.order_by("chain", "seq").values_list("chain", "seq"):
        by_chain.setdefault(chain, []).append(seq)
    assert world.county_a.path in by_chain and world.county_b.path in by_chain
    for seqs in by_chain.values():
        assert seqs == list(range(1, len(seqs) + 1))
    a1_rows = AuditEntry.objects.filter(unit_id=world.office_a1.pk)
    assert set(a1_rows.values_list("chain", flat=True)) == {world.county_a.path}
    opened = AuditEntry.objects.filter(chain="", action="audit.chain_open")
    assert {row.changes["chain"] for row in opened} >= {world.county_a.path, world.county_b.path}
    assert verify_chain()[1] == []


def test_a_county_chain_deleted_with_its_head_is_detected(world, capsys):
    factories.staff(world.office_b1, name="李四")
    _drop_append_only_guard()
    chain = world.county_b.path
    AuditEntry.objects.filter(chain=chain).delete()
    AuditHead.objects.filter(chain=chain).delete()

    _, problems = verify_chain()
    assert [(p.chain, p.problem) for p in problems] == [(chain, "整条链缺失（连同链头被删除）")]
    assert cli.main(["audit", "verify"]) == 1
    assert chain in capsys.readouterr().err


def test_reveal_is_audited_with_masked_value(world):
    party = factories.party(world.office_a1, id_number=factories.make_id_number(seq=21))
    value = services.personal_data_reveal(actor=world.mediator, obj=party, field="id_number")
    assert value == party.id_number
    row = AuditEntry.objects.get(action="personal_data.reveal")
    assert row.actor_name == "a1_mediator"
    assert row.changes["field"] == "id_number"
    assert party.id_number not in str(row.changes)
