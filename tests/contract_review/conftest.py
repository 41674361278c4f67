"""Fixtures for the contract review tests (no Django needed)."""

from __future__ import annotations

import pytest
from contract_review.contract_cases import AS_OF, PRICE_ROWS

from sifasuo.contract_review.engine import parse_price_rows, review_text


@pytest.fixture
def prices():
    return parse_price_rows(PRICE_ROWS, "prices.csv")


@pytest.fixture
def review(prices):
    """Review a text with the test price table on the fixed review date."""

    def _review(text: str, **kwargs):
        kwargs.setdefault("prices", prices)
        kwargs.setdefault("as_of", AS_OF)
        return review_text(text, file="c.txt", **kwargs)

    return _review
