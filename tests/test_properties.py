"""Property-based tests over random shapes and parameters (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import all_states
from scipy.special import logsumexp

import rbmlib
from rbmlib import RBM, exact


@st.composite
def rbms(draw, max_visible=6, max_hidden=6, max_scale=20.0):
    n_visible = draw(st.integers(1, max_visible))
    n_hidden = draw(st.integers(1, max_hidden))
    scale = draw(st.floats(0.0, max_scale))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    return RBM(
        scale * rng.standard_normal((n_visible, n_hidden)),
        scale * rng.standard_normal(n_visible),
        scale * rng.standard_normal(n_hidden),
    )


def brute_log_Z(rbm):
    """log Σ_{v,h} e^{−E(v,h)} over every pair, with the energy written out as a double sum."""
    V, H = all_states(rbm.n_visible), all_states(rbm.n_hidden)
    neg_energy = (V @ rbm.a)[:, None] + (H @ rbm.b)[None, :] + V @ rbm.W @ H.T
    return logsumexp(neg_energy)


@settings(max_examples=60, deadline=None)
@given(rbms())
def test_log_partition_is_the_log_sum_over_all_pairs(rbm):
    expected = brute_log_Z(rbm)
    assert np.isclose(exact.log_partition(rbm), expected, rtol=1e-12, atol=1e-10)


@settings(max_examples=60, deadline=None)
@given(rbms(max_visible=14, max_hidden=14, max_scale=3.0))
def test_log_partition_does_not_depend_on_which_layer_is_enumerated(rbm):
    swapped = RBM(rbm.W.T, rbm.b, rbm.a)
    assert np.isclose(exact.log_partition(rbm), exact.log_partition(swapped), rtol=1e-12)
    M, c, d, _ = exact.log_z._enumeration_view(rbm)
    if np.max(np.abs(d) + np.abs(M).sum(axis=1)) <= exact.log_z._FAST_PATH_MAX_INPUT:
        assert np.isclose(
            exact.log_z._log_partition_fast(M, c, d), exact.log_z._log_partition_plain(M, c, d),
            rtol=1e-12,
        )


@settings(max_examples=60, deadline=None)
@given(rbms(max_scale=200.0))
def test_free_energy_lies_between_min_energy_and_min_energy_minus_entropy(rbm):
    # −log Σ_h e^{−E(v,h)} is at most min_h E and at least min_h E − n_hidden·log 2
    V, H = all_states(rbm.n_visible), all_states(rbm.n_hidden)
    neg_energy = (V @ rbm.a)[:, None] + (H @ rbm.b)[None, :] + V @ rbm.W @ H.T
    min_energy = -neg_energy.max(axis=1)
    F = rbmlib.free_energy(rbm, V)
    slack = 1e-9 * (1 + np.abs(min_energy))
    assert np.all(F <= min_energy + slack)
    assert np.all(F >= min_energy - rbm.n_hidden * np.log(2) - slack)


@settings(max_examples=40, deadline=None)
@given(rbms(max_scale=1000.0))
def test_extreme_parameters_give_finite_normalised_distributions(rbm):
    p = exact.visible_distribution(rbm)
    assert np.all(np.isfinite(p)) and np.isclose(p.sum(), 1.0, atol=1e-9)
    log_lik = exact.log_likelihood(rbm, all_states(rbm.n_visible))
    assert np.isfinite(log_lik)
    assert np.all(np.isfinite(exact.gradient(rbm, all_states(rbm.n_visible)).to_vector()))


@settings(max_examples=40, deadline=None)
@given(rbms(max_scale=50.0), st.integers(1, 20), st.integers(0, 2**31))
def test_conditionals_are_probabilities_and_samples_binary(rbm, n_rows, seed):
    rng = np.random.default_rng(seed)
    v = (rng.random((n_rows, rbm.n_visible)) < 0.5).astype(float)
    v_before = v.copy()
    p = rbmlib.prob_h_given_v(rbm, v)
    assert p.shape == (n_rows, rbm.n_hidden) and np.all((p >= 0) & (p <= 1))
    h = rbmlib.sample_h_given_v(rbm, v, rng)
    assert set(np.unique(h)) <= {0.0, 1.0}
    v_new = rbmlib.gibbs_chain(rbm, v, 2, rng)
    assert v_new.shape == v.shape and set(np.unique(v_new)) <= {0.0, 1.0}
    np.testing.assert_array_equal(v, v_before)


@settings(max_examples=40, deadline=None)
@given(rbms(max_scale=5.0), st.floats(-10, 10))
def test_arithmetic_is_element_wise(rbm, c):
    other = RBM.random(rbm.n_visible, rbm.n_hidden, rng=0, scale=1.0)
    np.testing.assert_allclose(
        (rbm + c * other).to_vector(), rbm.to_vector() + c * other.to_vector(), rtol=1e-15
    )
    np.testing.assert_allclose(((rbm + other) - other).to_vector(), rbm.to_vector(), atol=1e-12)
