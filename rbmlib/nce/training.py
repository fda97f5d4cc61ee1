"""Training by NCE: an estimator for the training loop, a plain fitting loop, and −log Z from c.

Chapter: *Noise-contrastive estimation* (``book/noise_contrastive_estimation.ipynb``).
"""

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit

from .._checks import as_finite_float, as_positive_float, as_positive_int, as_rng
from ..noise import BernoulliNoise, GaussianNoise, UniformBinaryNoise  # noqa: F401 (examples)
from ..rbm import RBM  # noqa: F401 (the examples use it)
from .objective import (
    _as_flag,
    _as_visible_rows,
    _check_noise,
    _log_odds_offset,
    _nce_terms,
    _without_sigma,
)

__all__ = ["NCE", "fit_nce", "nce_log_normaliser"]


# --- estimators ----------------------------------------------------------------------------------
def _n_noise(nu, n_data):
    return max(1, round(nu * n_data))


class NCE:
    """NCE as a training-loop estimator: ``NCE(noise)(rbm, v_batch, rng)`` returns ∂J/∂θ.

    Each call draws T_n = max(1, round(ν · len(v_batch))) fresh noise rows, returns the ascent
    direction for θ (which the training loop applies, with its learning rate, momentum and weight
    decay) and moves its own c by plain gradient ascent, c ← c + c_learning_rate · ∂J/∂c.
    The training loop never sees c.

    Parameters
    ----------
    noise : BernoulliNoise, UniformBinaryNoise or GaussianNoise
    nu : float
        Noise rows per data row, > 0.
    c : float
        Initial log normalising multiplier (an estimate of −log Z).
    c_learning_rate : float
        Step size of the update of c, > 0.
    learn_sigma : bool
        For a GaussianRBM: return ∂J/∂ log σ too; if False (the default, as in
        ``rbmlib.gaussian.MaximumLikelihood``) its entry is zero and σ stays fixed.
        A binary RBM has no σ and ignores it.

    Attributes
    ----------
    c : float
        The current c.
    J_history : list of float
        J at each call, evaluated before the update (on that call's batch and noise).

    Examples
    --------
    >>> estimator = NCE(UniformBinaryNoise(2), nu=2.0)
    >>> grad = estimator(RBM.zeros(2, 1), [[0, 1], [1, 1]], rng=0)
    >>> grad.W.shape, len(estimator.J_history)
    ((2, 1), 1)
    >>> from rbmlib.gaussian import GaussianRBM
    >>> estimator = NCE(GaussianNoise([0.0], [[1.0]]))
    >>> estimator(GaussianRBM.zeros(1, 2), [[0.3], [-1.2]], rng=0).log_sigma  # σ held fixed
    array([0.])
    """

    def __init__(self, noise, nu=1.0, c=0.0, c_learning_rate=0.1, *, learn_sigma=False):
        self.noise = noise
        self.nu = as_positive_float("nu", nu)
        self.c = as_finite_float("c", c)
        self.c_learning_rate = as_positive_float("c_learning_rate", c_learning_rate)
        self.learn_sigma = _as_flag("learn_sigma", learn_sigma)
        self.J_history = []

    def __call__(self, rbm, v_batch, rng):
        _check_noise(self.noise, rbm)
        data = _as_visible_rows("v_batch", v_batch, rbm)
        noise_samples = self.noise.sample(_n_noise(self.nu, data.shape[0]), as_rng(rng))
        J, grad, grad_c = _nce_terms(rbm, self.c, data, noise_samples, self.noise)
        self.J_history.append(J)
        self.c += self.c_learning_rate * grad_c
        return _without_sigma(grad, self.learn_sigma)

    def __repr__(self):
        return f"NCE(noise={self.noise!r}, nu={self.nu}, c={self.c:.6g})"


