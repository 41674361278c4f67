"""一村（居）一法律顾问: coverage, logs, the month's completeness check and close, the hand-off
to intake, the evaluation and the indicators."""

import datetime as dt
import io
import uuid

import factories
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sifasuo.advisors import services
from sifasuo.advisors.models import MonthClose, ServiceLog
from sifasuo.core.indicators import Period, value_for
from sifasuo.core.models import AuditEntry
from sifasuo.intake.models import Channel, Matter

from .conftest import log


def _png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def test_coverage_shows_each_village_its_advisor_and_last_visit_and_the_gap(adv, world, login):
    log(adv.appointment, served_on=dt.date(2026, 6, 3))
    log(adv.appointment, served_on=dt.date(2026, 6, 10), kind="opinion")  # not a visit
    page = login(world.office_user).get(reverse("advisors:coverage")).content.decode()
    assert "王海涛" in page and "2026-12-31" in page
    assert "2026-06-03" in page and "2026-06-10" not in page
    assert "1 个未配备法律顾问" in page and "从未入村服务" in page


def test_completeness_lists_gaps_and_refuses_the_close_without_a_note(adv, world, login):
    entry = log(adv.appointment, content="")
    client = login(world.office_user)
    page = client.get(reverse("advisors:completeness"), {"month": "2026-06"}).content.decode()
    assert "未填写服务内容" in page and "缺签字确认单" in page and "缺现场照片" in page
    url = reverse("advisors:month_close") + f"?unit={world.office_a1.pk}"
    data = {"license_no": adv.appointment.license_no, "month": "2026-06-01"}
    page = client.post(url, data, follow=True).content.decode()
    assert "尚有 3 处缺漏，不能结账" in page and "缺签字确认单" in page
    assert not MonthClose.objects.exists()
    # Filled in and attached: the month closes without a note, and is then locked.
    services.log_update(actor=world.office_user, log=entry, content="坐班接待村民3人。")
    for kind in ("signature", "photo"):
        services.log_attach(actor=world.advisor, log=entry, kind=kind, upload=_png())
    client.post(url, data)
    close = MonthClose.objects.get()
    assert close.gaps == [] and close.note == ""
    with pytest.raises(Exception, match="已结账"):
        log(adv.appointment, served_on=dt.date(2026, 6, 4))


def test_a_month_with_gaps_closes_with_an_explicit_note(adv, world, login):
    log(adv.appointment, content="")
    client = login(world.office_head)
    url = reverse("advisors:month_close") + f"?unit={world.office_a1.pk}"
    data = {
        "license_no": adv.appointment.license_no,
        "month": "2026-06-01",
        "note": "纸质签字单已归档",
    }
    client.post(url, data)
    close = MonthClose.objects.get()
    assert close.note == "纸质签字单已归档" and "未填写服务内容" in close.gaps[0]
    assert AuditEntry.objects.filter(action="advisor.month_close").exists()


