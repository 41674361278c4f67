"""The scoping layer: own subtree, explicit shares, nothing else."""

import factories
import pytest
from django.http import Http404
from factories import SETUP

from sifasuo.core import scoping, services
from sifasuo.core.models import OrgUnit, Party, Share
from sifasuo.core.scoping import get_scoped_or_404, scope


def test_each_persona_sees_exactly_its_subtree(world):
    a1 = factories.party(world.office_a1, name="甲")
    a2 = factories.party(world.office_a2, name="乙")
    b1 = factories.party(world.office_b1, name="丙")
    village = factories.party(world.village_a1, name="丁")

    def names(user):
        return sorted(scope(user, Party.objects.all()).values_list("name", flat=True))

    assert names(world.office_user) == ["丁", "甲"]
    assert names(world.colleague) == ["乙"]
    assert names(world.supervisor) == ["丁", "乙", "甲"]
    assert names(world.outsider) == ["丙"]
    assert names(world.partner) == []
    assert names(world.admin) == sorted(["甲", "乙", "丙", "丁"])
    assert {a1.pk, a2.pk, b1.pk, village.pk}


def test_forbidden_and_missing_records_both_raise_404(world):
    party = factories.party(world.office_a1)
    assert get_scoped_or_404(world.office_user, Party.objects.all(), party.pk) == party
    for pk in (party.pk, 999999, "not-a-number"):
        with pytest.raises(Http404):
            get_scoped_or_404(world.outsider, Party.objects.all(), pk)


def test_a_shared_record_becomes_visible_to_that_unit_only(world):
    party = factories.party(world.office_a1)
    services.share_record(
        actor=world.office_user, obj=party, unit=world.office_b1, reason=Share.Reason.REFERRED
    )
    assert get_scoped_or_404(world.outsider, Party.objects.all(), party.pk) == party
    with pytest.raises(Http404):
        get_scoped_or_404(world.colleague, Party.objects.all(), party.pk)


def test_units_are_scoped_by_their_own_path(world):
    visible = set(
        scope(world.supervisor, OrgUnit.objects.all(), unit_field="").values_list("name", flat=True)
    )
    assert "秦楼司法所" in visible and "河山司法所" in visible
    assert "洪凝司法所" not in visible and "日照市司法局" not in visible


def _names(user, model=Party):
    return sorted(scope(user, model.objects.all()).values_list("name", flat=True))


@pytest.mark.parametrize("limit", [1, 2, 1000])
def test_large_subtrees_and_many_shares_scope_the_same(world, monkeypatch, limit):
    """Beyond the inline limit the units and shares are filtered through subqueries instead."""
    monkeypatch.setattr(scoping, "INLINE_UNIT_IDS", limit)
    factories.party(world.office_a1, name="甲")
    factories.party(world.village_a1, name="丁")
    factories.party(world.office_a2, name="乙")
    for name in ("丙", "戊", "己"):
        shared = factories.party(world.office_b1, name=name)
        services.share_record(actor=world.outsider, obj=shared, unit=world.office_a1)
    assert _names(world.office_user) == sorted(["甲", "丁", "丙", "戊", "己"])
    assert _names(world.supervisor) == sorted(["甲", "丁", "乙", "丙", "戊", "己"])
    assert _names(world.colleague) == ["乙"]
    assert _names(world.partner) == []


def test_within_a_request_new_units_and_shares_are_seen_at_once(world):
    party = factories.party(world.office_b1, name="丙")
    with scoping.resolution_cache():
        assert _names(world.office_user) == []
        services.share_record(actor=world.outsider, obj=party, unit=world.office_a1)
        assert _names(world.office_user) == ["丙"]
        village = services.unit_create(
            actor=SETUP, name="新村", kind="village", parent=world.office_a1
        )
        factories.party(village, name="庚")
        assert _names(world.office_user) == ["丙", "庚"]
        Share.objects.filter(object_id=party.pk).delete()
        assert _names(world.office_user) == ["庚"]


def test_a_request_resolves_units_and_shares_once(world, django_assert_num_queries):
    factories.party(world.office_a1, name="甲")
    with scoping.resolution_cache():
        _names(world.office_user)  # resolves (units, shares) and reads
        with django_assert_num_queries(2):  # only the two reads
            _names(world.office_user)
            scope(world.office_user, OrgUnit.objects.all(), unit_field="").count()
