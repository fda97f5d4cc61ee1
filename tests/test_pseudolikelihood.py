"""Pseudolikelihood against the joint table, finite differences and scikit-learn."""

import numpy as np
import pytest
from reference import all_states, central_difference, random_rbm
from reference_pseudolikelihood import joint_log_conditionals, log_space_log_conditionals
from sklearn.neural_network import BernoulliRBM

import rbmlib
from rbmlib import RBM, _flips
from rbmlib.pseudolikelihood import (
    PseudoLikelihood,
    log_conditionals,
    pseudo_log_likelihood,
    pseudo_log_likelihood_gradient,
    stochastic_pseudo_log_likelihood,
)


@pytest.fixture(params=["fast", "plain"])
def path(request, monkeypatch):
    """Run a test on the fast path (products of e^{±W}) and on the plain path (logaddexp)."""
    if request.param == "plain":
        monkeypatch.setattr(_flips, "_FAST_PATH_MAX_ROW_SUM", -1.0)
    return request.param


def some_rows(n_visible, seed=0, n_rows=6):
    return (np.random.default_rng(seed).random((n_rows, n_visible)) < 0.5).astype(float)


def huge_rbm(sign):
    W = sign * 1000.0 * np.array([[1.0, -1.0], [0.5, 1.0], [-1.0, 0.25]])
    return RBM(W, [1000.0, 0.0, -1000.0], [0.0, sign * 1000.0])


def test_log_conditionals_match_the_joint_table(tiny_rbm, path):
    assert (_flips._exp_W(tiny_rbm.W) is not None) == (path == "fast")
    V = all_states(tiny_rbm.n_visible)
    np.testing.assert_allclose(
        log_conditionals(tiny_rbm, V), joint_log_conditionals(tiny_rbm, V), rtol=1e-10, atol=1e-12
    )
    expected = joint_log_conditionals(tiny_rbm, V).sum(axis=1).mean()
    assert pseudo_log_likelihood(tiny_rbm, V) == pytest.approx(expected, rel=1e-10)


def test_single_state_and_one_visible_unit():
    rbm = random_rbm(1, 3, seed=5)
    # with one visible unit p(v_1 | v_{−1}) = p(v_1): the PL is the log-likelihood
    assert pseudo_log_likelihood(rbm, [[1], [0]]) == pytest.approx(
        rbmlib.exact.log_likelihood(rbm, [[1], [0]]), abs=1e-12
    )
    rbm = random_rbm(4, 2, seed=6)
    v = [1, 0, 0, 1]
    np.testing.assert_array_equal(log_conditionals(rbm, v), log_conditionals(rbm, [v])[0])
    assert pseudo_log_likelihood(rbm, v) == pytest.approx(pseudo_log_likelihood(rbm, [v]))


