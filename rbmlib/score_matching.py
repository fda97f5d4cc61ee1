"""Score matching and denoising score matching for the Gaussian–Bernoulli RBM.

The score ψ(v) = ∇_v log p̃(v) = −∇_v F(v) does not involve Z.  Score matching (Hyvärinen 2005)
minimises the Fisher divergence ½ E_data‖ψ_model − ψ_data‖², which integration by parts turns into

    J_SM(θ) = E_data Σ_i [ ½ ψ_i(v)² + ∂ψ_i/∂v_i ]        (+ a constant free of θ),

and denoising score matching (Vincent 2011) matches ψ at corrupted points ṽ = v + σ_noise ε to
∇_ṽ log q(ṽ | v) = (v − ṽ)/σ_noise²:

    J_DSM(θ) = E_{v, ε} ½ ‖ψ(ṽ) − (v − ṽ)/σ_noise²‖².

For the Gaussian–Bernoulli RBM, with s_i = 1/σ_i², U_ij = s_i W_ij, x_j = b_j + Σ_k v_k U_kj and
p_j = σ(x_j):

    ψ_i(v) = −s_i (v_i − a_i) + Σ_j U_ij p_j,      ∂ψ_i/∂v_i = −s_i + Σ_j U_ij² p_j (1 − p_j).

``*_gradient`` functions return the gradient of the LOSS (descend it); the estimator classes
return its negative, the ascent direction a training loop expects.

Chapters: *Score matching* (``book/score_matching.ipynb``) and *Denoising score matching*
(``book/denoising_score_matching.ipynb``), which derive every formula here.
"""

import numpy as np
from scipy.linalg import solve_continuous_lyapunov
from scipy.special import expit

from ._checks import as_positive_float, as_positive_int, as_real_array, as_rng
from .gaussian.exact import _as_flag
from .gaussian.model import GaussianRBM, _as_rows, _check_model

__all__ = [
    "score", "score_derivative", "score_matching_loss", "score_matching_gradient",
    "denoising_score_matching_loss", "denoising_score_matching_gradient", "ScoreMatching",
    "DenoisingScoreMatching", "gaussian_score_matching",
]


def _parts(model, v):
    """s = 1/σ², U = diag(s) W, p = σ(b + v U) and ψ(v) for checked rows ``v``."""
    s = np.exp(-2.0 * model.log_sigma)
    U = s[:, None] * model.W
    p = expit(v @ U + model.b)
    psi = -s * (v - model.a) + p @ U.T
    return s, U, p, psi


def score(model, v):
    """ψ(v) = ∇_v log p̃(v): ψ_i = −(v_i − a_i)/σ_i² + Σ_j W_ij σ(b_j + Σ_k v_k W_kj/σ_k²)/σ_i².

    ψ = −∇_v F, so Z drops out.  Derived in ``book/score_matching.ipynb``.

    Parameters
    ----------
    model : GaussianRBM
    v : array_like, shape (n_samples, n_visible) or (n_visible,)

    Returns
    -------
    ndarray shaped like ``v``.

    Examples
    --------
    >>> from rbmlib.gaussian import GaussianRBM
    >>> score(GaussianRBM.zeros(2, 1), [1.0, -2.0])  # a standard normal: ψ(v) = −v
    array([-1.,  2.])
    """
    _check_model(model)
    v, single = _as_rows("v", v, model.n_visible)
    psi = _parts(model, v)[3]
    return psi[0] if single else psi


def score_derivative(model, v):
    """∂ψ_i/∂v_i = −1/σ_i² + Σ_j (W_ij/σ_i²)² σ'(x_j), the diagonal of the score's Jacobian.

    σ'(x) = σ(x)(1 − σ(x)) and x_j = b_j + Σ_k v_k W_kj/σ_k²; shaped like ``v``.

    Examples
    --------
    >>> from rbmlib.gaussian import GaussianRBM
    >>> score_derivative(GaussianRBM([[2.0]], [0.0], [0.0], [0.0]), [0.0])  # −1 + 4 · ¼
    array([0.])
    """
    _check_model(model)
    v, single = _as_rows("v", v, model.n_visible)
    _, U, p, _ = _parts(model, v)
    d_psi = (p * (1.0 - p)) @ (U**2).T - np.exp(-2.0 * model.log_sigma)
    return d_psi[0] if single else d_psi


