"""The Gaussian–Bernoulli RBM against quadrature, brute-force sums over h and finite differences.

Tolerances: exact identities 1e-12 (float64 round-off on O(10) numbers); quadrature 1e-8 relative
(QUADPACK is asked for 1e-11 in one dimension, scipy's cubature for 1e-10 in two); central
differences of step 1e-5 have error O(ε²) ≈ 1e-10 plus round-off ≈ 1e-11, so 1e-7; Monte Carlo
means allow
Z_SCORE = 5 standard errors computed in the test (a correct sampler fails one such check with
probability ≈ 6e-7; the seeds are fixed).
"""

import pickle

import numpy as np
import pytest
from reference import all_states, central_difference
from reference_gaussian import (
    brute_energy,
    brute_free_energy,
    integrate_over_v,
    log_joint_rows,
    quadrature_log_partition,
    random_gaussian_rbm,
)

from rbmlib import RBM
from rbmlib import gaussian as g
from rbmlib.gaussian import GaussianRBM

Z_SCORE = 5.0


def _one(V):
    return np.ones(len(V))
SHAPES = [(1, 1), (1, 3), (2, 2), (3, 1), (3, 4)]


# --- the parameter object ---------------------------------------------------------------------
def test_arrays_are_copied_to_read_only_float64():
    W = np.ones((2, 3), dtype=int)
    log_sigma = np.zeros(2, dtype=np.float32)
    model = GaussianRBM(W, [0, 1], np.zeros(3), log_sigma)
    assert all(x.dtype == np.float64 for x in (model.W, model.a, model.b, model.log_sigma))
    W[0, 0] = 7
    log_sigma[0] = 3.0
    assert model.W[0, 0] == 1.0 and model.log_sigma[0] == 0.0, "must not alias the caller's arrays"
    with pytest.raises(ValueError, match="read-only"):
        model.log_sigma[0] = 1.0
    with pytest.raises(AttributeError, match="immutable"):
        model.W = np.ones((2, 3))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((np.ones((2, 3)), np.zeros(3), np.zeros(3), np.zeros(2)),
         r"a must have shape \(n_visible,\) = \(2,\)"),
        ((np.ones((2, 3)), np.zeros(2), np.zeros(2), np.zeros(2)),
         r"b must have shape \(n_hidden,\) = \(3,\)"),
        ((np.ones((2, 3)), np.zeros(2), np.zeros(3), np.zeros(3)),
         r"log_sigma must have shape \(n_visible,\) = \(2,\)"),
        ((np.ones((2, 3)), np.zeros(2), np.zeros(3), 0.0), "log_sigma must be a 1-D array"),
        ((np.ones((1, 1)), [0.0], [0.0], [np.nan]), "log_sigma must be finite; got 1 NaN"),
        ((np.ones((1, 1)), [0.0], [0.0], [np.inf]), "log_sigma must be finite"),
        (([[np.nan]], [0.0], [0.0], [0.0]), "W must be finite"),
        ((np.ones((0, 2)), [], [0.0, 0.0], []), "at least one visible and one hidden"),
    ],
)
def test_bad_parameters_are_refused(args, message):
    with pytest.raises(ValueError, match=message):
        GaussianRBM(*args)


def test_arithmetic_vectors_and_pickling():
    model = random_gaussian_rbm(3, 2, seed=0)
    other = random_gaussian_rbm(3, 2, seed=1)
    theta, phi = model.to_vector(), other.to_vector()
    assert theta.size == model.n_parameters == 3 * 2 + 3 + 2 + 3
    np.testing.assert_array_equal((model + 0.5 * other).to_vector(), theta + 0.5 * phi)
    np.testing.assert_array_equal((model - other).to_vector(), theta - phi)
    np.testing.assert_array_equal((-model / 4).to_vector(), -theta / 4)
    np.testing.assert_array_equal((model * 2).to_vector(), 2 * theta)
    np.testing.assert_array_equal(GaussianRBM.from_vector(theta, 3, 2).to_vector(), theta)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(model)).to_vector(), theta)
    np.testing.assert_allclose(model.sigma, np.exp(model.log_sigma))
    with pytest.raises(ValueError, match="cannot combine a GaussianRBM with W of shape"):
        model + random_gaussian_rbm(2, 2, seed=0)
    with pytest.raises(TypeError):
        model + RBM.zeros(3, 2)  # a binary RBM is not a GaussianRBM
    with pytest.raises(ValueError, match="theta must have"):
        GaussianRBM.from_vector(theta[:-1], 3, 2)
    with pytest.raises(ValueError, match="finite"):
        1e308 * model * 1e308  # overflow surfaces as a ValueError, not a warning


