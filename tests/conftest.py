"""Fixtures shared by the unit tests."""

import pytest
from reference import random_rbm


@pytest.fixture(params=[(3, 2), (2, 4), (4, 4), (1, 1), (5, 1)], ids=lambda s: f"{s[0]}x{s[1]}")
def tiny_rbm(request):
    n_visible, n_hidden = request.param
    return random_rbm(n_visible, n_hidden, seed=n_visible * 10 + n_hidden)
