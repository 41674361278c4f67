"""A one-machine install: the worker runs inside `sifasuo serve --with-worker` / `sifasuo demo`,
and a machine without Chinese fonts is told so instead of printing PDFs full of boxes."""

from __future__ import annotations

import threading
import time

import factories
import pytest
from contract_review.web_fixtures import sample_zip
from django.urls import reverse

from sifasuo import cli
from sifasuo.contract_review import services
from sifasuo.contract_review.models import ReviewBatch
from sifasuo.core import documents


@pytest.mark.django_db(transaction=True)
def test_the_in_process_worker_reviews_an_uploaded_batch(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    world = factories.build_world()
    upload, _chosen = sample_zip(3)
    batch = services.batch_create(
        actor=world.office_user, unit=world.office_a1, name="村集体合同", files=[upload]
    )
    assert ReviewBatch.objects.get(pk=batch.pk).status != ReviewBatch.Status.DONE
    worker = cli._start_worker_thread()
    try:
        assert any(t.name == "sifasuo-worker" for t in threading.enumerate())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if ReviewBatch.objects.get(pk=batch.pk).status == ReviewBatch.Status.DONE:
                break
            time.sleep(0.5)
    finally:
        worker.running = False
    batch.refresh_from_db()
    assert batch.status == ReviewBatch.Status.DONE
    assert batch.files_done == 3


def test_without_a_chinese_font_a_pdf_download_explains_itself(world, client, monkeypatch):
    monkeypatch.setattr(documents, "chinese_font_available", lambda: False)
    from sifasuo.intake import services as intake_services

    matter = intake_services.matter_register(
        actor=world.office_user,
        unit=world.office_a1,
        channel="window",
        matter_type="consultation",
        narrative="咨询土地承包经营权流转事宜。",
        requesters=[{"kind": "person", "name": "刘一"}],
    )
    client.force_login(world.office_user)
    response = client.get(reverse("intake:sheet", args=[matter.pk, "pdf"]))
    assert response.status_code == 503
    assert "中文字体" in response.content.decode()
    # The Word version still works.
    assert client.get(reverse("intake:sheet", args=[matter.pk, "docx"])).status_code == 200


def test_serve_and_demo_warn_at_start_without_a_chinese_font(monkeypatch, capsys):
    monkeypatch.setattr(documents, "chinese_font_available", lambda: False)
    cli._warn_without_chinese_font()
    assert "未找到中文字体" in capsys.readouterr().err
    monkeypatch.setattr(documents, "chinese_font_available", lambda: True)
    cli._warn_without_chinese_font()
    assert capsys.readouterr().err == ""