def test_random_and_zeros():
    model = GaussianRBM.random(4, 3, rng=0, scale=0.1, sigma=[1.0, 2.0, 0.5, 1.0])
    np.testing.assert_allclose(model.sigma, [1.0, 2.0, 0.5, 1.0])
    assert model.W.std() < 0.3 and not model.a.any() and not model.b.any()
    np.testing.assert_allclose(GaussianRBM.random(2, 2, rng=0, sigma=3.0).sigma, [3.0, 3.0])
    zeros = GaussianRBM.zeros(2, 5)
    assert not zeros.to_vector().any() and (zeros.n_visible, zeros.n_hidden) == (2, 5)
    with pytest.raises(ValueError, match="sigma must be a number or 2 numbers, all greater than 0"):
        GaussianRBM.random(2, 2, rng=0, sigma=0.0)
    with pytest.raises(ValueError, match="sigma must be a number or 2 numbers"):
        GaussianRBM.random(2, 2, rng=0, sigma=[1.0, 1.0, 1.0])


# --- energy, free energy, log Z ----------------------------------------------------------------
@pytest.mark.parametrize("shape", SHAPES)
def test_energy_and_free_energy_match_the_definitions(shape):
    model = random_gaussian_rbm(*shape, seed=sum(shape))
    rng = np.random.default_rng(1)
    v = 2.0 * rng.standard_normal((5, shape[0]))
    h = (rng.random((5, shape[1])) < 0.5).astype(float)
    expected = [brute_energy(model, v[n], h[n]) for n in range(5)]
    np.testing.assert_allclose(g.energy(model, v, h), expected, rtol=1e-12, atol=1e-12)
    assert g.energy(model, v[0], h[0]) == pytest.approx(expected[0], rel=1e-12, abs=1e-12)
    expected_f = [brute_free_energy(model, row) for row in v]
    np.testing.assert_allclose(g.free_energy(model, v), expected_f, rtol=1e-12, atol=1e-12)
    assert isinstance(g.free_energy(model, v[0]), float)


@pytest.mark.parametrize("shape", [(1, 1), (1, 2), (1, 3), (2, 1), (2, 3)])
def test_log_partition_matches_numerical_integration(shape):
    model = random_gaussian_rbm(*shape, seed=10 * shape[0] + shape[1])
    assert g.log_partition(model) == pytest.approx(quadrature_log_partition(model), rel=1e-8)


def _plain_hidden_log_weights(model):
    """log ∫ e^{−E(v, h)} dv for every h, straight from bᵀh + ½‖(a + Wh)/σ‖² − ½‖a/σ‖²."""
    H = all_states(model.n_hidden)
    sigma = np.exp(model.log_sigma)
    mu = H @ model.W.T + model.a
    gauss = np.sum(np.log(np.sqrt(2 * np.pi) * sigma))
    squares = 0.5 * np.sum((mu / sigma) ** 2, axis=1) - 0.5 * np.sum((model.a / sigma) ** 2)
    return H @ model.b + squares + gauss


@pytest.mark.parametrize("shape", [(3, 10), (2, 12), (5, 17)])
def test_blocked_enumeration_matches_the_plain_sum_over_h(shape):
    # beyond 10 hidden units the states are split into blocks of leading and trailing units
    model = random_gaussian_rbm(*shape, seed=shape[1], scale=0.5)
    log_w = _plain_hidden_log_weights(model)
    log_Z = np.logaddexp.reduce(log_w)
    assert g.log_partition(model) == pytest.approx(log_Z, rel=1e-12)
    np.testing.assert_allclose(g.hidden_distribution(model), np.exp(log_w - log_Z), rtol=1e-9,
                               atol=1e-15)


