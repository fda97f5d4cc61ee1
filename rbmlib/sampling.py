"""Factorised conditionals and block Gibbs sampling.

p(h_j = 1 | v) = σ(b_j + Σ_i v_i W_ij) and p(v_i = 1 | h) = σ(a_i + Σ_j W_ij h_j): given one
layer, the units of the other are independent, so a whole layer is sampled in one step.
Chapters: *The restricted Boltzmann machine* (``book/rbm.ipynb``) derives the conditionals;
*Block Gibbs sampling* (``book/gibbs_sampling.ipynb``) builds the chain.
"""

import numpy as np
from scipy.special import expit

from ._checks import as_positive_int, as_rng, as_states
from .energy import _check_rbm

__all__ = [
    "prob_h_given_v",
    "prob_v_given_h",
    "sample_h_given_v",
    "sample_v_given_h",
    "gibbs_step",
    "gibbs_chain",
]


def _rows_out(values, single):
    return values[0] if single else values


def prob_h_given_v(rbm, v):
    """p(h_j = 1 | v) = σ(b_j + Σ_i v_i W_ij) for every hidden unit j and row of ``v``.

    Parameters
    ----------
    rbm : RBM
    v : array_like, shape (n_samples, n_visible) or (n_visible,)
        Visible states; values in [0, 1] are accepted (a mean-field input).

    Returns
    -------
    ndarray of shape (n_samples, n_hidden), or (n_hidden,) for a single state.

    Examples
    --------
    >>> from rbmlib import RBM
    >>> rbm = RBM(W=[[0.0, 2.0]], a=[0.0], b=[0.0, -2.0])
    >>> prob_h_given_v(rbm, [1])
    array([0.5, 0.5])
    """
    _check_rbm(rbm)
    v, single = as_states("v", v, rbm.n_visible, binary=False)
    return _rows_out(expit(v @ rbm.W + rbm.b), single)


def prob_v_given_h(rbm, h):
    """p(v_i = 1 | h) = σ(a_i + Σ_j W_ij h_j) for every visible unit i and row of ``h``.

    Parameters
    ----------
    rbm : RBM
    h : array_like, shape (n_samples, n_hidden) or (n_hidden,)
        Hidden states; values in [0, 1] are accepted (a mean-field input).

    Returns
    -------
    ndarray of shape (n_samples, n_visible), or (n_visible,) for a single state.
    """
    _check_rbm(rbm)
    h, single = as_states("h", h, rbm.n_hidden, binary=False)
    return _rows_out(expit(h @ rbm.W.T + rbm.a), single)


def _bernoulli(p, rng):
    """Binary samples with P(1) = p; ``u < p`` is ten times cheaper than ``rng.binomial``."""
    return (rng.random(p.shape) < p).astype(np.float64)


def sample_h_given_v(rbm, v, rng):
    """Draw h ~ p(h | v): each hidden unit independently with probability σ(b_j + vᵀW_{:,j}).

    ``rng`` is a ``numpy.random.Generator`` or an integer seed.
    """
    return _bernoulli(prob_h_given_v(rbm, v), as_rng(rng))


def sample_v_given_h(rbm, h, rng):
    """Draw v ~ p(v | h): each visible unit independently with probability σ(a_i + W_{i,:}h)."""
    return _bernoulli(prob_v_given_h(rbm, h), as_rng(rng))


def gibbs_step(rbm, v, rng):
    """One sweep of block Gibbs sampling: h ~ p(h | v), then v' ~ p(v' | h).

    Returns
    -------
    h, v_new : ndarrays
        The hidden states sampled on the way and the new visible states.
    """
    rng = as_rng(rng)
    h = sample_h_given_v(rbm, v, rng)
    return h, sample_v_given_h(rbm, h, rng)


def gibbs_chain(rbm, v0, n_steps, rng, *, return_trajectory=False):
    """Run ``n_steps`` sweeps of block Gibbs sampling from ``v0``, one chain per row.

    Each sweep samples every hidden unit in parallel given v, then every visible unit in
    parallel given h (the transition v → h → v').  The chain leaves the RBM's marginal p(v)
    invariant and, because every transition probability is positive, converges to it.

    Parameters
    ----------
    rbm : RBM
    v0 : array_like, shape (n_chains, n_visible) or (n_visible,)
        Binary starting states.
    n_steps : int
        Number of sweeps, at least 0.
    rng : numpy.random.Generator or int
    return_trajectory : bool
        If true, return every visible state of the chain, including ``v0``.

    Returns
    -------
    ndarray
        The final visible states, shaped like ``v0``; with ``return_trajectory=True`` an array of
        shape (n_steps + 1, n_chains, n_visible) (or (n_steps + 1, n_visible) for one chain).

    Examples
    --------
    >>> from rbmlib import RBM
    >>> rbm = RBM.random(4, 3, rng=0)
    >>> gibbs_chain(rbm, [[0, 1, 0, 1]] * 5, n_steps=10, rng=1).shape
    (5, 4)
    """
    _check_rbm(rbm)
    v, single = as_states("v0", v0, rbm.n_visible)
    n_steps = as_positive_int("n_steps", n_steps, minimum=0)
    rng = as_rng(rng)
    trajectory = np.empty((n_steps + 1, *v.shape)) if return_trajectory else None
    if return_trajectory:
        trajectory[0] = v
    for t in range(n_steps):
        h = _bernoulli(expit(v @ rbm.W + rbm.b), rng)
        v = _bernoulli(expit(h @ rbm.W.T + rbm.a), rng)
        if return_trajectory:
            trajectory[t + 1] = v
    if return_trajectory:
        return trajectory[:, 0] if single else trajectory
    return v[0] if single else v
