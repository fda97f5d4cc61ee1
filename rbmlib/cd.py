"""Contrastive divergence (CD-k) and stochastic maximum likelihood (persistent CD).

Both replace the model expectation E_model[v hᵀ] of the log-likelihood gradient by the statistics of
a short Gibbs chain.  CD-k starts the chain at the data and stops after k sweeps; stochastic maximum
likelihood (SML, also called persistent CD) keeps its chains alive from one update to the next.

Convention (Hinton's practical guide): the chain v⁰ → h⁰ → v¹ → … → vᵏ uses sampled binary states
for both layers; the statistics use the probabilities p(h | v) for the hidden layer and the states
v⁰ (data) and vᵏ (chain) for the visible layer:

    Δθ ∝ (1/B) Σ_rows [v⁰ p(h | v⁰)ᵀ, v⁰, p(h | v⁰)] − (1/C) Σ_chains [vᵏ p(h | vᵏ)ᵀ, vᵏ, p(h | vᵏ)]

Chapter: *Contrastive divergence and persistent chains* (``book/contrastive_divergence.ipynb``).
"""

import numpy as np
from scipy.special import expit

from ._checks import as_positive_int, as_rng, as_states
from .energy import _check_rbm
from .rbm import RBM

__all__ = ["cd_gradient", "pcd_gradient", "PersistentChains"]


def _moments_difference(v_pos, p_h_pos, v_neg, p_h_neg):
    """[v p(h|v)ᵀ, v, p(h|v)] averaged over the positive rows minus the same over the negative rows."""
    W = v_pos.T @ p_h_pos / len(v_pos) - v_neg.T @ p_h_neg / len(v_neg)
    a = v_pos.mean(axis=0) - v_neg.mean(axis=0)
    b = p_h_pos.mean(axis=0) - p_h_neg.mean(axis=0)
    return RBM(W, a, b)


def cd_gradient(rbm, v_data, k=1, rng=None):
    """The CD-k estimate of ∇_θ (1/B) Σ log p(v): data statistics minus those of k Gibbs sweeps.

    Each data row v⁰ starts a chain h⁰ ~ p(h | v⁰), v¹ ~ p(v | h⁰), …, vᵏ; the estimate is
    [v⁰ p(h|v⁰)ᵀ − vᵏ p(h|vᵏ)ᵀ, v⁰ − vᵏ, p(h|v⁰) − p(h|vᵏ)] averaged over rows.  It is biased
    for any finite k: its expectation is exact.expected_cd_gradient(rbm, v_data, k), which tends to
    exact.gradient(rbm, v_data) as k → ∞.

    Parameters
    ----------
    rbm : RBM
    v_data : array_like, shape (n_samples, n_visible)
        Binary data rows (a minibatch).
    k : int
        Number of Gibbs sweeps, at least 1.
    rng : numpy.random.Generator or int

    Returns
    -------
    RBM
        The ascent direction, shaped like the parameters.

    Examples
    --------
    >>> import rbmlib
    >>> rbm = rbmlib.RBM.random(4, 3, rng=0)
    >>> grad = cd_gradient(rbm, [[1, 0, 1, 0], [0, 1, 0, 1]], k=1, rng=0)
    >>> grad.W.shape
    (4, 3)
    """
    _check_rbm(rbm)
    v0, _ = as_states("v_data", v_data, rbm.n_visible)
    k = as_positive_int("k", k)
    rng = as_rng(rng)
    p_h0 = expit(v0 @ rbm.W + rbm.b)
    p_h, v = p_h0, v0
    for _ in range(k):
        h = (rng.random(p_h.shape) < p_h).astype(np.float64)
        v = (rng.random(v0.shape) < expit(h @ rbm.W.T + rbm.a)).astype(np.float64)
        p_h = expit(v @ rbm.W + rbm.b)
    return _moments_difference(v0, p_h0, v, p_h)


