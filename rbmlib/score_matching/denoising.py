"""Denoising score matching (Vincent 2011): match the score at corrupted points.

Chapter: *Denoising score matching* (``book/denoising_score_matching.ipynb``).
"""

import numpy as np

from .._checks import as_positive_float, as_positive_int, as_rng
from ..gaussian.exact import _as_flag
from ..gaussian.model import GaussianRBM, _as_rows, _check_model
from .explicit import _parts

__all__ = ["denoising_score_matching_loss", "denoising_score_matching_gradient",
           "DenoisingScoreMatching"]


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
