"""The Gaussian–Bernoulli RBM: real-valued visible units, binary hidden units.

With σ_i = e^{log_sigma_i} and the parametrisation of Cho, Ilin & Raiko (2011),

    E(v, h) = Σ_i (v_i − a_i)² / (2σ_i²) − bᵀh − Σ_ij (v_i / σ_i²) W_ij h_j,

so that, completing the square in v,

    p(v | h) = N(v; a + W h, diag σ²),      p(h_j = 1 | v) = σ(b_j + Σ_i v_i W_ij / σ_i²),

and the model is a mixture of 2^n_hidden Gaussians with means a + W h, all of covariance diag σ².
Integrating v out of e^{−E(v, h)} in closed form (a Gaussian integral) leaves a sum over h only, so
Z is exact while n_hidden is small, whatever n_visible.

Chapter: *Score matching* (``book/score_matching.ipynb``) introduces the model and derives every
formula here; *Denoising score matching* (``book/denoising_score_matching.ipynb``) trains it.
"""


import numpy as np
from scipy.special import expit, logsumexp

from ._blas import single_threaded
from ._checks import (
    _as_numeric,
    _finite_float64,
    as_finite_float,
    as_positive_float,
    as_positive_int,
    as_real_array,
    as_rng,
    as_states,
    check_enumerable,
)
from .exact import _states_block
from .rbm import RBM, ParameterArithmetic

__all__ = [
    "GaussianRBM", "energy", "free_energy", "prob_h_given_v", "sample_h_given_v",
    "mean_v_given_h", "sample_v_given_h", "gibbs_chain", "log_partition", "hidden_distribution",
    "log_prob", "log_likelihood", "log_likelihood_gradient", "MaximumLikelihood", "sample",
    "ring", "gaussian_mixture",
]

_MAX_ABS_LOG_SIGMA = 100.0  # σ within e^±100: σ² and 1/σ² stay far from overflow


