"""Fixtures for the units tests: an administrator of the whole site, and messages read in English."""

import pytest
from flask_babel import force_locale

from portal.accounts.models import Role


@pytest.fixture
def site_admin(create_user):
    return create_user(role=Role.site_admin, unit=None)


@pytest.fixture
def english():
    """Services speak Vietnamese outside a request; tests read their messages in English, the msgids."""
    with force_locale("en"):
        yield