def test_paths_and_blocks_agree(monkeypatch):
    rbm = random_rbm(20, 7, seed=1, scale=2.0)
    data = some_rows(20, n_rows=300)
    fast = log_conditionals(rbm, data)
    grad_fast = pseudo_log_likelihood_gradient(rbm, data).to_vector()
    monkeypatch.setattr(_flips, "_CHUNK_ELEMENTS", 1)  # one row per block
    np.testing.assert_allclose(log_conditionals(rbm, data), fast, rtol=1e-13, atol=1e-14)
    monkeypatch.setattr(_flips, "_FAST_PATH_MAX_ROW_SUM", -1.0)
    np.testing.assert_allclose(log_conditionals(rbm, data), fast, rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(
        pseudo_log_likelihood_gradient(rbm, data).to_vector(), grad_fast, rtol=1e-11, atol=1e-13
    )


def test_gradient_matches_central_differences(tiny_rbm, path):
    nv, nh = tiny_rbm.n_visible, tiny_rbm.n_hidden
    data = some_rows(nv, seed=nv + nh)

    def f(theta):
        return pseudo_log_likelihood(RBM.from_vector(theta, nv, nh), data)

    numeric = central_difference(f, tiny_rbm.to_vector(), eps=1e-5)
    # central-difference error: truncation eps²·|f'''| plus rounding ε|f|/eps, both ~1e-10
    # (at most 5e-11 seen): rtol 1e-7 / atol 1e-8 leave a wide margin and still catch any slip
    np.testing.assert_allclose(
        pseudo_log_likelihood_gradient(tiny_rbm, data).to_vector(), numeric, rtol=1e-7, atol=1e-8
    )


def test_estimator_is_the_gradient():
    rbm, data = random_rbm(5, 3, seed=2), some_rows(5)
    estimator = PseudoLikelihood()
    assert repr(estimator) == "PseudoLikelihood()"
    step = estimator(rbm, data, np.random.default_rng(0))
    np.testing.assert_array_equal(
        step.to_vector(), pseudo_log_likelihood_gradient(rbm, data).to_vector()
    )
    # a small ascent step raises the pseudo-log-likelihood
    assert pseudo_log_likelihood(rbm + 0.01 * step, data) > pseudo_log_likelihood(rbm, data)


@pytest.mark.parametrize("n_bits", [1, 3])
def test_stochastic_estimate_is_unbiased(n_bits):
    rbm, data = random_rbm(5, 3, seed=3, scale=1.5), some_rows(5, seed=1, n_rows=4)
    estimates = np.array(
        [stochastic_pseudo_log_likelihood(rbm, data, rng=s, n_bits=n_bits)[0] for s in range(2000)]
    )
    standard_error = estimates.std(ddof=1) / np.sqrt(estimates.size)  # SE of the mean of the draws
    assert standard_error > 0
    # tolerance: 5 standard errors of the mean over the 2000 seeds
    assert abs(estimates.mean() - pseudo_log_likelihood(rbm, data)) < 5 * standard_error


@pytest.mark.parametrize(("n_rows", "n_bits"), [(20, 1), (1, 8)])
def test_stochastic_standard_error_is_the_monte_carlo_error(n_rows, n_bits):
    # identical rows: no spread of the exact PL across rows, so E[se²] = Var(estimate)
    rbm = random_rbm(6, 3, seed=4, scale=1.5)
    data = np.repeat(some_rows(6, seed=2, n_rows=1), n_rows, axis=0)
    draws = np.array(
        [stochastic_pseudo_log_likelihood(rbm, data, rng=s, n_bits=n_bits) for s in range(2000)]
    )
    estimates, ses = draws[:, 0], draws[:, 1]
    k = estimates.size
    z = ses**2 - (estimates - estimates.mean()) ** 2 * k / (k - 1)  # mean z estimates E[se²] − Var
    # tolerance: 5 standard errors of the mean of z over the 2000 seeds
    assert abs(z.mean()) < 5 * z.std(ddof=1) / np.sqrt(k)


def test_stochastic_standard_error_edge_cases():
    rbm, v = random_rbm(4, 2, seed=7), [[1, 0, 1, 1]]
    assert stochastic_pseudo_log_likelihood(rbm, v, rng=0).standard_error == np.inf
    estimate, se = stochastic_pseudo_log_likelihood(rbm, v, rng=0, n_bits=5)
    assert np.isfinite(se) and se > 0
    assert estimate <= 0
    first = stochastic_pseudo_log_likelihood(rbm, some_rows(4), rng=np.random.default_rng(9))
    again = stochastic_pseudo_log_likelihood(rbm, some_rows(4), rng=9)
    assert first == again


def sklearn_rbm(rbm, random_state):
    model = BernoulliRBM(n_components=rbm.n_hidden, random_state=random_state)
    model.components_ = rbm.W.T.copy()
    model.intercept_hidden_ = rbm.b.copy()
    model.intercept_visible_ = rbm.a.copy()
    model.n_features_in_ = rbm.n_visible
    return model


def test_sklearn_score_samples_is_the_one_bit_estimator():
    rbm, data = random_rbm(4, 3, seed=8, scale=1.5), some_rows(4, seed=3, n_rows=5)
    conditionals = joint_log_conditionals(rbm, data)  # (n_rows, n_visible)
    scores = np.array([sklearn_rbm(rbm, seed).score_samples(data) for seed in range(1500)])
    # each score is n_visible · log p(v_i | v_{−i}) for one bit i of its row, exactly
    gap = np.abs(scores[:, :, None] - rbm.n_visible * conditionals[None, :, :]).min(axis=2)
    assert gap.max() < 1e-10
    # its mean over the random bit is the row's exact pseudo-log-likelihood: unbiased per row
    standard_error = scores.std(axis=0, ddof=1) / np.sqrt(scores.shape[0])
    # tolerance: 5 standard errors of the mean over the 1500 random_state values, row by row
    assert np.all(np.abs(scores.mean(axis=0) - conditionals.sum(axis=1)) < 5 * standard_error)
    # an integer random_state re-seeds every call: the same bits are flipped each time
    model = sklearn_rbm(rbm, 0)
    np.testing.assert_array_equal(model.score_samples(data), model.score_samples(data))


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_huge_weights_give_finite_exact_values(sign):
    rbm, V = huge_rbm(sign), all_states(3)
    values = log_conditionals(rbm, V)
    assert np.all(np.isfinite(values)) and np.all(values <= 0)
    np.testing.assert_allclose(values, log_space_log_conditionals(rbm, V), rtol=1e-12, atol=1e-9)
    assert np.isfinite(pseudo_log_likelihood(rbm, V))
    assert np.isfinite(stochastic_pseudo_log_likelihood(rbm, V, rng=0, n_bits=2).estimate)
    assert np.all(np.isfinite(pseudo_log_likelihood_gradient(rbm, V).to_vector()))


def test_inputs_are_not_modified():
    rbm = random_rbm(4, 3, seed=9)
    data = some_rows(4)
    before = data.copy()
    pseudo_log_likelihood(rbm, data)
    log_conditionals(rbm, data)
    stochastic_pseudo_log_likelihood(rbm, data, rng=0, n_bits=3)
    pseudo_log_likelihood_gradient(rbm, data)
    PseudoLikelihood()(rbm, data, 0)
    np.testing.assert_array_equal(data, before)


@pytest.mark.parametrize(
    "function",
    [
        pseudo_log_likelihood,
        pseudo_log_likelihood_gradient,
        lambda rbm, data: stochastic_pseudo_log_likelihood(rbm, data, rng=0),
    ],
)
def test_bad_data(function):
    rbm = random_rbm(3, 2, seed=0)
    with pytest.raises(ValueError, match=r"data must be binary .* found the value"):
        function(rbm, [[0, 0.5, 1]])
    with pytest.raises(ValueError, match=r"data must have 3 columns .* got shape \(1, 4\)"):
        function(rbm, [[0, 1, 1, 0]])
    with pytest.raises(ValueError, match=r"data must have at least one row; got shape \(0, 3\)"):
        function(rbm, np.zeros((0, 3)))
    with pytest.raises(ValueError, match="data must be finite"):
        function(rbm, [[0, np.nan, 1]])
    with pytest.raises(TypeError, match="rbm must be an rbmlib.RBM; got ndarray"):
        function(np.zeros((3, 2)), [[0, 1, 1]])


def test_bad_arguments_of_the_stochastic_estimator():
    rbm, data = random_rbm(3, 2, seed=0), [[0, 1, 1]]
    with pytest.raises(ValueError, match="n_bits must be at least 1; got 0"):
        stochastic_pseudo_log_likelihood(rbm, data, rng=0, n_bits=0)
    with pytest.raises(TypeError, match="n_bits must be an integer; got float"):
        stochastic_pseudo_log_likelihood(rbm, data, rng=0, n_bits=1.5)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator or an integer seed"):
        stochastic_pseudo_log_likelihood(rbm, data, rng=None)
    with pytest.raises(ValueError, match="v must be binary"):
        log_conditionals(rbm, [[0, 2, 1]])