class GaussianRBM(ParameterArithmetic):
    """Parameters θ = (W, a, b, log_sigma) of a Gaussian–Bernoulli RBM.

    E(v, h) = Σ_i (v_i − a_i)²/(2σ_i²) − bᵀh − Σ_ij (v_i/σ_i²) W_ij h_j with σ = e^{log_sigma}.

    Arrays are copied to read-only float64; ``+``, ``−``, scalar ``*`` and ``/`` and unary ``−``
    act on all four at once, so ``model + learning_rate * grad`` is a learning step.

    Parameters
    ----------
    W : array_like, shape (n_visible, n_hidden)
    a : array_like, shape (n_visible,)
        Visible biases: the mean of v when every hidden unit is off.
    b : array_like, shape (n_hidden,)
        Hidden biases.
    log_sigma : array_like, shape (n_visible,)
        Log standard deviations of the visible units (any finite value, so that a gradient, whose
        ``log_sigma`` holds ∂/∂ log σ, is a GaussianRBM too).

    Examples
    --------
    >>> model = GaussianRBM(W=[[1.0]], a=[0.0], b=[0.0], log_sigma=[0.0])
    >>> (model + 0.5 * model).W
    array([[1.5]])
    """

    __slots__ = ("W", "a", "b", "log_sigma")

    def __init__(self, W, a, b, log_sigma):
        W = as_real_array("W", W, 2)
        n_visible, n_hidden = W.shape
        if n_visible == 0 or n_hidden == 0:
            raise ValueError(
                f"W must have at least one visible and one hidden unit; got shape {W.shape}")
        fields = {"W": W}
        expected = [("a", a, n_visible, "n_visible"), ("b", b, n_hidden, "n_hidden"),
                    ("log_sigma", log_sigma, n_visible, "n_visible")]
        for name, value, n, what in expected:
            arr = as_real_array(name, value, 1)
            if arr.shape != (n,):
                raise ValueError(f"{name} must have shape ({what},) = ({n},) to match W of shape "
                                 f"{W.shape}; got shape {arr.shape}")
            fields[name] = arr
        for name, arr in fields.items():
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)

    @classmethod
    def random(cls, n_visible, n_hidden, rng, *, scale=0.01, sigma=1.0):
        """W_ij ~ N(0, scale²), zero biases, σ = ``sigma`` (a number or one per visible unit)."""
        n_visible = as_positive_int("n_visible", n_visible)
        n_hidden = as_positive_int("n_hidden", n_hidden)
        scale = as_positive_float("scale", scale)
        sigma = as_real_array("sigma", np.atleast_1d(sigma), 1)
        if sigma.shape not in ((1,), (n_visible,)) or np.any(sigma <= 0):
            raise ValueError(f"sigma must be a number or {n_visible} numbers, all greater than 0; "
                             f"got {sigma}")
        sigma = np.broadcast_to(sigma, (n_visible,))
        W = scale * as_rng(rng).standard_normal((n_visible, n_hidden))
        return cls(W, np.zeros(n_visible), np.zeros(n_hidden), np.log(sigma))

    @classmethod
    def zeros(cls, n_visible, n_hidden):
        """All parameters zero: W = 0, a = 0, b = 0 and σ = 1 (a standard normal in v)."""
        n_visible = as_positive_int("n_visible", n_visible)
        n_hidden = as_positive_int("n_hidden", n_hidden)
        return cls(np.zeros((n_visible, n_hidden)), np.zeros(n_visible), np.zeros(n_hidden),
                   np.zeros(n_visible))

    n_visible = property(lambda self: self.W.shape[0])
    n_hidden = property(lambda self: self.W.shape[1])
    n_parameters = property(lambda self: self.W.size + 2 * self.a.size + self.b.size)

    @property
    def sigma(self):
        """σ = e^{log_sigma}, the standard deviations of p(v | h)."""
        return np.exp(self.log_sigma)

    def to_vector(self):
        """All parameters in one flat array, ordered (W row by row, a, b, log_sigma)."""
        return np.concatenate([self.W.ravel(), self.a, self.b, self.log_sigma])

    @classmethod
    def from_vector(cls, theta, n_visible, n_hidden):
        """Inverse of :meth:`to_vector`."""
        n_visible = as_positive_int("n_visible", n_visible)
        n_hidden = as_positive_int("n_hidden", n_hidden)
        theta = as_real_array("theta", theta, 1)
        sizes = np.cumsum([n_visible * n_hidden, n_visible, n_hidden])
        if theta.size != sizes[-1] + n_visible:
            raise ValueError(f"theta must have n_visible*n_hidden + 2*n_visible + n_hidden = "
                             f"{sizes[-1] + n_visible} entries; got {theta.size}")
        W, a, b, log_sigma = np.split(theta, sizes)
        return cls(W.reshape(n_visible, n_hidden), a, b, log_sigma)


# --- checks -----------------------------------------------------------------------------------
def _check_model(model):
    """Refuse anything but a GaussianRBM whose σ can be exponentiated safely."""
    if not isinstance(model, GaussianRBM):
        hint = ""
        if isinstance(model, RBM):
            hint = " (a binary RBM: build a GaussianRBM(W, a, b, log_sigma))"
        raise TypeError(f"model must be an rbmlib.GaussianRBM; got {type(model).__name__}{hint}")
    worst = float(np.max(np.abs(model.log_sigma)))
    if worst > _MAX_ABS_LOG_SIGMA:
        raise ValueError(f"model.log_sigma must lie in [-{_MAX_ABS_LOG_SIGMA:g}, "
                         f"{_MAX_ABS_LOG_SIGMA:g}] (σ = e^log_sigma); got |log_sigma| = {worst:g}")


def _as_rows(name, x, width):
    """Real-valued rows as a 2-D float64 copy, and whether ``x`` was a single row."""
    arr = _as_numeric(name, x)
    if arr.ndim not in (1, 2):
        raise ValueError(f"{name} must be one point of shape ({width},) or rows of shape "
                         f"(n_samples, {width}); got shape {arr.shape}")
    if arr.shape[-1] != width:
        raise ValueError(f"{name} must have {width} columns (one per unit); got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must have at least one row; got shape {arr.shape}")
    return np.atleast_2d(_finite_float64(name, arr)), arr.ndim == 1


