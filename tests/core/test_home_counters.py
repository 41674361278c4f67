"""The home page's counters (超期 / 即将到期 / 办理中) count everything listed below them: the
person's work items and every business line's to-do group, one number per person."""

import datetime as dt

import factories
import pytest

from sifasuo.core.models import WorkItem
from sifasuo.mediation import services as mediation
from sifasuo.mediation.models import Case

TODAY = dt.date(2026, 11, 18)  # a Wednesday


@pytest.fixture(autouse=True)
def _today(freeze_today):
    freeze_today(TODAY)


def count(body, name):
    marker = f'data-count="{name}">'
    start = body.index(marker) + len(marker)
    return int(body[start : body.index("<", start)])


def _cases(mediator, offsets):
    """Cases the mediator mediates, due `offset` days from today (None: no due date)."""
    for n, offset in enumerate(offsets):
        case = mediation.case_open(
            actor=mediator,
            unit=mediator.unit,
            dispute_type="neighbour",
            summary=f"第{n}件邻里纠纷",
            committee_kind="township",
            committee_name="秦楼街道人民调解委员会",
            mediators=[mediator],
            applicants=[{"kind": "person", "name": f"申请人{n}", "phone": f"1396330{n:04d}"}],
        )
        due = None if offset is None else TODAY + dt.timedelta(days=offset)
        Case.objects.filter(pk=case.pk).update(due_on=due)


def test_counters_count_the_groups_beyond_the_rows_shown(world, client):
    # Seven cases (more than the five rows a group shows): 2 overdue, 2 due soon, 3 later.
    _cases(world.mediator, [-3, -1, 0, 1, 20, 30, None])
    factories.work_item(world.office_a1, title="逾期的复议答复", assignee=world.mediator)
    client.force_login(world.mediator)
    body = client.get("/").content.decode()
    assert "调解案件（本人调解）" in body and "共 7 件" in body
    assert WorkItem.objects.get().due_on < TODAY  # the work item is overdue too
    assert (count(body, "overdue"), count(body, "due_soon"), count(body, "open")) == (3, 2, 8)
    assert 'href="#todo-list"' in body


def test_counters_match_the_badges_of_a_short_group(world, client):
    _cases(world.mediator, [-2, 2, 40])
    client.force_login(world.mediator)
    body = client.get("/").content.decode()
    assert (count(body, "overdue"), count(body, "due_soon"), count(body, "open")) == (1, 1, 3)
    assert body.count('class="badge badge-overdue"') == 1
    assert body.count('class="badge badge-due_soon"') == 1


def test_a_paused_period_is_neither_overdue_nor_due_soon(world, client):
    _cases(world.mediator, [-3, -2, -1, 1, 2, 3])
    Case.objects.filter(due_on__lt=TODAY).update(due_paused_since=TODAY)
    client.force_login(world.mediator)
    body = client.get("/").content.decode()
    assert (count(body, "overdue"), count(body, "due_soon"), count(body, "open")) == (0, 3, 6)


def test_another_persons_groups_are_not_counted(world, client):
    _cases(world.mediator, [-3, -2])
    client.force_login(world.office_user)
    body = client.get("/").content.decode()
    assert (count(body, "overdue"), count(body, "due_soon")) == (0, 0)


def test_a_group_whose_rows_take_their_date_from_elsewhere_is_counted_row_by_row(world):
    from sifasuo.core.models import User
    from sifasuo.core.todos import Todo, group_from

    def row(user):
        return Todo(title=user.username, url="/", step="x", due_on=TODAY - dt.timedelta(days=1))

    group = group_from("账号", "/", User.objects.order_by("id"), row, limit=5)
    assert group.total == User.objects.count() > 5
    assert group.overdue == group.total and group.due_soon == 0
