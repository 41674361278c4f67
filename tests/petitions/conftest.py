"""Builders for the 信访 tests: `open_petition(actor, **values)` and `petitioner(name)`."""

import datetime as dt

import factories
import pytest

from sifasuo.petitions import services

DAY = dt.date(2026, 6, 1)


def petitioner(name="王建国", **extra):
    values = {
        "kind": "person",
        "name": name,
        "id_number": factories.make_id_number(),
        "phone": "13963300031",
        "address": "日照市东港区秦楼街道海滨二路88号",
    }
    values.update(extra)
    return values


def open_petition(actor, **values):
    defaults = dict(
        unit=actor.unit,
        kind="complaint",
        request="村内排水沟长期堵塞，雨季积水倒灌院内，要求组织清淤。",
        received_on=DAY,
        channel="visit",
        petitioner=petitioner(),
    )
    defaults.update(values)
    return services.petition_open(actor=actor, **defaults)


@pytest.fixture(name="open_petition")
def _open_petition_fixture(db):
    return open_petition


@pytest.fixture(name="petitioner")
def _petitioner_fixture():
    return petitioner


@pytest.fixture
def today(freeze_today):
    """Most tests live on 2026-08-31, well inside the year's holiday data."""
    return freeze_today(dt.date(2026, 8, 31))


@pytest.fixture
def petition(world, today):
    return open_petition(world.office_user)
