"""Noise-contrastive estimation: objective, gradients, the estimate of −log Z, noise classes."""

import math

import numpy as np
import pytest
import scipy.stats
from reference import Joint, all_states, central_difference, random_rbm
from reference_nce import (
    asymptotic_sd_c,
    asymptotic_sd_c_monte_carlo,
    brute_bernoulli_log_prob,
    brute_gaussian_nce_objective,
    brute_nce_objective,
    population_objective,
)
from scipy.special import logsumexp

import rbmlib
from rbmlib import RBM, exact, gaussian
from rbmlib.gaussian import GaussianRBM
from rbmlib.nce import NCE, fit_nce, nce_gradient, nce_log_normaliser, nce_objective
from rbmlib.noise import BernoulliNoise, GaussianNoise, UniformBinaryNoise


def _rows(rng, n, width):
    return (rng.random((n, width)) < 0.5).astype(np.float64)


def _exact_samples(rbm, n, rng):
    """n rows drawn exactly from the RBM's p(v), by enumeration."""
    p = exact.visible_distribution(rbm)
    return exact.states(rbm.n_visible)[rng.choice(p.size, size=n, p=p)]


# --- the objective and its gradient ---------------------------------------------------------------
def test_objective_matches_brute_force(tiny_rbm):
    rng = np.random.default_rng(0)
    p_noise = rng.uniform(0.1, 0.9, tiny_rbm.n_visible)
    data, noise_samples = _rows(rng, 5, tiny_rbm.n_visible), _rows(rng, 7, tiny_rbm.n_visible)
    got = nce_objective(tiny_rbm, 0.3, data, noise_samples, BernoulliNoise(p_noise))
    want = brute_nce_objective(tiny_rbm, 0.3, data, noise_samples, p_noise)
    assert got == pytest.approx(want, rel=1e-12, abs=1e-12)


def test_gradient_matches_central_differences(tiny_rbm):
    rng = np.random.default_rng(1)
    noise = BernoulliNoise(rng.uniform(0.1, 0.9, tiny_rbm.n_visible))
    data, noise_samples = _rows(rng, 6, tiny_rbm.n_visible), noise.sample(9, rng)
    nv, nh, c = tiny_rbm.n_visible, tiny_rbm.n_hidden, -0.7
    grad, grad_c = nce_gradient(tiny_rbm, c, data, noise_samples, noise)

    def J_theta(theta):
        return nce_objective(RBM.from_vector(theta, nv, nh), c, data, noise_samples, noise)

    # Central differences with eps = 1e-5 on a smooth objective of size O(1): error ~ eps² ≈ 1e-10.
    numeric = central_difference(J_theta, tiny_rbm.to_vector(), eps=1e-5)
    np.testing.assert_allclose(grad.to_vector(), numeric, atol=1e-8)
    numeric_c = central_difference(
        lambda x: nce_objective(tiny_rbm, x[0], data, noise_samples, noise), np.array([c])
    )[0]
    assert grad_c == pytest.approx(numeric_c, abs=1e-8)


def test_extreme_parameters_give_finite_values():
    rbm = RBM(np.array([[1000.0, -1000.0], [-1000.0, 1000.0]]), [1000.0, -1000.0], [0.0, 0.0])
    noise = BernoulliNoise([0.3, 0.6])
    data = [[1, 0], [0, 1]]
    J = nce_objective(rbm, 500.0, data, [[1, 1], [0, 0]], noise)
    grad, grad_c = nce_gradient(rbm, 500.0, data, [[1, 1], [0, 0]], noise)
    assert np.isfinite(J) and np.isfinite(grad.to_vector()).all() and np.isfinite(grad_c)


