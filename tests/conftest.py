import factories
import pytest

# The demo city, loaded once per module that asks for `demo`.
pytest_plugins = ["demo_support"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