def test_log_likelihood_gradient_with_blocks_matches_finite_differences():
    model = random_gaussian_rbm(2, 12, seed=13, scale=0.5)
    data = np.random.default_rng(1).standard_normal((5, 2))

    def f(theta):
        return g.log_likelihood(GaussianRBM.from_vector(theta, 2, 12), data)

    expected = central_difference(f, model.to_vector(), eps=1e-5)
    grad = g.log_likelihood_gradient(model, data, learn_sigma=True)
    np.testing.assert_allclose(grad.to_vector(), expected, atol=1e-7)


def test_log_prob_is_a_normalised_density():
    model = random_gaussian_rbm(1, 2, seed=3)
    log_Z = g.log_partition(model)
    mass = integrate_over_v(model, _one, shift=log_Z)  # ∫ e^{−F(v) − log Z} dv
    assert mass == pytest.approx(1.0, rel=1e-8)
    v = np.array([[0.3], [-1.0]])
    expected = [-brute_free_energy(model, row) - log_Z for row in v]
    np.testing.assert_allclose(g.log_prob(model, v), expected, rtol=1e-12)
    assert g.log_prob(model, v, log_Z=log_Z)[0] == pytest.approx(expected[0], rel=1e-12)
    assert g.log_likelihood(model, v) == pytest.approx(np.mean(expected), rel=1e-12)


# --- conditionals -------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", SHAPES)
def test_prob_h_given_v_is_the_ratio_of_joint_to_marginal(shape):
    model = random_gaussian_rbm(*shape, seed=7)
    H = all_states(shape[1])
    for v in np.random.default_rng(2).standard_normal((3, shape[0])):
        joint = np.exp([-brute_energy(model, v, h) for h in H])
        expected = (joint / joint.sum()) @ H  # p(h_j = 1 | v) = Σ_h p(h | v) h_j
        np.testing.assert_allclose(g.prob_h_given_v(model, v), expected, rtol=1e-12)


def test_v_given_h_is_gaussian_with_mean_a_plus_Wh_and_variance_sigma_squared():
    model = random_gaussian_rbm(1, 2, seed=5)
    for h in all_states(2):
        def log_joint(V, h=h):
            return log_joint_rows(model, V, h)

        shift = log_joint(np.linspace(-20, 20, 401)[:, None]).max()
        mass = integrate_over_v(model, _one, shift, log_joint)
        mean = integrate_over_v(model, lambda V: V[:, 0], shift, log_joint) / mass
        second = integrate_over_v(model, lambda V: V[:, 0] ** 2, shift, log_joint) / mass
        assert g.mean_v_given_h(model, h)[0] == pytest.approx(mean, rel=1e-8, abs=1e-10)
        assert second - mean**2 == pytest.approx(model.sigma[0] ** 2, rel=1e-8)


def test_v_given_h_factorises_over_visible_units_in_two_dimensions():
    model = random_gaussian_rbm(2, 2, seed=4)
    h = np.array([1.0, 0.0])

    def log_joint(V):
        return log_joint_rows(model, V, h)

    shift = -brute_energy(model, model.a + model.W @ h, h)
    mass = integrate_over_v(model, _one, shift, log_joint)
    mean = [integrate_over_v(model, lambda V, i=i: V[:, i], shift, log_joint) / mass
            for i in (0, 1)]
    np.testing.assert_allclose(g.mean_v_given_h(model, h), mean, rtol=1e-8)
    e_v0v1 = integrate_over_v(model, lambda V: V[:, 0] * V[:, 1], shift, log_joint) / mass
    assert e_v0v1 == pytest.approx(mean[0] * mean[1], rel=1e-8)  # uncorrelated given h