# --- the population optimum: c* = −log Z exactly --------------------------------------------------
@pytest.mark.parametrize("nu", [1.0, 3.0])
def test_population_objective_is_stationary_at_minus_log_Z(nu):
    rbm = random_rbm(3, 2, seed=5)
    joint = Joint(rbm)
    p_noise = [0.3, 0.5, 0.8]
    c_star = -joint.log_Z

    def dJ_dc(c):
        f = lambda x: population_objective(rbm, x[0], joint.p_v, p_noise, nu)  # noqa: E731
        return central_difference(f, np.array([c]), eps=1e-5)[0]

    # Exact expectations, no sampling: only the O(eps²) error of the difference remains.
    assert abs(dJ_dc(c_star)) < 1e-8
    assert dJ_dc(c_star - 0.5) > 1e-3 and dJ_dc(c_star + 0.5) < -1e-3  # concave, maximum at c*

    # The θ-gradient vanishes there too: (θ_true, −log Z) is a stationary point of the population J.
    def J_theta(theta):
        return population_objective(RBM.from_vector(theta, 3, 2), c_star, joint.p_v, p_noise, nu)

    np.testing.assert_allclose(central_difference(J_theta, rbm.to_vector()), 0.0, atol=1e-8)


# --- the NCE estimate of −log Z from samples ------------------------------------------------------
N_SEEDS = 40
RBM_TRUE = random_rbm(6, 3, seed=11)
P_NOISE = Joint(RBM_TRUE).moments()[1]  # fixed noise: the model's exact marginals E[v_i]


def _c_estimates(n):
    noise = BernoulliNoise(P_NOISE)
    estimates = []
    for seed in range(N_SEEDS):
        rng = np.random.default_rng(seed)
        data = _exact_samples(RBM_TRUE, n, rng)
        estimates.append(nce_log_normaliser(RBM_TRUE, data, noise, nu=1.0, rng=rng))
    return np.array(estimates)


def test_log_normaliser_is_consistent_at_the_asymptotic_rate():
    c_star = -exact.log_partition(RBM_TRUE)
    se = asymptotic_sd_c(RBM_TRUE, P_NOISE, nu=1.0) / math.sqrt(20_000)
    errors_large = _c_estimates(20_000) - c_star
    errors_small = _c_estimates(1_250) - c_star
    # Each estimate within 5 asymptotic standard errors, and their mean within 5 SE of the mean.
    assert np.all(np.abs(errors_large) < 5 * se)
    assert abs(errors_large.mean()) < 5 * se / math.sqrt(N_SEEDS)
    # The spread over seeds matches the asymptotic SE: the sample SD of 40 draws has a relative
    # standard error of 1/√(2·39) ≈ 0.11, so 4 of them allow a factor in [0.55, 1.45].
    assert 0.55 < errors_large.std(ddof=1) / se < 1.45
    # 16× the data: the mean absolute error shrinks by √16 = 4.  A mean |error| of 40 draws has a
    # relative SE of √(π/2 − 1)/√40 ≈ 0.12, the log of the ratio an SD of ≈ 0.17, so ÷2 (and ×8)
    # lie 4 such SDs from log 4.
    ratio = np.abs(errors_small).mean() / np.abs(errors_large).mean()
    assert 2.0 < ratio < 8.0


def test_log_normaliser_is_the_root_of_the_c_derivative():
    rng = np.random.default_rng(3)
    data = _exact_samples(RBM_TRUE, 500, rng)
    noise = UniformBinaryNoise(6)
    c_hat = nce_log_normaliser(RBM_TRUE, data, noise, nu=2.0, rng=np.random.default_rng(4))
    noise_samples = noise.sample(1000, np.random.default_rng(4))  # the draw it made
    assert abs(nce_gradient(RBM_TRUE, c_hat, data, noise_samples, noise)[1]) < 1e-10


def test_fit_nce_on_c_alone_converges_to_the_root():
    data = _exact_samples(RBM_TRUE, 300, np.random.default_rng(5))
    noise = BernoulliNoise.fit(data)
    rbm, c, J = fit_nce(RBM_TRUE, data, noise, nu=1.0, rng=6, n_steps=200, learning_rate=1.0,
                        learn_theta=False)
    assert rbm is RBM_TRUE
    # |∂²J/∂c²| ≤ (1 + ν)/4 = ½, so a step of 1 is a contraction; 200 steps reach rounding level.
    assert c == pytest.approx(nce_log_normaliser(RBM_TRUE, data, noise, nu=1.0, rng=6), abs=1e-9)
    assert np.all(np.diff(J) >= -1e-12)


