"""The 裁量基准 calculator: the engine alone, then a calculation recorded through the service."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sifasuo.enforcement import services
from sifasuo.enforcement.discretion import Policy, propose, split_point
from sifasuo.enforcement.models import DiscretionCalculation

D = Decimal
POLICY = Policy()


def test_lighter_and_heavier_split_the_tier_at_its_midpoint():
    lighter = propose(tier_low=D(1000), tier_high=D(1500), factor_kinds=["lighter"], policy=POLICY)
    heavier = propose(tier_low=D(1000), tier_high=D(1500), factor_kinds=["heavier"], policy=POLICY)
    both = propose(
        tier_low=D(1000), tier_high=D(1500), factor_kinds=["lighter", "heavier"], policy=POLICY
    )
    assert (lighter.outcome, lighter.low, lighter.high) == ("从轻处罚", D(1000), D(1250))
    assert (heavier.outcome, heavier.low, heavier.high) == ("从重处罚", D(1250), D(1500))
    assert (both.outcome, both.low, both.high) == ("一般处罚", D(1000), D(1500))
    assert "第三十二条" in lighter.rule


def test_the_midpoint_and_the_multiple_rule_are_settings():
    # 500 to 2000 is four times: the split is taken by multiples (500 × 4^½ = 1000), not 1250.
    point, how = split_point(D(500), D(2000), POLICY)
    assert point == D(1000) and "倍数" in how
    point, _how = split_point(D(500), D(2000), Policy(multiple_ratio=5))
    assert point == D(1250)
    point, _how = split_point(D(1000), D(1500), Policy(midpoint_percent=40))
    assert point == D(1200)


def test_no_penalty_and_first_offence():
    exempt = propose(
        tier_low=D(500), tier_high=D(1000), factor_kinds=["exempt", "heavier"], policy=POLICY
    )
    assert exempt.outcome == "不予处罚" and exempt.high == 0 and "第三十三条" in exempt.rule
    first = propose(tier_low=D(500), tier_high=D(1000), factor_kinds=["may_exempt"], policy=POLICY)
    assert first.outcome == "可以不予处罚" and "可以不予行政处罚" in first.rule
    # A first offence with an aggravating circumstance is no longer a candidate for 首违不罚.
    assert (
        propose(
            tier_low=D(500),
            tier_high=D(1000),
            factor_kinds=["may_exempt", "heavier"],
            policy=POLICY,
        ).outcome
        == "从重处罚"
    )


def test_reduced_goes_below_the_tier_and_maximum_only_fines_use_shares():
    reduced = propose(tier_low=D(500), tier_high=D(1000), factor_kinds=["reduced"], policy=POLICY)
    assert (reduced.low, reduced.high) == (D(0), D(500))
    general = propose(tier_low=D(0), tier_high=D(5000), factor_kinds=[], policy=POLICY)
    assert (general.low, general.high) == (D(2000), D(3000))
    lighter = propose(tier_low=D(0), tier_high=D(5000), factor_kinds=["lighter"], policy=POLICY)
    assert lighter.high == D(1000)


@pytest.fixture
def benchmark(world):
    from sifasuo.enforcement.demo import FACTORS, OFFENCE, TIERS

    benchmark = services.benchmark_create(
        actor=world.supervisor,
        unit=world.county_a,
        offence=OFFENCE,
        violated="《中华人民共和国大气污染防治法》第七十七条",
        penalty_basis="《中华人民共和国大气污染防治法》第一百一十九条第一款",
        statutory_range="五百元以上二千元以下",
    )
    for name, condition, low, high in TIERS:
        services.benchmark_tier_add(
            actor=world.supervisor,
            standard=benchmark,
            name=name,
            condition=condition,
            fine_min=D(low),
            fine_max=D(high),
        )
    for kind, text, basis in FACTORS:
        services.benchmark_factor_add(
            actor=world.supervisor, standard=benchmark, kind=kind, text=text, basis=basis
        )
    return benchmark


@pytest.mark.django_db
def test_an_unpublished_benchmark_cannot_be_applied_and_a_published_one_is_frozen(world, benchmark):
    tier = benchmark.tiers.get(name="一般")
    with pytest.raises(ValidationError, match="第三十四条"):
        services.calculation_create(
            actor=world.office_user,
            standard=benchmark,
            tier=tier,
            factors=[],
            facts="焚烧",
            decided_amount=D(1200),
            unit=world.office_a1,
        )
    services.benchmark_publish(
        actor=world.supervisor,
        standard=benchmark,
        published_on=dt.date(2026, 3, 1),
        publication="东港区人民政府网站",
    )
    with pytest.raises(ValidationError, match="已公布"):
        services.benchmark_tier_add(
            actor=world.supervisor,
            standard=benchmark,
            name="特别严重",
            condition="x",
            fine_min=D(1),
            fine_max=D(2),
        )


@pytest.mark.django_db
def test_leaving_the_range_needs_a_written_reason(world, benchmark):
    services.benchmark_publish(
        actor=world.supervisor,
        standard=benchmark,
        published_on=dt.date(2026, 3, 1),
        publication="东港区人民政府网站",
    )
    tier = benchmark.tiers.get(name="一般")
    lighter = benchmark.factors.get(kind="lighter")
    with pytest.raises(ValidationError) as refused:
        services.calculation_create(
            actor=world.office_user,
            standard=benchmark,
            tier=tier,
            factors=[lighter],
            facts="焚烧秸秆一亩，主动扑灭",
            decided_amount=D(800),
            unit=world.office_a1,
        )
    assert "1000.00—1250.00" in refused.value.message_dict["reason"][0]
    calculation = services.calculation_create(
        actor=world.office_user,
        standard=benchmark,
        tier=tier,
        factors=[lighter],
        facts="焚烧秸秆一亩，主动扑灭",
        decided_amount=D(800),
        unit=world.office_a1,
        reason="当事人家庭困难，经集体讨论决定。",
    )
    assert calculation.outside and calculation.outcome == "从轻处罚"
    inside = services.calculation_create(
        actor=world.office_user,
        standard=benchmark,
        tier=tier,
        factors=[lighter],
        facts="焚烧秸秆一亩，主动扑灭",
        decided_amount=D(1100),
        unit=world.office_a1,
        reason="（不需要）",
    )
    assert not inside.outside and inside.reason == ""
    assert DiscretionCalculation.objects.count() == 2
    with pytest.raises(Exception):  # noqa: B017 - an outsider may not calculate for A1
        services.calculation_create(
            actor=world.outsider,
            standard=benchmark,
            tier=tier,
            factors=[],
            facts="x",
            decided_amount=D(1100),
            unit=world.office_a1,
        )