def _out(values, single):
    return values[0] if single else values


def _hidden_input(model, v):
    """b_j + Σ_i v_i W_ij / σ_i² for each row of ``v``."""
    return (v * np.exp(-2.0 * model.log_sigma)) @ model.W + model.b


# --- energy and conditionals ------------------------------------------------------------------
def energy(model, v, h):
    """E(v, h) = Σ_i (v_i − a_i)²/(2σ_i²) − bᵀh − Σ_ij (v_i/σ_i²) W_ij h_j for each pair of rows.

    Parameters
    ----------
    model : GaussianRBM
    v : array_like, shape (n_samples, n_visible) or (n_visible,)
        Real visible vectors.
    h : array_like, shape (n_samples, n_hidden) or (n_hidden,)
        Binary hidden states.

    Returns
    -------
    ndarray of shape (n_samples,), or a float for a single pair.

    Examples
    --------
    >>> model = GaussianRBM([[1.0]], [0.0], [0.5], [0.0])
    >>> energy(model, [2.0], [1])  # 4/2 − 0.5 − 2
    -0.5
    """
    _check_model(model)
    v, single_v = _as_rows("v", v, model.n_visible)
    h, single_h = as_states("h", h, model.n_hidden)
    if v.shape[0] != h.shape[0]:
        raise ValueError(
            f"v and h must have the same number of rows; got {v.shape[0]} and {h.shape[0]}")
    s = np.exp(-2.0 * model.log_sigma)  # 1/σ²
    interaction = np.einsum("ni,ij,nj->n", v * s, model.W, h)
    values = 0.5 * ((v - model.a) ** 2 @ s) - h @ model.b - interaction
    return float(values[0]) if single_v and single_h else values


def free_energy(model, v):
    """F(v) = Σ_i (v_i − a_i)²/(2σ_i²) − Σ_j softplus(b_j + Σ_i v_i W_ij/σ_i²), p(v) = e^{−F(v)}/Z.

    F(v) = −log Σ_h e^{−E(v, h)}: given v the hidden units are independent and are summed out one
    at a time; softplus(x) = log(1 + eˣ) is ``np.logaddexp(0, x)``.

    Parameters
    ----------
    model : GaussianRBM
    v : array_like, shape (n_samples, n_visible) or (n_visible,)

    Returns
    -------
    ndarray of shape (n_samples,), or a float for a single point.

    Examples
    --------
    >>> round(free_energy(GaussianRBM.zeros(1, 1), [0.0]), 6)  # −log 2
    -0.693147
    """
    _check_model(model)
    v, single = _as_rows("v", v, model.n_visible)
    values = _free_energy(model, v)
    return float(values[0]) if single else values


def _free_energy(model, v):
    quadratic = 0.5 * ((v - model.a) ** 2 @ np.exp(-2.0 * model.log_sigma))
    return quadratic - np.logaddexp(0.0, _hidden_input(model, v)).sum(axis=1)


def prob_h_given_v(model, v):
    """p(h_j = 1 | v) = σ(b_j + Σ_i v_i W_ij/σ_i²), shape (n_samples, n_hidden) or (n_hidden,).

    Examples
    --------
    >>> prob_h_given_v(GaussianRBM([[2.0]], [0.0], [-1.0], [0.0]), [0.5])
    array([0.5])
    """
    _check_model(model)
    v, single = _as_rows("v", v, model.n_visible)
    return _out(expit(_hidden_input(model, v)), single)


def sample_h_given_v(model, v, rng):
    """Draw h ~ p(h | v), each hidden unit independently with p(h_j = 1 | v).

    Examples
    --------
    >>> sample_h_given_v(GaussianRBM.zeros(2, 3), [[0.0, 1.0]], rng=0).shape
    (1, 3)
    """
    p = prob_h_given_v(model, v)
    return (as_rng(rng).random(p.shape) < p).astype(np.float64)


def mean_v_given_h(model, h):
    """E[v | h] = a + W h, shape (n_samples, n_visible) or (n_visible,); h may be probabilities.

    Examples
    --------
    >>> mean_v_given_h(GaussianRBM([[1.0, 2.0]], [0.5], [0.0, 0.0], [0.0]), [1, 1])
    array([3.5])
    """
    _check_model(model)
    h, single = as_states("h", h, model.n_hidden, binary=False)
    return _out(h @ model.W.T + model.a, single)


