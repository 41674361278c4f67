"""The supervisor's table of overdue and due-soon work: every number opens the line's list narrowed
to exactly what it counts (that unit's subtree, overdue or due soon), on the demo city's records."""

import datetime as dt
import html
import re

import pytest
from demo_support import TODAY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sifasuo.contracts.models import Contract, ContractStatus
from sifasuo.core import lines
from sifasuo.core.models import User
from sifasuo.core.todos import due_work_for_user
from sifasuo.core.views import work as work_views
from sifasuo.core.views._common import paginate
from sifasuo.intake.models import OPEN_STATES, Matter
from sifasuo.petitions.models import OFFICE_DUTIES, TimeLimit
from sifasuo.publicity.models import ResponsibilityTask

# A number in the due table and the link around it (the totals' numbers are <strong>).
NUMBER = re.compile(
    r'<a href="([^"]+)" title="([^"]*)"><(?:span|strong)[^>]*data-(overdue|due-soon)>(\d+)<'
)


def _user(name: str) -> User:
    return User.objects.select_related("unit").get(username=name)


def _listed(response) -> int:
    """How many records the list shows in all (across its pages)."""
    context = response.context
    try:
        return context["page"].paginator.count
    except KeyError:
        return len(context["tasks"])  # the publicity lists' page lists the tasks counted


def _spread(records, field):
    """The demo's open records of the lines it gives no deadline near the demo's day: every
    third overdue, every third due soon (a petition's several periods may fall on both)."""
    days = [
        TODAY - dt.timedelta(days=3),
        TODAY + dt.timedelta(days=1),
        TODAY + dt.timedelta(days=90),
    ]
    for n, pk in enumerate(records.order_by("pk").values_list("pk", flat=True)):
        records.model.objects.filter(pk=pk).update(**{field: days[n % 3]})


@pytest.fixture
def near_deadlines(demo, freeze_today):
    freeze_today(TODAY)
    _spread(Matter.objects.filter(state__in=OPEN_STATES, due_on__isnull=False), "due_on")
    _spread(Contract.objects.filter(status=ContractStatus.LEGAL_REVIEW), "review_due_on")
    _spread(TimeLimit.objects.filter(kind__in=OFFICE_DUTIES, done_on__isnull=True), "due_on")
    _spread(ResponsibilityTask.objects.filter(done_on__isnull=True), "due_on")


@pytest.fixture
def county(near_deadlines, client):
    county = _user("county1")
    client.force_login(county)
    return county


@pytest.mark.parametrize("name", ["county1", "city"])
def test_every_number_opens_a_list_of_exactly_that_many_records(near_deadlines, client, name):
    supervisor = _user(name)
    client.force_login(supervisor)
    body = client.get("/").content.decode()
    table = re.search(r'<table class="table compact due-table">.*?</table>', body, flags=re.S)[0]
    numbers = NUMBER.findall(table)
    # The demo gives the county overdue and due-soon work in several lines.
    labels = {line.label for line in due_work_for_user(user=supervisor)}
    shown = {label for label in labels if f">{label}</a></th>" in table}
    assert shown == labels
    assert {which for _, _, which, _ in numbers} == {"overdue", "due-soon"}
    for url, title, which, count in numbers:
        url = html.unescape(url)
        response = client.get(url)
        assert response.status_code == 200, (title, url)
        assert _listed(response) == int(count), (title, url)
        page = response.content.decode()
        state = "overdue" if which == "overdue" else "soon"
        assert f'data-due-filter="{state}"' in page, url
        assert "清除筛选" in page
    # Each line's every unit with work appears, and the totals too.
    assert sum(1 for _, title, _, _ in numbers if "合计" in title) >= len(shown)


def test_a_link_keeps_the_lists_own_parameters(county, client):
    body = client.get("/").content.decode()
    queue = reverse("intake:queue")
    links = [html.unescape(u) for u, *_ in NUMBER.findall(body) if u.startswith(queue)]
    assert links  # the demo's front desks have matters overdue or due soon
    for url in links:
        assert url.startswith(f"{queue}?q=all&unit=")


def _first_office(county):
    return county.unit.children.filter(kind="office").order_by("path").first()


def test_the_filtered_list_shows_the_units_overdue_records_and_a_way_back(county, client):
    office = _first_office(county)
    url = f"{reverse('mediation:case_list')}?unit={office.pk}&due=overdue"
    response = client.get(url)
    cases = list(response.context["page"])
    assert cases
    for case in cases:
        assert case.unit.path.startswith(office.path) and case.due_on < TODAY
    page = response.content.decode()
    # The filter form carries the two parameters; the clear link drops them.
    assert f'<input type="hidden" name="unit" value="{office.pk}">' in page
    assert '<input type="hidden" name="due" value="overdue">' in page
    assert f"筛选：{office.name} · 已超期" in page
    assert f'href="{reverse("mediation:case_list")}">清除筛选' in page


def test_the_lists_other_filters_and_pages_keep_the_filter(county, client, monkeypatch):
    office = _first_office(county)
    rectifications = reverse("contract_review:rectification_list")
    page = client.get(f"{rectifications}?unit={office.pk}&due=overdue").content.decode()
    assert f'?unit={office.pk}&amp;due=overdue&amp;state=all"' in page
    # One record a page: the next page is still the office's overdue work items.
    monkeypatch.setattr(work_views, "paginate", lambda request, qs: paginate(request, qs, 1))
    url = f"{reverse('core:work_list')}?unit={office.pk}&due=overdue"
    first = client.get(url)
    total = first.context["page"].paginator.count
    assert total > 1
    assert f'href="?unit={office.pk}&amp;due=overdue&amp;page=2"' in first.content.decode()
    second = client.get(f"{url}&page=2")
    assert second.context["page"].paginator.count == total
    assert 'data-due-filter="overdue"' in second.content.decode()


def test_the_filter_costs_the_list_one_query(county, client):
    office = _first_office(county)
    url = reverse("mediation:case_list")
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    with CaptureQueriesContext(connection) as filtered:
        client.get(f"{url}?unit={office.pk}&due=soon")
    assert len(filtered) <= len(plain) + 1


def test_an_outsider_unit_is_not_found(county, client):
    other = _user("county2").unit
    for line in due_work_for_user(user=county):
        url = line.url_for(other, "overdue")
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("query", ["due=late", "due=", "unit=abc", "unit=99999999999999999999"])
def test_a_bad_value_is_not_found_never_a_server_error(county, client, query):
    office = _first_office(county)
    params = {"unit": str(office.pk), "due": "overdue"}
    key, value = query.split("=")
    params[key] = value
    response = client.get(reverse("mediation:case_list"), params)
    if value == "":
        assert response.status_code == 200  # one parameter alone is left to the list
    else:
        assert response.status_code == 404


def test_every_line_with_due_work_declares_a_list_that_filters(county, client):
    """A line whose list ignored the parameters would show more than its count: check each
    line's list answers the filter for the county itself."""
    declared = [line for line in lines.lines() if line.due_work]
    groups = due_work_for_user(user=county)
    assert len(groups) >= len(declared)
    for group in groups:
        response = client.get(group.url_for(county.unit, "soon"))
        assert response.status_code == 200, group.label
        assert 'data-due-filter="soon"' in response.content.decode(), group.label
