"""log Z, log p(v) and the log-likelihood, by enumerating the smaller layer.

With the hidden layer enumerated, log Z = log Σ_h exp(bᵀh + Σ_i softplus(a_i + W_{i,:}h)), and
symmetrically with the visible layer: 2^min(n_visible, n_hidden) terms, in blocks.

Chapter: *The partition function* (``book/partition_function.ipynb``).
"""

import numpy as np
from scipy.special import logsumexp

from .._blas import single_threaded
from .._checks import as_finite_float, as_states, check_enumerable
from ..energy import _check_rbm, _free_energy
from .state_space import _states_block

__all__ = ["log_partition", "log_prob", "log_likelihood"]


_CHUNK_ROWS = 1024  # rows per block: a (1024, 64) float64 block fits a core's L2 cache
_LOW_BITS = 10  # bits of the enumerated layer whose products are computed once and reused
_FAST_PATH_MAX_INPUT = 250.0  # |input| bound under which e^input never overflows in the fast path


def _enumeration_view(rbm):
    """Express the RBM as a sum over its smaller layer s.

    Returns ``(M, c, d, hidden_enumerated)`` such that the unnormalised log-probability of a
    state s of the smaller layer is cᵀs + Σ_i softplus(d_i + (M s)_i), with M of shape
    (n_other, n_enumerated).
    """
    if rbm.n_hidden <= rbm.n_visible:
        return rbm.W, rbm.b, rbm.a, True
    return rbm.W.T, rbm.a, rbm.b, False


def _log_weight_blocks(M, c, d):
    """Yield (s, log p̃(s)) block by block over every state s of the enumerated layer."""
    k = M.shape[1]
    for start in range(0, 2**k, _CHUNK_ROWS):
        s = _states_block(k, start, min(start + _CHUNK_ROWS, 2**k))
        yield s, s @ c + np.logaddexp(0.0, s @ M.T + d).sum(axis=1)


def _log_partition_plain(M, c, d):
    """log Z by the plain enumeration: a matmul and a softplus per block (any parameter size)."""
    return logsumexp([logsumexp(log_w) for _, log_w in _log_weight_blocks(M, c, d)])


def _log_partition_fast(M, c, d):
    """log Z with the low bits' products computed once and softplus turned into products.

    Split every enumerated state into high bits and low bits, s = (s_hi, s_lo).  The input of
    unit i is x_i = X_lo[s_lo, i] + Q[s_hi, i] with X_lo = d + M_lo s_lo and Q = M_hi s_hi, so

        Σ_i softplus(x_i) = log Π_i (1 + e^{X_lo} · e^{Q}),

    one multiply and one add per element instead of an exp and a log.  The product over units is
    taken by halving (pairwise multiplication) down to groups small enough not to overflow, and
    only those few group products are logged.  Requires |d_i| + Σ_j |M_ij| ≤ 250 for every i,
    which bounds every exponent.
    """
    n_other, k = M.shape
    n_low = min(_LOW_BITS, k)
    n_high = k - n_low
    s_lo = _states_block(n_low, 0, 2**n_low)
    s_hi = _states_block(n_high, 0, 2**n_high)
    exp_x_lo = np.exp(s_lo @ M[:, n_high:].T + d)
    exp_q = np.exp(s_hi @ M[:, :n_high].T)
    c_lo = s_lo @ c[n_high:]
    c_hi = s_hi @ c[:n_high]

    # Largest input any unit can receive; a group of g factors 1 + e^x stays below e^700.
    x_max = max(0.0, float(np.max(d + np.maximum(M, 0.0).sum(axis=1))))
    group_limit = max(1, int(700.0 // (x_max + np.log(2.0))))
    width = 1 << int(np.ceil(np.log2(n_other)))  # pad the units to a power of two with e^x = 0
    group = 1 << int(np.floor(np.log2(min(group_limit, width))))
    n_groups = width // group
    padded_lo = np.zeros((2**n_low, width))
    padded_lo[:, :n_other] = exp_x_lo
    padded_q = np.zeros((2**n_high, width))
    padded_q[:, :n_other] = exp_q

    factors = np.empty_like(padded_lo)
    block_max = np.empty(2**n_high)
    block_sum = np.empty(2**n_high)
    for r in range(2**n_high):
        np.multiply(padded_lo, padded_q[r], out=factors)
        factors += 1.0
        w = width
        while w > n_groups:  # pairwise products: width → width/2 → … → n_groups columns
            w //= 2
            np.multiply(factors[:, :w], factors[:, w : 2 * w], out=factors[:, :w])
        log_w = np.log(factors[:, :n_groups]).sum(axis=1)
        log_w += c_lo
        log_w += c_hi[r]
        block_max[r] = log_w.max()
        block_sum[r] = np.exp(log_w - block_max[r]).sum()
    return float(logsumexp(block_max, b=block_sum))


@single_threaded
def log_partition(rbm):
    """Exact log Z = log Σ_{v,h} e^{−E(v, h)}, enumerating the smaller layer.

    Parameters
    ----------
    rbm : RBM
        With min(n_visible, n_hidden) ≤ 25.

    Returns
    -------
    float

    Examples
    --------
    >>> from rbmlib import RBM
    >>> round(log_partition(RBM.zeros(3, 2)), 6)  # 2**5 states of energy 0: log 32
    3.465736
    """
    _check_rbm(rbm)
    M, c, d, _ = _enumeration_view(rbm)
    check_enumerable(M.shape[1], "exact log Z")
    if np.max(np.abs(d) + np.abs(M).sum(axis=1)) <= _FAST_PATH_MAX_INPUT:
        return _log_partition_fast(M, c, d)
    return float(_log_partition_plain(M, c, d))


def log_prob(rbm, v, *, log_Z=None):
    """Exact log p(v) = −F(v) − log Z for each row of ``v``.

    Pass ``log_Z`` when it is already known, to skip the enumeration.
    """
    _check_rbm(rbm)
    v, single = as_states("v", v, rbm.n_visible)
    log_Z = log_partition(rbm) if log_Z is None else as_finite_float("log_Z", log_Z)
    values = -_free_energy(rbm.W, rbm.a, rbm.b, v) - log_Z
    return float(values[0]) if single else values


def log_likelihood(rbm, data, *, log_Z=None):
    """Mean exact log-likelihood (1/M) Σ_m log p(v⁽ᵐ⁾) of the rows of ``data``, in nats.

    Examples
    --------
    >>> from rbmlib import RBM
    >>> round(log_likelihood(RBM.zeros(3, 2), [[0, 1, 1]]), 6)  # p(v) = 1/8: log(1/8)
    -2.079442
    """
    return float(np.mean(log_prob(rbm, data, log_Z=log_Z)))
