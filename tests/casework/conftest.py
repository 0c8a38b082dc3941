"""Fixtures of the officials' side of cases."""

import pytest


@pytest.fixture
def switch(client, login):
    """Sign out whoever is signed in, then sign this official in."""

    def sign_in_as(user):
        client.post("/accounts/logout")
        return login(user)

    return sign_in_as
