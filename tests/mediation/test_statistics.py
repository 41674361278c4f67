"""Statistics match the cases: every breakdown recounted one case at a time."""

import datetime as dt
from collections import Counter
from decimal import Decimal
from io import BytesIO

import factories
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sifasuo.intake import services as intake_services
from sifasuo.mediation import selectors, services
from sifasuo.mediation.models import Case


def _from_matter(world, open_case, channel):
    matter = intake_services.matter_register(
        actor=world.office_user,
        unit=world.office_a1,
        channel=channel,
        matter_type="dispute",
        narrative="宅基地边界纠纷",
        counterpart_names="赵六",
        requesters=[{"kind": "person", "name": "王建国", "phone": "13963300011"}],
    )
    return open_case(world.mediator, matter=matter, applicants=None, dispute_type="homestead")


@pytest.fixture
def varied(world, open_case, walk):
    """Cases in two offices of county A and one outside it, over two years and several months."""
    made = [
        open_case(world.mediator, dispute_type="family", summary="扬言同归于尽", amount=0),
        open_case(world.mediator, dispute_type="debt", amount=12000),
        open_case(world.mediator, committee_kind="village", committee_name="西村调委会"),
        _from_matter(world, open_case, "phone"),
        _from_matter(world, open_case, "hotline"),
        open_case(world.colleague, unit=world.office_a2, dispute_type="family", amount=800),
        open_case(world.colleague, unit=world.office_a2, dispute_type="labour", amount=4500),
    ]
    walk(world.mediator, made[1])
    walk(world.mediator, made[3])
    services.case_terminate(
        actor=world.mediator,
        case=Case.objects.get(pk=made[2].pk),
        reason="party_withdrew",
        text="撤回",
    )
    Case.objects.filter(pk=made[3].pk).update(confirmation="confirmed")
    open_case(world.outsider, dispute_type="family", amount=99999)  # another county
    # Spread the creation dates over two years; one case is opened half an hour into May (local
    # time), which is still April in UTC: months are counted in local time.
    local = timezone.get_current_timezone()
    dates = [
        dt.datetime(2025, 3, 15, 10, tzinfo=local),
        dt.datetime(2025, 11, 2, 10, tzinfo=local),
        dt.datetime(2026, 1, 10, 10, tzinfo=local),
        dt.datetime(2026, 1, 28, 10, tzinfo=local),
        dt.datetime(2026, 5, 1, 0, 30, tzinfo=local),
        dt.datetime(2026, 5, 20, 10, tzinfo=local),
        dt.datetime(2026, 8, 1, 10, tzinfo=local),
    ]
    for case, created in zip(made, dates, strict=True):
        Case.objects.filter(pk=case.pk).update(created_at=created)
    return made


def _recount(cases):
    """The statistics computed the slow way, case by case."""
    cases = list(cases)
    success = sum(1 for c in cases if c.agreement_on)
    terminated = sum(
        1 for c in cases if c.stage == "terminated" and c.termination_reason != "party_refused"
    )
    months = Counter(
        timezone.localtime(c.created_at).date().replace(day=1).isoformat() for c in cases
    )
    return {
        "total": len(cases),
        "success": success,
        "amount": sum((c.amount for c in cases), Decimal(0)),
        "closed": sum(1 for c in cases if c.stage in ("archived", "terminated")),
        "confirmed": sum(1 for c in cases if c.confirmation == "confirmed"),
        "red": sum(1 for c in cases if c.risk_grade == "red"),
        "success_rate": round(100 * success / (success + terminated), 1)
        if success + terminated
        else None,
        "by_type": Counter(c.dispute_type for c in cases),
        "by_committee": Counter(c.committee_kind for c in cases),
        "by_stage": Counter(c.stage for c in cases),
        "by_channel": Counter(c.channel for c in cases),
        "by_unit": Counter(c.unit.name for c in cases),
        "by_month": months,
    }