def test_hidden_distribution_is_the_integral_of_the_joint():
    model = random_gaussian_rbm(1, 2, seed=6)
    log_Z = quadrature_log_partition(model)
    expected = [
        integrate_over_v(model, _one, log_Z, lambda V, h=h: log_joint_rows(model, V, h))
        for h in all_states(2)
    ]
    np.testing.assert_allclose(g.hidden_distribution(model), expected, rtol=1e-8)


# --- the exact gradient ---------------------------------------------------------------------------
@pytest.mark.parametrize("shape", SHAPES)
def test_log_likelihood_gradient_matches_finite_differences(shape):
    model = random_gaussian_rbm(*shape, seed=sum(shape) + 3, scale=0.8)
    data = np.random.default_rng(0).standard_normal((6, shape[0]))
    n_v, n_h = shape

    def f(theta):
        return g.log_likelihood(GaussianRBM.from_vector(theta, n_v, n_h), data)

    expected = central_difference(f, model.to_vector(), eps=1e-5)
    full = g.log_likelihood_gradient(model, data, learn_sigma=True)
    np.testing.assert_allclose(full.to_vector(), expected, atol=1e-7)
    fixed = g.log_likelihood_gradient(model, data)
    assert not fixed.log_sigma.any()
    np.testing.assert_array_equal(fixed.W, full.W)
    estimated = g.MaximumLikelihood()(model, data, 0)
    np.testing.assert_array_equal(estimated.to_vector(), fixed.to_vector())


def test_exact_gradient_ascent_climbs():
    data = g.gaussian_mixture(200, rng=0, means=[[-2.0, 0.0], [2.0, 1.0]], std=0.5)
    model = GaussianRBM.random(2, 2, rng=1, scale=0.1)
    before = g.log_likelihood(model, data)
    for _ in range(20):
        model = model + 0.1 * g.log_likelihood_gradient(model, data, learn_sigma=True)
    assert g.log_likelihood(model, data) > before + 0.5


# --- samplers -------------------------------------------------------------------------------------
def _exact_moments(model):
    """E[v], Cov[v] of the mixture Σ_h p(h) N(a + Wh, σ²), and p(h), from the enumeration."""
    H = all_states(model.n_hidden)
    p_h = g.hidden_distribution(model)  # checked against quadrature above
    means = H @ model.W.T + model.a
    mean = p_h @ means
    cov = np.diag(model.sigma**2) + (means - mean).T @ (p_h[:, None] * (means - mean))
    return mean, cov, p_h


def _assert_moments(v, mean, cov):
    """Sample mean and covariance within Z_SCORE standard errors estimated from the sample."""
    n = v.shape[0]
    np.testing.assert_array_less(np.abs(v.mean(axis=0) - mean), Z_SCORE * np.sqrt(np.diag(cov) / n))
    centred = v - mean
    products = centred[:, :, None] * centred[:, None, :]
    se = products.std(axis=0) / np.sqrt(n)  # SE of each mean product
    np.testing.assert_array_less(np.abs(products.mean(axis=0) - cov), Z_SCORE * se)


def test_exact_sampler_has_the_exact_moments():
    model = random_gaussian_rbm(3, 3, seed=8, scale=1.5)
    mean, cov, p_h = _exact_moments(model)
    v, h = g.sample(model, 20_000, rng=0, return_hidden=True)
    assert v.shape == (20_000, 3) and h.shape == (20_000, 3)
    _assert_moments(v, mean, cov)
    index = h @ (2 ** np.arange(2, -1, -1))
    freq = np.bincount(index.astype(int), minlength=8) / len(index)
    se = np.sqrt(p_h * (1 - p_h) / len(index))
    np.testing.assert_array_less(np.abs(freq - p_h), Z_SCORE * se + 1e-12)


def test_gibbs_chain_leaves_the_model_distribution_invariant():
    model = random_gaussian_rbm(2, 3, seed=9)
    mean, cov, _ = _exact_moments(model)
    start = g.sample(model, 10_000, rng=1)
    _assert_moments(g.gibbs_chain(model, start, n_steps=3, rng=2), mean, cov)
    trajectory = g.gibbs_chain(model, start[:4], n_steps=3, rng=2, return_trajectory=True)
    assert trajectory.shape == (4, 4, 2)
    np.testing.assert_array_equal(trajectory[0], start[:4])
    assert g.gibbs_chain(model, start[0], n_steps=2, rng=0).shape == (2,)
    assert g.gibbs_chain(model, start[0], 2, 0, return_trajectory=True).shape == (3, 2)


