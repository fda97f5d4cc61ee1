"""Score matching (Hyvärinen 2005): the score, its derivative, the loss J_SM and its gradient.

The formulas are stated in :mod:`rbmlib.score_matching`; :func:`gaussian_score_matching` is the
closed-form minimiser for a Gaussian model, a check on the rest.

Chapter: *Score matching* (``book/score_matching.ipynb``).
"""

import numpy as np
from scipy.linalg import solve_continuous_lyapunov
from scipy.special import expit

from .._checks import as_real_array
from ..gaussian.exact import _as_flag
from ..gaussian.model import GaussianRBM, _as_rows, _check_model

__all__ = ["score", "score_derivative", "score_matching_loss", "score_matching_gradient",
           "ScoreMatching", "gaussian_score_matching"]


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
