"""Exact enumeration against the brute-force joint table and finite differences."""

import numpy as np
import pytest
from reference import Joint, all_states, central_difference, random_rbm

import rbmlib
from rbmlib import RBM, exact


def test_states_are_lexicographic():
    np.testing.assert_array_equal(exact.states(3), all_states(3))


def test_state_index_inverts_states():
    np.testing.assert_array_equal(exact.state_index(exact.states(5)), np.arange(32))
    trajectory = exact.states(3)[[[1, 2], [7, 0]]]  # shape (2, 2, 3)
    np.testing.assert_array_equal(exact.state_index(trajectory), [[1, 2], [7, 0]])
    with pytest.raises(ValueError, match="s must be binary"):
        exact.state_index([[0, 2]])


def test_log_partition_matches_the_joint_table(tiny_rbm):
    assert exact.log_partition(tiny_rbm) == pytest.approx(Joint(tiny_rbm).log_Z, abs=1e-10)


@pytest.mark.parametrize(("n_visible", "n_hidden"), [(12, 3), (3, 12), (20, 11), (11, 20), (7, 14)])
def test_both_enumeration_directions_and_both_paths_agree(n_visible, n_hidden):
    # 2^11 or more states: the fast path splits the bits into high and low parts.
    rbm = random_rbm(n_visible, n_hidden, seed=n_visible + n_hidden, scale=0.7)
    M, c, d, _ = exact.log_z._enumeration_view(rbm)
    plain = exact.log_z._log_partition_plain(M, c, d)
    assert exact.log_z._log_partition_fast(M, c, d) == pytest.approx(plain, abs=1e-9)
    assert exact.log_partition(rbm) == pytest.approx(plain, abs=1e-9)
    swapped = RBM(rbm.W.T, rbm.b, rbm.a)  # the same model with the layers' roles exchanged
    assert exact.log_partition(swapped) == pytest.approx(plain, abs=1e-9)


def test_fast_path_handles_large_inputs_by_grouping():
    # inputs up to ~190: single factors 1 + e^190 are fine, products of four would overflow
    rng = np.random.default_rng(0)
    W = rng.uniform(-8, 8, (13, 12))  # 12 hidden units are enumerated; visible unit 0 is large
    W[0] = 14.0
    rbm = RBM(W, np.r_[10.0, rng.uniform(-5, 5, 12)], rng.uniform(-5, 5, 12))
    M, c, d, _ = exact.log_z._enumeration_view(rbm)
    assert np.max(np.abs(d) + np.abs(M).sum(axis=1)) <= exact.log_z._FAST_PATH_MAX_INPUT
    assert np.max(d + np.maximum(M, 0).sum(axis=1)) > 100
    assert exact.log_z._log_partition_fast(M, c, d) == pytest.approx(
        exact.log_z._log_partition_plain(M, c, d), rel=1e-12
    )


@pytest.mark.parametrize("scale", [1000.0, -1000.0])
def test_huge_weights_give_finite_exact_answers(scale):
    rbm = RBM(scale * np.array([[1.0, -1.0], [0.5, 1.0], [-1.0, 0.25]]), [1000.0, 0, -1000.0], [0, 1000.0])
    joint = Joint(rbm)
    log_Z = exact.log_partition(rbm)
    assert np.isfinite(log_Z)
    assert log_Z == pytest.approx(joint.log_Z, rel=1e-12)
    log_lik = exact.log_likelihood(rbm, all_states(3))
    assert np.isfinite(log_lik)
    # p(v) underflows to 0 for most states, so compare log p where it is finite
    log_p = exact.log_prob(rbm, all_states(3))
    with np.errstate(divide="ignore"):
        expected = np.log(joint.p_v)
    finite = np.isfinite(expected)
    np.testing.assert_allclose(log_p[finite], expected[finite], rtol=1e-12)
    assert np.all(np.isfinite(exact.gradient(rbm, all_states(3)).to_vector()))


def test_log_likelihood_and_log_prob(tiny_rbm):
    joint = Joint(tiny_rbm)
    data = joint.V[[0, -1, 0]]
    expected = np.log(joint.p_v[[0, -1, 0]])
    np.testing.assert_allclose(exact.log_prob(tiny_rbm, data), expected, atol=1e-10)
    assert exact.log_likelihood(tiny_rbm, data) == pytest.approx(expected.mean(), abs=1e-10)
    known = exact.log_likelihood(tiny_rbm, data, log_Z=joint.log_Z)
    assert known == pytest.approx(expected.mean(), abs=1e-10)


def test_visible_distribution_is_the_marginal(tiny_rbm):
    p = exact.visible_distribution(tiny_rbm)
    np.testing.assert_allclose(p, Joint(tiny_rbm).p_v, atol=1e-12)
    assert p.sum() == pytest.approx(1.0, abs=1e-12)


def test_model_moments_match_the_joint_table(tiny_rbm):
    e_vh, e_v, e_h = Joint(tiny_rbm).moments()
    moments = exact.model_moments(tiny_rbm)
    np.testing.assert_allclose(moments.W, e_vh, atol=1e-12)
    np.testing.assert_allclose(moments.a, e_v, atol=1e-12)
    np.testing.assert_allclose(moments.b, e_h, atol=1e-12)


def test_log_partition_gradient_is_the_model_mean(tiny_rbm):
    """∇θ log Z = E_model[∇θ log p̃] by central differences.

    With ε = 1e-5 the truncation error is ε²/6 · |third derivative| (the third cumulant of the
    bounded statistics, here below ~1) ≈ 2e-11, and the round-off about 1e-16·|log Z|/ε ≈ 1e-10:
    atol 1e-7 leaves three orders of margin and still catches any wrong moment (errors ≥ 1e-3).
    """
    n_v, n_h = tiny_rbm.n_visible, tiny_rbm.n_hidden
    numeric = central_difference(
        lambda t: exact.log_partition(RBM.from_vector(t, n_v, n_h)), tiny_rbm.to_vector()
    )
    np.testing.assert_allclose(exact.model_moments(tiny_rbm).to_vector(), numeric, atol=1e-7)