def test_a_village_not_visited_in_the_month_is_a_gap(adv, world):
    from sifasuo.advisors import checks

    services.appointment_create(
        actor=factories.SETUP,
        office=world.office_a1,
        village=adv.village2,
        lawyer_name="王海涛",
        firm="海曲正衡律师事务所",
        license_no=adv.appointment.license_no,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    (report,) = checks.month_report(office=world.office_a1, month=dt.date(2026, 6, 1))
    assert "本月未到秦楼村入村服务" in report.gaps and "本月未到海滨社区入村服务" in report.gaps


def test_an_advisor_logs_only_for_their_own_villages_and_a_double_submit_is_one_log(
    adv, world, login
):
    client = login(world.advisor)
    token = str(uuid.uuid4())
    data = {
        "appointment": adv.appointment.pk,
        "served_on": "2026-06-05",
        "kind": "lecture",
        "people_served": 30,
        "content": "民法典宣讲",
        "submission_token": token,
    }
    client.post(reverse("advisors:log_create"), data)
    client.post(reverse("advisors:log_create"), data)
    assert ServiceLog.objects.count() == 1
    # Another office's appointment is not even offered.
    data["appointment"] = adv.other.pk
    data["submission_token"] = str(uuid.uuid4())
    page = client.post(reverse("advisors:log_create"), data).content.decode()
    assert "选择一个有效的选项" in page and ServiceLog.objects.count() == 1


def test_bad_log_input_keeps_the_text_and_says_why(adv, world, login):
    client = login(world.office_user)
    data = {
        "appointment": adv.appointment.pk,
        "served_on": "2027-01-05",
        "kind": "lecture",
        "people_served": 3,
        "content": "这段文字要保留",
    }
    page = client.post(reverse("advisors:log_create"), data).content.decode()
    assert "服务日期不能晚于今天" in page and "这段文字要保留" in page


def test_a_consultation_becomes_an_intake_matter_and_can_go_to_mediation(adv, world, login):
    entry = log(adv.appointment, kind="consultation", consulter_name="赵大山")
    client = login(world.office_user)
    client.post(
        reverse("advisors:log_report", args=[entry.pk]),
        {"matter_type": "dispute", "requester_name": "赵大山", "counterpart_names": "钱二"},
    )
    matter = Matter.objects.get()
    assert matter.channel == Channel.ADVISOR and "坐班接待村民" in matter.narrative
    assert matter.counterpart_names == "钱二"
    page = client.get(reverse("advisors:log_detail", args=[entry.pk])).content.decode()
    assert matter.tracking_code in page
    assert reverse("mediation:case_create") + f"?matter={matter.pk}" in page
    # Reported once.
    client.post(
        reverse("advisors:log_report", args=[entry.pk]),
        {"matter_type": "dispute", "requester_name": "赵大山"},
    )
    assert Matter.objects.count() == 1


def test_attachments_are_kept_and_downloaded_and_a_fake_photo_is_refused(adv, world, login):
    entry = log(adv.appointment)
    client = login(world.advisor)
    client.post(reverse("advisors:log_attach", args=[entry.pk]), {"kind": "photo", "file": _png()})
    attachment = entry.attachments.get()
    response = client.get(reverse("advisors:attachment_download", args=[entry.pk, attachment.pk]))
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    fake = SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")
    page = client.post(
        reverse("advisors:log_attach", args=[entry.pk]),
        {"kind": "photo", "file": fake},
        follow=True,
    ).content.decode()
    assert "图片已损坏" in page and entry.attachments.count() == 1


def test_evaluation_counts_the_logs_and_shows_the_village_rating(adv, world, login):
    log(adv.appointment, kind="lecture", people_served=40)
    log(adv.appointment, kind="opinion", request="请审查", people_served=1)
    client = login(world.office_head)
    client.post(
        reverse("advisors:appointment_rating", args=[adv.appointment.pk]),
        {"year": 2026, "score": 5, "grade": "excellent", "comment": "满意"},
    )
    page = client.get(reverse("advisors:evaluation"), {"year": 2026}).content.decode()
    assert "王海涛" in page and "优秀1" in page and ">41<" in page
    response = client.get(reverse("advisors:evaluation_export"), {"year": 2026})
    assert response.status_code == 200


def test_indicators_count_visits_opinions_and_coverage(adv, world):
    log(adv.appointment, served_on=dt.date(2026, 3, 2))
    log(adv.appointment, served_on=dt.date(2026, 6, 2), kind="opinion")
    year = Period.year(2026)
    assert value_for("advisors.visits", world.office_a1, year) == 1
    assert value_for("advisors.opinions", world.office_a1, year) == 1
    assert value_for("advisors.villages", world.office_a1, year) == 2
    assert value_for("advisors.coverage_rate", world.office_a1, year) == 50
    # Rolled up: the county holds both its offices.
    assert value_for("advisors.villages_covered", world.county_a, year) == 2
    assert value_for("advisors.visits", world.office_a1, Period.month(2026, 4)) == 0


def test_statistics_page_and_export(adv, world, login):
    log(adv.appointment)
    client = login(world.supervisor)
    page = client.get(reverse("advisors:statistics"), {"year": 2026}).content.decode()
    assert "入村服务次数" in page and "秦楼司法所" in page and "河山司法所" in page
    assert client.get(reverse("advisors:statistics_export"), {"year": 2026}).status_code == 200
    ledger = client.get(reverse("advisors:log_export"))
    assert ledger.status_code == 200


def _urls(adv, entry, attachment):
    a, pk = adv.appointment.pk, entry.pk
    return [
        ("get", reverse("advisors:appointment_detail", args=[a])),
        ("post", reverse("advisors:appointment_edit", args=[a])),
        ("post", reverse("advisors:appointment_rating", args=[a])),
        ("post", reverse("advisors:appointment_end", args=[a])),
        ("get", reverse("advisors:log_detail", args=[pk])),
        ("post", reverse("advisors:log_edit", args=[pk])),
        ("post", reverse("advisors:log_attach", args=[pk])),
        ("post", reverse("advisors:log_report", args=[pk])),
        ("get", reverse("advisors:attachment_download", args=[pk, attachment.pk])),
        ("get", reverse("advisors:coverage") + f"?unit={adv.appointment.unit_id}"),
        ("get", reverse("advisors:completeness") + f"?unit={adv.appointment.unit_id}"),
        ("post", reverse("advisors:month_close") + f"?unit={adv.appointment.unit_id}"),
        ("get", reverse("advisors:appointment_create") + f"?unit={adv.appointment.unit_id}"),
    ]


def test_an_outsider_gets_404_for_every_record_of_the_office(adv, world, login):
    entry = log(adv.appointment)
    attachment = services.log_attach(actor=factories.SETUP, log=entry, kind="photo", upload=_png())
    client = login(world.outsider)
    for method, url in _urls(adv, entry, attachment):
        assert getattr(client, method)(url).status_code == 404, url
    assert "王海涛" not in client.get(reverse("advisors:appointment_list")).content.decode()
    assert "王海涛" not in client.get(reverse("advisors:evaluation")).content.decode()


def test_only_those_who_may_log_are_offered_the_log_form(adv, world, login):
    """The county reads an appointment but does not keep its logs: no link to a refusal."""
    detail = reverse("advisors:appointment_detail", args=[adv.appointment.pk])
    form = f"{reverse('advisors:log_create')}?appointment={adv.appointment.pk}"
    client = login(world.advisor)
    assert form in client.get(detail).content.decode()
    assert client.get(form).status_code == 200
    client = login(world.supervisor)
    body = client.get(detail).content.decode()
    assert "王海涛" in body and reverse("advisors:log_create") not in body
    assert client.get(form).status_code == 403
