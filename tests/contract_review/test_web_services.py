"""Batch review services: upload, resumable run, decisions and their audit rows."""

from __future__ import annotations

import pytest
from contract_review.web_fixtures import make_batch, sample_zip
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.contract_review import services
from sifasuo.contract_review.models import ContractFile, Finding, ReviewBatch
from sifasuo.core import summaries
from sifasuo.core.models import AuditEntry


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _kill_worker_after(monkeypatch, files: int) -> None:
    """The worker reviews `files` files, then dies as a killed process would."""
    real = services.review_document
    calls = {"n": 0}

    def dies(document, settings):
        calls["n"] += 1
        if calls["n"] > files:
            raise SystemExit("worker killed")
        return real(document, settings)

    monkeypatch.setattr(services, "review_document", dies)


def test_run_stores_one_result_per_contract_with_findings(world):
    batch, chosen = make_batch(world.office_user, world.office_a1, count=8)
    assert batch.status == ReviewBatch.Status.DONE
    assert batch.files_total == batch.files_done == 8
    contracts = ContractFile.objects.filter(batch=batch)
    assert contracts.count() == 8
    expected_problems = {f"合同.zip/{s.name}" for s in chosen if s.problem}
    assert {c.path for c in contracts if c.problem} == expected_problems
    problem = contracts.filter(problem=True).first()
    finding = problem.findings.first()
    assert finding.basis and finding.remedy and finding.evidence
    # The evidence points into the stored text.
    span = finding.evidence[0]
    assert " ".join(problem.text[span["start"] : span["end"]].split()) == span["snippet"]


def test_unreadable_member_becomes_an_error_row_not_a_crash(world):
    batch, _ = make_batch(
        world.office_user, world.office_a1, count=2, extra={"坏文件.pdf": b"not a pdf"}
    )
    assert batch.status == ReviewBatch.Status.DONE
    bad = ContractFile.objects.get(batch=batch, path__endswith="坏文件.pdf")
    assert bad.status == ContractFile.Status.ERROR
    assert bad.error


def test_rerun_after_a_killed_worker_resumes_without_loss_or_duplicates(world, monkeypatch):
    batch, chosen = make_batch(world.office_user, world.office_a1, count=10, run=False)
    real = services.review_document
    _kill_worker_after(monkeypatch, 5)
    with pytest.raises(SystemExit):
        services.batch_run(batch_id=batch.pk)
    assert ContractFile.objects.filter(batch=batch).count() == 5
    half = set(ContractFile.objects.filter(batch=batch).values_list("pk", flat=True))

    reviewed = []

    def counting(document, settings):
        reviewed.append(document.name)
        return real(document, settings)

    monkeypatch.setattr(services, "review_document", counting)
    # The stopped worker left the batch "running"; the next run picks it up.
    batch = services.batch_run(batch_id=batch.pk)
    assert batch.status == ReviewBatch.Status.DONE
    assert len(reviewed) == 5  # only the unfinished half is reviewed again
    contracts = ContractFile.objects.filter(batch=batch)
    assert contracts.count() == 10
    assert half <= set(contracts.values_list("pk", flat=True))
    assert sorted(contracts.values_list("path", flat=True)) == sorted(
        f"合同.zip/{s.name}" for s in chosen
    )
    assert batch.files_done == 10


def test_same_content_twice_is_one_row(world):
    upload, chosen = sample_zip(3)
    copy = SimpleUploadedFile("副本.txt", chosen[0].text.encode("utf-8"))
    batch = services.batch_create(
        actor=world.office_user, unit=world.office_a1, name="重复", files=[upload, copy]
    )
    services.batch_run(batch_id=batch.pk)
    assert ContractFile.objects.filter(batch=batch).count() == 3


def test_store_result_again_updates_instead_of_duplicating(world):
    batch, _ = make_batch(world.office_user, world.office_a1, count=4)
    before = ContractFile.objects.filter(batch=batch).count()
    ReviewBatch.objects.filter(pk=batch.pk).update(status=ReviewBatch.Status.RUNNING)
    ContractFile.objects.filter(batch=batch).first().delete()
    services.batch_run(batch_id=batch.pk)
    assert ContractFile.objects.filter(batch=batch).count() == before