def test_gradient_matches_finite_differences_of_the_log_likelihood(tiny_rbm):
    rng = np.random.default_rng(1)
    data = (rng.random((7, tiny_rbm.n_visible)) < 0.5).astype(float)
    n_v, n_h = tiny_rbm.n_visible, tiny_rbm.n_hidden
    numeric = central_difference(
        lambda t: exact.log_likelihood(RBM.from_vector(t, n_v, n_h), data), tiny_rbm.to_vector()
    )
    np.testing.assert_allclose(exact.gradient(tiny_rbm, data).to_vector(), numeric, atol=1e-7)


def test_gradient_is_positive_minus_negative_phase():
    rbm = random_rbm(4, 3, seed=9)
    data = all_states(4)[[1, 5, 9, 15]]
    grad = exact.gradient(rbm, data)
    expected = rbmlib.data_moments(rbm, data) - exact.model_moments(rbm)
    np.testing.assert_array_equal(grad.to_vector(), expected.to_vector())


def test_data_moments_sum_out_the_hidden_units():
    rbm = random_rbm(3, 2, seed=4)
    joint = Joint(rbm)
    data = joint.V[[2, 3, 3, 7]]
    e_vh = np.zeros((3, 2))
    for v in data:
        iv = joint.index_v(v)
        p_h = joint.p[iv] / joint.p_v[iv]
        e_vh += np.outer(v, p_h @ joint.H) / len(data)
    moments = rbmlib.data_moments(rbm, data)
    np.testing.assert_allclose(moments.W, e_vh, atol=1e-12)
    np.testing.assert_allclose(moments.a, data.mean(axis=0), atol=1e-12)


def test_sample_moments_are_plain_averages():
    v = np.array([[1.0, 0.0], [1.0, 1.0]])
    h = np.array([[0.5], [1.0]])
    moments = rbmlib.sample_moments(v, h)
    np.testing.assert_allclose(moments.W, [[0.75], [0.5]])
    np.testing.assert_allclose(moments.a, [1.0, 0.5])
    np.testing.assert_allclose(moments.b, [0.75])
    with pytest.raises(ValueError, match="same number of rows"):
        rbmlib.sample_moments(v, h[:1])


def test_transition_matrix_is_stochastic_and_leaves_p_invariant(tiny_rbm):
    joint = Joint(tiny_rbm)
    T = exact.gibbs_transition_matrix(tiny_rbm)
    p_h_given_v = joint.p / joint.p_v[:, None]
    p_v_given_h = (joint.p / joint.p_h[None, :]).T
    np.testing.assert_allclose(T, p_h_given_v @ p_v_given_h, atol=1e-12)
    np.testing.assert_allclose(T.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(joint.p_v @ T, joint.p_v, atol=1e-12)


@pytest.mark.parametrize(
    ("call", "states"),
    [
        (lambda: exact.log_partition(RBM.zeros(40, 30)), "2\\*\\*30 = 1,073,741,824"),
        (lambda: exact.model_moments(RBM.zeros(26, 26)), "2\\*\\*26"),
        (lambda: exact.visible_distribution(RBM.zeros(26, 2)), "2\\*\\*26"),
        (lambda: exact.gibbs_transition_matrix(RBM.zeros(16, 10)), "2\\*\\*26"),
        (lambda: exact.states(30), "2\\*\\*30"),
    ],
)
def test_too_many_states_are_refused_at_once(call, states, monkeypatch):
    def no_enumeration(*args):
        raise AssertionError("the refusal must come before any state is enumerated")

    monkeypatch.setattr(exact, "_states_block", no_enumeration)
    with pytest.raises(ValueError, match=f"{states}.*annealed importance sampling"):
        call()


@pytest.mark.parametrize(("n_visible", "n_hidden"), [(4, 2), (3, 5)])  # both enumeration directions
def test_exact_samples_follow_p_of_v(n_visible, n_hidden):
    rbm = random_rbm(n_visible, n_hidden, seed=4, scale=1.5)
    n = 20_000
    v = exact.sample(rbm, n, rng=0)
    assert v.shape == (n, n_visible) and set(np.unique(v)) <= {0.0, 1.0}
    observed = np.bincount(exact.state_index(v), minlength=2**n_visible)
    expected = n * Joint(rbm).p_v
    # Pearson's chi-squared statistic over the 2^n_visible states, df = 2^n_visible - 1. Its
    # 0.9999 quantile is the bound: a correct sampler fails one run in 10,000; a sampler with a
    # wrong conditional or an unnormalised p(h) lands far above it.
    from scipy.stats import chi2

    statistic = ((observed - expected) ** 2 / expected).sum()
    assert statistic < chi2.ppf(0.9999, df=2**n_visible - 1), statistic


def test_exact_samples_are_reproducible_and_refuse_bad_input():
    rbm = random_rbm(3, 2, seed=1)
    np.testing.assert_array_equal(exact.sample(rbm, 5, rng=3), exact.sample(rbm, 5, rng=3))
    with pytest.raises(ValueError, match="n_samples"):
        exact.sample(rbm, 0, rng=0)
    with pytest.raises(TypeError, match="rng"):
        exact.sample(rbm, 5, rng=None)
    with pytest.raises(ValueError, match="annealed importance sampling"):
        exact.sample(RBM.zeros(30, 30), 1, rng=0)
