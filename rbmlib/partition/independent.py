"""Models with independent units (W = 0), their exact log Z, and simple importance sampling.

A model with W = 0 factorises over units, so its log Z is a sum of softplus terms and it can be
sampled exactly: it is the base distribution of AIS and the proposal of simple importance
sampling (one jump from the proposal to the model).

Chapter: *Estimating Z* (``book/estimating_z.ipynb``).
"""

import numpy as np
from scipy.special import expit

from .._blas import single_threaded
from .._checks import (
    as_positive_float,
    as_positive_int,
    as_real_array,
    as_rng,
    as_unit_interval_rows,
)
from ..energy import _check_rbm, _free_energy
from ..rbm import RBM
from .result import AISResult

__all__ = ["base_rate_rbm", "log_partition_independent", "importance_sampling"]

def log_partition_independent(rbm):
    """log Z = Σ_i softplus(a_i) + Σ_j softplus(b_j) of an RBM with W = 0 (independent units).

    Examples
    --------
    >>> round(log_partition_independent(RBM.zeros(3, 2)), 6)  # log 2**5
    3.465736
    """
    _check_rbm(rbm)
    _require_independent("rbm", rbm)
    return float(np.logaddexp(0.0, rbm.a).sum() + np.logaddexp(0.0, rbm.b).sum())


def base_rate_rbm(data, n_hidden, pseudo_count=1.0):
    """The base-rate RBM: W = 0, b = 0, a_i = log(p_i / (1 − p_i)), p_i = (Σ_m v_i⁽ᵐ⁾ + α)/(M + 2α).

    Each unit's data frequency is smoothed by α = ``pseudo_count`` imagined ons and offs, so
    0 < p_i < 1 and a_i is finite even for a pixel that is never (or always) on.  Its marginal is
    the independent-Bernoulli model with means p, and log Z = Σ_i softplus(a_i) + n_hidden·log 2
    (:func:`log_partition_independent`).

    Parameters
    ----------
    data : array_like, shape (n_samples, n_visible)
        Binary rows (or probabilities in [0, 1]).
    n_hidden : int
    pseudo_count : float, > 0

    Examples
    --------
    >>> base = base_rate_rbm([[1, 0], [1, 0], [1, 1]], n_hidden=2)
    >>> base.a.round(4)  # p = (3 + 1)/5 and (1 + 1)/5
    array([ 1.3863, -0.4055])
    """
    data = as_unit_interval_rows("data", data)
    n_hidden = as_positive_int("n_hidden", n_hidden)
    alpha = as_positive_float("pseudo_count", pseudo_count)
    counts_on = data.sum(axis=0) + alpha
    counts_off = (1.0 - data).sum(axis=0) + alpha
    a = np.log(counts_on) - np.log(counts_off)  # log(p / (1 − p)), never ±inf
    return RBM(np.zeros((data.shape[1], n_hidden)), a, np.zeros(n_hidden))


def _require_independent(name, rbm):
    if np.any(rbm.W != 0.0):
        raise ValueError(
            f"{name} must have W = 0 (independent units, e.g. from base_rate_rbm); got "
            f"max |W_ij| = {np.abs(rbm.W).max():.3g}"
        )


def _visible_logits(name, base, n_visible):
    """Visible logits of an independent-Bernoulli model: None (uniform), an RBM with W = 0, or
    a vector of probabilities strictly inside (0, 1)."""
    if base is None:
        return np.zeros(n_visible)
    if isinstance(base, RBM):
        _require_independent(name, base)
        if base.n_visible != n_visible:
            raise ValueError(
                f"{name} must have n_visible = {n_visible} like rbm; got {base.n_visible}"
            )
        return np.array(base.a)
    p = as_real_array(name, base, 1)
    if p.shape != (n_visible,):
        raise ValueError(f"{name} must have shape ({n_visible},) like rbm's v; got {p.shape}")
    if not np.all((p > 0.0) & (p < 1.0)):
        raise ValueError(
            f"{name} must hold probabilities strictly between 0 and 1 (the target gives every "
            "state positive probability); use base_rate_rbm to smooth data frequencies"
        )
    return np.log(p) - np.log1p(-p)


def _base_biases(base, rbm):
    """(a_base, b_base) of the β = 0 end of the AIS path; a base RBM must match rbm's shape."""
    if isinstance(base, RBM) and base.n_hidden != rbm.n_hidden:
        raise ValueError(
            f"base must have the shape of rbm, ({rbm.n_visible}, {rbm.n_hidden}), to interpolate "
            f"its parameters; got ({base.n_visible}, {base.n_hidden}); build it with "
            f"base_rate_rbm(data, {rbm.n_hidden})"
        )
    a_base = _visible_logits("base", base, rbm.n_visible)
    b_base = np.array(base.b) if isinstance(base, RBM) else np.zeros(rbm.n_hidden)
    return a_base, b_base


def _sample_independent(logits, n, rng):
    return (rng.random((n, logits.size)) < expit(logits)).astype(np.float64)


# --- simple importance sampling --------------------------------------------------------------
@single_threaded
def importance_sampling(rbm, n_samples, rng, proposal=None):
    """Ẑ = (1/n) Σ_r p̃(v_r)/q(v_r), v_r ~ q, with p̃(v) = e^{−F(v)} and q independent Bernoulli.

    Parameters
    ----------
    rbm : RBM
    n_samples : int
    rng : numpy.random.Generator or int
    proposal : None, RBM with W = 0, or array_like of shape (n_visible,)
        q: uniform over v (None), the visible marginal of an RBM with W = 0 (e.g.
        :func:`base_rate_rbm`), or independent units with the given probabilities of being on.

    Returns
    -------
    AISResult
        ``log_w`` = −F(v) − log q(v) and ``log_z_base`` = 0 (q is normalised).

    Examples
    --------
    >>> rbm = RBM.zeros(4, 2)
    >>> round(importance_sampling(rbm, 10, rng=0).log_z, 6)  # q ∝ p̃: every weight is Z = 2**6
    4.158883
    """
    _check_rbm(rbm)
    n_samples = as_positive_int("n_samples", n_samples)
    rng = as_rng(rng)
    logits = _visible_logits("proposal", proposal, rbm.n_visible)
    v = _sample_independent(logits, n_samples, rng)
    log_q = v @ logits - np.logaddexp(0.0, logits).sum()
    return AISResult.from_log_weights(-_free_energy(rbm.W, rbm.a, rbm.b, v) - log_q)
