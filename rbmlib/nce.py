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
the last entry being ∂/∂ log σ; it is paired with continuous noise such as :class:`GaussianNoise`.
J is concave in c, and with θ fixed ∂J/∂c is decreasing with one root: an estimate of −log Z that
never computes Z.

Chapter: *Noise-contrastive estimation* (``book/noise_contrastive_estimation.ipynb``).
"""

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit

from ._checks import (
    _as_numeric,
    _describe,
    _finite_float64,
    as_finite_float,
    as_positive_float,
    as_positive_int,
    as_real_array,
    as_rng,
    as_states,
)
from .energy import _free_energy
from .gaussian import GaussianRBM
from .gaussian import _check_model as _check_gaussian
from .gaussian import _free_energy as _gaussian_free_energy
from .gaussian import _hidden_input
from .rbm import RBM

__all__ = [
    "BernoulliNoise",
    "UniformBinaryNoise",
    "GaussianNoise",
    "nce_objective",
    "nce_gradient",
    "NCE",
    "fit_nce",
    "nce_log_normaliser",
]


# --- noise distributions -------------------------------------------------------------------------
class BernoulliNoise:
    """Independent Bernoulli noise, p_n(v) = Π_i p_i^{v_i} (1 − p_i)^{1 − v_i}.

    Parameters
    ----------
    p : array_like, shape (n_visible,)
        P(v_i = 1), each strictly between 0 and 1 (so every state has p_n(v) > 0).

    Examples
    --------
    >>> noise = BernoulliNoise([0.5, 0.25])
    >>> round(float(np.exp(noise.log_prob([1, 1]))), 6)
    0.125
    >>> noise.sample(3, rng=0).shape
    (3, 2)
    """

    binary = True

    def __init__(self, p):
        p = as_real_array("p", p, 1)
        if p.size == 0 or not np.all((p > 0.0) & (p < 1.0)):
            raise ValueError(
                "p must be a non-empty 1-D array of probabilities strictly between 0 and 1 "
                f"(noise must give every state positive probability); got {p!r}"[:200]
            )
        p.flags.writeable = False
        self.p = p

    @classmethod
    def fit(cls, data, pseudo_count=1.0):
        """Fit p_i = (Σ_t x_ti + α) / (T + 2α) to binary data with pseudo-count α > 0.

        The pseudo-counts keep every p_i strictly inside (0, 1) even for a unit that is always
        on or always off in the data.

        Examples
        --------
        >>> BernoulliNoise.fit([[1, 0], [1, 0]], pseudo_count=1.0).p
        array([0.75, 0.25])
        """
        data = _as_binary_rows("data", data)
        alpha = as_positive_float("pseudo_count", pseudo_count)
        return BernoulliNoise((data.sum(axis=0) + alpha) / (data.shape[0] + 2.0 * alpha))

    @property
    def n_visible(self):
        return self.p.size

    def log_prob(self, v):
        """log p_n(v) = Σ_i v_i log p_i + (1 − v_i) log(1 − p_i) for each row of ``v``."""
        v, single = as_states("v", v, self.n_visible)
        values = v @ np.log(self.p) + (1.0 - v) @ np.log1p(-self.p)
        return float(values[0]) if single else values

    def sample(self, n_samples, rng):
        """Draw ``n_samples`` rows, shape (n_samples, n_visible)."""
        n_samples = as_positive_int("n_samples", n_samples)
        u = as_rng(rng).random((n_samples, self.n_visible))
        return (u < self.p).astype(np.float64)

    def __repr__(self):
        return f"{type(self).__name__}(n_visible={self.n_visible})"


class UniformBinaryNoise(BernoulliNoise):
    """Uniform noise over the 2^n_visible binary states: p_n(v) = 2^{−n_visible}.

    Examples
    --------
    >>> round(UniformBinaryNoise(3).log_prob([0, 1, 0]), 6)  # −3 log 2
    -2.079442
    """

    def __init__(self, n_visible):
        super().__init__(np.full(as_positive_int("n_visible", n_visible), 0.5))


class GaussianNoise:
    """Multivariate normal noise, log p_n(v) = −½ [d log 2π + log det Σ + (v − μ)ᵀ Σ⁻¹ (v − μ)].

    Σ = L Lᵀ is factorised once (Cholesky); log-densities and samples v = μ + L z are vectorised
    over rows.

    Parameters
    ----------
    mean : array_like, shape (n_visible,)
    cov : array_like, shape (n_visible, n_visible)
        Symmetric and positive definite; a singular covariance raises ``ValueError``.

    Examples
    --------
    >>> noise = GaussianNoise([0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]])
    >>> round(noise.log_prob([0.0, 0.0]), 6)  # −log 2π
    -1.837877
    """

    binary = False

    def __init__(self, mean, cov):
        mean = as_real_array("mean", mean, 1)
        cov = as_real_array("cov", cov, 2)
        d = mean.size
        if d == 0 or cov.shape != (d, d):
            raise ValueError(
                f"cov must have shape (n_visible, n_visible) = ({d}, {d}) to match mean of "
                f"shape {mean.shape}, with n_visible ≥ 1; got shape {cov.shape}"
            )
        if not np.allclose(cov, cov.T, rtol=1e-10, atol=1e-12 * np.abs(cov).max()):
            raise ValueError("cov must be symmetric; got cov != cov.T")
        eig = np.linalg.eigvalsh(cov)
        # The rank tolerance of numpy.linalg.matrix_rank: smaller eigenvalues are rounding noise.
        if eig[0] <= eig[-1] * d * np.finfo(np.float64).eps:
            raise ValueError(
                f"cov must be positive definite; its smallest eigenvalue is {eig[0]:.3g} "
                f"(largest {eig[-1]:.3g}), so it is singular or indefinite (for GaussianNoise.fit, "
                "pass ridge > 0 or drop constant columns)"
            )
        self.mean, self.cov = mean, cov
        self.L = np.linalg.cholesky(cov)
        self._L_inv = np.linalg.solve(self.L, np.eye(d))  # once, so log_prob is one numpy GEMM
        self._log_norm = 0.5 * d * np.log(2.0 * np.pi) + np.log(np.diag(self.L)).sum()
        for arr in (self.mean, self.cov, self.L, self._L_inv):
            arr.flags.writeable = False

    @classmethod
    def fit(cls, data, ridge=0.0):
        """The sample mean and (unbiased) sample covariance of real data rows, plus ridge·I.

        Examples
        --------
        >>> GaussianNoise.fit([[0.0, 1.0], [2.0, 1.5], [1.0, 0.5]]).mean
        array([1., 1.])
        """
        data = as_real_array("data", data, 2)
        if data.shape[0] < 2 or data.shape[1] == 0:
            raise ValueError(f"data must have at least 2 rows and 1 column; got shape {data.shape}")
        ridge = as_finite_float("ridge", ridge)
        if ridge < 0:
            raise ValueError(f"ridge must be at least 0; got {ridge}")
        cov = np.atleast_2d(np.cov(data, rowvar=False)) + ridge * np.eye(data.shape[1])
        return cls(data.mean(axis=0), cov)

    @property
    def n_visible(self):
        return self.mean.size

    def log_prob(self, v):
        """log p_n(v) for each row of ``v``, shape (n_samples,) (a float for a single row)."""
        v, single = _as_real_rows("v", v, self.n_visible)
        z = (v - self.mean) @ self._L_inv.T  # z = L⁻¹(v − μ), so zᵀz = (v − μ)ᵀ Σ⁻¹ (v − μ)
        values = -self._log_norm - 0.5 * np.einsum("ni,ni->n", z, z)
        return float(values[0]) if single else values

    def sample(self, n_samples, rng):
        """Draw ``n_samples`` rows v = μ + L z with z ~ N(0, I), shape (n_samples, n_visible)."""
        n_samples = as_positive_int("n_samples", n_samples)
        z = as_rng(rng).standard_normal((n_samples, self.n_visible))
        return self.mean + z @ self.L.T

    def __repr__(self):
        return f"GaussianNoise(n_visible={self.n_visible})"


# --- input checks --------------------------------------------------------------------------------
def _as_binary_rows(name, x):
    arr = _as_numeric(name, x)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of rows; got shape {arr.shape}")
    return as_states(name, arr, arr.shape[1])[0]


def _as_real_rows(name, x, width):
    """Rows of real values, shape (n_samples, width), and whether ``x`` was a single row."""
    arr = _as_numeric(name, x)
    if arr.ndim not in (1, 2) or arr.shape[-1] != width or arr.size == 0:
        raise ValueError(
            f"{name} must be one row of shape ({width},) or rows of shape (n_samples, {width}); "
            f"got shape {arr.shape}"
        )
    return np.atleast_2d(_finite_float64(name, arr)), arr.ndim == 1


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
        θ.  A binary RBM takes binary rows and binary noise (:class:`BernoulliNoise`,
        :class:`UniformBinaryNoise`); a GaussianRBM takes real rows and :class:`GaussianNoise`.
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
