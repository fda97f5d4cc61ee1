"""Score matching and denoising score matching against finite differences and quadrature.

Tolerances: exact identities 1e-12 relative (float64 round-off); central differences of step 1e-5
have error O(ε²) ≈ 1e-10 plus round-off ≈ 1e-16·|f|/ε ≈ 1e-10, so 1e-7; expectations over
Gaussian v and ε use Gauss–Hermite rules of 60–80 nodes, which are exact for the polynomial parts
of the integrands and converge geometrically on the smooth logistic parts, so 1e-9; QUADPACK is
asked for 1e-11 relative, so 1e-9 absolute on O(1) values.
"""

import numpy as np
import pytest
from numpy.polynomial.hermite_e import hermegauss
from reference import central_difference
from reference_gaussian import brute_free_energy, random_gaussian_rbm
from scipy import integrate, stats

from rbmlib import RBM
from rbmlib import score_matching as sm
from rbmlib.gaussian import GaussianRBM

SHAPES = [(1, 1), (1, 3), (2, 2), (3, 1), (3, 4)]


def normal_nodes(n):
    """Nodes z and weights w with Σ_k w_k f(z_k) ≈ E[f(Z)], Z ~ N(0, 1) (Gauss–Hermite)."""
    z, w = hermegauss(n)
    return z, w / w.sum()


def _data(n_samples, n_visible, seed=0):
    return 1.5 * np.random.default_rng(seed).standard_normal((n_samples, n_visible))


# --- the score and its derivative ---------------------------------------------------------------
@pytest.mark.parametrize("shape", SHAPES)
def test_score_is_minus_the_gradient_of_the_free_energy(shape):
    model = random_gaussian_rbm(*shape, seed=sum(shape))
    for v in _data(3, shape[0]):
        expected = -central_difference(lambda x: brute_free_energy(model, x), v, eps=1e-5)
        np.testing.assert_allclose(sm.score(model, v), expected, atol=1e-7)
    assert sm.score(model, _data(4, shape[0])).shape == (4, shape[0])


@pytest.mark.parametrize("shape", SHAPES)
def test_score_derivative_is_the_diagonal_of_the_score_jacobian(shape):
    model = random_gaussian_rbm(*shape, seed=sum(shape) + 1)
    v = _data(3, shape[0])
    for n in range(3):
        for i in range(shape[0]):
            def psi_i(x, n=n, i=i):
                row = v[n].copy()
                row[i] = x[0]
                return sm.score(model, row)[i]

            expected = central_difference(psi_i, v[n, i : i + 1], eps=1e-5)[0]
            assert sm.score_derivative(model, v)[n, i] == pytest.approx(expected, abs=1e-7)


def test_score_matching_loss_is_the_mean_of_its_terms():
    model = random_gaussian_rbm(3, 2, seed=3)
    v = _data(5, 3)
    terms = 0.5 * sm.score(model, v) ** 2 + sm.score_derivative(model, v)
    assert sm.score_matching_loss(model, v) == pytest.approx(terms.sum(axis=1).mean(), rel=1e-12)


def test_a_standard_normal_model_has_score_minus_v():
    v = _data(4, 2)
    np.testing.assert_array_equal(sm.score(GaussianRBM.zeros(2, 3), v), -v)  # W = 0: ψ(v) = −v


# --- score matching = Fisher divergence up to a constant ----------------------------------------
def test_score_matching_differs_from_the_fisher_divergence_by_a_model_free_constant():
    # data density q = N(m, s²), so ψ_q(v) = −(v − m)/s² and ½E_q[ψ_q²] = 1/(2s²)
    m, s = 0.4, 1.3
    lo, hi = m - 15 * s, m + 15 * s

    def expect(f):
        value, _ = integrate.quad(lambda x: f(x) * stats.norm.pdf(x, m, s), lo, hi,
                                  epsabs=0.0, epsrel=1e-11, limit=200)
        return value

    gaps, fishers, objectives = [], [], []
    for seed in (1, 2):
        model = random_gaussian_rbm(1, 2, seed=seed)
        psi = lambda x, model=model: sm.score(model, [x])[0]  # noqa: E731
        fisher = expect(lambda x: 0.5 * (psi(x) + (x - m) / s**2) ** 2)
        d_psi = lambda x, model=model: sm.score_derivative(model, [x])[0]  # noqa: E731
        objective = expect(lambda x: 0.5 * psi(x) ** 2 + d_psi(x))
        fishers.append(fisher)
        objectives.append(objective)
        gaps.append(fisher - objective)
    np.testing.assert_allclose(gaps, 1 / (2 * s**2), atol=1e-9)
    assert fishers[0] - fishers[1] == pytest.approx(objectives[0] - objectives[1], abs=1e-9)
    assert abs(fishers[0] - fishers[1]) > 0.01  # the two models really differ