class PersistentChains:
    """Fantasy particles for stochastic maximum likelihood: Gibbs chains that are never restarted.

    The state of each chain is its hidden layer ``h``; an update of the parameters moves on every
    chain by k sweeps h → v ~ p(v | h) → h ~ p(h | v) under the *current* parameters, so the chains
    follow the model as it learns instead of restarting at the data (as CD does).  The number of
    chains is independent of the minibatch size.

    Parameters
    ----------
    n_chains : int
    n_hidden : int
    h0 : array_like, optional, shape (n_chains, n_hidden)
        Starting hidden states; all zeros by default, so the first visible states are drawn from
        σ(a), the model with its weights ignored.

    Attributes
    ----------
    h : ndarray
        The current hidden states, shape (n_chains, n_hidden).
    v : ndarray or None
        The visible states drawn by the last advance, shape (n_chains, n_visible) (None before
        the first).
    n_sweeps : int
        Sweeps made so far.
    """

    def __init__(self, n_chains, n_hidden, h0=None):
        n_chains = as_positive_int("n_chains", n_chains)
        n_hidden = as_positive_int("n_hidden", n_hidden)
        # [h | 1]: the trailing 1 lets the training loop add the visible bias inside its product
        # (rbmlib._stacked); h is a view of the first n_hidden columns.
        self._h_ones = np.ones((n_chains, n_hidden + 1))
        if h0 is None:
            self.h = np.zeros((n_chains, n_hidden))
        else:
            h0, _ = as_states("h0", h0, n_hidden)
            if h0.shape[0] != n_chains:
                raise ValueError(f"h0 must have n_chains = {n_chains} rows; got {h0.shape[0]}")
            self.h = h0
        self.v = None
        self.n_sweeps = 0

    @property
    def h(self):
        return self._h_ones[:, :-1]

    @property
    def v(self):
        return None if self._v is None else self._v.copy()

    @v.setter
    def v(self, value):
        self._v = value

    @h.setter
    def h(self, value):
        self._h_ones[:, :-1] = value

    @property
    def n_chains(self):
        return self._h_ones.shape[0]

    def advance(self, rbm, k, rng):
        """Run k sweeps h → v → h; return the final visible states and p(h | v) at them."""
        _check_rbm(rbm)
        if rbm.n_hidden != self.h.shape[1]:
            raise ValueError(
                f"rbm has {rbm.n_hidden} hidden units but the chains have {self.h.shape[1]}"
            )
        k = as_positive_int("k", k)
        rng = as_rng(rng)
        h = self.h
        for _ in range(k):
            p_v = expit(h @ rbm.W.T + rbm.a)
            v = (rng.random(p_v.shape) < p_v).astype(np.float64)
            p_h = expit(v @ rbm.W + rbm.b)
            h = (rng.random(p_h.shape) < p_h).astype(np.float64)
        self.h, self.v = h, v
        self.n_sweeps += k
        return v, p_h


def pcd_gradient(rbm, v_data, chains, k=1, rng=None):
    """The SML / persistent-CD estimate: data statistics minus those of the persistent chains.

    The chains (a :class:`PersistentChains`) are advanced by k sweeps under the current parameters
    and keep their new state, which is the point: over many small updates they stay close to the
    model's distribution.  This is the one function of the library that changes an argument (the
    chains' state), by design.

    Examples
    --------
    >>> import rbmlib
    >>> rbm = rbmlib.RBM.random(4, 3, rng=0)
    >>> chains = PersistentChains(n_chains=8, n_hidden=3)
    >>> grad = pcd_gradient(rbm, [[1, 0, 1, 0]], chains, k=1, rng=0)
    >>> chains.v.shape, chains.n_sweeps
    ((8, 4), 1)
    """
    _check_rbm(rbm)
    v0, _ = as_states("v_data", v_data, rbm.n_visible)
    if not isinstance(chains, PersistentChains):
        raise TypeError(f"chains must be a PersistentChains; got {type(chains).__name__}")
    v, p_h = chains.advance(rbm, k, rng)
    return _moments_difference(v0, expit(v0 @ rbm.W + rbm.b), v, p_h)
