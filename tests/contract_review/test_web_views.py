"""Contract review pages: access for every endpoint, progress, one-by-one review and downloads."""

from __future__ import annotations

import io
from pathlib import Path

import factories
import pytest
from contract_review.web_fixtures import make_batch, price_upload, sample_zip
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from sifasuo.contract_review import services
from sifasuo.contract_review.models import ContractFile, Finding, ReviewBatch


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def batch(world):
    return make_batch(world.office_user, world.office_a1, count=6)[0]


def _problem(batch) -> ContractFile:
    return batch.contracts.filter(problem=True).order_by("pk").first()


def _urls(batch) -> list[str]:
    contract = _problem(batch)
    finding = contract.findings.first()
    return [
        reverse("contract_review:batch_detail", args=[batch.pk]),
        reverse("contract_review:batch_progress", args=[batch.pk]),
        reverse("contract_review:batch_report", args=[batch.pk]),
        reverse("contract_review:batch_opinions", args=[batch.pk]),
        reverse("contract_review:contract_detail", args=[batch.pk, contract.pk]),
        reverse("contract_review:contract_opinion", args=[batch.pk, contract.pk]),
        ("post", reverse("contract_review:batch_resume", args=[batch.pk])),
        ("post", reverse("contract_review:batch_rerun", args=[batch.pk])),
        ("post", reverse("contract_review:finding_decide", args=[finding.pk])),
    ]


def _fetch(client, url):
    if isinstance(url, tuple):
        return client.post(url[1], {"decision": "confirmed"})
    return client.get(url)


def test_outsider_and_colleague_get_404_on_every_endpoint(world, login, batch):
    for user in (world.outsider, world.colleague):
        client = login(user)
        for url in _urls(batch):
            assert _fetch(client, url).status_code == 404, (user, url)
        assert batch.name not in client.get(reverse("contract_review:batch_list")).content.decode()


def test_owner_reaches_every_endpoint(world, login, batch):
    client = login(world.office_user)
    for url in _urls(batch):
        assert _fetch(client, url).status_code in (200, 302), url


def test_supervisor_sees_both_county_offices_batches_but_cannot_decide(world, login, batch):
    other = make_batch(world.colleague, world.office_a2, count=2, seed=9)[0]
    foreign = make_batch(world.outsider, world.office_b1, count=2, seed=5)[0]
    foreign.name = "五莲批次"
    foreign.save()
    _confirm_all(world.office_user, _problem(batch))
    client = login(world.supervisor)
    page = client.get(reverse("contract_review:batch_list")).content.decode()
    assert reverse("contract_review:batch_detail", args=[batch.pk]) in page
    assert reverse("contract_review:batch_detail", args=[other.pk]) in page
    assert "五莲批次" not in page
    for url in _urls(batch):
        response = _fetch(client, url)
        expected = 403 if isinstance(url, tuple) else 200
        assert response.status_code == expected, url


def test_anonymous_is_sent_to_login(client, batch):
    response = client.get(reverse("contract_review:batch_detail", args=[batch.pk]))
    assert response.status_code == 302


def test_batch_list_query_count_does_not_grow(world, login, django_assert_max_num_queries):
    for seed in range(3):
        make_batch(world.office_user, world.office_a1, count=2, seed=seed)
    client = login(world.office_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("contract_review:batch_list"))
    assert response.content.decode().count("西村合同") == 3


def test_batch_page_query_count_does_not_grow(world, login, batch, django_assert_max_num_queries):
    client = login(world.office_user)
    # session, user, unit, the visible units and shares (once per request), content type, page
    with django_assert_max_num_queries(16):
        response = client.get(
            reverse("contract_review:batch_detail", args=[batch.pk]) + "?show=all"
        )
    page = response.content.decode()
    for contract in batch.contracts.all():
        assert contract.path in page


