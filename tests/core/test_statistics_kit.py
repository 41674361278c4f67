"""The pieces the lines' statistics pages and risk screenings share: the grading rule, the units a
user may ask about and the units shown below one, and the year-and-unit filter."""

from django import forms

from sifasuo.core import risk, statistics
from sifasuo.core.models import OrgUnit

CHECKLIST = [("red_item", "红色事项", 2), ("one", "事项一", 1), ("two", "事项二", 1)]
SIGNALS = {"red_item": ("报复",), "one": ("积怨",)}


def test_one_weight_two_item_or_two_weight_one_items_grade_red():
    assert risk.grade(CHECKLIST, SIGNALS, [], "", narrative_name="简述").grade == "green"
    assert risk.grade(CHECKLIST, SIGNALS, ["one"], "", narrative_name="简述").grade == "yellow"
    assert risk.grade(CHECKLIST, SIGNALS, ["one", "two"], "", narrative_name="简述").grade == "red"
    heard = risk.grade(CHECKLIST, SIGNALS, [], "扬言报复", narrative_name="信访请求")
    assert heard.grade == "red"
    assert heard.items == ["red_item"]
    assert heard.reasons == ["信访请求中出现“报复”：红色事项"]


def test_units_a_user_may_ask_about_and_the_units_below(world):
    assert list(statistics.statistics_units(world.office_user)) == [world.office_a1]
    county_units = set(statistics.statistics_units(world.admin))
    assert {world.city, world.office_a1, world.office_b1} <= county_units
    assert all(u.kind in statistics.STATISTICS_KINDS for u in county_units)
    below_city = list(statistics.units_below(world.city))
    assert below_city and all(u.parent_id == world.city.pk for u in below_city)
    assert world.office_a1 in statistics.units_below(world.office_a1.parent)
    assert not statistics.units_below(world.office_a1).exists()  # villages are not shown


class _Filter(forms.Form):
    year = forms.IntegerField(required=False)
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.all(), required=False)


def test_an_empty_or_refused_filter_keeps_the_defaults(world):
    office = world.office_a1
    assert statistics.chosen(_Filter(), year=2026, unit=office) == (2026, office)
    asked = _Filter({"year": "2025", "unit": str(world.office_b1.pk)})
    assert statistics.chosen(asked, year=2026, unit=office) == (2025, world.office_b1)
    assert statistics.chosen(_Filter({"year": ""}), year=2026, unit=office) == (2026, office)
    assert statistics.chosen(_Filter({"year": "x"}), year=2026, unit=office) == (2026, office)