def test_conditional_samplers_have_the_conditional_moments():
    model = random_gaussian_rbm(3, 2, seed=11)
    n = 20_000
    h = np.tile([1.0, 0.0], (n, 1))
    v = g.sample_v_given_h(model, h, rng=0)
    _assert_moments(v, model.a + model.W[:, 0], np.diag(model.sigma**2))
    p = g.prob_h_given_v(model, [0.5, -1.0, 2.0])
    freq = g.sample_h_given_v(model, np.tile([0.5, -1.0, 2.0], (n, 1)), rng=1).mean(axis=0)
    np.testing.assert_array_less(np.abs(freq - p), Z_SCORE * np.sqrt(p * (1 - p) / n))


# --- robustness -----------------------------------------------------------------------------------
def test_extreme_weights_give_finite_answers():
    W = 1000.0 * np.array([[1.0, -1.0], [0.5, 1.0]])
    model = GaussianRBM(W, [1000.0, -1000.0], [0.0, 1000.0], [0.0, -1.0])
    v = np.array([[0.0, 0.0], [1500.0, -500.0]])
    assert np.isfinite(g.log_partition(model))
    expected = [brute_free_energy(model, x) for x in v]
    np.testing.assert_allclose(g.free_energy(model, v), expected, rtol=1e-12)
    assert np.all(np.isfinite(g.log_prob(model, v)))
    assert np.all(np.isfinite(g.log_likelihood_gradient(model, v, learn_sigma=True).to_vector()))


ONE = GaussianRBM.zeros(2, 3)
BINARY = RBM.zeros(2, 3)
CASES = [
    ("energy: binary RBM", lambda: g.energy(BINARY, [0.0, 0.0], [0, 0, 0]), TypeError,
     "model must be an rbmlib.GaussianRBM; got RBM .a binary RBM"),
    ("free_energy: array", lambda: g.free_energy(np.zeros((2, 3)), [0.0, 0.0]), TypeError,
     "model must be an rbmlib.GaussianRBM; got ndarray"),
    ("log_partition: binary", lambda: g.log_partition(BINARY), TypeError, "GaussianRBM"),
    ("sample: binary", lambda: g.sample(BINARY, 3, 0), TypeError, "GaussianRBM"),
    ("energy: non-binary h", lambda: g.energy(ONE, [0.0, 0.0], [0.5, 0, 0]),
     ValueError, "h must be binary"),
    ("energy: rows", lambda: g.energy(ONE, [[0.0, 0.0]] * 2, [0, 0, 0]),
     ValueError, "same number of rows"),
    ("free_energy: width", lambda: g.free_energy(ONE, [[0.0, 0.0, 0.0]]), ValueError,
     r"v must have 2 columns \(one per unit\); got shape \(1, 3\)"),
    ("free_energy: NaN", lambda: g.free_energy(ONE, [[np.nan, 0.0]]),
     ValueError, "v must be finite"),
    ("free_energy: 3-D", lambda: g.free_energy(ONE, np.zeros((1, 1, 2))),
     ValueError, "v must be one point"),
    ("free_energy: empty", lambda: g.free_energy(ONE, np.zeros((0, 2))),
     ValueError, "at least one row"),
    ("free_energy: strings", lambda: g.free_energy(ONE, [["a", "b"]]),
     TypeError, "v must hold real numbers"),
    ("log_prob: NaN log_Z", lambda: g.log_prob(ONE, [0.0, 0.0], log_Z=np.nan),
     ValueError, "log_Z must be finite"),
    ("log_likelihood_gradient: inf", lambda: g.log_likelihood_gradient(ONE, [[np.inf, 0.0]]),
     ValueError, "data must be finite"),
    ("log_likelihood_gradient: flag",
     lambda: g.log_likelihood_gradient(ONE, [[0.0, 0.0]], learn_sigma=1),
     TypeError, "learn_sigma must be True or False"),
    ("mean_v_given_h: outside [0,1]", lambda: g.mean_v_given_h(ONE, [2.0, 0, 0]), ValueError,
     r"h must hold probabilities in \[0, 1\]"),
    ("sample_v_given_h: seed", lambda: g.sample_v_given_h(ONE, [1, 0, 0], "seed"), TypeError,
     "rng must be a numpy.random.Generator or an integer seed"),
    ("gibbs_chain: steps", lambda: g.gibbs_chain(ONE, [0.0, 0.0], -1, 0),
     ValueError, "n_steps must be at least 0"),
    ("sample: zero samples", lambda: g.sample(ONE, 0, 0),
     ValueError, "n_samples must be at least 1"),
    ("log_partition: too many hidden", lambda: g.log_partition(GaussianRBM.zeros(1, 26)),
     ValueError, "exact log Z needs 2\\*\\*26"),
    ("huge log_sigma",
     lambda: g.free_energy(GaussianRBM(ONE.W, ONE.a, ONE.b, [0.0, 400.0]), [0.0, 0.0]),
     ValueError, r"model.log_sigma must lie in \[-100, 100\]"),
    ("ring: width", lambda: g.ring(10, 0, width=0.0),
     ValueError, "width must be a finite number greater than 0"),
    ("mixture: weights", lambda: g.gaussian_mixture(10, 0, weights=[1.0, -1.0]), ValueError,
     "weights must be 2 non-negative numbers"),
]