def test_upload_through_the_form_creates_a_queued_batch(world, login):
    client = login(world.office_user)
    upload, chosen = sample_zip(3)
    response = client.post(
        reverse("contract_review:batch_create"),
        {
            "name": "秦楼街道第一批",
            "unit": world.office_a1.pk,
            "files": [upload],
            "price_table": price_upload(),
            "low_price_ratio": "0.6",
        },
    )
    batch = ReviewBatch.objects.get(name="秦楼街道第一批")
    assert batch.thresholds["low_price_ratio"] == 0.6
    assert batch.thresholds["max_prepaid_years"] == 3
    assert response.status_code == 302
    assert batch.status == ReviewBatch.Status.QUEUED
    assert batch.files_total == 3
    page = client.get(response["Location"]).content.decode()
    assert "排队中" in page and 'hx-trigger="every 2s"' in page


def test_upload_form_shows_service_errors(world, login):
    client = login(world.office_user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("contract_review:batch_create"),
        {
            "name": "x",
            "unit": world.office_a1.pk,
            "files": [SimpleUploadedFile("a.exe", b"MZ")],
        },
    )
    assert response.status_code == 200
    assert "不支持的文件类型" in response.content.decode()


def test_upload_is_refused_to_roles_without_the_capability(world, login):
    client = login(world.supervisor)
    assert client.get(reverse("contract_review:batch_create")).status_code == 403


def test_progress_partial_polls_while_running_and_stops_when_done(world, login, batch):
    client = login(world.office_user)
    url = reverse("contract_review:batch_progress", args=[batch.pk])
    ReviewBatch.objects.filter(pk=batch.pk).update(status="running", files_done=3)
    partial = client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in partial.content.decode()
    assert "已处理 3 / 6 个文件" in partial.content.decode()
    ReviewBatch.objects.filter(pk=batch.pk).update(status="done", files_done=6)
    partial = client.get(url, headers={"HX-Request": "true"})
    assert "every 2s" not in partial.content.decode()
    assert partial["HX-Refresh"] == "true"


def test_review_screen_shows_facts_and_highlighted_evidence(world, login, batch):
    contract = _problem(batch)
    finding = contract.findings.first()
    client = login(world.office_user)
    page = client.get(
        reverse("contract_review:contract_detail", args=[batch.pk, contract.pk])
    ).content.decode()
    assert "合同要素" in page
    assert contract.lessor in page
    span = finding.evidence[0]
    marked = contract.text[span["start"] : span["end"]]
    from django.utils.html import escape

    assert f"<mark>{escape(marked)}</mark>" in page
    assert finding.basis in page and escape(finding.remedy) in page