def sample_v_given_h(model, h, rng):
    """Draw v ~ N(a + W h, diag σ²), one row per row of ``h``.

    Examples
    --------
    >>> sample_v_given_h(GaussianRBM.zeros(2, 3), [1, 0, 1], rng=0).shape
    (2,)
    """
    mean = mean_v_given_h(model, h)
    return mean + model.sigma * as_rng(rng).standard_normal(mean.shape)


def gibbs_chain(model, v0, n_steps, rng, *, return_trajectory=False):
    """Block Gibbs sampling: ``n_steps`` sweeps h ~ p(h | v), v ~ N(a + W h, σ²), one chain per row.

    Parameters
    ----------
    model : GaussianRBM
    v0 : array_like, shape (n_chains, n_visible) or (n_visible,)
    n_steps : int, at least 0
    rng : numpy.random.Generator or int
    return_trajectory : bool
        Return every state, shape (n_steps + 1, n_chains, n_visible), ``v0`` included.

    Examples
    --------
    >>> gibbs_chain(GaussianRBM.random(2, 3, rng=0), [[0.0, 0.0]] * 4, n_steps=5, rng=1).shape
    (4, 2)
    """
    _check_model(model)
    v, single = _as_rows("v0", v0, model.n_visible)
    n_steps = as_positive_int("n_steps", n_steps, minimum=0)
    rng = as_rng(rng)
    trajectory = [v]
    for _ in range(n_steps):
        p = expit(_hidden_input(model, v))
        h = (rng.random(p.shape) < p).astype(np.float64)
        v = h @ model.W.T + model.a + model.sigma * rng.standard_normal(v.shape)
        if return_trajectory:
            trajectory.append(v)
    if return_trajectory:
        trajectory = np.stack(trajectory)
        return trajectory[:, 0] if single else trajectory
    return v[0] if single else v


# --- exact quantities by enumerating the hidden layer ----------------------------------------
_LOW_BITS = 10  # hidden units whose 2^10 states form the columns of one block of log-weights
_BLOCK_ENTRIES = 2**16  # states per block: 512 kB of float64, a core's L2 cache


def _hidden_coefficients(model):
    """r and Q of log p̃(h) = hᵀr + ½ hᵀQh: r = b + Wᵀ(a/σ²), Q = Wᵀ diag(1/σ²) W.

    Summing v out leaves bᵀh + ½‖(a + Wh)/σ‖² − ½‖a/σ‖²; expanding the square (no cancellation
    of two large squares remains) shows that p(h) is a fully connected Boltzmann machine.
    """
    s = np.exp(-2.0 * model.log_sigma)
    return model.b + model.W.T @ (s * model.a), model.W.T @ (s[:, None] * model.W)


def _quadratic(h, r, Q):
    """hᵀr + ½ hᵀQh for each row of ``h``."""
    return h @ r + 0.5 * np.sum((h @ Q) * h, axis=1)