def test_create_rejects_wrong_files_and_bad_price_table(world):
    with pytest.raises(ValidationError) as exc:
        services.batch_create(
            actor=world.office_user,
            unit=world.office_a1,
            name="x",
            files=[SimpleUploadedFile("a.exe", b"MZ")],
        )
    assert "files" in exc.value.message_dict
    upload, _ = sample_zip(1)
    with pytest.raises(ValidationError) as exc:
        services.batch_create(
            actor=world.office_user,
            unit=world.office_a1,
            name="x",
            files=[upload],
            price_table=SimpleUploadedFile("p.csv", b"nothing,useful\n1,2\n"),
        )
    assert "price_table" in exc.value.message_dict
    assert not ReviewBatch.objects.exists()


def test_create_needs_capability_and_own_unit(world):
    upload, _ = sample_zip(1)
    with pytest.raises(PermissionDenied):
        services.batch_create(
            actor=world.supervisor, unit=world.office_a1, name="x", files=[upload]
        )
    with pytest.raises(PermissionDenied):
        services.batch_create(actor=world.outsider, unit=world.office_a1, name="x", files=[upload])


def test_create_queues_the_task_after_commit(world, django_capture_on_commit_callbacks):
    upload, _ = sample_zip(2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = services.batch_create(
            actor=world.office_user, unit=world.office_a1, name="x", files=[upload]
        )
    # The batch's review, once (besides the summaries' one recount for the transaction).
    queued = [c for c in callbacks if c is not summaries._enqueue_refresh]
    assert len(queued) == 1
    assert AuditEntry.objects.filter(
        action="contract_review.batch_create", object_id=str(batch.pk)
    ).exists()


def test_immediate_backend_runs_the_batch(world, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    upload, _ = sample_zip(3)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_create(
            actor=world.office_user, unit=world.office_a1, name="x", files=[upload]
        )
    batch.refresh_from_db()
    assert batch.status == ReviewBatch.Status.DONE
    assert batch.contracts.count() == 3


def _a_finding(batch) -> Finding:
    return Finding.objects.filter(contract__batch=batch).first()


def test_dismissal_needs_a_reason_and_repeating_a_decision_is_a_no_op(world):
    batch, _ = make_batch(world.office_user, world.office_a1)
    finding = _a_finding(batch)
    with pytest.raises(ValidationError):
        services.finding_decide(
            actor=world.office_user, finding=finding, decision="dismissed", reason="  "
        )
    services.finding_decide(
        actor=world.office_user, finding=finding, decision="dismissed", reason="已另行补签"
    )
    services.finding_decide(
        actor=world.office_user, finding=finding, decision="dismissed", reason="已另行补签"
    )
    finding.refresh_from_db()
    assert finding.decision == "dismissed"
    assert finding.dismissal_reason == "已另行补签"
    assert finding.decided_by == world.office_user
    entries = AuditEntry.objects.filter(
        action="contract_review.finding_decide", object_id=str(finding.pk)
    )
    assert entries.count() == 1
    services.finding_decide(actor=world.office_head, finding=finding, decision="confirmed")
    finding.refresh_from_db()
    assert finding.decision == "confirmed" and finding.dismissal_reason == ""
    assert entries.count() == 2


def test_decide_is_limited_to_the_own_unit(world):
    batch, _ = make_batch(world.office_user, world.office_a1)
    finding = _a_finding(batch)
    with pytest.raises(PermissionDenied):
        services.finding_decide(actor=world.colleague, finding=finding, decision="confirmed")
    with pytest.raises(PermissionDenied):
        services.finding_decide(actor=world.supervisor, finding=finding, decision="confirmed")


def test_full_rerun_updates_rows_keeps_decisions_and_resumes(world, monkeypatch):
    batch, _ = make_batch(world.office_user, world.office_a1, count=8)
    pks = set(ContractFile.objects.filter(batch=batch).values_list("pk", flat=True))
    finding = _a_finding(batch)
    services.finding_decide(
        actor=world.office_user, finding=finding, decision="dismissed", reason="另有纪要"
    )
    services.batch_rerun(actor=world.office_user, batch=batch)

    real = services.review_document
    _kill_worker_after(monkeypatch, 3)
    with pytest.raises(SystemExit):
        services.batch_run(batch_id=batch.pk)
    reviewed = []
    monkeypatch.setattr(
        services, "review_document", lambda d, s: reviewed.append(d.name) or real(d, s)
    )
    batch = services.batch_run(batch_id=batch.pk)
    assert len(reviewed) == 5
    assert batch.status == ReviewBatch.Status.DONE and batch.generation == 2
    contracts = ContractFile.objects.filter(batch=batch)
    assert set(contracts.values_list("pk", flat=True)) == pks
    assert set(contracts.values_list("generation", flat=True)) == {2}
    kept = Finding.objects.get(contract=finding.contract, rule=finding.rule)
    assert kept.decision == "dismissed" and kept.dismissal_reason == "另有纪要"
    assert kept.decided_by == world.office_user


def test_rerun_of_a_running_batch_is_refused(world):
    batch, _ = make_batch(world.office_user, world.office_a1, count=2, run=False)
    with pytest.raises(ValidationError):
        services.batch_rerun(actor=world.office_user, batch=batch)


def test_database_backend_stores_the_task_for_the_worker(
    world, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    upload, _ = sample_zip(2)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_create(
            actor=world.office_user, unit=world.office_a1, name="x", files=[upload]
        )
    task = DBTaskResult.objects.get(task_path__endswith="tasks.review_batch")
    assert task.args_kwargs["args"] == [batch.pk]
    assert task.task_path.endswith("tasks.review_batch")


def test_thresholds_are_kept_with_the_batch_and_applied(world):
    from contract_review.web_fixtures import AS_OF, price_upload

    strict, chosen = make_batch(world.office_user, world.office_a1, count=8, seed=1)
    assert sum("low_price" in s.labels for s in chosen) == 3
    assert Finding.objects.filter(contract__batch=strict, rule="low_price").count() == 3
    upload, _ = sample_zip(8, seed=1)
    lenient = services.batch_create(
        actor=world.office_user,
        unit=world.office_a1,
        name="宽松",
        files=[upload],
        price_table=price_upload(),
        as_of=AS_OF,
        thresholds={"low_price_ratio": 0.05},
    )
    services.batch_run(batch_id=lenient.pk)
    assert lenient.thresholds["low_price_ratio"] == 0.05
    assert not Finding.objects.filter(contract__batch=lenient, rule="low_price").exists()
    with pytest.raises(ValidationError) as exc:
        services.batch_create(
            actor=world.office_user,
            unit=world.office_a1,
            name="x",
            files=[sample_zip(1)[0]],
            thresholds={"low_price_ratio": 3},
        )
    assert "thresholds" in exc.value.message_dict


def test_a_stopped_worker_is_noticed_and_a_new_worker_resumes_the_batch(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    batch, _ = make_batch(world.office_user, world.office_a1, count=6, run=False)
    real = services.review_document
    _kill_worker_after(monkeypatch, 2)
    with pytest.raises(SystemExit):
        services.batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == ReviewBatch.Status.RUNNING and batch.progress_at is not None
    assert not batch.stalled()  # progress a moment ago: maybe still working
    assert services.batch_recover_stalled() == []

    later = timezone.now() + dt.timedelta(minutes=11)
    assert batch.stalled(now=later)
    monkeypatch.setattr(services, "review_document", real)
    monkeypatch.setattr(timezone, "now", lambda: later)
    queued = []
    monkeypatch.setattr(services, "batch_enqueue", lambda *, batch_id: queued.append(batch_id))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.batch_recover_stalled() == [batch.pk]
    assert queued == [batch.pk]
    batch.refresh_from_db()
    assert batch.status == ReviewBatch.Status.QUEUED
    assert AuditEntry.objects.filter(action="contract_review.batch_recovered").count() == 1
    batch = services.batch_run(batch_id=batch.pk)
    assert batch.status == ReviewBatch.Status.DONE
    assert ContractFile.objects.filter(batch=batch).count() == 6
