"""The NCE objective J(θ, c) and its gradient, for binary and Gaussian–Bernoulli RBMs.

The formulas are stated in :mod:`rbmlib.nce`.

Chapter: *Noise-contrastive estimation* (``book/noise_contrastive_estimation.ipynb``).
"""

import numpy as np
from scipy.special import expit

from .._checks import _describe, as_finite_float, as_states
from ..energy import _free_energy
from ..gaussian import GaussianRBM
from ..gaussian.model import _check_model as _check_gaussian
from ..gaussian.model import _free_energy as _gaussian_free_energy
from ..gaussian.model import _hidden_input
from ..noise import UniformBinaryNoise, _as_real_rows  # noqa: F401 (the examples use it)
from ..rbm import RBM

__all__ = ["nce_objective", "nce_gradient"]


# --- input checks --------------------------------------------------------------------------------
def _is_gaussian(model):
    """True for a GaussianRBM, False for a binary RBM; TypeError for anything else."""
    if isinstance(model, RBM):
        return False
    if isinstance(model, GaussianRBM):
        _check_gaussian(model)
        return True
    raise TypeError(
        f"rbm must be an rbmlib.RBM or an rbmlib.gaussian.GaussianRBM; got {type(model).__name__}"
    )


def _check_noise(noise, model):
    gaussian = _is_gaussian(model)
    for attribute in ("log_prob", "sample", "n_visible", "binary"):
        if not hasattr(noise, attribute):
            raise TypeError(
                "noise must be a noise distribution with log_prob, sample, n_visible and binary "
                f"(e.g. BernoulliNoise); got {_describe(noise)}"
            )
    if noise.n_visible != model.n_visible:
        raise ValueError(
            f"noise must have n_visible = {model.n_visible} to match rbm; got {noise.n_visible}"
        )
    if bool(noise.binary) == gaussian:
        wanted = "continuous noise (GaussianNoise)" if gaussian else "binary noise"
        raise TypeError(f"{type(model).__name__} needs {wanted}; got {noise!r}")


def _as_flag(name, x):
    if not isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {_describe(x)}")
    return bool(x)


def _as_visible_rows(name, x, model):
    if _is_gaussian(model):
        return _as_real_rows(name, x, model.n_visible)[0]
    return as_states(name, x, model.n_visible)[0]


# --- the model's side: log p̃(v) and Σ_n w_n ∇θ log p̃(v_n) ---------------------------------------
def _log_model(model, v):
    """log p̃(v) = −F(v) for each row."""
    if isinstance(model, GaussianRBM):
        return -_gaussian_free_energy(model, v)
    return -_free_energy(model.W, model.a, model.b, v)


def _weighted_score(model, v, w):
    """Σ_n w_n ∇θ log p̃(v_n), shaped like the model (the formulas of the module docstring)."""
    if isinstance(model, GaussianRBM):
        s = np.exp(-2.0 * model.log_sigma)  # 1/σ²
        q = expit(_hidden_input(model, v))  # p(h = 1 | v)
        d = v - model.a
        wq = w[:, None] * q
        d_log_sigma = s * (w @ d**2) - 2.0 * s * np.einsum("ni,ni->i", v, wq @ model.W.T)
        return GaussianRBM((v * s).T @ wq, s * (w @ d), w @ q, d_log_sigma)
    p_h = expit(v @ model.W + model.b)  # σ(b + vᵀW), the mean of h given v
    return RBM(v.T @ (w[:, None] * p_h), w @ v, w @ p_h)


def _without_sigma(grad, learn_sigma):
    """The gradient with its ∂/∂ log σ set to zero unless σ is learned (GaussianRBM only)."""
    if learn_sigma or not isinstance(grad, GaussianRBM):
        return grad
    return GaussianRBM(grad.W, grad.a, grad.b, np.zeros_like(grad.log_sigma))


# --- the objective and its gradient --------------------------------------------------------------
def _log_odds_offset(model, x, noise, nu):
    """u(x) = log p̃(x) − log(ν p_n(x)), so that G(x) = u(x) + c."""
    return _log_model(model, x) - np.log(nu) - noise.log_prob(x)