def test_fit_nce_climbs_the_objective_and_the_likelihood():
    rng = np.random.default_rng(7)
    truth = random_rbm(3, 2, seed=8, scale=1.5)
    data = _exact_samples(truth, 200, rng)
    start = RBM.zeros(3, 2) + RBM.random(3, 2, rng=0, scale=0.1)
    rbm, c, J = fit_nce(start, data, BernoulliNoise.fit(data), nu=1.0, rng=rng, n_steps=300,
                        learning_rate=0.1)
    # Each of the (1 + ν)T_d terms of T_d·J has a Hessian of norm ≤ ‖∇G‖²/4 + ‖∇²log p̃‖ ≤ 12/4 + 1
    # (3×2 RBM: ‖∇G‖² ≤ 6 + 3 + 2 + 1, ∇²log p̃ = Σ_j σ'·(v,1)(v,1)ᵀ ≤ 4/4), so J is L-smooth with
    # L ≤ 4(1 + ν) = 8 and steps of 0.1 < 2/L never decrease it (the descent lemma).
    assert np.all(np.diff(J) >= -1e-12) and J[-1] > J[0] + 0.05
    assert exact.log_likelihood(rbm, data) > exact.log_likelihood(start, data) + 0.05


# --- the training-loop estimator ------------------------------------------------------------------
def test_estimator_returns_the_gradient_and_moves_c():
    rbm = random_rbm(4, 3, seed=2)
    noise = BernoulliNoise([0.2, 0.4, 0.6, 0.8])
    batch = _rows(np.random.default_rng(0), 6, 4)
    estimator = NCE(noise, nu=1.5, c=-1.0, c_learning_rate=0.3)
    grad = estimator(rbm, batch, rng=9)
    noise_samples = noise.sample(9, rng=9)  # round(1.5 · 6) = 9 rows, drawn from the same seed
    want, want_c = nce_gradient(rbm, -1.0, batch, noise_samples, noise)
    np.testing.assert_allclose(grad.to_vector(), want.to_vector(), rtol=1e-12)
    assert estimator.c == pytest.approx(-1.0 + 0.3 * want_c, rel=1e-12)
    J = nce_objective(rbm, -1.0, batch, noise_samples, noise)
    assert estimator.J_history == [pytest.approx(J)]
    NCE(noise, nu=0.01)(rbm, batch, rng=0)  # round(0.06) = 0 noise rows is raised to 1


def test_estimator_trains_with_the_training_loop():
    truth = random_rbm(4, 2, seed=4, scale=1.5)
    data = _exact_samples(truth, 400, np.random.default_rng(0))
    estimator = NCE(BernoulliNoise.fit(data), nu=2.0, c_learning_rate=0.1)
    start = RBM.random(4, 2, rng=1)
    rbm, history = rbmlib.train.fit(start, data, estimator, n_epochs=20, batch_size=20,
                                    learning_rate=0.1, rng=2, progress=False)
    assert history.train_log_likelihood[-1] > history.train_log_likelihood[0] + 0.1
    assert len(estimator.J_history) == 20 * 20  # 20 epochs of 400 / 20 minibatches


# --- noise distributions --------------------------------------------------------------------------
def test_bernoulli_noise_is_normalised_and_matches_the_product_formula():
    p = [0.1, 0.5, 0.7, 0.95]
    noise = BernoulliNoise(p)
    V = all_states(4)
    log_p = noise.log_prob(V)
    assert logsumexp(log_p) == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(log_p, [brute_bernoulli_log_prob(p, v) for v in V], rtol=1e-12)
    assert isinstance(noise.log_prob(V[3]), float)
    uniform = UniformBinaryNoise(4)
    np.testing.assert_allclose(uniform.log_prob(V), -4 * math.log(2), rtol=1e-14)


