"""Bridge sampling: the ratio Z_b/Z_a of two partition functions from samples of both models.

Importance sampling of Z_b/Z_a from samples of p_a alone fails when p_b puts mass where p_a has
little.  Bridge sampling (Bennett 1976; Meng & Wong 1996) uses samples of both, through a bridge
α: Z_b/Z_a = E_a[α p̃_b] / E_b[α p̃_a] for any α, and the optimal α gives the smallest variance.
Only the ratio l(v) = p̃_b(v)/p̃_a(v) at the two sets of samples is needed.  The standard
deviation comes from the delta method, as for the estimators of :mod:`rbmlib.partition`.

Chapter: *Estimating Z* (``book/estimating_z.ipynb``).
"""

from dataclasses import dataclass

import numpy as np

from ._checks import as_positive_float, as_positive_int, as_real_array, as_states
from .energy import _check_rbm, _free_energy
from .partition.result import _log_mean_exp, _relative_sd
from .rbm import RBM  # noqa: F401 (examples)

__all__ = ["BridgeResult", "bridge_sampling", "bridge"]


@dataclass(frozen=True, eq=False)
class BridgeResult:
    """An estimate of log(Z_b/Z_a) by bridge sampling.

    ``std`` is the delta-method standard deviation for independent samples (Frühwirth-Schnatter
    2004): std² = sd_a(f_a)²/(n_a mean_a(f_a)²) + sd_b(f_b)²/(n_b mean_b(f_b)²), with f_a, f_b
    the terms of the numerator and denominator at the final r.  ``n_iter`` counts fixed-point
    iterations (0 for the geometric bridge).
    """

    log_ratio: float
    std: float
    method: str
    n_iter: int


def bridge_sampling(log_r_a, log_r_b, *, method="optimal", n_iter=1000, tol=1e-10):
    """r̂ = Z_b/Z_a = mean_a[α p̃_b] / mean_b[α p̃_a] for a bridge α, from l = p̃_b/p̃_a only.

    With log l evaluated at samples of p_a (``log_r_a``) and of p_b (``log_r_b``):

    * ``"geometric"``: α = (p̃_a p̃_b)^{−1/2}, so r̂ = mean_a[√l] / mean_b[1/√l];
    * ``"optimal"`` (Meng & Wong 1996): α ∝ 1/(s_b p̃_b + s_a r p̃_a), s = n/(n_a + n_b), iterated
      r ← mean_a[l/(s_b l + s_a r)] / mean_b[1/(s_b l + s_a r)] from the geometric estimate until
      log r moves by less than ``tol``; not converging in ``n_iter`` iterations raises.

    Parameters
    ----------
    log_r_a : array_like, shape (n_a,)
        log p̃_b(v) − log p̃_a(v) at samples v ~ p_a.
    log_r_b : array_like, shape (n_b,)
        log p̃_b(v) − log p̃_a(v) at samples v ~ p_b.

    Returns
    -------
    BridgeResult

    Examples
    --------
    >>> r = bridge_sampling([np.log(2.0)] * 3, [np.log(2.0)] * 4)  # p̃_b = 2 p̃_a everywhere
    >>> round(r.log_ratio, 6), r.std
    (0.693147, 0.0)
    """
    log_r_a = as_real_array("log_r_a", log_r_a, 1)
    log_r_b = as_real_array("log_r_b", log_r_b, 1)
    for name, arr in (("log_r_a", log_r_a), ("log_r_b", log_r_b)):
        if arr.size == 0:
            raise ValueError(f"{name} must hold at least one value; got an empty array")
    if method not in ("geometric", "optimal"):
        raise ValueError(f"method must be 'geometric' or 'optimal'; got {method!r}")
    n_iter = as_positive_int("n_iter", n_iter)
    tol = as_positive_float("tol", tol)
    log_f_a, log_f_b = 0.5 * log_r_a, -0.5 * log_r_b
    log_r = _log_mean_exp(log_f_a) - _log_mean_exp(log_f_b)
    iterations, moved = 0, np.inf
    n_total = log_r_a.size + log_r_b.size
    log_s_a, log_s_b = np.log(log_r_a.size / n_total), np.log(log_r_b.size / n_total)
    while method == "optimal" and moved >= tol:
        if iterations == n_iter:
            raise RuntimeError(
                f"the optimal bridge did not converge in n_iter={n_iter} iterations "
                f"(tol={tol}); raise n_iter or tol"
            )
        iterations += 1
        log_f_a = log_r_a - np.logaddexp(log_s_b + log_r_a, log_s_a + log_r)
        log_f_b = -np.logaddexp(log_s_b + log_r_b, log_s_a + log_r)
        new = _log_mean_exp(log_f_a) - _log_mean_exp(log_f_b)
        moved, log_r = abs(new - log_r), new
    std = float(np.hypot(_relative_sd(log_f_a), _relative_sd(log_f_b)))
    return BridgeResult(float(log_r), std, method, iterations)


def bridge(rbm_a, rbm_b, v_a, v_b, *, method="optimal", n_iter=1000, tol=1e-10):
    """log(Z_b/Z_a) of two RBMs by bridge sampling, with log l(v) = F_a(v) − F_b(v).

    The RBMs need the same n_visible (their hidden layers may differ: only p̃(v) = e^{−F(v)} is
    used).  See :func:`bridge_sampling` for the estimators.

    Parameters
    ----------
    rbm_a, rbm_b : RBM
    v_a : array_like, shape (n_a, n_visible)
        Binary samples of rbm_a (exact, or from a well-mixed chain).
    v_b : array_like, shape (n_b, n_visible)
        Binary samples of rbm_b.

    Examples
    --------
    >>> rbm_a = RBM.zeros(3, 1)
    >>> rbm_b = RBM(np.zeros((3, 1)), np.zeros(3), [np.log(3.0)])  # Z_b = 2 Z_a
    >>> round(bridge(rbm_a, rbm_b, [[0, 1, 1]], [[1, 0, 0]]).log_ratio, 6)  # log 2
    0.693147
    """
    _check_rbm(rbm_a)
    _check_rbm(rbm_b)
    if rbm_a.n_visible != rbm_b.n_visible:
        raise ValueError(
            f"rbm_a and rbm_b must have the same n_visible; got {rbm_a.n_visible} and "
            f"{rbm_b.n_visible}"
        )
    v_a, _ = as_states("v_a", v_a, rbm_a.n_visible)
    v_b, _ = as_states("v_b", v_b, rbm_b.n_visible)

    def log_l(v):  # log p̃_b(v) − log p̃_a(v)
        return _free_energy(rbm_a.W, rbm_a.a, rbm_a.b, v) - _free_energy(
            rbm_b.W, rbm_b.a, rbm_b.b, v
        )

    return bridge_sampling(log_l(v_a), log_l(v_b), method=method, n_iter=n_iter, tol=tol)