def _nce_terms(model, c, data, noise_samples, noise):
    """J, ∂J/∂θ and ∂J/∂c for checked rows; ν = T_n / T_d."""
    n_data = data.shape[0]
    x = np.vstack([data, noise_samples])  # both phases in one GEMM
    G = _log_odds_offset(model, x, noise, noise_samples.shape[0] / n_data) + c
    G_data, G_noise = G[:n_data], G[n_data:]
    # log σ(z) = −softplus(−z), which neither overflows nor loses precision.
    J = -float(np.logaddexp(0.0, -G_data).sum() + np.logaddexp(0.0, G_noise).sum()) / n_data
    w = np.concatenate([expit(-G_data), -expit(G_noise)]) / n_data
    return J, _weighted_score(model, x, w), float(w.sum())


def _checked(rbm, c, data, noise_samples, noise):
    _check_noise(noise, rbm)
    c = as_finite_float("c", c)
    data = _as_visible_rows("data", data, rbm)
    noise_samples = _as_visible_rows("noise_samples", noise_samples, rbm)
    return rbm, c, data, noise_samples, noise


def nce_objective(rbm, c, data, noise_samples, noise):
    """J(θ, c) = (1/T_d) [Σ_t log σ(G(x_t)) + Σ_s log σ(−G(y_s))], G = log p̃ + c − log(ν p_n).

    ν = T_n / T_d is the ratio of the numbers of rows of ``noise_samples`` and ``data``.

    Parameters
    ----------
    rbm : RBM or GaussianRBM
        θ.  A binary RBM takes binary rows and binary noise (:class:`~rbmlib.noise.BernoulliNoise`,
        :class:`~rbmlib.noise.UniformBinaryNoise`); a GaussianRBM takes real rows and :class:`~rbmlib.noise.GaussianNoise`.
    c : float
        Log of the normalising multiplier 1/Z: log p_m(v) = log p̃(v) + c, exact at c = −log Z.
    data : array_like, shape (T_d, n_visible)
    noise_samples : array_like, shape (T_n, n_visible)
        Rows drawn from ``noise``.
    noise : BernoulliNoise, UniformBinaryNoise or GaussianNoise
        Anything with ``log_prob(v)``, ``sample(n_samples, rng)``, ``n_visible`` and ``binary``.

    Returns
    -------
    float

    Examples
    --------
    >>> rbm = RBM.zeros(2, 1)  # p̃(v) = 2 for every v and Z = 8: c = −log 8 makes p_m uniform
    >>> J = nce_objective(rbm, -np.log(8), [[0, 1]], [[1, 1]], UniformBinaryNoise(2))
    >>> round(J, 6)  # p_m = p_n: every row is classified with probability ½, J = 2 log ½
    -1.386294
    """
    return _nce_terms(*_checked(rbm, c, data, noise_samples, noise))[0]


def nce_gradient(rbm, c, data, noise_samples, noise):
    """(∂J/∂θ, ∂J/∂c): σ(−G)-weighted scores of the data minus σ(G)-weighted scores of the noise.

    ∂J/∂θ = (1/T_d)[Σ_t σ(−G(x_t)) ∇θ log p̃(x_t) − Σ_s σ(G(y_s)) ∇θ log p̃(y_s)] and
    ∂J/∂c = (1/T_d)[Σ_t σ(−G(x_t)) − Σ_s σ(G(y_s))]; arguments as for :func:`nce_objective`.

    Returns
    -------
    grad : RBM or GaussianRBM
        The ascent direction for θ, shaped like ``rbm`` (for a GaussianRBM, ``log_sigma``
        holds ∂J/∂ log σ).
    grad_c : float

    Examples
    --------
    >>> noise = UniformBinaryNoise(2)
    >>> grad, grad_c = nce_gradient(RBM.zeros(2, 1), -np.log(8), [[0, 1]], [[1, 1]], noise)
    >>> grad.a  # σ(±G) = ½: the data row pulls a_2 up by ½, the noise row both down by ½
    array([-0.5,  0. ])
    """
    _, grad, grad_c = _nce_terms(*_checked(rbm, c, data, noise_samples, noise))
    return grad, grad_c
