"""The demo city loaded once per test module: each test runs in a savepoint inside its transaction."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings

from sifasuo.core.demo import load_demo

PASSWORD = "Demo@2026"
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    """The conftest's fast hasher is function-scoped, so the module-scoped load sets its own."""
    fast_hasher = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hasher, transaction.atomic():
        yield load_demo(password=PASSWORD, today=TODAY)
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_demo, db):
    return loaded_demo
