"""我的待办, 期限事项 and the overdue ledger, with "today" frozen at Tuesday 2026-10-20."""

import datetime as dt
from io import BytesIO

import factories
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sifasuo.core import deadline_service, services
from sifasuo.core.models import AuditEntry, WorkItem

TODAY = dt.date(2026, 10, 20)


@pytest.fixture(autouse=True)
def frozen_today(freeze_today):
    freeze_today(TODAY)


def manual(unit, title, due_on, **values):
    return factories.work_item(
        unit, title=title, due_rule="", due_start=None, due_on=due_on, **values
    )


@pytest.fixture
def todo(world):
    """The A1 assistant's items in each state, plus items that must not be on their list."""
    return {
        "overdue": manual(
            world.office_a1,
            "逾期的复议答复",
            TODAY - dt.timedelta(days=4),
            assignee=world.office_user,
            category="行政复议",
        ),
        "due_soon": manual(
            world.office_a1,
            "即将到期的信息公开答复",
            TODAY + dt.timedelta(days=2),
            assignee=world.office_user,
        ),
        "open": manual(
            world.office_a1,
            "下月的合同审查",
            TODAY + dt.timedelta(days=40),
            assignee=world.office_user,
        ),
        "unassigned": manual(world.office_a1, "未分派的调解回访", TODAY + dt.timedelta(days=1)),
        "other": manual(
            world.office_a1, "调解员的事项", TODAY - dt.timedelta(days=1), assignee=world.mediator
        ),
        "closed": manual(
            world.office_a1,
            "已经办结的事项",
            TODAY - dt.timedelta(days=9),
            assignee=world.office_user,
        ),
    }


@pytest.fixture
def closed_todo(todo, world):
    services.work_item_close(actor=world.office_user, item=todo["closed"], result="已答复")
    return todo


def count(body, name):
    marker = f'data-count="{name}">'
    start = body.index(marker) + len(marker)
    return int(body[start : body.index("<", start)])


def test_home_lists_my_open_items_with_badges_and_counts(world, closed_todo, client):
    client.force_login(world.office_user)
    body = client.get("/").content.decode()
    assert (count(body, "overdue"), count(body, "due_soon"), count(body, "open")) == (1, 1, 3)
    # Overdue first, then by due date.
    positions = [
        body.index(t) for t in ("逾期的复议答复", "即将到期的信息公开答复", "下月的合同审查")
    ]
    assert positions == sorted(positions)
    assert "已超期" in body
    assert "即将到期" in body
    assert "行政复议" in body  # category
    assert "2026-10-16" in body  # the overdue item's due date
    for absent in ("未分派的调解回访", "调解员的事项", "已经办结的事项"):
        assert absent not in body


def test_home_of_office_head_adds_unassigned_items(world, closed_todo, client):
    client.force_login(world.office_head)
    page = client.get("/").content.decode()
    dashboard, body = page.split('class="home-todos"')
    assert "未分派的调解回访" in body
    assert "逾期的复议答复" not in body  # assigned to someone else: not the head's own to-do
    assert "逾期的复议答复" in dashboard  # but among the office's overdue work above it
    assert count(body, "due_soon") == 1


def test_home_shows_rule_basis_of_statutory_items(world, client):
    factories.work_item(world.office_a1, title="答复复议申请", assignee=world.office_user)
    client.force_login(world.office_user)
    body = client.get("/").content.decode()
    assert "行政复议法 第四十八条" in body
    assert "已超期" in body  # due 2026-10-16


