import factories
import pytest

# The demo city, loaded once per module that asks for `demo`.
pytest_plugins = ["demo_support"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def freeze_today(monkeypatch):
    """Fix "today" for deadlines, due-soon counters and notices: `freeze_today(date)`.

    Every date a user sees is measured against `deadline_service.today`; tests freeze that one
    function, and only this way.
    """
    from sifasuo.core import deadline_service

    def freeze(day):
        monkeypatch.setattr(deadline_service, "today", lambda: day)
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
    """The 我的待办 page as `user` sees it."""

    def _home(user) -> str:
        client.force_login(user)
        return client.get("/").content.decode()

    return _home
