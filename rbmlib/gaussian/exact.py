"""Exact quantities of the Gaussian–Bernoulli RBM, by enumerating its hidden layer.

Integrating v out of e^{−E(v, h)} (a Gaussian integral) leaves a sum over the 2^n_hidden hidden
states only, so Z, p(v), the log-likelihood and its gradient are exact while n_hidden is small,
whatever n_visible.

Chapter: *Score matching* (``book/score_matching.ipynb``) derives every formula here.
"""

import numpy as np
from scipy.special import expit, logsumexp

from .._blas import single_threaded
from .._checks import as_finite_float, as_positive_int, as_rng, check_enumerable
from ..exact import _states_block
from .model import GaussianRBM, _as_rows, _check_model, _free_energy, _hidden_input

__all__ = [
    "log_partition", "hidden_distribution", "log_prob", "log_likelihood",
    "log_likelihood_gradient", "MaximumLikelihood", "sample",
]

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