@pytest.mark.parametrize(("description", "call", "exception", "message"), CASES,
                         ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_a_clear_message(description, call, exception, message):
    with pytest.raises(exception, match=message):
        call()


def test_inputs_are_not_modified():
    model = random_gaussian_rbm(2, 3, seed=12)
    before = model.to_vector().copy()
    v = np.array([[0.5, -1.0], [2.0, 0.0]])
    h = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    v_copy, h_copy = v.copy(), h.copy()
    g.energy(model, v, h)
    g.free_energy(model, v)
    g.prob_h_given_v(model, v)
    g.sample_h_given_v(model, v, 0)
    g.mean_v_given_h(model, h)
    g.sample_v_given_h(model, h, 0)
    g.gibbs_chain(model, v, 2, 0)
    g.log_likelihood_gradient(model, v, learn_sigma=True)
    np.testing.assert_array_equal(v, v_copy)
    np.testing.assert_array_equal(h, h_copy)
    np.testing.assert_array_equal(model.to_vector(), before)


# --- toy data -------------------------------------------------------------------------------------
def test_ring_has_the_requested_radius():
    points = g.ring(4000, rng=0, radius=2.0, width=0.1)
    r = np.hypot(points[:, 0], points[:, 1])
    assert abs(r.mean() - 2.0) < Z_SCORE * 0.1 / np.sqrt(4000)  # r ~ N(2, 0.1²): SE 0.1/√n
    angle = np.arctan2(points[:, 1], points[:, 0])
    assert abs(angle.mean()) < Z_SCORE * (np.pi / np.sqrt(3)) / np.sqrt(4000)  # uniform on (−π, π]


def test_gaussian_mixture_has_the_requested_components():
    means = np.array([[0.0, 0.0], [3.0, 3.0], [-3.0, 3.0]])
    weights = np.array([0.5, 0.3, 0.2])
    points, labels = g.gaussian_mixture(6000, rng=1, means=means, std=0.2, weights=weights,
                                        return_labels=True)
    freq = np.bincount(labels, minlength=3) / 6000
    se = np.sqrt(weights * (1 - weights) / 6000)
    np.testing.assert_array_less(np.abs(freq - weights), Z_SCORE * se)
    for k in range(3):
        mine = points[labels == k]
        se = 0.2 / np.sqrt(len(mine))  # std / √n per coordinate
        np.testing.assert_array_less(np.abs(mine.mean(axis=0) - means[k]), Z_SCORE * se)