def fit_nce(rbm, data, noise, nu, rng, n_steps, learning_rate, *, learn_theta=True, c=0.0,
            learn_sigma=False):
    """Maximise J by full-batch gradient ascent on one fixed draw of T_n = round(ν T_d) noise rows.

    With ``learn_theta=False`` only c moves (θ stays at ``rbm``), a concave 1-D problem.

    Parameters
    ----------
    rbm : RBM or GaussianRBM
        Initial θ.
    data : array_like, shape (T_d, n_visible)
    noise : BernoulliNoise, UniformBinaryNoise or GaussianNoise
    nu : float
        Noise rows per data row, > 0.
    rng : numpy.random.Generator or int
    n_steps : int
    learning_rate : float
        Step size for θ and c.
    learn_theta : bool
    c : float
        Initial c.
    learn_sigma : bool
        For a GaussianRBM with ``learn_theta``: also move log σ (held fixed by default).

    Returns
    -------
    rbm : RBM or GaussianRBM
    c : float
    J_history : ndarray, shape (n_steps + 1,)
        J before each step and after the last.

    Examples
    --------
    >>> _, c, J = fit_nce(RBM.zeros(2, 1), [[0, 1], [1, 0]], UniformBinaryNoise(2), nu=1.0,
    ...                   rng=0, n_steps=50, learning_rate=1.0, learn_theta=False)
    >>> bool(J[-1] > J[0])
    True
    """
    nu = as_positive_float("nu", nu)
    n_steps = as_positive_int("n_steps", n_steps, minimum=0)
    learning_rate = as_positive_float("learning_rate", learning_rate)
    learn_theta = _as_flag("learn_theta", learn_theta)
    learn_sigma = _as_flag("learn_sigma", learn_sigma)
    data = _as_visible_rows("data", data, rbm)
    _check_noise(noise, rbm)
    c = as_finite_float("c", c)
    noise_samples = noise.sample(_n_noise(nu, data.shape[0]), as_rng(rng))
    J_history = np.empty(n_steps + 1)
    for step in range(n_steps + 1):
        J_history[step], grad, grad_c = _nce_terms(rbm, c, data, noise_samples, noise)
        if step == n_steps:
            break
        if learn_theta:
            rbm = rbm + learning_rate * _without_sigma(grad, learn_sigma)
        c += learning_rate * grad_c
    return rbm, c, J_history


def nce_log_normaliser(rbm, data, noise, nu, rng):
    """The NCE estimate ĉ of c* = −log Z with θ fixed: the root of ∂J/∂c = 0.

    With u = log p̃ − log(ν p_n), ∂J/∂c ∝ Σ_t σ(−u(x_t) − c) − Σ_s σ(u(y_s) + c) falls
    monotonically from T_d to −T_n, so the root is unique; it is bracketed in closed form and
    found by Brent's method.  Its error shrinks like 1/√T_d when ``data`` are drawn from the model.
    The estimate of log Z is −ĉ.

    Parameters
    ----------
    rbm : RBM or GaussianRBM
    data : array_like, shape (T_d, n_visible)
        Samples from the model (or data the model is supposed to fit).
    noise : BernoulliNoise, UniformBinaryNoise or GaussianNoise
    nu : float
        Noise rows per data row, > 0.
    rng : numpy.random.Generator or int
        Draws the T_n = max(1, round(ν T_d)) noise rows.

    Returns
    -------
    float

    Examples
    --------
    >>> import rbmlib
    >>> rbm = rbmlib.RBM.random(4, 2, rng=0, scale=0.5)
    >>> p = rbmlib.exact.visible_distribution(rbm)
    >>> rng = np.random.default_rng(1)
    >>> data = rbmlib.exact.states(4)[rng.choice(16, size=20_000, p=p)]
    >>> c = nce_log_normaliser(rbm, data, BernoulliNoise.fit(data), nu=1.0, rng=rng)
    >>> abs(c + rbmlib.exact.log_partition(rbm)) < 0.05
    True
    """
    nu = as_positive_float("nu", nu)
    data = _as_visible_rows("data", data, rbm)
    _check_noise(noise, rbm)
    noise_samples = noise.sample(_n_noise(nu, data.shape[0]), as_rng(rng))
    n_data, n_noise = data.shape[0], noise_samples.shape[0]
    u_data = _log_odds_offset(rbm, data, noise, n_noise / n_data)
    u_noise = _log_odds_offset(rbm, noise_samples, noise, n_noise / n_data)

    def score(c):
        return expit(-u_data - c).sum() - expit(u_noise + c).sum()

    # At c_low every data term is ≥ ½ and the noise terms sum below T_d / 2: score > 0.
    c_low = min(-u_data.max(), np.log(n_data / (2.0 * n_noise)) - u_noise.max())
    # At c_high every noise term is ≥ ½ and the data terms sum below T_n / 2: score < 0.
    c_high = max(-u_noise.min(), np.log(2.0 * n_data / n_noise) - u_data.min())
    return float(brentq(score, c_low, c_high, xtol=1e-12))