def _sm_loss_rows(model, v):
    """Σ_i [½ ψ_i(v)² + ∂ψ_i/∂v_i] for each checked row of ``v``."""
    s, U, p, psi = _parts(model, v)
    d_psi = (p * (1.0 - p)) @ (U**2).T - s
    return (0.5 * psi**2 + d_psi).sum(axis=1)


def score_matching_loss(model, data):
    """J_SM = (1/M) Σ_m Σ_i [½ ψ_i(v⁽ᵐ⁾)² + ∂ψ_i/∂v_i(v⁽ᵐ⁾)], Hyvärinen's objective (minimise).

    It equals the Fisher divergence ½ E_data‖ψ_model − ψ_data‖² minus ½ E_data‖ψ_data‖², a
    constant that does not depend on the model (``book/score_matching.ipynb`` integrates by parts).

    Parameters
    ----------
    model : GaussianRBM
    data : array_like, shape (n_samples, n_visible)

    Returns
    -------
    float

    Examples
    --------
    >>> from rbmlib.gaussian import GaussianRBM
    >>> score_matching_loss(GaussianRBM.zeros(1, 1), [[1.0], [-1.0]])  # ½ v² − 1
    -0.5
    """
    _check_model(model)
    v, _ = _as_rows("data", data, model.n_visible)
    return float(np.mean(_sm_loss_rows(model, v)))


def _sm_gradient(model, v, weights, learn_sigma):
    """∇_θ Σ_m weights_m ℓ(v⁽ᵐ⁾), ℓ(v) = Σ_i ½ψ_i² + ∂ψ_i/∂v_i (weights sum to one).

    With p' = p(1 − p), p'' = p'(1 − 2p), c_j = Σ_i U_ij² and g = ∂ℓ/∂b = p' ∘ (Uᵀψ) + p'' ∘ c:
    ∂ℓ/∂a_i = s_i ψ_i,  ∂ℓ/∂W_ij = s_i [ψ_i p_j + v_i g_j + 2 U_ij p'_j],
    ∂ℓ/∂log σ_i = −2 [ψ_i² + v_i (U g)_i − s_i + 2 Σ_j U_ij² p'_j].
    """
    s, U, p, psi = _parts(model, v)
    dp = p * (1.0 - p)
    g = dp * (psi @ U) + dp * (1.0 - 2.0 * p) * (U**2).sum(axis=0)
    w = weights[:, None]
    grad_W = s[:, None] * ((psi * w).T @ p + (v * w).T @ g + 2.0 * U * (weights @ dp))
    grad_log_sigma = np.zeros(model.n_visible)
    if learn_sigma:
        grad_log_sigma = -2.0 * (weights @ (psi**2 + v * (g @ U.T) + 2.0 * dp @ (U**2).T) - s)
    return GaussianRBM(grad_W, s * (weights @ psi), weights @ g, grad_log_sigma)


def score_matching_gradient(model, data, *, learn_sigma=False):
    """∇_θ J_SM, the gradient of the score-matching LOSS (descend it: model − lr · grad).

    Derived in closed form in ``book/score_matching.ipynb`` and vectorised over rows; its
    negative is the ascent direction that :class:`ScoreMatching` returns.

    Parameters
    ----------
    model : GaussianRBM
    data : array_like, shape (n_samples, n_visible)
    learn_sigma : bool
        If False (the default), σ is fixed and the ``log_sigma`` field is zero.

    Returns
    -------
    GaussianRBM

    Examples
    --------
    >>> from rbmlib.gaussian import GaussianRBM
    >>> score_matching_gradient(GaussianRBM.zeros(1, 1), [[2.0]]).a  # ∂/∂a ½(a − v)² = a − v
    array([-2.])
    """
    _check_model(model)
    v, _ = _as_rows("data", data, model.n_visible)
    learn_sigma = _as_flag("learn_sigma", learn_sigma)
    return _sm_gradient(model, v, np.full(v.shape[0], 1.0 / v.shape[0]), learn_sigma)


def _corrupt(model, data, sigma_noise, rng, n_corruptions):
    """Check the arguments; return (v, ε): ``data`` rows repeated and ε ~ N(0, I) of that shape."""
    _check_model(model)
    v, _ = _as_rows("data", data, model.n_visible)
    as_positive_float("sigma_noise", sigma_noise)
    n_corruptions = as_positive_int("n_corruptions", n_corruptions)
    v = np.repeat(v, n_corruptions, axis=0)
    return v, as_rng(rng).standard_normal(v.shape)