def test_home_is_constant_in_queries(world, client):
    """The home page's queries do not grow with the work listed: session, user, unit, scoping,
    items and counts, and a bounded number per business line's to-do groups."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sifasuo.core import lines

    def add(first: int) -> None:
        for n in range(first, first + 25):
            manual(
                world.office_a1,
                f"事项{n}",
                TODAY + dt.timedelta(days=n % 30 - 5),
                assignee=world.office_user,
            )

    client.force_login(world.office_user)
    client.get("/")  # the first request fills per-process caches (content types, labels)
    add(0)
    with CaptureQueriesContext(connection) as with_25:
        response = client.get("/")
    assert response.content.decode().count("/work/") >= 25
    add(25)
    with CaptureQueriesContext(connection) as with_50:
        client.get("/")
    assert len(with_50) == len(with_25)
    assert len(with_25) <= 10 + 2 * len(lines.todo_providers())


def test_work_list_filters_by_state(world, closed_todo, client):
    client.force_login(world.office_user)
    overdue = client.get("/work/?state=overdue").content.decode()
    assert "逾期的复议答复" in overdue
    assert "调解员的事项" in overdue
    assert "即将到期的信息公开答复" not in overdue
    assert "已经办结的事项" not in overdue  # closed items are not overdue any more
    done = client.get("/work/?state=done").content.decode()
    assert "已经办结的事项" in done
    assert "逾期的复议答复" not in done
    due_soon = client.get("/work/?state=due_soon").content.decode()
    assert "即将到期的信息公开答复" in due_soon
    assert "未分派的调解回访" in due_soon
    assert "下月的合同审查" not in due_soon


def test_work_list_filters_by_assignee(world, todo, client):
    client.force_login(world.office_head)
    body = client.get(f"/work/?assignee={world.mediator.pk}").content.decode()
    assert "调解员的事项" in body
    assert "逾期的复议答复" not in body


def test_work_list_is_constant_in_queries(world, client, django_assert_max_num_queries):
    for n in range(40):
        manual(world.office_a1, f"事项{n}", TODAY + dt.timedelta(days=n), assignee=world.mediator)
    client.force_login(world.office_head)
    with django_assert_max_num_queries(12):
        response = client.get("/work/")
    assert "第 1 / 2 页" in response.content.decode()


def test_create_with_a_rule_shows_the_engines_due_date(world, client):
    client.force_login(world.office_user)
    response = client.post(
        reverse("core:work_create"),
        {
            "title": "答复王某行政复议申请",
            "category": "行政复议",
            "unit": world.office_a1.pk,
            "assignee": world.office_user.pk,
            "due_rule": "reconsideration.reply",
            "due_start": "2026-09-28",
        },
    )
    item = WorkItem.objects.get(title="答复王某行政复议申请")
    assert response["Location"] == reverse("core:work_detail", args=[item.pk])
    expected = deadline_service.compute("reconsideration.reply", dt.date(2026, 9, 28))
    assert expected.due == dt.date(2026, 10, 16)  # ten working days around the National Day
    body = client.get(response["Location"]).content.decode()
    assert "2026-10-16" in body
    assert "行政复议法 第四十八条" in body
    assert "2026-09-28" in body
    assert "事项已登记" in body


def test_create_with_a_manual_due_date(world, client):
    client.force_login(world.office_user)
    client.post(
        reverse("core:work_create"),
        {
            "title": "整理调解卷宗",
            "unit": world.office_a1.pk,
            "due_on": "2026-11-05",
        },
    )
    item = WorkItem.objects.get(title="整理调解卷宗")
    assert item.due_on == dt.date(2026, 11, 5)
    assert item.due_rule == ""


def test_create_with_rule_but_no_start_keeps_input_and_says_why(world, client):
    client.force_login(world.office_user)
    response = client.post(
        reverse("core:work_create"),
        {
            "title": "答复李某复议",
            "unit": world.office_a1.pk,
            "due_rule": "reconsideration.reply",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "按法定期限计算时须填写起算日" in body
    assert 'value="答复李某复议"' in body
    assert not WorkItem.objects.filter(title="答复李某复议").exists()


def test_rule_dropdown_lists_the_engines_rules(world, client):
    client.force_login(world.office_user)
    body = client.get(reverse("core:work_create")).content.decode()
    assert 'value="reconsideration.reply"' in body
    assert "被申请人提出书面答复" in body
    assert 'label="行政复议法"' in body  # grouped by law


def test_due_preview_shows_date_and_basis(world, client):
    client.force_login(world.office_user)
    body = client.get(
        reverse("core:work_due_preview"),
        {
            "due_rule": "reconsideration.reply",
            "due_start": "2026-09-28",
        },
    ).content.decode()
    assert "2026-10-16" in body
    assert "行政复议法 第四十八条" in body
    assert client.get(reverse("core:work_due_preview")).content.decode().strip() == ""


def test_close_then_close_again_shows_the_services_message(world, todo, client):
    client.force_login(world.office_user)
    url = reverse("core:work_close", args=[todo["open"].pk])
    response = client.post(url, {"result": "已出具审查意见"})
    assert response.status_code == 302
    assert "事项已办结" in client.get(response["Location"]).content.decode()
    todo["open"].refresh_from_db()
    assert todo["open"].status == WorkItem.Status.DONE

    response = client.post(url, {"result": "再次提交"})
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "该事项已经办结，无需重复提交" in body
    assert "已出具审查意见" in body


def test_close_without_result_is_refused(world, todo, client):
    client.force_login(world.office_user)
    response = client.post(reverse("core:work_close", args=[todo["open"].pk]), {"result": " "})
    assert "请填写办理结果" in client.get(response["Location"]).content.decode()
    todo["open"].refresh_from_db()
    assert todo["open"].status == WorkItem.Status.OPEN


def test_extend_applies_the_statutory_extension_once(world, client):
    item = factories.work_item(
        world.office_a1,
        title="作出复议决定",
        due_rule="reconsideration.decide",
        due_start=dt.date(2026, 9, 1),
        assignee=world.office_user,
    )
    client.force_login(world.office_user)
    detail = client.get(reverse("core:work_detail", args=[item.pk])).content.decode()
    assert "按规定延长期限" in detail
    response = client.post(reverse("core:work_extend", args=[item.pk]))
    item.refresh_from_db()
    assert item.due_extended
    expected = deadline_service.compute(
        "reconsideration.decide", dt.date(2026, 9, 1), extended=True
    ).due
    assert item.due_on == expected
    body = client.get(response["Location"]).content.decode()
    assert f"期限已延长至 {expected:%Y-%m-%d}" in body or str(expected) in body
    assert "按规定延长期限" not in body

    response = client.post(reverse("core:work_extend", args=[item.pk]))
    assert "已经延长过一次" in client.get(response["Location"]).content.decode()


def test_extend_button_absent_for_rules_without_extension(world, client):
    item = factories.work_item(world.office_a1, assignee=world.office_user)
    client.force_login(world.office_user)
    body = client.get(reverse("core:work_detail", args=[item.pk])).content.decode()
    assert "按规定延长期限" not in body


def test_extend_refused_for_an_item_without_a_statutory_rule(world, todo, client):
    item = todo["open"]
    due_on = item.due_on
    client.force_login(world.office_user)
    response = client.post(reverse("core:work_extend", args=[item.pk]))
    assert "未按法定期限计算，不能延长" in client.get(response["Location"]).content.decode()
    item.refresh_from_db()
    assert item.due_on == due_on and not item.due_extended


def test_detail_shows_days_overdue(world, todo, client):
    client.force_login(world.office_user)
    body = client.get(reverse("core:work_detail", args=[todo["overdue"].pk])).content.decode()
    assert "已超期 4 天" in body


def test_work_history_panel_lists_creation_and_closing(world, todo, client):
    services.work_item_close(actor=world.office_user, item=todo["open"], result="已出具审查意见")
    client.force_login(world.office_user)
    body = client.get(reverse("core:history", args=["core.work", todo["open"].pk])).content.decode()
    assert "新建期限事项" in body
    assert "办结事项" in body
    assert "办理中" in body and "已办结" in body  # status old → new, as labels
    assert "a1_assistant" in body  # the actor


def _rows(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_overdue_ledger_rows(world, closed_todo, client):
    statutory = factories.work_item(
        world.office_a1, title="答复复议申请", assignee=world.office_user
    )
    manual(world.office_a2, "河山所逾期事项", TODAY - dt.timedelta(days=1))
    client.force_login(world.office_head)
    response = client.get(reverse("core:work_overdue_export"))
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0] == ["单位", "事项", "承办人", "起算日", "截止日", "超期天数", "法律依据"]
    by_title = {row[1]: row for row in rows[1:]}
    assert set(by_title) == {"逾期的复议答复", "调解员的事项", "答复复议申请"}
    unit, _title, assignee, start, due, days, basis = by_title["答复复议申请"]
    assert unit == "秦楼司法所"
    assert assignee == "a1_assistant"
    assert start.date() == dt.date(2026, 9, 28)
    assert due.date() == statutory.due_on == dt.date(2026, 10, 16)
    assert days == 4
    assert basis == "行政复议法 第四十八条"
    assert by_title["调解员的事项"][5] == 1


def test_overdue_ledger_needs_export_capability(world, client):
    client.force_login(world.mediator)
    assert client.get(reverse("core:work_overdue_export")).status_code == 403


def test_mutations_are_post_only(world, todo, client):
    client.force_login(world.office_user)
    assert client.get(reverse("core:work_close", args=[todo["open"].pk])).status_code == 405
    assert client.get(reverse("core:work_extend", args=[todo["open"].pk])).status_code == 405


def test_closing_is_audited_with_the_actor(world, todo, client):
    client.force_login(world.office_user)
    client.post(reverse("core:work_close", args=[todo["open"].pk]), {"result": "完成"})
    entry = AuditEntry.objects.get(action="work.close", object_id=str(todo["open"].pk))
    assert entry.actor_id == world.office_user.pk


def test_history_names_the_rule_and_skips_empty_fields(world, client):
    item = factories.work_item(world.office_a1, assignee=world.office_user)
    client.force_login(world.office_user)
    body = client.get(reverse("core:history", args=["core.work", item.pk])).content.decode()
    assert "被申请人提出书面答复" in body
    assert "reconsideration.reply" not in body
    assert "办理结果" not in body  # empty on creation


def test_pause_and_resume_move_the_due_date_by_the_paused_days(world, login):
    import datetime as dt

    from sifasuo.core.models import WorkItem

    item = factories.work_item(
        world.office_a1,
        title="政府信息公开答复",
        assignee=world.office_user,
        due_rule="petition.accept",
        due_start=dt.date(2026, 11, 2),
    )
    assert item.due_on == dt.date(2026, 11, 17)  # 15 days after 11-02, a Tuesday
    client = login(world.office_user)
    client.post(f"/work/{item.pk}/pause/", {"on": "2026-11-05", "reason": "等待第三方意见"})
    page = client.get(f"/work/{item.pk}/").content.decode()
    assert "已中止" in page and "2026-11-05" in page
    client.post(f"/work/{item.pk}/resume/", {"on": "2026-11-10"})
    item = WorkItem.objects.get(pk=item.pk)
    # Five paused days (11-05 … 11-09) are not counted: 11-17 + 5 = 11-22, a Sunday → 11-23.
    assert item.due_on == dt.date(2026, 11, 23)
    assert item.due_pauses == [["2026-11-05", "2026-11-10"]]
    page = client.get(f"/work/{item.pk}/").content.decode()
    assert "2026-11-23" in page and "中止期间不计入期限" in page


def test_resume_without_pause_shows_a_message(world, login):
    item = factories.work_item(world.office_a1, assignee=world.office_user)
    client = login(world.office_user)
    response = client.post(f"/work/{item.pk}/resume/", {"on": "2026-10-01"}, follow=True)
    assert "未中止" in response.content.decode()
