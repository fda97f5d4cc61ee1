"""Ratio matching against the joint table and finite differences."""

import numpy as np
import pytest
from reference import all_states, central_difference, random_rbm
from reference_pseudolikelihood import joint_ratio_matching_terms, log_space_log_conditionals

from rbmlib import RBM, _flips
from rbmlib.pseudolikelihood import log_conditionals
from rbmlib.ratio_matching import RatioMatching, ratio_matching_gradient, ratio_matching_loss


@pytest.fixture(params=["fast", "plain"])
def path(request, monkeypatch):
    """Run a test on the fast path (products of e^{±W}) and on the plain path (logaddexp)."""
    if request.param == "plain":
        monkeypatch.setattr(_flips, "_FAST_PATH_MAX_ROW_SUM", -1.0)
    return request.param


def some_rows(n_visible, seed=0, n_rows=6):
    return (np.random.default_rng(seed).random((n_rows, n_visible)) < 0.5).astype(float)


def test_loss_matches_the_joint_table(tiny_rbm, path):
    V = all_states(tiny_rbm.n_visible)
    expected = joint_ratio_matching_terms(tiny_rbm, V).sum(axis=1).mean()
    assert ratio_matching_loss(tiny_rbm, V) == pytest.approx(expected, rel=1e-10)
    rows = V[[0, -1, 0]]  # repeated rows count twice
    expected = joint_ratio_matching_terms(tiny_rbm, rows).sum(axis=1).mean()
    assert ratio_matching_loss(tiny_rbm, rows) == pytest.approx(expected, rel=1e-10)


def test_each_term_is_the_squared_probability_of_the_wrong_value():
    rbm, data = random_rbm(5, 3, seed=1, scale=2.0), some_rows(5)
    wrong = 1.0 - np.exp(log_conditionals(rbm, data))  # 1 − p(v_i | v_{−i}) = p(flip_i v | v_{−i})
    assert ratio_matching_loss(rbm, data) == pytest.approx((wrong**2).sum(axis=1).mean(), rel=1e-12)


def test_gradient_is_minus_the_gradient_of_the_loss(tiny_rbm, path):
    nv, nh = tiny_rbm.n_visible, tiny_rbm.n_hidden
    data = some_rows(nv, seed=nv + nh)

    def loss(theta):
        return ratio_matching_loss(RBM.from_vector(theta, nv, nh), data)

    numeric = central_difference(loss, tiny_rbm.to_vector(), eps=1e-5)
    # error of a central difference: truncation eps²·|f'''| plus rounding ε|f|/eps, both ~1e-10
    np.testing.assert_allclose(
        ratio_matching_gradient(tiny_rbm, data).to_vector(), -numeric, rtol=1e-7, atol=1e-8
    )


def test_paths_agree(monkeypatch):
    rbm, data = random_rbm(20, 7, seed=2, scale=2.0), some_rows(20, n_rows=300)
    loss, grad = ratio_matching_loss(rbm, data), ratio_matching_gradient(rbm, data).to_vector()
    monkeypatch.setattr(_flips, "_FAST_PATH_MAX_ROW_SUM", -1.0)
    assert ratio_matching_loss(rbm, data) == pytest.approx(loss, rel=1e-12)
    plain = ratio_matching_gradient(rbm, data).to_vector()
    np.testing.assert_allclose(plain, grad, rtol=1e-10, atol=1e-13)


def test_estimator_descends_the_loss():
    rbm, data = random_rbm(5, 3, seed=3), some_rows(5)
    estimator = RatioMatching()
    assert repr(estimator) == "RatioMatching()"
    step = estimator(rbm, data, np.random.default_rng(0))
    np.testing.assert_array_equal(step.to_vector(), ratio_matching_gradient(rbm, data).to_vector())
    assert ratio_matching_loss(rbm + 0.01 * step, data) < ratio_matching_loss(rbm, data)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_huge_weights_give_finite_exact_values(sign):
    W = sign * 1000.0 * np.array([[1.0, -1.0], [0.5, 1.0], [-1.0, 0.25]])
    rbm, V = RBM(W, [1000.0, 0.0, -1000.0], [0.0, sign * 1000.0]), all_states(3)
    wrong = -np.expm1(log_space_log_conditionals(rbm, V))  # 1 − p(v_i | v_{−i})
    loss = ratio_matching_loss(rbm, V)
    assert np.isfinite(loss)
    assert loss == pytest.approx((wrong**2).sum(axis=1).mean(), rel=1e-12)
    assert np.all(np.isfinite(ratio_matching_gradient(rbm, V).to_vector()))


def test_inputs_are_not_modified():
    rbm, data = random_rbm(4, 3, seed=4), some_rows(4)
    before = data.copy()
    ratio_matching_loss(rbm, data)
    ratio_matching_gradient(rbm, data)
    RatioMatching()(rbm, data, 0)
    np.testing.assert_array_equal(data, before)


@pytest.mark.parametrize("function", [ratio_matching_loss, ratio_matching_gradient])
def test_bad_data(function):
    rbm = random_rbm(3, 2, seed=0)
    with pytest.raises(ValueError, match=r"data must be binary .* found the value"):
        function(rbm, [[0, 0.5, 1]])
    with pytest.raises(ValueError, match=r"data must have 3 columns .* got shape \(1, 4\)"):
        function(rbm, [[0, 1, 1, 0]])
    with pytest.raises(ValueError, match=r"data must have at least one row; got shape \(0, 3\)"):
        function(rbm, np.zeros((0, 3)))
    with pytest.raises(ValueError, match="data must be finite"):
        function(rbm, [[0, np.inf, 1]])
    with pytest.raises(TypeError, match="rbm must be an rbmlib.RBM; got list"):
        function([[1.0]], [[0, 1, 1]])
