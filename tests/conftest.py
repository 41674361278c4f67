import pytest

import factories


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