def _as_found(stats):
    fields = {
        "by_type": "dispute_type",
        "by_committee": "committee_kind",
        "by_stage": "stage",
        "by_channel": "channel",
    }
    found = {k: stats["totals"][k] for k in ("total", "success", "amount", "closed")}
    found |= {k: stats["totals"][k] for k in ("confirmed", "red", "success_rate")}
    for key, field in fields.items():
        found[key] = Counter({row[field]: row["n"] for row in stats[key]})
    found["by_unit"] = Counter({row["unit__name"]: row["n"] for row in stats["by_unit"]})
    found["by_month"] = Counter(
        {timezone.localtime(row["month"]).date().isoformat(): row["n"] for row in stats["by_month"]}
    )
    return found


@pytest.mark.parametrize("persona", ["mediator", "colleague", "supervisor", "outsider"])
@pytest.mark.parametrize("year", [None, 2026, 2025])
def test_statistics_match_a_recount(world, varied, persona, year):
    user = getattr(world, persona)
    visible = Case.objects.filter(unit__path__startswith=user.unit.path).select_related("unit")
    if year:
        visible = [c for c in visible if timezone.localtime(c.created_at).year == year]
    stats = selectors.statistics_for_user(user=user, year=year)
    assert _as_found(stats) == _recount(visible)


def test_county_statistics_by_hand(world, varied):
    """The same figures spelled out, so a wrong recount can't hide a wrong selector."""
    stats = selectors.statistics_for_user(user=world.supervisor)
    totals = stats["totals"]
    assert totals["total"] == 7
    assert totals["amount"] == Decimal(0 + 12000 + 3000 + 3000 + 3000 + 800 + 4500)
    assert (totals["success"], totals["closed"], totals["confirmed"]) == (2, 1, 1)
    assert totals["success_rate"] == 66.7  # two agreements, one terminated
    assert totals["red"] == 1
    channels = {row["label"]: row["n"] for row in stats["by_channel"]}
    assert channels == {"直接立案": 5, "电话": 1, "12345/12348热线转办": 1}
    types = [(row["label"], row["n"]) for row in stats["by_type"]]
    assert types[0] == ("婚姻家庭", 2)  # most frequent first
    months = [
        (timezone.localtime(row["month"]).strftime("%Y-%m"), row["n"]) for row in stats["by_month"]
    ]
    assert months == [
        ("2025-03", 1),
        ("2025-11", 1),
        ("2026-01", 2),
        ("2026-05", 2),
        ("2026-08", 1),
    ]
    assert [row["unit__name"] for row in stats["by_unit"]] == sorted(
        [world.office_a1.name, world.office_a2.name]
    )


def test_case_from_intake_keeps_its_channel(world, open_case):
    case = _from_matter(world, open_case, "online")
    assert case.channel == "online" and case.intake_matter.channel == "online"
    assert open_case(world.mediator).channel == ""


def test_statistics_page_is_one_pass(world, varied, login, django_assert_max_num_queries):
    client = login(world.supervisor)
    # session, user, unit, units, shares, content type, the one pass, unit names, the unit
    # choices of the filter form (+ session save)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("mediation:statistics"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "直接立案" in body and "电话" in body
    assert page.context["stats"]["totals"]["total"] == 7


def test_an_empty_year_has_no_rows(world, varied):
    stats = selectors.statistics_for_user(user=world.supervisor, year=2020)
    assert stats["totals"]["total"] == 0 and stats["totals"]["amount"] == 0
    assert stats["totals"]["success_rate"] is None
    assert stats["by_month"] == [] and stats["by_type"] == []


def test_city_rolls_up_to_counties_and_drills_down(world, varied, login):
    client = login(world.admin)
    stats = client.get(reverse("mediation:statistics")).context["stats"]
    assert {r["unit__name"]: r["n"] for r in stats["by_unit"]} == {
        world.county_a.name: 7,
        world.county_b.name: 1,
    }
    county = client.get(reverse("mediation:statistics"), {"unit": world.county_a.pk})
    assert {r["unit__name"]: r["n"] for r in county.context["stats"]["by_unit"]} == {
        world.office_a1.name: 5,
        world.office_a2.name: 2,
    }
    office = client.get(reverse("mediation:statistics"), {"unit": world.office_a1.pk, "year": 2025})
    assert office.context["stats"]["totals"]["total"] == 2  # two of A1's five cases are from 2025
    assert "秦楼司法所" in office.content.decode() and "2025年" in office.content.decode()


