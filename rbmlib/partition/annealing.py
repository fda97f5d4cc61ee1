"""Annealed importance sampling (Neal 2001; Salakhutdinov & Murray 2008), forward and reverse.

Many small jumps along the path p_β ∝ p̃_base^(1−β) p̃^β, with Gibbs sweeps in between; the
reverse direction (Burda, Grosse & Salakhutdinov 2015) starts from samples of the model.

Chapter: *Estimating Z* (``book/estimating_z.ipynb``).
"""

import numpy as np
from scipy.special import expit

from .._blas import single_threaded
from .._checks import as_positive_int, as_real_array, as_rng, as_states
from ..energy import _check_rbm
from ..rbm import RBM
from .independent import _base_biases, _sample_independent, log_partition_independent
from .result import AISResult

__all__ = ["salakhutdinov_schedule", "ais", "reverse_ais"]

_TRACE_POINTS = 100  # partial log weights kept along β when trace=True
_UNIFORM_BLOCK = 2**19  # uniforms drawn per call to rng.random (4 MiB of float64)
# Salakhutdinov & Murray (2008): steps of 1e-3 on [0, 0.5], 1e-4 on [0.5, 0.9], 1e-5 on [0.9, 1].
_SALAKHUTDINOV_STEPS = np.array([500, 4000, 10000])
_SALAKHUTDINOV_KNOTS = (0.0, 0.5, 0.9, 1.0)


# --- annealing schedules ---------------------------------------------------------------------
def salakhutdinov_schedule(n_betas):
    """β on [0, 0.5], [0.5, 0.9], [0.9, 1] with step counts in the ratio 500 : 4000 : 10000.

    Salakhutdinov & Murray (2008) used steps of 1e-3, 1e-4 and 1e-5 on the three segments,
    14,500 steps in all (``n_betas=14501`` reproduces it); here any total keeps those proportions,
    each segment getting at least one step.

    Examples
    --------
    >>> salakhutdinov_schedule(5)
    array([0.  , 0.5 , 0.9 , 0.95, 1.  ])
    """
    n_betas = as_positive_int("n_betas", n_betas, minimum=4)
    n_steps = n_betas - 1
    counts = np.maximum(1, np.round(n_steps * _SALAKHUTDINOV_STEPS / 14500).astype(int))
    counts[-1] = n_steps - counts[:-1].sum()  # the longest segment absorbs the rounding
    knots = _SALAKHUTDINOV_KNOTS
    pieces = [np.linspace(knots[s], knots[s + 1], c + 1)[:-1] for s, c in enumerate(counts)]
    return np.concatenate([*pieces, [1.0]])


def _as_betas(n_betas, schedule):
    """The schedule β_0 = 0 < β_1 < … < β_K = 1 from an int (+ schedule name) or an array."""
    if np.ndim(n_betas) == 0:
        n = as_positive_int("n_betas", n_betas, minimum=2)
        if schedule is None or schedule == "linear":
            return np.linspace(0.0, 1.0, n)
        if schedule == "salakhutdinov":
            return salakhutdinov_schedule(n)
        raise ValueError(f"schedule must be None, 'linear' or 'salakhutdinov'; got {schedule!r}")
    if schedule is not None:
        raise ValueError("schedule applies only when n_betas is an int; got an array of betas too")
    betas = as_real_array("n_betas", n_betas, 1)
    if betas.size < 2:
        raise ValueError(f"n_betas must hold at least 2 betas (0 and 1); got {betas.size}")
    if np.any((betas < 0.0) | (betas > 1.0)):
        raise ValueError("n_betas must hold betas within [0, 1]; found values outside")
    if betas[0] != 0.0 or betas[-1] != 1.0:
        raise ValueError(f"n_betas must start at 0 and end at 1; got {betas[0]} … {betas[-1]}")
    if np.any(np.diff(betas) <= 0.0):
        raise ValueError("n_betas must be strictly increasing (sorted, no repeats)")
    return betas


