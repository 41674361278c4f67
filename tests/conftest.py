import datetime as dt
from zoneinfo import ZoneInfo

import factories
import pytest

# The demo city, loaded once per module that asks for `demo`.
pytest_plugins = ["demo_support"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def freeze_today(time_machine, settings):
    """Fix the day for everything that reads the clock: `freeze_today(date)`.

    The clock is moved to noon of that day in the platform's time zone and keeps ticking from
    there (time-machine), so due dates, due-soon counters, registration days and notices all see
    the same day. Tests freeze time this way and only this way.
    """

    def freeze(day):
        noon = dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
        time_machine.move_to(noon, tick=True)
        return day

    return freeze


@pytest.fixture
def world(db):
    return factories.build_world()


@pytest.fixture
def login(client):
    """Log a user in on the test client and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def home(client):
    """The 我的待办 part of the home page as `user` sees it (below a supervisor's or an office
    head's dashboard, which shows the whole unit's work)."""

    def _home(user) -> str:
        client.force_login(user)
        return client.get("/").content.decode().split('class="home-todos"')[-1]

    return _home