def test_bernoulli_noise_samples_have_mean_p():
    p = np.array([0.1, 0.5, 0.7, 0.95])
    n = 20_000
    samples = BernoulliNoise(p).sample(n, rng=0)
    assert set(np.unique(samples)) <= {0.0, 1.0}
    se = np.sqrt(p * (1 - p) / n)
    assert np.all(np.abs(samples.mean(axis=0) - p) < 5 * se)  # 5 standard errors


def test_bernoulli_fit_uses_pseudo_counts():
    data = np.array([[1, 0, 1], [1, 0, 0], [1, 0, 1], [1, 0, 0]])
    np.testing.assert_allclose(BernoulliNoise.fit(data, pseudo_count=0.5).p,
                               [(4 + 0.5) / 5, 0.5 / 5, (2 + 0.5) / 5])
    p = BernoulliNoise.fit(data).p  # columns always on or always off still get 0 < p < 1
    assert np.all((p > 0) & (p < 1))


def _random_cov(d, seed):
    A = np.random.default_rng(seed).standard_normal((d, d))
    return A @ A.T + 0.5 * np.eye(d)


def test_gaussian_noise_log_prob_matches_scipy():
    mean, cov = np.array([0.5, -1.0, 2.0]), _random_cov(3, 0)
    noise = GaussianNoise(mean, cov)
    x = np.random.default_rng(1).standard_normal((10, 3)) * 3
    want = scipy.stats.multivariate_normal(mean, cov).logpdf(x)
    np.testing.assert_allclose(noise.log_prob(x), want, rtol=1e-10)
    assert noise.log_prob(x[0]) == pytest.approx(want[0], rel=1e-10)


def test_gaussian_noise_samples_have_the_mean_and_covariance():
    mean, cov = np.array([0.5, -1.0, 2.0]), _random_cov(3, 2)
    n = 20_000
    x = GaussianNoise(mean, cov).sample(n, rng=3)
    # 5 standard errors: Var(mean_i) = Σ_ii/n, Var(cov_ij) ≈ (Σ_ii Σ_jj + Σ_ij²)/n for a Gaussian.
    assert np.all(np.abs(x.mean(axis=0) - mean) < 5 * np.sqrt(np.diag(cov) / n))
    se_cov = np.sqrt((np.outer(np.diag(cov), np.diag(cov)) + cov**2) / n)
    assert np.all(np.abs(np.cov(x, rowvar=False) - cov) < 5 * se_cov)


def test_gaussian_fit():
    data = np.random.default_rng(4).standard_normal((50, 3))
    noise = GaussianNoise.fit(data, ridge=0.1)
    np.testing.assert_allclose(noise.mean, data.mean(axis=0))
    np.testing.assert_allclose(noise.cov, np.cov(data, rowvar=False) + 0.1 * np.eye(3))
    assert GaussianNoise.fit(data[:, :1]).cov.shape == (1, 1)


# --- the Gaussian–Bernoulli RBM with Gaussian noise -----------------------------------------------
def _gaussian_rbm(n_visible, n_hidden, seed):
    rng = np.random.default_rng(seed)
    return GaussianRBM(rng.standard_normal((n_visible, n_hidden)), rng.standard_normal(n_visible),
                       rng.standard_normal(n_hidden), 0.3 * rng.standard_normal(n_visible))


def _mixture_moments(model):
    """Exact mean and covariance of the GaussianRBM's p(v), a mixture of N(a + Wh, diag σ²)."""
    p_h = gaussian.hidden_distribution(model)
    mu = exact.states(model.n_hidden) @ model.W.T + model.a
    mean = p_h @ mu
    return mean, np.diag(model.sigma**2) + (mu - mean).T @ ((mu - mean) * p_h[:, None])


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (3, 2)])
def test_gaussian_objective_matches_brute_force(shape):
    model = _gaussian_rbm(*shape, seed=sum(shape))
    noise = GaussianNoise(np.full(shape[0], 0.5), _random_cov(shape[0], 1))
    rng = np.random.default_rng(2)
    data, noise_samples = rng.standard_normal((4, shape[0])), noise.sample(6, rng)
    got = nce_objective(model, -1.3, data, noise_samples, noise)
    log_q = scipy.stats.multivariate_normal(noise.mean, noise.cov).logpdf  # independent of rbmlib
    want = brute_gaussian_nce_objective(model, -1.3, data, noise_samples, lambda v: float(log_q(v)))
    assert got == pytest.approx(want, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (3, 2)])