# --- annealed importance sampling ------------------------------------------------------------
def _anneal(rbm, a_base, b_base, v, gammas, rng, trace):
    """Σ_t [log p̃_{γ_t}(v_{t−1}) − log p̃_{γ_{t−1}}(v_{t−1})] along γ_0, …, γ_K, per row of v.

    v_0 = v (overwritten: a private copy), v_t from one Gibbs sweep at γ_t for t = 1, …, K − 1.
    log p̃_γ(v) = a_baseᵀv + γ·(a − a_base)ᵀv + Σ_j softplus(b_base,j + γ·x_j), with
    x = vᵀW + b − b_base; the a_baseᵀv term cancels in every difference.  Returns the sums and,
    if ``trace``, the steps traced and the partial sums there.
    """
    n_runs, n_visible = v.shape
    n_hidden, n_steps = rbm.n_hidden, len(gammas) - 1
    W, W_T = rbm.W, np.ascontiguousarray(rbm.W.T)
    da, db = rbm.a - a_base, rbm.b - b_base
    x, lin = v @ W + db, v @ da
    y, y_now, h, v_in = (np.empty((n_runs, n_hidden)), np.empty((n_runs, n_hidden)),
                         np.empty((n_runs, n_hidden)), np.empty((n_runs, n_visible)))
    log_w = np.zeros(n_runs)
    steps = np.unique(np.linspace(1, n_steps, min(n_steps, _TRACE_POINTS)).round().astype(int))
    traced = np.zeros(n_steps + 1, dtype=bool)
    traced[steps] = bool(trace)
    partial = []
    block = max(1, _UNIFORM_BLOCK // (n_runs * (n_hidden + n_visible)))
    for t in range(1, n_steps + 1):
        g_prev, g = gammas[t - 1], gammas[t]
        if t > 1:  # Gibbs sweep at γ_{t−1}: h ~ σ(b_base + γ x), then v ~ σ(a_base + γ(da + W h))
            j = (t - 2) % block
            if j == 0:
                u = rng.random((min(block, n_steps - t + 1), n_runs, n_hidden + n_visible))
            expit(y_now, out=h)  # y_now = b_base + γ_{t−1} x, left by the previous step
            np.less(u[j, :, :n_hidden], h, out=h)
            np.matmul(h, W_T, out=v_in)
            v_in *= g_prev
            v_in += a_base + g_prev * da
            expit(v_in, out=v_in)
            np.less(u[j, :, n_hidden:], v_in, out=v)
            np.matmul(v, W, out=x)
            x += db
            np.matmul(v, da, out=lin)
        np.multiply(x, g_prev, out=y)
        y += b_base
        log_w -= np.logaddexp(0.0, y, out=y).sum(axis=1)
        np.multiply(x, g, out=y_now)
        y_now += b_base
        log_w += np.logaddexp(0.0, y_now, out=y).sum(axis=1)
        log_w += (g - g_prev) * lin
        if traced[t]:
            partial.append(log_w.copy())
    return log_w, (steps, np.array(partial)) if trace else None


@single_threaded
def ais(rbm, n_runs, n_betas, rng, base=None, schedule=None, *, trace=False):
    """AIS: Ẑ = Z_base·mean_r w_r, log w = Σ_k [log p̃_{β_k}(v_{k−1}) − log p̃_{β_{k−1}}(v_{k−1})].

    The path.  The intermediate model at β is the RBM whose parameters interpolate linearly,
    θ_β = (1 − β) θ_base + β θ: W_β = βW, a_β = (1 − β) a_base + β a, b_β = (1 − β) b_base + β b.
    Its joint is p̃_base(v, h)^{1−β} p̃(v, h)^β (the geometric path on (v, h), the base's hidden
    units identified with the target's), and summing h out gives

        log p̃_β(v) = a_βᵀv + Σ_j softplus((1 − β) b_base,j + β (b_j + vᵀW_{:,j})).

    With the base-rate base (b_base = 0) the hidden input is β(b + vᵀW), exactly as in
    Salakhutdinov's code.  At β = 0 every hidden unit contributes softplus(0) = log 2, so
    Z_0 = Π_i (1 + e^{a_base,i}) · 2^{n_hidden}: this is how the base's hidden units enter, and no
    separate (1 − β)·n_hidden·log 2 term appears.  (Salakhutdinov & Murray's extended space with
    separate base hidden units h_A gives the same p̃_β(v) times the constant 2^{n_hidden}, which
    cancels in every ratio.)  This is not the geometric mean of the marginals,
    p̃_base(v)^{1−β} p̃(v)^β, which has β·softplus(·) instead of softplus(β·) and is no RBM.

    The run.  v_0 ~ p_base exactly (independent units); for k = 1, …, K − 1, v_k comes from one
    block Gibbs sweep h ~ p_{β_k}(h | v_{k−1}), v_k ~ p_{β_k}(v | h), which leaves p_{β_k}
    invariant.  Then E[w] = Z / Z_0, so Ẑ is unbiased for Z and E[log Ẑ] ≤ log Z (Jensen).
    Vectorised over runs; memory O(n_runs · (n_visible + n_hidden)), whatever the number of βs.

    Parameters
    ----------
    rbm : RBM
    n_runs : int
    n_betas : int or array_like of shape (K + 1,)
        A number of βs (≥ 2, spaced by ``schedule``) or the βs themselves: strictly increasing
        from 0 to 1.
    rng : numpy.random.Generator or int
    base : None, RBM or array_like of shape (n_visible,)
        The β = 0 end: uniform (None, a = 0), an RBM of rbm's shape with W = 0 (e.g.
        ``base_rate_rbm(data, rbm.n_hidden)``), or visible probabilities strictly in (0, 1).
    schedule : None, "linear" or "salakhutdinov"
        Spacing of an int ``n_betas`` (:func:`salakhutdinov_schedule`); linear by default.
    trace : bool
        Keep the partial log weights at up to 100 βs (for the variance of log w along β).

    Returns
    -------
    AISResult

    Examples
    --------
    >>> from rbmlib import exact
    >>> rbm = RBM.random(6, 3, rng=0, scale=1.0)
    >>> result = ais(rbm, n_runs=100, n_betas=200, rng=0)
    >>> abs(result.log_z - exact.log_partition(rbm)) < 4 * result.std
    True
    """
    _check_rbm(rbm)
    n_runs = as_positive_int("n_runs", n_runs)
    betas = _as_betas(n_betas, schedule)
    rng = as_rng(rng)
    a_base, b_base = _base_biases(base, rbm)
    v = _sample_independent(a_base, n_runs, rng)
    log_w, traced = _anneal(rbm, a_base, b_base, v, betas, rng, trace)
    trace_out = (betas[traced[0]], traced[1]) if trace else (None, None)
    log_z_base = log_partition_independent(RBM(np.zeros(rbm.W.shape), a_base, b_base))
    return AISResult.from_log_weights(log_w, log_z_base, trace=trace_out)


@single_threaded
def reverse_ais(rbm, v, n_betas, rng, base=None, schedule=None, *, trace=False):
    """Reverse AIS: log Ẑ = log Z_base − log((1/n) Σ_r 1/w_r), annealing from v at β = 1 to β = 0.

    Each run starts at v_{K−1} = a row of ``v`` and moves down the path of :func:`ais`:
    v_{k−1} ~ T_k(v_k, ·) for k = K − 1, …, 1 (one Gibbs sweep at β_k), and its weight is the
    forward weight evaluated along this reversed path,

        log w = Σ_{k=1}^{K} [log p̃_{β_k}(v_{k−1}) − log p̃_{β_{k−1}}(v_{k−1})].

    Derivation (extended state space; the corrected reverse weight of Upadhya & Sastry 2015).
    A block Gibbs sweep T_k is reversible with respect to p_k (p_k(v)T_k(v, v') =
    Σ_h p_k(h) p_k(v | h) p_k(v' | h) is symmetric), so T_k(v, v')/T_k(v', v) = p̃_k(v')/p̃_k(v).
    The forward proposal q_f(path) = p_0(v_0) Π_k T_k(v_{k−1}, v_k) and the reverse proposal
    q_r(path) = p_K(v_{K−1}) Π_k T_k(v_k, v_{k−1}) then satisfy, term by term,
    q_f/q_r = (Z_K/Z_0) / w(path).  Hence, when v is drawn exactly from p = p_K,

        E_{q_r}[1/w] = (Z_0/Z_K) Σ_path q_f = Z_0 / Z,

    1/Ẑ is unbiased for 1/Z, and by Jensen E[log Ẑ] ≥ log Z: a stochastic upper bound,
    sandwiching log Z with forward AIS.  Started from data instead of exact samples the
    identity no longer holds; then −F(v) − log_z_base − log_w is, per data row, the RAISE
    estimate (Burda et al. 2015) of log p_ann(v), the marginal of the forward annealing chain,
    whose expectation is ≤ log p_ann(v): a conservative log-likelihood.

    Parameters
    ----------
    rbm : RBM
    v : array_like, shape (n_runs, n_visible)
        Binary starting states: exact samples of rbm (for the bound) or data (RAISE-like).
    n_betas, rng, base, schedule, trace
        As in :func:`ais`.

    Returns
    -------
    AISResult
        With ``reverse=True``; ``trace_betas`` run from 1 down towards 0.

    Examples
    --------
    >>> from rbmlib import free_energy
    >>> rbm = RBM.random(4, 2, rng=0, scale=1.0)
    >>> result = reverse_ais(rbm, [[0, 1, 0, 1]] * 10, n_betas=2, rng=0)  # K = 1: no sweeps
    >>> bool(np.allclose(result.log_w, -free_energy(rbm, [0, 1, 0, 1]) - 2 * np.log(2)))
    True
    """
    _check_rbm(rbm)
    v, _ = as_states("v", v, rbm.n_visible)
    betas = _as_betas(n_betas, schedule)
    rng = as_rng(rng)
    a_base, b_base = _base_biases(base, rbm)
    log_w, traced = _anneal(rbm, a_base, b_base, v, betas[::-1], rng, trace)
    trace_out = (betas[::-1][traced[0]], -traced[1]) if trace else (None, None)
    log_z_base = log_partition_independent(RBM(np.zeros(rbm.W.shape), a_base, b_base))
    return AISResult.from_log_weights(-log_w, log_z_base, reverse=True, trace=trace_out)
