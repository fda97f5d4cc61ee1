"""Exact quantities of small RBMs, by enumerating every state of the smaller layer.

Summing one layer out in closed form leaves a sum over the other layer only.  With the hidden
layer enumerated,

    log Z = log Σ_h exp( bᵀh + Σ_i softplus(a_i + W_{i,:}h) ),

and symmetrically with the visible layer, so the cost is 2^min(n_visible, n_hidden) terms.
Enumerations beyond 2**25 states are refused: use annealed importance sampling for those.

Chapters: *The partition function* (``book/partition_function.ipynb``) and *The log-likelihood
gradient* (``book/log_likelihood_gradient.ipynb``).
"""

import numpy as np
from scipy.special import expit, logsumexp

from ._blas import single_threaded
from ._checks import as_finite_float, as_positive_int, as_rng, as_states, check_enumerable
from .energy import _check_rbm, _free_energy
from .moments import data_moments
from .rbm import RBM

__all__ = [
    "states",
    "state_index",
    "log_partition",
    "log_prob",
    "log_likelihood",
    "model_moments",
    "gradient",
    "visible_distribution",
    "gibbs_transition_matrix",
    "expected_cd_gradient",
    "sample",
]

_CHUNK_ROWS = 1024  # rows per block: a (1024, 64) float64 block fits a core's L2 cache
_LOW_BITS = 10  # bits of the enumerated layer whose products are computed once and reused
_FAST_PATH_MAX_INPUT = 250.0  # |input| bound under which e^input never overflows in the fast path


def states(n_units):
    """All 2**n_units binary states as rows, in lexicographic order (unit 0 is the leading bit).

    Examples
    --------
    >>> states(2)
    array([[0., 0.],
           [0., 1.],
           [1., 0.],
           [1., 1.]])
    """
    n_units = as_positive_int("n_units", n_units, minimum=0)
    check_enumerable(n_units, f"enumerating {n_units} binary units")
    return _states_block(n_units, 0, 2**n_units)


def state_index(s):
    """Row of ``states(n_units)`` that holds each binary state: the inverse of :func:`states`.

    Parameters
    ----------
    s : array_like, shape (..., n_units)
        Binary states, one per row (any leading shape, e.g. a chain's trajectory).

    Returns
    -------
    ndarray of int64 with the leading shape of ``s``.

    Examples
    --------
    >>> state_index([[0, 1, 1], [1, 0, 0]])
    array([3, 4])
    """
    arr = np.asarray(s)
    if arr.ndim == 0 or arr.shape[-1] == 0:
        raise ValueError(f"s must hold states along its last axis; got shape {arr.shape}")
    n_units = arr.shape[-1]
    if n_units > 62:
        raise ValueError(f"s must have at most 62 units to index them as int64; got {n_units}")
    states_arr, _ = as_states("s", arr.reshape(-1, n_units), n_units)
    place = 2 ** np.arange(n_units - 1, -1, -1, dtype=np.int64)
    return (states_arr.astype(np.int64) @ place).reshape(arr.shape[:-1])


def _states_block(n_units, start, stop):
    """Rows ``start`` to ``stop`` of :func:`states`."""
    return _states_at(np.arange(start, stop, dtype=np.int64), n_units)


def _states_at(index, n_units):
    """Rows ``index`` of :func:`states`: the binary digits of each index, leading bit first."""
    shifts = np.arange(n_units - 1, -1, -1, dtype=np.int64)
    return ((np.asarray(index, dtype=np.int64)[:, None] >> shifts) & 1).astype(np.float64)


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


@single_threaded
def model_moments(rbm):
    """The negative phase: E_model[v hᵀ], E_model[v], E_model[h], returned as an RBM.

    With the hidden layer enumerated, E[v_i h_j] = Σ_h p(h) σ(a_i + W_{i,:}h) h_j, and likewise
    with the roles swapped; the returned object holds E[v hᵀ] in ``W``, E[v] in ``a`` and E[h]
    in ``b`` (the shapes of ∇_W, ∇_a, ∇_b log p̃).
    """
    _check_rbm(rbm)
    M, c, d, hidden_enumerated = _enumeration_view(rbm)
    check_enumerable(M.shape[1], "exact model moments")
    log_Z = log_partition(rbm)
    e_os = np.zeros(M.shape)  # E[other · enumeratedᵀ]
    e_o = np.zeros(M.shape[0])
    e_s = np.zeros(M.shape[1])
    for s, log_w in _log_weight_blocks(M, c, d):
        p = np.exp(log_w - log_Z)
        mean_other = expit(s @ M.T + d)  # E[other | s]
        weighted = mean_other * p[:, None]
        e_os += weighted.T @ s
        e_o += weighted.sum(axis=0)
        e_s += p @ s
    if hidden_enumerated:
        return RBM(e_os, e_o, e_s)
    return RBM(e_os.T, e_s, e_o)


def gradient(rbm, data):
    """Exact gradient of the mean log-likelihood: E_data[∇ log p̃] − E_model[∇ log p̃], as an RBM.

    ∂/∂W_ij = E_data[v_i p(h_j=1|v)] − E_model[v_i h_j],  ∂/∂a_i = E_data[v_i] − E_model[v_i],
    ∂/∂b_j = E_data[p(h_j=1|v)] − E_model[h_j]: the positive phase minus the negative phase.
    """
    _check_rbm(rbm)
    return data_moments(rbm, data) - model_moments(rbm)


