"""Rectification (整改) of confirmed problem contracts: the records, who may write them, the
totals across batches and offices, the indicators and the export."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import factories
import pytest
from contract_review.rectification_fixtures import agreement_upload, confirmed_batch
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string
from openpyxl import load_workbook

from sifasuo.contract_review import documents, rectifications, todos, totals
from sifasuo.contract_review.models import ContractFile, Rectification
from sifasuo.core import lines
from sifasuo.core.models import AuditEntry
from sifasuo.core.roles import Role
from sifasuo.core.workflow import EditConflict


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _open(actor, contract, **values) -> Rectification:
    values.setdefault("measure", Rectification.Measure.SUPPLEMENT)
    values.setdefault("description", "签订补充协议，租金调整为每亩每年900元。")
    return rectifications.rectification_save(actor=actor, contract=contract, version=None, **values)


def _finish(actor, rectification, *, recovered=(), new_income="72000", done_on=None):
    rectifications.rectification_add_document(
        actor=actor,
        rectification=rectification,
        version=rectification.version,
        upload=agreement_upload(),
    )
    for amount, day in recovered:
        rectification.refresh_from_db()
        rectifications.recovery_add(
            actor=actor,
            rectification=rectification,
            version=rectification.version,
            amount=amount,
            received_on=day,
        )
    rectification.refresh_from_db()
    return rectifications.rectification_save(
        actor=actor,
        contract=rectification.contract,
        version=rectification.version,
        measure=rectification.measure,
        description=rectification.description,
        old_annual_income=rectification.old_annual_income,
        new_annual_income=new_income,
        done_on=done_on or timezone.localdate(),
    )


def test_a_rectification_records_measure_recoveries_document_and_completion(world):
    _batch, problems = confirmed_batch(world.office_user, world.office_a1)
    contract = problems[0]
    today = timezone.localdate()
    rectification = _open(world.office_user, contract, old_annual_income="16000")
    with pytest.raises(ValidationError, match="请先上传整改材料"):
        rectifications.rectification_save(
            actor=world.office_user,
            contract=contract,
            version=rectification.version,
            measure=rectification.measure,
            description=rectification.description,
            done_on=today,
        )
    done = _finish(
        world.office_user,
        rectification,
        recovered=[("120000", today - dt.timedelta(days=1)), ("80000.50", today)],
    )
    assert done.done_on == today
    assert done.documents.get().version == 1
    assert sorted(r.amount for r in done.recoveries.all()) == [Decimal("80000.50"), Decimal(120000)]
    assert done.income_gained == Decimal(56000)
    actions = list(
        AuditEntry.objects.filter(object_type="contract_review.rectification", object_id=done.pk)
        .order_by("at", "seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "contract_review.rectification_open",
        "contract_review.rectification_document",
        "contract_review.recovery_add",
        "contract_review.recovery_add",
        "contract_review.rectification_done",
    ]


def test_stale_forms_and_double_submits_never_overwrite_or_duplicate(world):
    _batch, problems = confirmed_batch(world.office_user, world.office_a1)
    contract = problems[0]
    first = _open(world.office_user, contract)
    with pytest.raises(EditConflict):
        _open(world.office_head, contract, description="另一窗口提交")  # the same form twice
    stale = first.version
    rectifications.recovery_add(
        actor=world.office_user,
        rectification=first,
        version=stale,
        amount="100",
        received_on=timezone.localdate(),
    )
    with pytest.raises(EditConflict):
        rectifications.recovery_add(
            actor=world.office_user,
            rectification=first,
            version=stale,
            amount="100",
            received_on=timezone.localdate(),
        )
    assert Rectification.objects.filter(contract=contract).count() == 1
    assert first.recoveries.count() == 1


def test_only_the_owning_office_writes_and_only_for_confirmed_problems(world):
    batch, problems = confirmed_batch(world.office_user, world.office_a1)
    for outsider in (world.supervisor, world.colleague, world.admin):
        with pytest.raises(PermissionDenied):
            _open(outsider, problems[0])
    unconfirmed = batch.contracts.exclude(pk=problems[0].pk).first()
    with pytest.raises(ValidationError, match="没有已确认的问题"):
        _open(world.office_user, unconfirmed)
    with pytest.raises(ValidationError) as refused:
        _open(world.office_user, problems[0], measure="bribe")
    assert "请选择整改措施" in str(refused.value)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        _open(world.office_user, problems[0], done_on=timezone.localdate() + dt.timedelta(days=1))
    assert not Rectification.objects.exists()


def _two_counties(world):
    """Office a1 (two batches), office a2 (one) in county A; office b1 in county B."""
    today = timezone.localdate()
    _b1, first = confirmed_batch(world.office_user, world.office_a1, count=4, seed=3)
    _b2, second = confirmed_batch(world.office_user, world.office_a1, count=4, seed=11)
    _b3, third = confirmed_batch(world.colleague, world.office_a2, count=4, seed=9)
    _b4, fourth = confirmed_batch(world.outsider, world.office_b1, count=4, seed=7)
    done = _open(world.office_user, first[0], old_annual_income="16000")
    _finish(world.office_user, done, recovered=[("1000", today), ("500.25", today)])
    opened = _open(world.office_user, second[0], old_annual_income="3000")
    rectifications.recovery_add(
        actor=world.office_user,
        rectification=opened,
        version=opened.version,
        amount="200",
        received_on=today,
    )
    foreign = _open(world.outsider, fourth[0], old_annual_income="100")
    _finish(world.outsider, foreign, recovered=[("9999", today)], new_income="300")
    return {"a1_done": first[0], "a1_open": second[0], "a2": third[0], "b1": fourth[0]}


def test_totals_add_up_across_batches_offices_and_counties(world):
    _two_counties(world)
    reviewed = {
        unit.pk: ContractFile.objects.filter(batch__unit=unit, status="ok").count()
        for unit in [world.office_a1, world.office_a2]
    }
    city_user = factories.user("city", world.city, Role.SUPERVISOR)

    city = totals.summary(user=city_user, root=world.city)
    by_unit = {row.label: row.totals for row in city.rows}
    assert set(by_unit) == {"东港区司法局", "五莲县司法局"}
    county_a = by_unit["东港区司法局"]
    assert county_a.reviewed == reviewed[world.office_a1.pk] + reviewed[world.office_a2.pk]
    assert (county_a.confirmed, county_a.rectified) == (3, 1)
    assert county_a.recovered == Decimal("1700.25")
    assert county_a.income_gained == Decimal(72000 - 16000)
    assert by_unit["五莲县司法局"].recovered == Decimal(9999)
    assert city.total.confirmed == 4 and city.total.income_gained == Decimal(56000 + 200)

    county = totals.summary(user=world.supervisor, root=world.supervisor.unit)
    assert [row.label for row in county.rows] == ["秦楼司法所", "河山司法所"]
    assert county.total.recovered == Decimal("1700.25")
    office = totals.summary(user=world.supervisor, root=world.office_a1)
    assert office.by_batch and len(office.rows) == 2
    assert sorted(row.totals.recovered for row in office.rows) == [Decimal(200), Decimal("1500.25")]
    assert [unit.name for unit in office.trail] == ["东港区司法局"]

    # A county sees neither the other county nor the city above it.
    for unit in (world.office_b1, world.city):
        with pytest.raises(Http404):
            totals.summary_root(user=world.supervisor, unit_id=unit.pk)


def test_the_period_follows_the_confirmation_date_and_the_indicators_agree(world):
    _two_counties(world)
    today = timezone.localdate()
    units = [world.office_a1.pk, world.office_a2.pk]
    this_year = totals.totals_of(units, dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    last_year = totals.totals_of(
        units, dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    )
    assert this_year.confirmed == 3 and this_year.recovered == Decimal("1700.25")
    assert (last_year.reviewed, last_year.confirmed, last_year.recovered) == (0, 0, 0)

    declared = lines.indicators()
    expected = {
        "contract_review.reviewed": this_year.reviewed,
        "contract_review.problem": this_year.problem,
        "contract_review.confirmed": 3,
        "contract_review.rectified": 1,
        "contract_review.recovered": Decimal("1700.25"),
        "contract_review.income_gained": Decimal(56000),
    }
    for code, value in expected.items():
        query = import_string(declared[code].query)
        assert query(units=units, start=None, end=None) == value, code
    # Only the listed units' own records count.
    assert (
        import_string(declared["contract_review.recovered"].query)(
            units=[world.office_b1.pk], start=None, end=None
        )
        == 9999.0
    )


def test_export_has_the_rows_the_details_and_the_definitions_and_no_formula(world):
    found = _two_counties(world)
    rectification = Rectification.objects.get(contract=found["a1_open"])
    Rectification.objects.filter(pk=rectification.pk).update(description=factories.FORMULA_TEXT)
    view = totals.summary(user=world.supervisor, root=world.county_a)
    contracts = totals.rectification_list(user=world.supervisor, state="all", root=world.county_a)
    data = documents.totals_xlsx(view, title="东港区汇总", period="全部期间", contracts=contracts)
    factories.assert_formula_is_text(data)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["整改汇总", "整改明细", "口径说明"]
    rows = list(book["整改汇总"].iter_rows(values_only=True))
    assert rows[0][:4] == ("单位/批次", "审查合同", "问题合同", "确认问题合同")
    assert [r[0] for r in rows[1:4]] == ["秦楼司法所", "河山司法所", "合计"]
    assert rows[3][3:8] == (3, 1, 2, 1700.25, 56000)
    details = list(book["整改明细"].iter_rows(values_only=True))[1:]
    assert len(details) == 3
    assert {d[6] for d in details} == {"签订补充协议", "未登记"}
    assert "洪凝司法所" not in {d[0] for d in details}
    definitions = [r[0] for r in book["口径说明"].iter_rows(values_only=True)]
    assert "年增收" in definitions


def test_open_rectifications_wait_in_the_office_to_do_list(world):
    found = _two_counties(world)
    groups = [g for g in todos.todo_groups(user=world.office_user, limit=5) if g]
    assert len(groups) == 1
    # a1's second batch's contract is open; the finished one is not listed.
    assert groups[0].total == 1
    assert groups[0].items[0].step == "待完成整改"
    overdue = Rectification.objects.get(contract=found["a1_open"])
    Rectification.objects.filter(pk=overdue.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    groups = todos.todo_groups(user=world.office_user, limit=5)
    assert groups[0].items[0].due_state == "overdue"
    colleague = todos.todo_groups(user=world.colleague, limit=5)[0]
    assert colleague.items[0].step == "待登记整改措施"
    assert todos.todo_groups(user=world.supervisor, limit=5) == []