# --- gradients ---------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", SHAPES)
def test_score_matching_gradient_matches_finite_differences(shape):
    model = random_gaussian_rbm(*shape, seed=sum(shape) + 2, scale=0.8)
    data = _data(6, shape[0])

    def f(theta):
        return sm.score_matching_loss(GaussianRBM.from_vector(theta, *shape), data)

    expected = central_difference(f, model.to_vector(), eps=1e-5)
    full = sm.score_matching_gradient(model, data, learn_sigma=True)
    np.testing.assert_allclose(full.to_vector(), expected, rtol=1e-7, atol=1e-7)
    fixed = sm.score_matching_gradient(model, data)
    assert not fixed.log_sigma.any()
    np.testing.assert_array_equal(fixed.W, full.W)
    estimated = sm.ScoreMatching()(model, data, 0)
    np.testing.assert_array_equal(estimated.to_vector(), (-fixed).to_vector())


def test_denoising_loss_uses_the_documented_draw_and_the_score_of_the_corruption():
    model = random_gaussian_rbm(2, 3, seed=4)
    data, sigma_noise = _data(3, 2), 0.5
    v = np.repeat(data, 2, axis=0)
    v_tilde = v + sigma_noise * np.random.default_rng(7).standard_normal(v.shape)

    def log_q(x, n):  # log N(ṽ; v, σ_noise² I) for one corrupted row
        return stats.norm.logpdf(x, v[n], sigma_noise).sum()

    target = np.array([central_difference(lambda x, n=n: log_q(x, n), v_tilde[n], 1e-6)
                       for n in range(len(v))])
    expected = np.mean(0.5 * np.sum((sm.score(model, v_tilde) - target) ** 2, axis=1))
    loss = sm.denoising_score_matching_loss(model, data, sigma_noise, rng=7, n_corruptions=2)
    assert loss == pytest.approx(expected, rel=1e-8)


@pytest.mark.parametrize("shape", SHAPES)
def test_denoising_gradient_matches_finite_differences_for_a_fixed_draw(shape):
    model = random_gaussian_rbm(*shape, seed=sum(shape) + 5, scale=0.8)
    data = _data(4, shape[0])

    def f(theta):  # the same seed gives the same ε at every θ
        return sm.denoising_score_matching_loss(GaussianRBM.from_vector(theta, *shape), data, 0.3,
                                                rng=11, n_corruptions=3)

    expected = central_difference(f, model.to_vector(), eps=1e-5)
    full = sm.denoising_score_matching_gradient(model, data, 0.3, rng=11, n_corruptions=3,
                                                learn_sigma=True)
    np.testing.assert_allclose(full.to_vector(), expected, rtol=1e-7, atol=1e-7)
    fixed = sm.denoising_score_matching_gradient(model, data, 0.3, rng=11, n_corruptions=3)
    assert not fixed.log_sigma.any()
    estimator = sm.DenoisingScoreMatching(0.3, n_corruptions=3)
    np.testing.assert_array_equal(estimator(model, data, 11).to_vector(), (-fixed).to_vector())