def test_gaussian_gradient_matches_central_differences(shape):
    nv, nh = shape
    model = _gaussian_rbm(nv, nh, seed=nv + 10 * nh)
    noise = GaussianNoise(np.zeros(nv), 2.0 * np.eye(nv))
    rng = np.random.default_rng(3)
    data, noise_samples = rng.standard_normal((5, nv)), noise.sample(8, rng)
    grad, grad_c = nce_gradient(model, 0.4, data, noise_samples, noise)
    assert isinstance(grad, GaussianRBM)

    def J_theta(theta):
        candidate = GaussianRBM.from_vector(theta, nv, nh)
        return nce_objective(candidate, 0.4, data, noise_samples, noise)

    # Every parameter, log σ included; central differences with eps = 1e-5 err by ~eps² ≈ 1e-10.
    numeric = central_difference(J_theta, model.to_vector(), eps=1e-5)
    np.testing.assert_allclose(grad.to_vector(), numeric, atol=1e-7)
    numeric_c = central_difference(
        lambda x: nce_objective(model, x[0], data, noise_samples, noise), np.array([0.4])
    )[0]
    assert grad_c == pytest.approx(numeric_c, abs=1e-8)


def test_gaussian_log_normaliser_is_consistent():
    model = _gaussian_rbm(2, 2, seed=21)
    c_star = -gaussian.log_partition(model)
    noise = GaussianNoise(*_mixture_moments(model))  # fixed noise: the model's exact moments

    def errors(n):
        out = []
        for seed in range(N_SEEDS):
            rng = np.random.default_rng(100 + seed)
            data = gaussian.sample(model, n, rng)  # exact draws: h from p(h), then v | h
            out.append(nce_log_normaliser(model, data, noise, nu=1.0, rng=rng) - c_star)
        return np.array(out)

    large, small = errors(20_000), errors(1_250)
    # The asymptotic SE, its expectations over 200,000 draws each from p and p_n (a, b ∈ [0, 1]:
    # a relative Monte Carlo error well under 1%), with the exact log p of rbmlib.gaussian.
    rng = np.random.default_rng(0)
    x, y = gaussian.sample(model, 200_000, rng), noise.sample(200_000, rng)
    log_q = scipy.stats.multivariate_normal(noise.mean, noise.cov).logpdf
    se = asymptotic_sd_c_monte_carlo(gaussian.log_prob(model, x) - log_q(x),
                                     gaussian.log_prob(model, y) - log_q(y), nu=1.0)
    se /= math.sqrt(20_000)
    assert np.all(np.abs(large) < 5 * se)
    assert abs(large.mean()) < 5 * se / math.sqrt(N_SEEDS)
    assert 0.55 < large.std(ddof=1) / se < 1.45  # 4 relative SEs of an SD of 40 draws (see above)
    # 16× the data divides the mean |error| by √16 = 4; ÷2 and ×8 are 4 SDs away (see above).
    ratio = np.abs(small).mean() / np.abs(large).mean()
    assert 2.0 < ratio < 8.0


def test_gaussian_estimator_and_fitter():
    model = _gaussian_rbm(2, 2, seed=22)
    data = gaussian.sample(model, 300, rng=0)
    noise = GaussianNoise.fit(data)
    start = GaussianRBM.random(2, 2, rng=1, scale=0.1)
    held = NCE(noise)(start, data[:10], rng=2)
    free = NCE(noise, learn_sigma=True)(start, data[:10], rng=2)
    want, _ = nce_gradient(start, 0.0, data[:10], noise.sample(10, rng=2), noise)
    np.testing.assert_array_equal(held.log_sigma, 0.0)
    np.testing.assert_allclose(free.to_vector(), want.to_vector(), rtol=1e-12)
    np.testing.assert_allclose(held.W, want.W, rtol=1e-12)
    fitted, c, J = fit_nce(start, data, noise, nu=2.0, rng=3, n_steps=200, learning_rate=0.05,
                           learn_sigma=True)
    assert J[-1] > J[0] + 0.1 and np.any(fitted.log_sigma != start.log_sigma)
    assert gaussian.log_likelihood(fitted, data) > gaussian.log_likelihood(start, data) + 0.1


