"""Fixtures shared by the unit tests."""

import pytest
from reference import random_rbm


@pytest.fixture(params=[(3, 2), (2, 4), (4, 4), (1, 1), (5, 1)], ids=lambda s: f"{s[0]}x{s[1]}")
def tiny_rbm(request):
    n_visible, n_hidden = request.param
    return random_rbm(n_visible, n_hidden, seed=n_visible * 10 + n_hidden)


def pytest_collection_modifyitems(session, config, items):
    # Under nbval (make notebooks), each chapter ends with its sliders moved to both ends.
    from widget_probe import add_probes

    add_probes(items)