# --- denoising score matching = score matching of the noisy density (Vincent 2011) -------------
def test_expected_denoising_objective_is_score_matching_on_the_noisy_density_plus_a_constant():
    # data N(m, s²) corrupted by N(0, σ²) gives q_σ = N(m, s² + σ²).  Expanding both squares,
    # E_{v,ε} ½(ψ(ṽ) + ε/σ)² − E_{q_σ} ½(ψ(ṽ) − ∇log q_σ(ṽ))² = 1/(2σ²) − 1/(2(s² + σ²)).
    m, s, sigma = -0.3, 0.9, 0.6
    z, w = normal_nodes(80)
    v = (m + s * z)[:, None, None]  # a grid over (v, ε)
    eps = z[None, :, None]
    grid_w = (w[:, None] * w[None, :]).ravel()
    v_tilde = (v + sigma * eps).reshape(-1, 1)
    noisy = (m + np.sqrt(s**2 + sigma**2) * z)[:, None]
    noisy_score = -(noisy - m) / (s**2 + sigma**2)
    gaps = []
    for seed in (1, 2):
        model = random_gaussian_rbm(1, 2, seed=seed)
        r = sm.score(model, v_tilde) + np.broadcast_to(eps, (80, 80, 1)).reshape(-1, 1) / sigma
        dsm = grid_w @ (0.5 * r[:, 0] ** 2)
        explicit = w @ (0.5 * (sm.score(model, noisy) - noisy_score)[:, 0] ** 2)
        gaps.append(dsm - explicit)
    np.testing.assert_allclose(gaps, 1 / (2 * sigma**2) - 1 / (2 * (s**2 + sigma**2)), rtol=1e-9)


def test_denoising_gradient_tends_to_the_score_matching_gradient_as_the_noise_vanishes():
    # E_ε J_DSM = J_SM + n_visible/(2σ²) + O(σ²): the odd terms of the Taylor expansion of
    # ψ(v + σε) in ε vanish, so from σ = 0.01 to 0.001 (well inside the O(σ²) regime; measured
    # ratios ≈ 97–100) the errors of the loss and of the gradient fall ~100×; we require 50×.
    # E_ε is a 30×30 Gauss–Hermite rule, so there is no Monte Carlo noise.
    model = random_gaussian_rbm(2, 3, seed=6, scale=0.8)
    data = _data(8, 2)
    z, w = normal_nodes(30)
    noise = np.stack(np.meshgrid(z, z, indexing="ij"), axis=-1).reshape(-1, 2)
    noise_w = np.outer(w, w).ravel()
    v = np.repeat(data, len(noise), axis=0)
    eps = np.tile(noise, (len(data), 1))
    weights = np.tile(noise_w, len(data)) / len(data)
    target = sm.score_matching_gradient(model, data, learn_sigma=True).to_vector()
    errors, loss_errors = [], []
    for sigma in (0.01, 0.001):
        grad = sm.denoising._dsm_gradient(model, v, eps, sigma, weights, learn_sigma=True).to_vector()
        errors.append(np.max(np.abs(grad - target)))
        r = sm.score(model, v + sigma * eps) + eps / sigma
        expected_loss = weights @ (0.5 * (r**2).sum(axis=1)) - 2 / (2 * sigma**2)
        loss_errors.append(abs(expected_loss - sm.score_matching_loss(model, data)))
    assert errors[1] < errors[0] / 50 and errors[1] < 1e-3 * np.max(np.abs(target))
    assert loss_errors[1] < loss_errors[0] / 50 and loss_errors[1] < 1e-6