# --- bad input and unmodified input ---------------------------------------------------------------
RBM_3x2 = RBM.zeros(3, 2)
NOISE_3 = UniformBinaryNoise(3)
V_OK = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
GAUSS_3 = GaussianNoise(np.zeros(3), np.eye(3))
GRBM_3x2 = GaussianRBM.zeros(3, 2)

BAD = [
    (lambda: NCE(NOISE_3, nu=0.0), ValueError, "nu must be a finite number greater than 0; got 0"),
    (lambda: NCE(NOISE_3, nu=-2), ValueError, "nu must be a finite number greater than 0"),
    (lambda: NCE(NOISE_3, c_learning_rate=0), ValueError, "c_learning_rate must be"),
    (lambda: NCE(NOISE_3, c=np.inf), ValueError, "c must be finite"),
    (lambda: fit_nce(RBM_3x2, V_OK, NOISE_3, 0.0, 0, 5, 0.1), ValueError, "nu must be"),
    (lambda: nce_log_normaliser(RBM_3x2, V_OK, NOISE_3, -1.0, 0), ValueError, "nu must be"),
    (lambda: nce_objective(RBM_3x2, 0.0, [[0.5, 0, 1]], V_OK, NOISE_3),
     ValueError, r"data must be binary .*0.5"),
    (lambda: nce_objective(RBM_3x2, 0.0, V_OK, [[2, 0, 1]], NOISE_3),
     ValueError, "noise_samples must be binary"),
    (lambda: nce_objective(RBM_3x2, 0.0, [[1, 0]], V_OK, NOISE_3),
     ValueError, "data must have 3 columns"),
    (lambda: nce_objective(RBM_3x2, 0.0, V_OK, V_OK, UniformBinaryNoise(4)),
     ValueError, r"noise must have n_visible = 3 to match rbm; got 4"),
    (lambda: nce_objective(RBM_3x2, 0.0, V_OK, V_OK, GAUSS_3), TypeError, "RBM needs binary noise"),
    (lambda: nce_objective(RBM_3x2, "zero", V_OK, V_OK, NOISE_3), TypeError, "c must be a real"),
    (lambda: nce_gradient(RBM_3x2, np.nan, V_OK, V_OK, NOISE_3), ValueError, "c must be finite"),
    (lambda: nce_gradient(np.zeros((3, 2)), 0.0, V_OK, V_OK, NOISE_3),
     TypeError, "rbm must be an rbmlib.RBM or an rbmlib.gaussian.GaussianRBM; got ndarray"),
    (lambda: nce_gradient(RBM_3x2, 0.0, V_OK, V_OK, "uniform"),
     TypeError, "noise must be a noise distribution"),
    (lambda: NCE(NOISE_3)(RBM_3x2, [[0, 3, 1]], 0), ValueError, "v_batch must be binary"),
    (lambda: NCE(UniformBinaryNoise(2))(RBM_3x2, V_OK, 0), ValueError, "noise must have n_visible"),
    (lambda: nce_objective({"W": 1}, 0.0, V_OK, V_OK, NOISE_3), TypeError, "got dict"),
    (lambda: nce_objective(GRBM_3x2, 0.0, V_OK, V_OK, NOISE_3),
     TypeError, r"GaussianRBM needs continuous noise \(GaussianNoise\)"),
    (lambda: nce_objective(GRBM_3x2, 0.0, [[0.1, np.inf, 2.0]], V_OK, GAUSS_3),
     ValueError, "data must be finite"),
    (lambda: nce_objective(GRBM_3x2, 0.0, V_OK, np.zeros((2, 2)), GAUSS_3),
     ValueError, r"noise_samples must be one row of shape \(3,\)"),
    (lambda: nce_gradient(GaussianRBM(np.zeros((3, 2)), np.zeros(3), np.zeros(2), [0, 0, 200]),
                          0.0, V_OK, V_OK, GAUSS_3), ValueError, "log_sigma must lie in"),
    (lambda: NCE(GAUSS_3, learn_sigma="yes"), TypeError, "learn_sigma must be True or False"),
    (lambda: fit_nce(RBM_3x2, V_OK, NOISE_3, 1.0, 0, 5, 0.1, learn_theta=1),
     TypeError, "learn_theta must be True or False"),
    (lambda: fit_nce(RBM_3x2, V_OK, NOISE_3, 1.0, 0, 5, -0.1), ValueError, "learning_rate must"),
    (lambda: BernoulliNoise([0.5, 1.0]), ValueError, "strictly between 0 and 1"),
    (lambda: BernoulliNoise([0.0, 0.5]), ValueError, "strictly between 0 and 1"),
    (lambda: BernoulliNoise.fit(V_OK, pseudo_count=0), ValueError, "pseudo_count must be"),
    (lambda: BernoulliNoise.fit([[0.2, 1.0]]), ValueError, "data must be binary"),
    (lambda: UniformBinaryNoise(0), ValueError, "n_visible must be at least 1"),
    (lambda: NOISE_3.log_prob([[1, 0]]), ValueError, "v must have 3 columns"),
    (lambda: NOISE_3.sample(0, 0), ValueError, "n_samples must be at least 1"),
    (lambda: GaussianNoise([0, 0], [[1, 1], [1, 1]]), ValueError, "cov must be positive definite"),
    (lambda: GaussianNoise([0, 0], [[1, 0], [0, -1]]), ValueError, "cov must be positive definite"),
    (lambda: GaussianNoise([0, 0], [[1, 0.5], [0, 1]]), ValueError, "cov must be symmetric"),
    (lambda: GaussianNoise([0, 0, 0], np.eye(2)), ValueError, r"cov must have shape .*\(3, 3\)"),
    (lambda: GaussianNoise.fit([[0.0, 1.0], [1.0, 1.0]]),
     ValueError, "cov must be positive definite.*ridge"),
    (lambda: GaussianNoise.fit([[0.0, 1.0]]), ValueError, "data must have at least 2 rows"),
    (lambda: GaussianNoise.fit(V_OK, ridge=-1.0), ValueError, "ridge must be at least 0"),
    (lambda: GAUSS_3.log_prob([[0.0, np.nan, 1.0]]), ValueError, "v must be finite"),
    (lambda: GAUSS_3.log_prob(np.zeros((2, 4))), ValueError, r"v must be one row of shape \(3,\)"),
]


@pytest.mark.parametrize("call, exc, match", BAD, ids=[str(i) for i in range(len(BAD))])
def test_bad_input_is_refused_with_a_message(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_inputs_are_not_modified():
    rng = np.random.default_rng(0)
    data, noise_samples, p = _rows(rng, 8, 3), _rows(rng, 8, 3), np.array([0.2, 0.5, 0.7])
    copies = data.copy(), noise_samples.copy(), p.copy()
    noise = BernoulliNoise(p)
    nce_objective(RBM_3x2, 0.0, data, noise_samples, noise)
    nce_gradient(RBM_3x2, 0.0, data, noise_samples, noise)
    NCE(noise)(RBM_3x2, data, rng)
    fit_nce(RBM_3x2, data, noise, 1.0, rng, 3, 0.1)
    nce_log_normaliser(RBM_3x2, data, noise, 1.0, rng)
    BernoulliNoise.fit(data)
    for arr, copy in zip((data, noise_samples, p), copies):
        np.testing.assert_array_equal(arr, copy)
    assert p.flags.writeable  # the noise made its own read-only copy
    mean, cov = np.zeros(2), np.eye(2)
    GaussianNoise(mean, cov).log_prob(cov)
    assert mean.flags.writeable and cov.flags.writeable