def _hidden_blocks(model, what):
    """Yield (h_hi, h_lo, L) covering every hidden state, in the order of ``states(n_hidden)``.

    A state is split into its leading units h_hi and its last (up to 10) units h_lo, and
    L[k, l] = log p̃(h_hi[k], h_lo[l]) = c_hi[k] + c_lo[l] + h_hi[k]ᵀ Q_hl h_lo[l]: one small
    matrix product per block of 2^16 states instead of a product per state.
    """
    n_hidden = model.n_hidden
    check_enumerable(n_hidden, what)
    r, Q = _hidden_coefficients(model)
    n_high = max(0, n_hidden - _LOW_BITS)
    h_lo = _states_block(n_hidden - n_high, 0, 2 ** (n_hidden - n_high))
    c_lo = _quadratic(h_lo, r[n_high:], Q[n_high:, n_high:])
    cross = Q[:n_high, n_high:] @ h_lo.T  # (n_high, 2^n_low)
    rows = max(1, _BLOCK_ENTRIES // len(h_lo))
    for start in range(0, 2**n_high, rows):
        h_hi = _states_block(n_high, start, min(start + rows, 2**n_high))
        c_hi = _quadratic(h_hi, r[:n_high], Q[:n_high, :n_high])
        yield h_hi, h_lo, c_hi[:, None] + c_lo[None, :] + h_hi @ cross


def _log_normaliser(model):
    """Σ_i log(√(2π) σ_i), the Gaussian integral's factor shared by every h."""
    return model.n_visible * 0.5 * np.log(2.0 * np.pi) + float(np.sum(model.log_sigma))


@single_threaded
def log_partition(model):
    """log Z = log Σ_h exp(bᵀh + ½‖(a + Wh)/σ‖² − ½‖a/σ‖²) + Σ_i log(√(2π) σ_i), exactly.

    Completing the square, −E(v, h) = −Σ_i (v_i − μ_i)²/(2σ_i²) + bᵀh + ½‖μ/σ‖² − ½‖a/σ‖² with
    μ = a + W h, and ∫ exp(−Σ_i (v_i − μ_i)²/(2σ_i²)) dv = Π_i √(2π) σ_i.  The sum over the
    2^n_hidden states runs in log-space, block by block, with the exponent written as
    hᵀr + ½ hᵀQh (r = b + Wᵀ(a/σ²), Q = Wᵀ diag(1/σ²) W), so the cost per state does not grow
    with n_visible.  n_hidden > 25 is refused.  Derived in ``book/score_matching.ipynb``.

    Parameters
    ----------
    model : GaussianRBM

    Returns
    -------
    float

    Examples
    --------
    >>> round(log_partition(GaussianRBM.zeros(1, 1)), 6)  # 2 · √(2π): log 2 + ½ log 2π
    1.612086
    """
    _check_model(model)
    blocks = [logsumexp(L) for _, _, L in _hidden_blocks(model, "exact log Z")]
    return float(logsumexp(blocks) + _log_normaliser(model))


def hidden_distribution(model):
    """The exact marginal p(h) ∝ exp(bᵀh + ½‖(a + Wh)/σ‖² − ½‖a/σ‖²), in the order of
    ``rbmlib.exact.states(n_hidden)``: the mixture weights of the 2^n_hidden Gaussians of p(v).

    Examples
    --------
    >>> hidden_distribution(GaussianRBM.zeros(2, 2))
    array([0.25, 0.25, 0.25, 0.25])
    """
    _check_model(model)
    log_w = np.concatenate([L.ravel() for _, _, L in _hidden_blocks(model, "the exact p(h)")])
    return np.exp(log_w - logsumexp(log_w))


def _hidden_moments(model):
    """E[h] and E[h hᵀ] under the exact p(h), accumulated block by block."""
    blocks = list(_hidden_blocks(model, "the exact log-likelihood gradient"))
    log_Z_h = logsumexp([logsumexp(L) for _, _, L in blocks])
    n_high = blocks[0][0].shape[1]
    e_h, e_hh = np.zeros(model.n_hidden), np.zeros((model.n_hidden, model.n_hidden))
    hi, lo = slice(0, n_high), slice(n_high, None)
    for h_hi, h_lo, L in blocks:
        P = np.exp(L - log_Z_h)  # p(h_hi[k], h_lo[l])
        p_hi, p_lo = P.sum(axis=1), P.sum(axis=0)
        e_h[hi] += p_hi @ h_hi
        e_h[lo] += p_lo @ h_lo
        e_hh[hi, hi] += h_hi.T @ (p_hi[:, None] * h_hi)
        e_hh[lo, lo] += h_lo.T @ (p_lo[:, None] * h_lo)
        e_hh[hi, lo] += h_hi.T @ P @ h_lo
    e_hh[lo, hi] = e_hh[hi, lo].T
    return e_h, e_hh


def log_prob(model, v, *, log_Z=None):
    """Exact log p(v) = −F(v) − log Z per row (a density in v); pass ``log_Z`` if known.

    Examples
    --------
    >>> round(log_prob(GaussianRBM.zeros(1, 1), [0.0]), 6)  # N(0; 0, 1) = 1/√(2π)
    -0.918939
    """
    _check_model(model)
    v, single = _as_rows("v", v, model.n_visible)
    log_Z = log_partition(model) if log_Z is None else as_finite_float("log_Z", log_Z)
    values = -_free_energy(model, v) - log_Z
    return float(values[0]) if single else values


def log_likelihood(model, data, *, log_Z=None):
    """Mean exact log-density (1/M) Σ_m log p(v⁽ᵐ⁾) of the rows of ``data``, in nats.

    Examples
    --------
    >>> round(log_likelihood(GaussianRBM.zeros(1, 3), [[0.0], [0.0]]), 6)
    -0.918939
    """
    return float(np.mean(log_prob(model, data, log_Z=log_Z)))


def _as_flag(name, x):
    if not isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {type(x).__name__} {x!r}")
    return bool(x)


@single_threaded
def log_likelihood_gradient(model, data, *, learn_sigma=False):
    """∇_θ (1/M) Σ_m log p(v⁽ᵐ⁾) = E_data[∇_θ log p̃(v, h)] − E_model[∇_θ log p̃(v, h)], exactly.

    With s_i = 1/σ_i² and log p̃(v, h) = −E(v, h), the statistics are ∂/∂W_ij = s_i v_i h_j,
    ∂/∂a_i = s_i (v_i − a_i), ∂/∂b_j = h_j and ∂/∂log σ_i = s_i (v_i − a_i)² − 2 s_i v_i (Wh)_i.
    Data phase: h is averaged under p(h | v).  Model phase: the Gaussian moments of
    v | h ~ N(μ, σ²), μ = a + u, u = Wh, give E[v_i | h] = μ_i, E[(v_i − a_i)² | h] = σ_i² + u_i²,
    so E[∂/∂W_ij] = s_i (a_i E[h_j] + (W E[hhᵀ])_ij) and E[∂/∂log σ_i] = 1 − s_i E[u_i² + 2a_i u_i]:
    only E[h] and E[hhᵀ] under the exact p(h) are needed, by enumerating h.
    Derived in ``book/score_matching.ipynb``.

    Parameters
    ----------
    model : GaussianRBM
    data : array_like, shape (n_samples, n_visible)
    learn_sigma : bool
        If False (the default), σ is held fixed and the ``log_sigma`` field of the result is zero.

    Returns
    -------
    GaussianRBM
        The ascent direction of the mean log-likelihood.

    Examples
    --------
    >>> grad = log_likelihood_gradient(GaussianRBM.zeros(1, 1), [[1.0], [3.0]])
    >>> grad.a  # s (mean(v) − a) − s E_model[Wh] = 2
    array([2.])
    """
    _check_model(model)
    v, _ = _as_rows("data", data, model.n_visible)
    learn_sigma = _as_flag("learn_sigma", learn_sigma)
    s, W, a = np.exp(-2.0 * model.log_sigma), model.W, model.a
    q = expit(_hidden_input(model, v))  # data phase: p(h_j = 1 | v)
    n = v.shape[0]
    data_phase = [(v * s).T @ q / n, s * (v.mean(axis=0) - a), q.mean(axis=0),
                  np.mean(s * (v - a) ** 2 - 2.0 * s * v * (q @ W.T), axis=0)]
    e_h, e_hh = _hidden_moments(model)  # model phase: E[u] = W E[h], E[u uᵀ] = W E[hhᵀ] Wᵀ
    e_u, e_uu_diag = W @ e_h, np.sum((W @ e_hh) * W, axis=1)
    model_phase = [s[:, None] * (np.outer(a, e_h) + W @ e_hh), s * e_u, e_h,
                   1.0 - s * (e_uu_diag + 2.0 * a * e_u)]
    grad = [d - m for d, m in zip(data_phase, model_phase)]
    if not learn_sigma:
        grad[3] = np.zeros(model.n_visible)
    return GaussianRBM(*grad)


class MaximumLikelihood:
    """Estimator for a training loop: the exact log-likelihood gradient (the ascent direction).

    Examples
    --------
    >>> estimator = MaximumLikelihood()
    >>> estimator(GaussianRBM.zeros(1, 1), [[1.0], [3.0]], rng=0).a
    array([2.])
    """

    def __init__(self, learn_sigma=False):
        self.learn_sigma = _as_flag("learn_sigma", learn_sigma)

    def __call__(self, model, v_batch, rng=None):
        return log_likelihood_gradient(model, v_batch, learn_sigma=self.learn_sigma)

    def __repr__(self):
        return f"MaximumLikelihood(learn_sigma={self.learn_sigma})"


def sample(model, n_samples, rng, *, return_hidden=False):
    """Exact, independent draws from p(v): h from its exact marginal p(h), then v ~ N(a + Wh, σ²).

    Parameters
    ----------
    model : GaussianRBM
        With n_hidden ≤ 25 (p(h) is enumerated).
    n_samples : int
    rng : numpy.random.Generator or int
    return_hidden : bool
        Also return the hidden states drawn on the way.

    Returns
    -------
    v : ndarray of shape (n_samples, n_visible)
    h : ndarray of shape (n_samples, n_hidden), only with ``return_hidden=True``

    Examples
    --------
    >>> sample(GaussianRBM.random(2, 3, rng=0), 5, rng=1).shape
    (5, 2)
    """
    p_h = hidden_distribution(model)
    n_samples = as_positive_int("n_samples", n_samples)
    rng = as_rng(rng)
    cdf = np.cumsum(p_h)
    index = np.minimum(np.searchsorted(cdf, rng.random(n_samples) * cdf[-1], side="right"),
                       p_h.size - 1)
    shifts = np.arange(model.n_hidden - 1, -1, -1)
    h = ((index[:, None] >> shifts) & 1).astype(np.float64)  # the rows of states(n_hidden)
    v = h @ model.W.T + model.a + model.sigma * rng.standard_normal((n_samples, model.n_visible))
    return (v, h) if return_hidden else v


# --- two-dimensional toy data ----------------------------------------------------------------
def ring(n, rng, *, radius=1.0, width=0.1):
    """n points (r cos φ, r sin φ) with φ ~ Uniform[0, 2π) and r ~ N(radius, width²).

    Examples
    --------
    >>> ring(4, rng=0).shape
    (4, 2)
    """
    n = as_positive_int("n", n)
    radius = as_positive_float("radius", radius)
    width = as_positive_float("width", width)
    rng = as_rng(rng)
    phi = rng.uniform(0.0, 2.0 * np.pi, n)
    r = radius + width * rng.standard_normal(n)
    return np.column_stack([r * np.cos(phi), r * np.sin(phi)])


def gaussian_mixture(n, rng, *, means=((-1.0, 0.0), (1.0, 0.0)), std=0.3, weights=None,
                     return_labels=False):
    """n points from Σ_k w_k N(m_k, std² I): a component k ~ w, then m_k + std · ε.

    Parameters
    ----------
    n : int
    rng : numpy.random.Generator or int
    means : array_like, shape (n_components, n_dims)
    std : float
    weights : array_like, shape (n_components,), optional
        Non-negative, normalised here; equal weights by default.
    return_labels : bool
        Also return the component of each point.

    Examples
    --------
    >>> gaussian_mixture(6, rng=0, means=[[0, 0], [3, 3], [0, 3]]).shape
    (6, 2)
    """
    n = as_positive_int("n", n)
    means = as_real_array("means", means, 2)
    if means.size == 0:
        raise ValueError(f"means must hold at least one component; got shape {means.shape}")
    std = as_positive_float("std", std)
    k = means.shape[0]
    weights = np.ones(k) if weights is None else as_real_array("weights", weights, 1)
    if weights.shape != (k,) or np.any(weights < 0) or weights.sum() <= 0:
        raise ValueError(f"weights must be {k} non-negative numbers with a positive sum (one per "
                         f"row of means); got {weights}")
    rng = as_rng(rng)
    labels = rng.choice(k, size=n, p=weights / weights.sum())
    points = means[labels] + std * rng.standard_normal((n, means.shape[1]))
    return (points, labels) if return_labels else points
