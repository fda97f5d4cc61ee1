"""Noise-contrastive estimation (NCE): learn an unnormalised model by telling data from noise.

Gutmann and Hyvärinen (2010, 2012) turn density estimation into logistic regression.  The model
gets one extra parameter c, the log of its normalising multiplier 1/Z,

    log p_m(v; θ, c) = log p̃(v; θ) + c,        so c* = −log Z at the optimum,

and learns to tell T_d data rows x_t (label 1) from T_n = ν T_d noise rows y_s ~ p_n (label 0)
by the log-odds G(v) = log p_m(v) − log(ν p_n(v)).  The objective maximised here, normalised per
data row, is

    J(θ, c) = (1/T_d) [ Σ_t log σ(G(x_t)) + Σ_s log σ(−G(y_s)) ],        ν = T_n / T_d,

an estimate of E_data[log σ(G(x))] + ν E_noise[log σ(−G(y))].  Its gradient is

    ∂J/∂θ = (1/T_d) [ Σ_t σ(−G(x_t)) ∇θ log p̃(x_t) − Σ_s σ(G(y_s)) ∇θ log p̃(y_s) ],
    ∂J/∂c = (1/T_d) [ Σ_t σ(−G(x_t)) − Σ_s σ(G(y_s)) ].

For the binary RBM log p̃(v) = −F(v) and ∇θ log p̃(v) = (v σ(b + vᵀW)ᵀ, v, σ(b + vᵀW)).  For the
Gaussian–Bernoulli RBM (:class:`rbmlib.gaussian.GaussianRBM`, with s_i = 1/σ_i² and
q = σ(b + (s ⊙ v)ᵀW)), ∇θ log p̃(v) = ((s ⊙ v) qᵀ, s ⊙ (v − a), q, s ⊙ (v − a)² − 2 s ⊙ v ⊙ Wq),
the last entry being ∂/∂ log σ; it is paired with continuous noise such as :class:`~rbmlib.noise.GaussianNoise`.
J is concave in c, and with θ fixed ∂J/∂c is decreasing with one root: an estimate of −log Z that
never computes Z.

Chapter: *Noise-contrastive estimation* (``book/noise_contrastive_estimation.ipynb``).
"""

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit

from ._checks import (
    _describe,
    as_finite_float,
    as_positive_float,
    as_positive_int,
    as_rng,
    as_states,
)
from .energy import _free_energy
from .gaussian import GaussianRBM
from .gaussian.model import _check_model as _check_gaussian
from .gaussian.model import _free_energy as _gaussian_free_energy
from .gaussian.model import _hidden_input
from .noise import BernoulliNoise, GaussianNoise, UniformBinaryNoise, _as_real_rows  # noqa: F401 (examples)
from .rbm import RBM

__all__ = [
    "nce_objective",
    "nce_gradient",
    "NCE",
    "fit_nce",
    "nce_log_normaliser",
]


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