# --- closed forms ------------------------------------------------------------------------------
def test_gaussian_score_matching_recovers_the_inverse_sample_covariance():
    rng = np.random.default_rng(3)
    A = rng.standard_normal((3, 3))
    data = rng.standard_normal((500, 3)) @ A.T + [1.0, -2.0, 0.5]
    mu, precision = sm.gaussian_score_matching(data)
    np.testing.assert_allclose(mu, data.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(precision, np.linalg.inv(np.cov(data.T, bias=True)), rtol=1e-9)

    def objective(L):  # J_SM of N(μ, L⁻¹): ψ = −L(v − μ), ∂ψ_i/∂v_i = −L_ii
        return np.mean(0.5 * np.sum(((data - mu) @ L) ** 2, axis=1)) - np.trace(L)

    D = rng.standard_normal((3, 3))
    D = D + D.T  # a symmetric direction
    t = 1e-4
    slope = (objective(precision + t * D) - objective(precision - t * D)) / (2 * t)
    assert abs(slope) < 1e-7  # stationary
    assert objective(precision + 0.1 * D) > objective(precision)  # and a minimum


def test_a_gaussian_rbm_without_weights_is_fitted_at_the_sample_mean_and_variance():
    data = _data(50, 3) * [1.0, 2.0, 0.5] + [0.3, -1.0, 2.0]
    log_sigma = 0.5 * np.log(data.var(axis=0))
    model = GaussianRBM(np.zeros((3, 2)), data.mean(axis=0), [0.5, -0.5], log_sigma)
    grad = sm.score_matching_gradient(model, data, learn_sigma=True)
    np.testing.assert_allclose(grad.a, 0.0, atol=1e-12)
    np.testing.assert_allclose(grad.log_sigma, 0.0, atol=1e-12)


def test_score_matching_training_lowers_the_loss():
    data = np.random.default_rng(0).standard_normal((200, 2)) * [1.0, 0.5] + [1.0, 0.0]
    model = GaussianRBM.random(2, 4, rng=1, scale=0.1)
    estimator = sm.ScoreMatching(learn_sigma=True)
    before = sm.score_matching_loss(model, data)
    for _ in range(30):
        model = model + 0.05 * estimator(model, data, rng=None)
    assert sm.score_matching_loss(model, data) < before - 0.1


# --- bad input ---------------------------------------------------------------------------------
MODEL = GaussianRBM.zeros(2, 3)
V_OK = np.zeros((2, 2))
CASES = [
    ("score: binary RBM", lambda: sm.score(RBM.zeros(2, 3), V_OK), TypeError,
     "model must be an rbmlib.GaussianRBM; got RBM"),
    ("loss: width", lambda: sm.score_matching_loss(MODEL, np.zeros((2, 3))), ValueError,
     r"data must have 2 columns"),
    ("loss: NaN", lambda: sm.score_matching_loss(MODEL, [[np.nan, 0.0]]),
     ValueError, "data must be finite"),
    ("gradient: flag", lambda: sm.score_matching_gradient(MODEL, V_OK, learn_sigma="yes"),
     TypeError,
     "learn_sigma must be True or False"),
    ("dsm: zero noise", lambda: sm.denoising_score_matching_loss(MODEL, V_OK, 0.0, 0), ValueError,
     "sigma_noise must be a finite number greater than 0; got 0.0"),
    ("dsm: negative noise", lambda: sm.denoising_score_matching_gradient(MODEL, V_OK, -1.0, 0),
     ValueError,
     "sigma_noise must be a finite number greater than 0"),
    ("dsm: corruptions",
     lambda: sm.denoising_score_matching_loss(MODEL, V_OK, 0.1, 0, n_corruptions=0),
     ValueError, "n_corruptions must be at least 1"),
    ("dsm: rng", lambda: sm.denoising_score_matching_loss(MODEL, V_OK, 0.1, None), TypeError,
     "rng must be a numpy.random.Generator or an integer seed"),
    ("estimator: noise", lambda: sm.DenoisingScoreMatching(np.nan),
     ValueError, "sigma_noise must be a finite"),
    ("estimator: flag", lambda: sm.ScoreMatching(learn_sigma=None),
     TypeError, "learn_sigma must be True or False"),
    ("gaussian: too few rows", lambda: sm.gaussian_score_matching(np.zeros((2, 3))), ValueError,
     "data must have more rows than columns"),
    ("gaussian: collinear",
     lambda: sm.gaussian_score_matching(np.outer(np.arange(5.0), [1.0, 2.0])),
     ValueError, "positive definite sample covariance"),
]


@pytest.mark.parametrize(("description", "call", "exception", "message"), CASES,
                         ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_a_clear_message(description, call, exception, message):
    with pytest.raises(exception, match=message):
        call()


def test_inputs_are_not_modified():
    model = random_gaussian_rbm(2, 3, seed=12)
    before = model.to_vector().copy()
    v = _data(4, 2)
    v_copy = v.copy()
    sm.score(model, v)
    sm.score_derivative(model, v)
    sm.score_matching_gradient(model, v, learn_sigma=True)
    sm.denoising_score_matching_gradient(model, v, 0.2, 0, n_corruptions=2, learn_sigma=True)
    sm.gaussian_score_matching(v)
    np.testing.assert_array_equal(v, v_copy)
    np.testing.assert_array_equal(model.to_vector(), before)