def _dsm_residual(model, v, noise, sigma_noise):
    """ṽ = v + σ_noise ε and r = ψ(ṽ) − (v − ṽ)/σ_noise² = ψ(ṽ) + ε/σ_noise, with the parts."""
    v_tilde = v + sigma_noise * noise
    s, U, p, psi = _parts(model, v_tilde)
    return v_tilde, s, U, p, psi, psi + noise / sigma_noise


def denoising_score_matching_loss(model, data, sigma_noise, rng, *, n_corruptions=1):
    """J_DSM = mean over rows and corruptions of ½‖ψ(ṽ) − (v − ṽ)/σ_noise²‖², ṽ = v + σ_noise ε.

    (v − ṽ)/σ_noise² = ∇_ṽ log N(ṽ; v, σ_noise² I) is the score of the corruption.  Each row of
    ``data`` is repeated ``n_corruptions`` times (``np.repeat``) and ε is drawn as
    ``rng.standard_normal`` of that shape, so the same seed gives the same ε in the loss and in
    :func:`denoising_score_matching_gradient`.  Derived in ``book/denoising_score_matching.ipynb``.

    Parameters
    ----------
    model : GaussianRBM
    data : array_like, shape (n_samples, n_visible)
    sigma_noise : float > 0
    rng : numpy.random.Generator or int
    n_corruptions : int

    Returns
    -------
    float

    Examples
    --------
    >>> from rbmlib.gaussian import GaussianRBM
    >>> loss = denoising_score_matching_loss(GaussianRBM.zeros(2, 1), [[0.0, 1.0]], 0.1, rng=0)
    >>> loss > 0
    True
    """
    v, noise = _corrupt(model, data, sigma_noise, rng, n_corruptions)
    r = _dsm_residual(model, v, noise, float(sigma_noise))[-1]
    return float(np.mean(0.5 * (r**2).sum(axis=1)))


def _dsm_gradient(model, v, noise, sigma_noise, weights, learn_sigma):
    """∇_θ Σ_m weights_m ½‖r_m‖² with r = ψ(ṽ) + ε/σ_noise (weights sum to one).

    With g = p' ∘ (Uᵀr): ∂/∂a_i = s_i r_i, ∂/∂b = g, ∂/∂W_ij = s_i [r_i p_j + ṽ_i g_j],
    ∂/∂log σ_i = −2 [r_i ψ_i + ṽ_i (U g)_i]; every term is evaluated at ṽ.
    """
    v_tilde, s, U, p, psi, r = _dsm_residual(model, v, noise, sigma_noise)
    g = p * (1.0 - p) * (r @ U)
    w = weights[:, None]
    grad_W = s[:, None] * ((r * w).T @ p + (v_tilde * w).T @ g)
    grad_log_sigma = np.zeros(model.n_visible)
    if learn_sigma:
        grad_log_sigma = -2.0 * (weights @ (r * psi + v_tilde * (g @ U.T)))
    return GaussianRBM(grad_W, s * (weights @ r), weights @ g, grad_log_sigma)


def denoising_score_matching_gradient(model, data, sigma_noise, rng, *, n_corruptions=1,
                                      learn_sigma=False):
    """∇_θ J_DSM for one draw of ε (the same draw as the loss with the same ``rng``): the LOSS
    gradient; :class:`DenoisingScoreMatching` returns its negative.

    The target (v − ṽ)/σ_noise² does not depend on θ, so ∇_θ ½‖r‖² = (∇_θ ψ(ṽ))ᵀ r with
    r = ψ(ṽ) − (v − ṽ)/σ_noise²; no second derivative of the model is needed, unlike J_SM.

    Parameters
    ----------
    model : GaussianRBM
    data : array_like, shape (n_samples, n_visible)
    sigma_noise : float > 0
    rng : numpy.random.Generator or int
    n_corruptions : int
        Corrupted copies of each row, averaged.
    learn_sigma : bool
        If False (the default), σ is fixed and the ``log_sigma`` field is zero.

    Returns
    -------
    GaussianRBM

    Examples
    --------
    >>> from rbmlib.gaussian import GaussianRBM
    >>> grad = denoising_score_matching_gradient(GaussianRBM.zeros(2, 3), [[0.0, 1.0]], 0.1, rng=0)
    >>> grad.W.shape
    (2, 3)
    """
    learn_sigma = _as_flag("learn_sigma", learn_sigma)
    v, noise = _corrupt(model, data, sigma_noise, rng, n_corruptions)
    weights = np.full(v.shape[0], 1.0 / v.shape[0])
    return _dsm_gradient(model, v, noise, float(sigma_noise), weights, learn_sigma)