@single_threaded
def visible_distribution(rbm):
    """The exact p(v) of every visible state, in the order of ``states(n_visible)``.

    Needs n_visible ≤ 25 (each of the 2^n_visible probabilities is computed).
    """
    _check_rbm(rbm)
    check_enumerable(rbm.n_visible, "the exact distribution p(v)")
    v = states(rbm.n_visible)
    return np.exp(-_free_energy(rbm.W, rbm.a, rbm.b, v) - log_partition(rbm))


@single_threaded
def sample(rbm, n_samples, rng):
    """Independent exact samples v ~ p(v), by enumerating the smaller layer.

    With the hidden layer enumerated (n_hidden ≤ n_visible), each h is drawn from its marginal
    p(h) ∝ exp(−F(h)), F the hidden free energy, and then v ~ p(v | h); the pair is a draw from
    the joint, so v is a draw from p(v).  Otherwise v is drawn from the enumerated p(v) directly.
    Unlike a Gibbs chain there is no burn-in and no correlation between rows: these are the
    reference samples the chapters compare samplers and estimators against.  Costs
    2^min(n_visible, n_hidden) terms, like :func:`log_partition`.

    Parameters
    ----------
    rbm : RBM
    n_samples : int
    rng : numpy.random.Generator or int

    Returns
    -------
    ndarray of shape (n_samples, n_visible)
        Binary rows (0.0 or 1.0).

    Examples
    --------
    >>> from rbmlib import RBM
    >>> v = sample(RBM.zeros(3, 2), 4, rng=0)  # W = 0, a = 0: every v equally likely
    >>> v.shape, set(v.ravel()) <= {0.0, 1.0}
    ((4, 3), True)
    """
    _check_rbm(rbm)
    n_samples = as_positive_int("n_samples", n_samples)
    rng = as_rng(rng)
    M, c, d, hidden_enumerated = _enumeration_view(rbm)
    k = M.shape[1]
    check_enumerable(k, "exact sampling")
    log_w = np.concatenate([log_w for _, log_w in _log_weight_blocks(M, c, d)])
    p = np.exp(log_w - logsumexp(log_w))
    index = rng.choice(2**k, size=n_samples, p=p / p.sum())
    s = _states_at(index, k)
    if not hidden_enumerated:
        return s
    p_v = expit(s @ rbm.W.T + rbm.a)
    return (rng.random(p_v.shape) < p_v).astype(np.float64)


@single_threaded
def gibbs_transition_matrix(rbm):
    """T[v, v'] = Σ_h p(h | v) p(v' | h): one block Gibbs sweep as a 2^n_visible square matrix.

    Rows and columns follow ``states(n_visible)``; every row sums to one and the exact p(v) is
    its stationary distribution, p T = p.  Needs n_visible + n_hidden ≤ 25.
    """
    _check_rbm(rbm)
    check_enumerable(rbm.n_visible + rbm.n_hidden, "the Gibbs transition matrix")
    v, h = states(rbm.n_visible), states(rbm.n_hidden)
    p_h_given_v = np.exp(_log_bernoulli_table(v @ rbm.W + rbm.b, h))
    p_v_given_h = np.exp(_log_bernoulli_table(h @ rbm.W.T + rbm.a, v))
    return p_h_given_v @ p_v_given_h


@single_threaded
def expected_cd_gradient(rbm, data, k):
    """The expectation of the CD-k estimate over its Gibbs chains, computed exactly.

    A CD-k chain started at a data row v⁰ reaches vᵏ with probability (Tᵏ)[v⁰, vᵏ], T the Gibbs
    transition matrix; so with q_k = p̂_data Tᵏ (the data distribution moved k sweeps),

        E[CD-k] = E_data[v p(h|v)ᵀ, v, p(h|v)] − E_{q_k}[v p(h|v)ᵀ, v, p(h|v)].

    As k → ∞, q_k → p(v) and this becomes :func:`gradient`; the difference is the bias of CD-k.
    Needs n_visible + n_hidden ≤ 25.  Chapter: ``book/contrastive_divergence.ipynb``.

    Examples
    --------
    >>> from rbmlib import RBM
    >>> rbm = RBM.random(3, 2, rng=0, scale=1.0)
    >>> far = expected_cd_gradient(rbm, [[1, 0, 1]], k=200)
    >>> bool(np.allclose(far.to_vector(), gradient(rbm, [[1, 0, 1]]).to_vector()))
    True
    """
    _check_rbm(rbm)
    data, _ = as_states("data", data, rbm.n_visible)
    k = as_positive_int("k", k, minimum=0)
    T = gibbs_transition_matrix(rbm)
    v = states(rbm.n_visible)
    q = np.bincount(state_index(data), minlength=len(v)) / len(data)
    q = q @ np.linalg.matrix_power(T, k)
    p_h = expit(v @ rbm.W + rbm.b)
    negative = RBM((v * q[:, None]).T @ p_h, q @ v, q @ p_h)
    return data_moments(rbm, data) - negative


def _log_bernoulli_table(x, s):
    """log Π_j σ(x_j)^{s_j} σ(−x_j)^{1−s_j} for every row of inputs x and every state s."""
    log_on = -np.logaddexp(0.0, -x)  # log σ(x)
    log_off = -np.logaddexp(0.0, x)  # log σ(−x)
    return log_on @ s.T + log_off @ (1.0 - s).T
