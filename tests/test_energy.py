"""Energy and free energy against their definitions."""

import itertools
import math

import numpy as np
import pytest
from reference import all_states, brute_energy, random_rbm

import rbmlib
from rbmlib import RBM


def test_energy_matches_the_sum_of_terms(tiny_rbm):
    V, H = all_states(tiny_rbm.n_visible), all_states(tiny_rbm.n_hidden)
    pairs = list(itertools.product(V, H))
    v = np.array([p[0] for p in pairs])
    h = np.array([p[1] for p in pairs])
    expected = [brute_energy(tiny_rbm, vi, hi) for vi, hi in pairs]
    np.testing.assert_allclose(rbmlib.energy(tiny_rbm, v, h), expected, rtol=1e-12, atol=1e-12)


def test_single_states_give_floats():
    rbm = RBM([[2.0]], [1.0], [-1.0])
    assert rbmlib.energy(rbm, [1], [1]) == -2.0
    assert isinstance(rbmlib.free_energy(rbm, [1]), float)


def test_free_energy_is_minus_log_of_the_sum_over_h(tiny_rbm):
    V, H = all_states(tiny_rbm.n_visible), all_states(tiny_rbm.n_hidden)
    expected = [
        -math.log(sum(math.exp(-brute_energy(tiny_rbm, v, h)) for h in H)) for v in V
    ]
    np.testing.assert_allclose(rbmlib.free_energy(tiny_rbm, V), expected, rtol=1e-12, atol=1e-12)


def test_hidden_free_energy_is_minus_log_of_the_sum_over_v(tiny_rbm):
    V, H = all_states(tiny_rbm.n_visible), all_states(tiny_rbm.n_hidden)
    expected = [
        -math.log(sum(math.exp(-brute_energy(tiny_rbm, v, h)) for v in V)) for h in H
    ]
    np.testing.assert_allclose(
        rbmlib.hidden_free_energy(tiny_rbm, H), expected, rtol=1e-12, atol=1e-12
    )


def test_free_energy_stays_finite_and_exact_for_huge_weights():
    # softplus(±1000) must be 1000 and 0, where log(1 + exp(x)) would overflow to inf.
    rbm = RBM([[1000.0, -1000.0]], [0.0], [0.0, 0.0])
    assert rbmlib.free_energy(rbm, [1]) == pytest.approx(-1000.0, abs=1e-9)
    assert rbmlib.free_energy(rbm, [0]) == pytest.approx(-2 * math.log(2.0), abs=1e-12)


def test_inputs_are_not_modified():
    rbm = random_rbm(3, 2, seed=0)
    v = np.array([[1.0, 0.0, 1.0]])
    h = np.array([[0.0, 1.0]])
    v_copy, h_copy, theta = v.copy(), h.copy(), rbm.to_vector()
    rbmlib.energy(rbm, v, h)
    rbmlib.free_energy(rbm, v)
    np.testing.assert_array_equal(v, v_copy)
    np.testing.assert_array_equal(h, h_copy)
    np.testing.assert_array_equal(rbm.to_vector(), theta)