def test_confirm_and_dismiss_through_htmx_and_double_submit(world, login, batch):
    contract = _problem(batch)
    finding = contract.findings.first()
    client = login(world.office_user)
    url = reverse("contract_review:finding_decide", args=[finding.pk])
    response = client.post(
        url, {"decision": "dismissed", "reason": ""}, headers={"HX-Request": "true"}
    )
    assert "排除该问题须说明理由" in response.content.decode()
    finding.refresh_from_db()
    assert finding.decision == Finding.Decision.PENDING
    for _ in range(2):
        response = client.post(
            url,
            {"decision": "dismissed", "reason": "村民会议纪要另附"},
            headers={"HX-Request": "true"},
        )
        assert "已排除" in response.content.decode()
    finding.refresh_from_db()
    assert finding.decision == Finding.Decision.DISMISSED
    assert finding.dismissal_reason == "村民会议纪要另附"
    response = client.post(url, {"decision": "confirmed"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.decision == Finding.Decision.CONFIRMED


def _confirm_all(user, contract):
    for finding in contract.findings.all():
        services.finding_decide(actor=user, finding=finding, decision="confirmed")


def test_opinion_docx_lists_only_confirmed_findings(world, login, batch):
    contract = _problem(batch)
    findings = list(contract.findings.all())
    _confirm_all(world.office_user, contract)
    if len(findings) > 1:
        services.finding_decide(
            actor=world.office_user, finding=findings[-1], decision="dismissed", reason="误报"
        )
    client = login(world.office_user)
    response = client.get(reverse("contract_review:contract_opinion", args=[batch.pk, contract.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "农村集体经济合同审查意见" in text
    assert findings[0].basis in text and findings[0].remedy in text
    if len(findings) > 1:
        assert f". {findings[-1].name}" not in text
    assert world.office_a1.name in text


def test_batch_report_confirmed_only_and_all_with_decisions(world, login, batch):
    contract = _problem(batch)
    _confirm_all(world.office_user, contract)
    confirmed = contract.findings.count()
    total = Finding.objects.filter(contract__batch=batch).count()
    client = login(world.office_user)
    url = reverse("contract_review:batch_report", args=[batch.pk])

    book = load_workbook(io.BytesIO(client.get(url).content))
    assert book["合同台账"].max_row == 1 + batch.contracts.count()
    assert book["问题明细"].max_row == 1 + confirmed
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(values_only=True) if row}
    assert summary["问题合同"] == 1

    book = load_workbook(io.BytesIO(client.get(url + "?scope=all").content))
    rows = list(book["问题明细"].iter_rows(values_only=True))
    assert len(rows) == 1 + total
    assert rows[0][-2:] == ("审查结论", "排除理由")
    assert sorted(r[-2] for r in rows[1:]).count("已确认") == confirmed
    assert {r[-2] for r in rows[1:]} <= {"已确认", "待确认"}


def test_downloads_need_the_export_capability(world, login, batch):
    client = login(world.advisor)
    contract = _problem(batch)
    assert client.get(reverse("contract_review:batch_report", args=[batch.pk])).status_code == 403
    assert (
        client.get(
            reverse("contract_review:contract_opinion", args=[batch.pk, contract.pk])
        ).status_code
        == 403
    )


def test_resume_requeues_a_failed_batch(world, login, batch, django_capture_on_commit_callbacks):
    ReviewBatch.objects.filter(pk=batch.pk).update(status="failed", error="磁盘已满")
    client = login(world.office_user)
    page = client.get(reverse("contract_review:batch_detail", args=[batch.pk])).content.decode()
    assert "磁盘已满" in page and "继续审查" in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("contract_review:batch_resume", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ReviewBatch.Status.QUEUED and len(callbacks) == 1


def test_rerun_button_requeues_a_finished_batch(world, login, batch):
    client = login(world.office_user)
    page = client.get(reverse("contract_review:batch_detail", args=[batch.pk])).content.decode()
    assert "重新审查全部合同" in page
    client.post(reverse("contract_review:batch_rerun", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ReviewBatch.Status.QUEUED and batch.generation == 2
    response = client.post(reverse("contract_review:batch_rerun", args=[batch.pk]), follow=True)
    assert "完成后才能重新审查" in response.content.decode()


def test_pending_filter_lists_contracts_still_to_decide_with_full_counts(world, login, batch):
    contract = _problem(batch)
    _confirm_all(world.office_user, contract)
    others = batch.contracts.filter(problem=True).exclude(pk=contract.pk)
    client = login(world.office_user)
    response = client.get(
        reverse("contract_review:batch_detail", args=[batch.pk]) + "?show=pending"
    )
    listed = list(response.context["page"])
    assert {c.pk for c in listed} == {c.pk for c in others}
    for row in listed:
        assert row.finding_count == row.pending_count == row.findings.count()


def test_batch_page_counts_problems_by_rule(world, login, batch):
    client = login(world.office_user)
    response = client.get(reverse("contract_review:batch_detail", args=[batch.pk]))
    rows = {row["rule"]: row for row in response.context["rule_counts"]}
    # Seed 3 leaves an essential item (parties, subject, term or price) out of one contract.
    assert rows["missing_clauses"]["contracts"] == 1
    assert "未履行民主议定程序" in response.content.decode()


def test_contract_of_another_batch_answers_404(world, login, batch):
    other = make_batch(world.office_user, world.office_a1, count=2, seed=9)[0]
    contract = _problem(batch)
    client = login(world.office_user)
    url = reverse("contract_review:contract_detail", args=[other.pk, contract.pk])
    assert client.get(url).status_code == 404


def test_all_opinions_come_in_one_zip_for_contracts_with_confirmed_findings(world, login, batch):
    import zipfile

    client = login(world.office_user)
    url = reverse("contract_review:batch_opinions", args=[batch.pk])
    response = client.get(url, follow=True)
    assert "还没有确认的问题" in response.content.decode()
    contract = _problem(batch)
    _confirm_all(world.office_user, contract)
    archive = zipfile.ZipFile(io.BytesIO(client.get(url).content))
    names = archive.namelist()
    assert len(names) == 1 and Path(contract.path).stem in names[0]
    text = "\n".join(p.text for p in Document(io.BytesIO(archive.read(names[0]))).paragraphs)
    assert contract.findings.first().remedy in text


def test_a_stalled_batch_says_its_worker_stopped(world, login, batch):
    import datetime as dt

    from django.utils import timezone

    ReviewBatch.objects.filter(pk=batch.pk).update(
        status=ReviewBatch.Status.RUNNING,
        progress_at=timezone.now() - dt.timedelta(minutes=30),
    )
    client = login(world.office_user)
    body = client.get(reverse("contract_review:batch_progress", args=[batch.pk])).content.decode()
    assert "后台进程可能已停止" in body
    ReviewBatch.objects.filter(pk=batch.pk).update(progress_at=timezone.now())
    body = client.get(reverse("contract_review:batch_progress", args=[batch.pk])).content.decode()
    assert "后台进程可能已停止" not in body


def test_batch_report_writes_a_formula_dismissal_reason_as_text(world, login, batch):
    finding = _problem(batch).findings.first()
    services.finding_decide(
        actor=world.office_user,
        finding=finding,
        decision="dismissed",
        reason=factories.FORMULA_TEXT,
    )
    url = reverse("contract_review:batch_report", args=[batch.pk])
    factories.assert_formula_is_text(login(world.office_user).get(url + "?scope=all").content)


def test_contract_files_over_the_upload_limit_are_refused(world, login, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.SIFASUO_UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("合同.txt", "租赁合同".encode() * 200_000)  # 2.4 MB of text
    response = login(world.office_user).post(
        reverse("contract_review:batch_create"),
        {"name": "超大", "unit": world.office_a1.pk, "files": [big]},
    )
    assert "文件“合同.txt”过大（2.3 MB），上限为 1 MB。" in response.content.decode()
    assert not ReviewBatch.objects.exists()


def test_a_price_table_that_unpacks_to_hundreds_of_megabytes_is_refused(world, login):
    import upload_bombs
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload, _chosen = sample_zip(1)
    bomb = upload_bombs.office_bomb(upload_bombs.xlsx([["乡镇", "类型", "价格"]]))
    response = login(world.office_user).post(
        reverse("contract_review:batch_create"),
        {
            "name": "价格表",
            "unit": world.office_a1.pk,
            "files": [upload],
            "price_table": SimpleUploadedFile("价格.xlsx", bomb),
        },
    )
    assert "文件“价格.xlsx”解压后过大" in response.content.decode()
    assert not ReviewBatch.objects.exists()


def test_contract_text_and_opinion_show_id_and_mobile_numbers_masked(
    world, client, settings, tmp_path
):
    """An uploaded contract is not a sealed field, but the numbers in it are personal data."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sifasuo.contract_review import services as review_services
    from sifasuo.contract_review.models import ContractFile

    settings.MEDIA_ROOT = tmp_path / "media"
    text = (
        "土地租赁合同\n甲方（出租方）：秦楼街道东村村民委员会\n"
        "乙方（承租方）：王建国，身份证号371102197503150516，电话13963300021\n"
        "第一条 租赁期限为三十年，自2020年1月1日起至2049年12月31日止。\n"
        "第二条 租金每亩每年800元，每年12月31日前交清当年租金。\n"
        "甲方（盖章）：秦楼街道东村村民委员会    乙方（签字）：王建国\n"
    )
    batch = review_services.batch_create(
        actor=world.office_user,
        unit=world.office_a1,
        name="号码遮蔽",
        files=[SimpleUploadedFile("合同.txt", text.encode())],
    )
    review_services.batch_run(batch_id=batch.pk)
    contract = ContractFile.objects.get(batch=batch)
    client.force_login(world.office_user)
    page = client.get(
        reverse("contract_review:contract_detail", args=[batch.pk, contract.pk])
    ).content.decode()
    assert "王建国" in page
    assert "371102197503150516" not in page and "371102********0516" in page
    assert "13963300021" not in page and "139****0021" in page