class ScoreMatching:
    """Estimator for a training loop: −∇_θ J_SM on the batch (the ascent direction; no sampling).

    Examples
    --------
    >>> from rbmlib.gaussian import GaussianRBM
    >>> ScoreMatching()(GaussianRBM.zeros(1, 1), [[2.0]], rng=0).a
    array([2.])
    """

    def __init__(self, learn_sigma=False):
        self.learn_sigma = _as_flag("learn_sigma", learn_sigma)

    def __call__(self, model, v_batch, rng=None):
        return -score_matching_gradient(model, v_batch, learn_sigma=self.learn_sigma)

    def __repr__(self):
        return f"ScoreMatching(learn_sigma={self.learn_sigma})"


class DenoisingScoreMatching:
    """Estimator for a training loop: −∇_θ J_DSM with fresh noise ε drawn from ``rng`` each call.

    Examples
    --------
    >>> from rbmlib.gaussian import GaussianRBM
    >>> estimator = DenoisingScoreMatching(sigma_noise=0.1, n_corruptions=4)
    >>> estimator(GaussianRBM.zeros(1, 2), [[2.0]], rng=0).W.shape
    (1, 2)
    """

    def __init__(self, sigma_noise, learn_sigma=False, n_corruptions=1):
        self.sigma_noise = as_positive_float("sigma_noise", sigma_noise)
        self.learn_sigma = _as_flag("learn_sigma", learn_sigma)
        self.n_corruptions = as_positive_int("n_corruptions", n_corruptions)

    def __call__(self, model, v_batch, rng):
        return -denoising_score_matching_gradient(
            model, v_batch, self.sigma_noise, rng,
            n_corruptions=self.n_corruptions, learn_sigma=self.learn_sigma)

    def __repr__(self):
        return (f"DenoisingScoreMatching(sigma_noise={self.sigma_noise}, "
                f"learn_sigma={self.learn_sigma}, n_corruptions={self.n_corruptions})")


def gaussian_score_matching(data):
    """Score matching for a Gaussian N(μ, Λ⁻¹) in closed form: μ = mean, Λ solves CΛ + ΛC = 2I.

    With ψ(v) = −Λ(v − μ) and ∂ψ_i/∂v_i = −Λ_ii, J_SM = ½ E[(v − μ)ᵀΛ²(v − μ)] − tr Λ.  Setting
    its gradients to zero gives μ = the sample mean and ½(CΛ + ΛC) = I with C the sample
    covariance (1/M normalisation), a Lyapunov equation solved here as such; its unique solution
    is Λ = C⁻¹, the maximum-likelihood estimate (Hyvärinen 2005, section 3; the chapter
    ``book/score_matching.ipynb`` works it through).

    Parameters
    ----------
    data : array_like, shape (n_samples, n_dims)
        Needs a positive definite sample covariance (n_samples > n_dims, not collinear).

    Returns
    -------
    mu : ndarray of shape (n_dims,)
    precision : ndarray of shape (n_dims, n_dims)

    Examples
    --------
    >>> mu, precision = gaussian_score_matching([[0.0], [2.0]])  # mean 1, variance 1
    >>> mu, precision
    (array([1.]), array([[1.]]))
    """
    data = as_real_array("data", data, 2)
    n_samples, n_dims = data.shape
    if n_dims == 0 or n_samples <= n_dims:
        raise ValueError(f"data must have more rows than columns (at least one column) for a "
                         f"full covariance; got shape {data.shape}")
    mu = data.mean(axis=0)
    C = (data - mu).T @ (data - mu) / n_samples
    if np.linalg.eigvalsh(C)[0] <= 1e-12 * max(np.trace(C), 1e-300):
        raise ValueError("data must have a positive definite sample covariance; its rows lie in a "
                         "lower-dimensional subspace")
    precision = solve_continuous_lyapunov(C, 2.0 * np.eye(n_dims))
    return mu, 0.5 * (precision + precision.T)
