"""Fixtures of the casework tests."""

from __future__ import annotations

import pytest
from deskhelpers import Desk, make_desk


@pytest.fixture
def desk(db) -> Desk:
    """Two teams, their users and a counselling case opened 60 days ago."""
    return make_desk()
