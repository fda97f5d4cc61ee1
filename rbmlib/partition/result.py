"""What the estimators of log Z return: importance weights summarised, and log p(v) from log Ẑ.

Every estimator of :mod:`rbmlib.partition` produces log importance weights with E[w] = Z/Z_base;
:class:`AISResult` turns them into log Ẑ with its spread, and :func:`log_likelihood_estimate`
turns log Ẑ into a mean log-likelihood.

Chapter: *Estimating Z* (``book/estimating_z.ipynb``).
"""

from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp

from .._checks import as_finite_float, as_real_array, as_states
from ..energy import _check_rbm, _free_energy

__all__ = ["AISResult", "LogLikelihoodEstimate", "log_likelihood_estimate"]

def _log_mean_exp(x):
    return float(logsumexp(x) - np.log(x.size))


def _relative_sd(log_f):
    """sd(f) / (√n · mean f) for f = exp(log_f), ddof=1, without overflow; inf for one value."""
    if log_f.size < 2:
        return np.inf
    f = np.exp(log_f - log_f.max())
    return float(f.std(ddof=1) / (np.sqrt(log_f.size) * f.mean()))


@dataclass(frozen=True, eq=False)
class AISResult:
    """An estimate of log Z from importance weights, with its spread.

    Attributes
    ----------
    log_z : float
        Forward (``reverse=False``): log Ẑ = log_z_base + log((1/n) Σ_r w_r).
        Reverse: log Ẑ = log_z_base − log((1/n) Σ_r 1/w_r).
    log_w : ndarray
        log w_r of every run, shape (n_runs,) (read-only).
    log_z_base : float
        log Z of the starting distribution (0 for importance sampling, whose q is normalised).
    std : float
        Delta-method standard deviation of ``log_z``: sd(u) / (√n · mean u) with u = w forward,
        u = 1/w reverse, and the sample sd (ddof=1); inf when n_runs = 1.
    interval : tuple of float
        The ±3σ interval of Salakhutdinov's code, taken in Z-space and logged:
        log_z_base + log(mean w ∓ 3 sd(w)/√n) = (log_z + log(1 − 3 std), log_z + log(1 + 3 std))
        forward, the reciprocal (log_z − log(1 + 3 std), log_z − log(1 − 3 std)) reverse; the end
        where 1 − 3 std ≤ 0 is −inf (forward) or +inf (reverse).
    reverse : bool
    trace_betas : ndarray or None
        With ``trace=True``: up to 100 values of β along the run, shape (n_trace,).
    trace_log_w : ndarray or None
        With ``trace=True``: the partial log weights at those βs, shape (n_trace, n_runs), same
        sign convention as ``log_w``.
    """

    log_z: float
    log_w: np.ndarray
    log_z_base: float
    std: float
    interval: tuple
    reverse: bool = False
    trace_betas: np.ndarray | None = None
    trace_log_w: np.ndarray | None = None

    @property
    def n_runs(self):
        return self.log_w.size

    @classmethod
    def from_log_weights(cls, log_w, log_z_base=0.0, *, reverse=False, trace=(None, None)):
        """Summarise log weights into an estimate (see the attributes for the formulas).

        Examples
        --------
        >>> r = AISResult.from_log_weights([0.0, 0.0], log_z_base=1.5)
        >>> r.log_z, r.std, r.interval
        (1.5, 0.0, (1.5, 1.5))
        """
        log_w = as_real_array("log_w", log_w, 1)
        if log_w.size == 0:
            raise ValueError("log_w must hold at least one log weight; got an empty array")
        log_z_base = as_finite_float("log_z_base", log_z_base)
        sign = -1.0 if reverse else 1.0
        log_z = log_z_base + sign * _log_mean_exp(sign * log_w)
        std = _relative_sd(sign * log_w)
        low = np.log1p(-3.0 * std) if 3.0 * std < 1.0 else -np.inf
        ends = sorted((log_z + sign * low, log_z + sign * np.log1p(3.0 * std)))
        for arr in (log_w, *(t for t in trace if t is not None)):
            arr.flags.writeable = False
        return cls(log_z, log_w, log_z_base, std, tuple(float(e) for e in ends), reverse, *trace)


@dataclass(frozen=True, eq=False)
class LogLikelihoodEstimate:
    """Mean log p(v) = −mean F(v) − log Ẑ; ``std`` and ``interval`` are those of log Ẑ, mirrored."""

    log_likelihood: float
    std: float
    interval: tuple


def log_likelihood_estimate(rbm, data, log_z_result):
    """(1/M) Σ_m log p(v⁽ᵐ⁾) ≈ −(1/M) Σ_m F(v⁽ᵐ⁾) − log Ẑ, with the spread of log Ẑ carried through.

    The data term is exact, so the standard deviation is that of log Ẑ and the interval is
    −mean F minus the interval of log Ẑ (its ends swapped).

    Parameters
    ----------
    rbm : RBM
    data : array_like, shape (n_samples, n_visible)
    log_z_result : AISResult or float
        An estimate of log Z (a float counts as exact: std 0).

    Examples
    --------
    >>> from rbmlib import RBM
    >>> est = log_likelihood_estimate(RBM.zeros(3, 2), [[0, 1, 1]], 5 * np.log(2))
    >>> round(est.log_likelihood, 6), est.std  # p(v) = 1/8
    (-2.079442, 0.0)
    """
    _check_rbm(rbm)
    v, _ = as_states("data", data, rbm.n_visible)
    if isinstance(log_z_result, AISResult):
        log_z, std, (low, high) = log_z_result.log_z, log_z_result.std, log_z_result.interval
    else:
        log_z = as_finite_float("log_z_result", log_z_result)
        std, low, high = 0.0, log_z, log_z
    mean_neg_f = -float(np.mean(_free_energy(rbm.W, rbm.a, rbm.b, v)))
    return LogLikelihoodEstimate(mean_neg_f - log_z, std, (mean_neg_f - high, mean_neg_f - low))