def test_a_unit_outside_ones_own_falls_back_to_ones_own(world, varied, login):
    response = login(world.supervisor).get(
        reverse("mediation:statistics"), {"unit": world.office_b1.pk}
    )
    assert response.context["stats"]["totals"]["total"] == 7  # county A only: B1's case unseen
    assert response.context["unit"] == world.county_a


def test_statistics_export_matches_the_page(world, varied, login):
    client = login(world.supervisor)
    response = client.get(reverse("mediation:statistics_export"), {"year": 2026})
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [
        "总体",
        "按单位",
        "按纠纷类型",
        "按调解组织",
        "按阶段结果",
        "按来源渠道",
        "按终止原因",
        "按月份",
    ]
    overview = dict(book["总体"].iter_rows(min_row=2, values_only=True))
    assert overview["案件总数"] == 5 and overview["统计范围"].startswith("东港区司法局")
    months = list(book["按月份"].iter_rows(min_row=2, values_only=True))
    assert months == [("2026-01", 2), ("2026-05", 2), ("2026-08", 1)]
    assert (
        "2026" in response["Content-Disposition"] or "filename" in response["Content-Disposition"]
    )
    assert login(world.advisor).get(reverse("mediation:statistics_export")).status_code == 403


def test_ledger_dates_are_local_dates(world, varied, login):
    response = login(world.office_user).get(reverse("mediation:ledger"))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    opened = sorted(row[1].date() if hasattr(row[1], "date") else row[1] for row in rows[1:])
    assert dt.date(2026, 5, 1) in opened  # opened 00:30 on 1 May, Beijing time


def test_a_partner_counts_the_cases_shared_with_it(world, open_case, login):
    case = open_case(world.mediator, dispute_type="family", summary="扬言同归于尽")
    case = services.case_set_followup_plan(actor=world.mediator, case=case, plan="每月走访")
    services.case_share_with_partner(actor=world.mediator, case=case, partner=world.police_a1)
    stats = login(world.partner).get(reverse("mediation:statistics")).context["stats"]
    assert stats["totals"]["total"] == 1
    assert [(r["unit__name"], r["n"]) for r in stats["by_unit"]] == [(world.office_a1.name, 1)]


def test_ledger_and_statistics_write_formula_text_as_text(world, varied, login):
    world.office_a1.name = factories.FORMULA_TEXT
    world.office_a1.save(update_fields=["name"])
    client = login(world.supervisor)
    factories.assert_formula_is_text(client.get(reverse("mediation:ledger")).content)
    export = client.get(reverse("mediation:statistics_export"), {"year": 2026})
    factories.assert_formula_is_text(export.content)


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_indicators_count_what_the_statistics_page_counts(world, varied, year):
    from sifasuo.core import indicators

    stats = selectors.statistics_for_user(user=world.supervisor, year=year)
    totals = stats["totals"]
    period = indicators.Period.year(year)

    def value(code):
        return indicators.value_for(f"mediation.{code}", world.county_a, period)

    assert value("received") == totals["total"]
    assert value("success") == totals["success"]
    assert value("amount") == totals["amount"]
    assert value("closed") == totals["closed"]
    assert value("confirmed") == totals["confirmed"]
    assert value("confirmation_applied") == totals["confirmation_applied"]
    assert value("party_refused") == totals["party_refused"]
    assert value("success_rate") == (
        None if totals["success_rate"] is None else Decimal(str(totals["success_rate"]))
    )
    by_type = {row["dispute_type"]: row["n"] for row in stats["by_type"]}
    for dispute_type in ("family", "debt", "homestead", "labour", "other"):
        assert value(f"type_{dispute_type}") == by_type.get(dispute_type, 0), dispute_type
