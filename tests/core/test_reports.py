"""统计报表 and the 工作总结 data sheet: the sheet prints the seeds' numbers exactly when the
records hold them, each report is scoped to the reader's units, and the exports open."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import factories
import pytest
from docx import Document
from openpyxl import load_workbook

from sifasuo.advisors import services as advisor_services
from sifasuo.advisors.models import LogKind, ServiceLog
from sifasuo.contract_review.models import ContractFile, ReviewBatch
from sifasuo.core import reports
from sifasuo.core.documents import chinese_font_available
from sifasuo.core.indicators import Period
from sifasuo.reviews.models import AgendaItem, Meeting, MeetingKind

DAY = dt.date(2025, 11, 20)  # the records' year is 2025; "today" is within it


def _meetings(office, count: int, *, opinions: int, held_on=DAY) -> None:
    """`count` meetings attended, with `opinions` agenda items carrying a legal opinion (one per
    meeting, the rest as second items) and one item per meeting without an opinion."""
    made = Meeting.objects.bulk_create(
        Meeting(unit=office, kind=MeetingKind.EXECUTIVE, title=f"镇长办公会{i}", held_on=held_on)
        for i in range(count)
    )
    items = [AgendaItem(meeting=m, seq=1, topic="议题", opinion="依法应先行公示") for m in made]
    items += [
        AgendaItem(meeting=m, seq=2, topic="议题", opinion="建议补充合同条款")
        for m in made[: opinions - count]
    ]
    items += [AgendaItem(meeting=m, seq=3, topic="通报事项") for m in made]  # no opinion given
    AgendaItem.objects.bulk_create(items)


def _clean_up(office, uploader, *, reviewed: int, problems: int) -> None:
    batch = ReviewBatch.objects.create(
        unit=office, name="农村集体经济合同清理", uploaded_by=uploader, as_of=DAY, status="done"
    )
    ContractFile.objects.bulk_create(
        ContractFile(
            batch=batch,
            path=f"合同{i}.docx",
            sha256=f"{i:064d}",
            status=ContractFile.Status.OK,
            problem=i < problems,
        )
        for i in range(reviewed)
    )
    # Files that could not be read are not contracts reviewed.
    ContractFile.objects.bulk_create(
        ContractFile(batch=batch, path=f"损坏{i}.pdf", sha256=f"e{i:063d}", status="error")
        for i in range(7)
    )


def _advisor_logs(world, *, visits: int, opinions: int) -> None:
    appointment = advisor_services.appointment_create(
        actor=factories.SETUP,
        office=world.office_a1,
        village=world.village_a1,
        lawyer_name="王海涛",
        firm="海曲正衡律师事务所",
        license_no="13711202010123456",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
    )
    kinds = [LogKind.OFFICE_HOURS, LogKind.LECTURE, LogKind.CONSULTATION, LogKind.MEDIATION]
    logs = [
        ServiceLog(
            unit=world.office_a1,
            appointment=appointment,
            village=world.village_a1,
            served_on=DAY - dt.timedelta(days=i % 300),
            kind=kinds[i % len(kinds)],
        )
        for i in range(visits)
    ]
    logs += [
        ServiceLog(
            unit=world.office_a1,
            appointment=appointment,
            village=world.village_a1,
            served_on=DAY - dt.timedelta(days=i % 300),
            kind=LogKind.OPINION,
        )
        for i in range(opinions)
    ]
    ServiceLog.objects.bulk_create(logs)


@pytest.fixture
def seeded(world, freeze_today):
    """The seeds' figures at sample scale in county A (split over its two offices), with
    records outside the year and in county B that must not count."""
    freeze_today(DAY)
    _meetings(world.office_a1, 700, opinions=708)
    _meetings(world.office_a2, 556, opinions=563)  # 1256 meetings, 1271 opinions
    _meetings(world.office_a1, 40, opinions=40, held_on=dt.date(2024, 12, 31))
    _meetings(world.office_b1, 30, opinions=30)
    _clean_up(world.office_a1, world.office_head, reviewed=1334, problems=136)
    _clean_up(world.office_b1, world.outsider, reviewed=50, problems=5)
    _advisor_logs(world, visits=706, opinions=355)
    return world


def test_the_summary_sheet_prints_the_seeds_phrases(seeded, client, login):
    login(seeded.supervisor)
    page = client.get("/reports/summary/", {"period": "2025"})
    assert page.status_code == 200
    summary = {str(entry.line.name): entry.text for entry in page.context["summary"]}
    assert "列席有关会议1256次，提供法律意见建议1271条" in summary["合法性审查"]
    assert summary["农村集体合同清理"].startswith("审查合同1334份，发现问题合同136份，")
    assert summary["村居法律顾问"].startswith("法律顾问入村服务706次，提供法律意见355条")
    text = page.context["text"]
    assert "合法性审查：" in text and "列席有关会议1256次" in text
    html = page.content.decode()
    # Each number links to its definition.
    assert 'href="/indicators/definitions/#reviews.meetings"' in html
    assert 'data-code="reviews.meetings">1256</a>次' in html


def test_an_office_sees_its_own_share_and_a_year_outside_counts_nothing(seeded):
    office = reports.summary_sheet(seeded.office_a1, Period.year(2025))
    text = next(e.text for e in office if e.line.label == "reviews")
    assert "列席有关会议700次，提供法律意见建议708条" in text
    earlier = reports.summary_sheet(seeded.office_a1, Period.year(2024))
    text = next(e.text for e in earlier if e.line.label == "reviews")
    assert "列席有关会议40次" in text


def test_the_summary_downloads_as_word(seeded, client, login):
    login(seeded.supervisor)
    answer = client.get("/reports/summary.docx", {"period": "2025"})
    assert answer.status_code == 200
    paragraphs = [p.text for p in Document(BytesIO(answer.content)).paragraphs]
    assert any("列席有关会议1256次，提供法律意见建议1271条" in p for p in paragraphs)
    assert paragraphs[0] == "东港区司法局工作总结数据（2025年）"


def test_the_report_has_a_row_per_office_and_a_total(seeded, client, login):
    login(seeded.supervisor)
    page = client.get("/reports/", {"period": "2025", "line": "reviews"})
    assert page.status_code == 200
    sheet = page.context["sheet"]
    codes = [c.code for c in sheet.columns]
    meetings = codes.index("reviews.meetings")
    assert [(row.unit.name, row.values[meetings]) for row in sheet.rows] == [
        ("秦楼司法所", 700),
        ("河山司法所", 556),
    ]
    assert sheet.total.values[meetings] == 1256
    # Columns stand under their group headings, in declaration order.
    assert [g.label for g in sheet.groups][:3] == ["合法性审查", "按审查类别", "审查意见"]
    html = page.content.decode()
    assert 'colspan="6" class="group">列席会议</th>' in html
    assert 'href="/indicators/definitions/#reviews.meeting_opinions"' in html


def test_the_workbook_has_a_sheet_per_line_with_the_numbers(seeded, client, login):
    login(seeded.supervisor)
    answer = client.get("/reports/report.xlsx", {"period": "2025"})
    assert answer.status_code == 200
    book = load_workbook(BytesIO(answer.content))
    assert "合法性审查" in book.sheetnames and "人民调解" in book.sheetnames
    ws = book["合法性审查"]
    headers = [cell.value for cell in ws[3]]
    column = headers.index("列席会议（次）")
    rows = {r[0]: r[column] for r in ws.iter_rows(min_row=4, values_only=True)}
    assert rows == {"秦楼司法所": 700, "河山司法所": 556, "东港区司法局（合计）": 1256}
    clean_up = book["农村集体合同清理"]
    last = [cell.value for cell in clean_up[clean_up.max_row]]
    assert last[:3] == ["东港区司法局（合计）", 1334, 136]
    assert "指标说明" in book.sheetnames


def test_a_unit_name_like_a_formula_stays_text(seeded, client, login):
    seeded.office_a2.name = factories.FORMULA_TEXT
    seeded.office_a2.save(update_fields=["name"])
    login(seeded.supervisor)
    answer = client.get("/reports/report.xlsx", {"period": "2025"})
    factories.assert_formula_is_text(answer.content)


@pytest.mark.skipif(not chinese_font_available(), reason="needs fonts-noto-cjk")
def test_the_pdf_holds_the_numbers(seeded, client, login):
    from pypdf import PdfReader

    login(seeded.supervisor)
    answer = client.get("/reports/report.pdf", {"period": "2025"})
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(answer.content)).pages)
    assert "东港区司法局统计报表（2025年）" in text
    assert "1256" in text and "1334" in text


def test_another_countys_unit_is_not_found(seeded, client, login):
    login(seeded.supervisor)
    for url in ("/reports/", "/reports/summary/", "/reports/report.xlsx", "/reports/summary.docx"):
        answer = client.get(url, {"unit": seeded.office_b1.pk, "period": "2025"})
        assert answer.status_code == 404, url
    login(seeded.outsider)
    assert client.get("/reports/", {"unit": seeded.office_a1.pk}).status_code == 404


def test_an_office_head_reports_on_the_office_alone(seeded, client, login):
    login(seeded.office_head)
    page = client.get("/reports/summary/", {"period": "2025"})
    text = next(e.text for e in page.context["summary"] if e.line.label == "reviews")
    assert "列席有关会议700次" in text
    assert client.get("/reports/", {"unit": seeded.office_a2.pk}).status_code == 404


def test_a_period_that_cannot_be_read_is_told_in_chinese(seeded, client, login):
    login(seeded.supervisor)
    page = client.get("/reports/", {"period": "2025-13"})
    assert "月份应在1至12之间。" in page.content.decode()
    page = client.get("/reports/summary/", {"kind": "custom", "start": "2025-03-01"})
    assert "自定义期间请填写开始日期和结束日期。" in page.content.decode()
    answer = client.get("/reports/report.xlsx", {"period": "2025-02-30..2025-03-01"})
    assert answer.status_code == 400
    assert "日期无效。" in answer.content.decode()


def test_roles_without_reports_are_refused(seeded, client, login):
    login(seeded.mediator)
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/summary/").status_code == 403


def test_values_print_as_a_summary_writes_them():
    from decimal import Decimal

    assert reports.shown(1256) == "1256"
    assert reports.shown(Decimal("15000000.00")) == "15000000"
    assert reports.shown(Decimal("94.4")) == "94.4"
    assert reports.shown(None) == "—"
