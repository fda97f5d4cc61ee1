"""Gradient estimators for the training loop: exact, CD-k, persistent CD and fast persistent CD.

An *estimator* is any callable ``estimator(rbm, v_batch, rng) -> RBM`` that returns the ascent
direction of the quantity being maximised (here the log-likelihood).  :func:`rbmlib.train.fit`
accepts any such callable.  The sampling estimators also write their step into preallocated arrays
(``_step_into``, in the stacked layout of ``rbmlib/_stacked.py``), which the training loop uses to
avoid building an ``RBM`` per minibatch; ``__call__`` runs the same code, so what is tested is
what trains.

The readable one-function versions are :func:`rbmlib.cd.cd_gradient` and
:func:`rbmlib.cd.pcd_gradient`; with the same ``rng`` they give the same numbers.
Chapter: ``book/contrastive_divergence.ipynb``.
"""

import numpy as np

from . import _stacked, exact
from ._checks import as_finite_float, as_positive_float, as_positive_int, as_rng, as_states
from .cd import PersistentChains
from .energy import _check_rbm
from .rbm import RBM

__all__ = ["ExactGradient", "CD", "PCD", "FastPCD"]


class _Estimator:
    """Shared public entry point: check the arguments, run ``_step_into``, return an RBM.

    ``_step_into(M, v, odds, G, scale)`` writes ``scale`` times the ascent direction into G, both
    in the augmented layout M = [[W, a], [bᵀ, 0]] of :mod:`rbmlib._stacked`, drawing its samples
    from ``odds`` (an :class:`rbmlib._stacked.Odds`); the training loop calls it directly with
    its learning rate as the scale.
    """

    def __call__(self, rbm, v_batch, rng):
        _check_rbm(rbm)
        v, _ = as_states("v_batch", v_batch, rbm.n_visible)
        M = _stacked.augmented(rbm.W, rbm.a, rbm.b)
        G = np.empty_like(M)
        with np.errstate(over="ignore"):  # e^x = inf is σ(x) = 1, exactly (see _stacked)
            self._step_into(M, v, _stacked.Odds(as_rng(rng)), G, 1.0)
        return RBM(*(x.copy() for x in _stacked.split(G)))


class ExactGradient:
    """The exact log-likelihood gradient E_data[…] − E_model[…] (by enumeration; small models).

    Examples
    --------
    >>> import rbmlib
    >>> rbm = rbmlib.RBM.random(4, 3, rng=0)
    >>> ExactGradient()(rbm, [[1, 0, 1, 0]], rng=0).W.shape
    (4, 3)
    """

    def __call__(self, rbm, v_batch, rng=None):
        _check_rbm(rbm)
        return exact.gradient(rbm, as_states("v_batch", v_batch, rbm.n_visible)[0])

    def __repr__(self):
        return "ExactGradient()"


class CD(_Estimator):
    """CD-k: k sweeps of block Gibbs sampling started at each data row (Hinton 2002).

    See :func:`rbmlib.cd.cd_gradient` for the estimate and its convention.

    Examples
    --------
    >>> import rbmlib
    >>> rbm = rbmlib.RBM.random(4, 3, rng=0)
    >>> v = [[1, 0, 1, 0], [0, 1, 0, 1]]
    >>> fast = CD(k=2)(rbm, v, rng=5)
    >>> readable = rbmlib.cd.cd_gradient(rbm, v, k=2, rng=5)
    >>> bool(np.allclose(fast.to_vector(), readable.to_vector(), rtol=0, atol=1e-14))
    True
    """

    def __init__(self, k=1):
        self.k = as_positive_int("k", k)

    def _step_into(self, M, v0, odds, G, scale):
        buf = _stacked.buffers(self.__dict__.setdefault("_cache", {}), len(v0), len(v0), M)
        buf.weights(scale)
        _stacked.cd_step_into(buf, M, v0, odds, self.k, G)

    def __repr__(self):
        return f"CD(k={self.k})"


class PCD(_Estimator):
    """Stochastic maximum likelihood / persistent CD (Younes 1989; Tieleman 2008).

    ``n_chains`` fantasy particles (a :class:`rbmlib.cd.PersistentChains`, created at the first
    call) move k sweeps per update and are never restarted; their number is independent of the
    minibatch size.

    Examples
    --------
    >>> import rbmlib
    >>> rbm = rbmlib.RBM.random(4, 3, rng=0)
    >>> pcd = PCD(n_chains=16)
    >>> _ = pcd(rbm, [[1, 0, 1, 0]], rng=0)
    >>> pcd.chains.v.shape, pcd.chains.n_sweeps
    ((16, 4), 1)
    """

    def __init__(self, n_chains=100, k=1):
        self.n_chains = as_positive_int("n_chains", n_chains)
        self.k = as_positive_int("k", k)
        self.chains = None

    def _chains_for(self, n_hidden):
        if self.chains is None:
            self.chains = PersistentChains(self.n_chains, n_hidden)
        elif self.chains.h.shape[1] != n_hidden:
            raise ValueError(
                f"this estimator's chains have {self.chains.h.shape[1]} hidden units but the rbm "
                f"has {n_hidden}; use a new {type(self).__name__} for a new model"
            )
        return self.chains

    def _stepper(self, M, chains_M, n_data, odds):
        """The step function of rbmlib._stacked for this minibatch size, made once and reused."""
        key = (n_data, id(M), id(chains_M), id(odds), self.k)
        steppers = self.__dict__.setdefault("_steppers", {})
        if key not in steppers:  # a new minibatch size, model, source of odds or k
            chains = self._chains_for(M.shape[1] - 1)
            if chains._h_ones.dtype != M.dtype:  # the training loop's float32 option
                chains._h_ones = chains._h_ones.astype(M.dtype)
                steppers.clear()  # they are bound to the chains' old array
            buf = _stacked.StackedPhases(n_data, self.n_chains, M.shape[0] - 1, M.shape[1] - 1,
                                         M.dtype)
            if len(steppers) > 8:  # one-off calls (each builds its own M): keep few
                steppers.clear()
            steppers[key] = (buf, _stacked.persistent_stepper(buf, M, chains_M, chains._h_ones,
                                                               odds, self.k), M, chains_M, odds)
        return steppers[key][:2]

    def _step_into(self, M, v0, odds, G, scale):
        buf, step = self._stepper(M, M, len(v0), odds)
        buf.weights(scale)
        step(v0, G)
        self.chains._v = buf.v_chain  # PersistentChains.v hands out copies
        self.chains.n_sweeps += self.k

    def __repr__(self):
        return f"{type(self).__name__}(n_chains={self.n_chains}, k={self.k})"


class FastPCD(PCD):
    """Persistent CD with fast weights (Tieleman & Hinton 2009).

    The chains sample from θ + θ_fast instead of θ.  After each estimate g the fast parameters move
    θ_fast ← fast_decay · θ_fast + fast_learning_rate · g, so the fast weights push the chains away
    from the modes they have just visited, and decay away within about 1 / (1 − fast_decay)
    updates.  The returned estimate is the PCD one; only the sampling uses the fast weights.
    Tieleman & Hinton used a fast decay of 19/20.

    Examples
    --------
    >>> import rbmlib
    >>> rbm = rbmlib.RBM.random(4, 3, rng=0)
    >>> fpcd = FastPCD(n_chains=16, fast_learning_rate=0.05)
    >>> _ = fpcd(rbm, [[1, 0, 1, 0]], rng=0)
    >>> fpcd.fast.W.shape
    (4, 3)
    """

    def __init__(self, n_chains=100, k=1, *, fast_learning_rate=0.05, fast_decay=0.95):
        super().__init__(n_chains, k)
        self.fast_learning_rate = as_positive_float("fast_learning_rate", fast_learning_rate)
        self.fast_decay = as_finite_float("fast_decay", fast_decay)
        if not 0.0 <= self.fast_decay < 1.0:
            raise ValueError(f"fast_decay must lie in [0, 1); got {self.fast_decay}")
        self._fast = None

    @property
    def fast(self):
        """The fast parameters θ_fast as an RBM (None before the first update)."""
        return None if self._fast is None else RBM(*(x.copy() for x in _stacked.split(self._fast)))

    def _step_into(self, M, v0, odds, G, scale):
        if self._fast is None or self._fast.shape != M.shape:
            self._fast = np.zeros_like(M)  # θ_fast, in the layout of M
            self._sampling = np.empty_like(M)
        buf, step = self._stepper(M, self._sampling, len(v0), odds)
        np.add(M, self._fast, out=self._sampling)  # the chains sample from θ + θ_fast
        buf.weights(1.0)
        step(v0, G)  # g, with the statistics under θ
        self.chains._v = buf.v_chain
        self.chains.n_sweeps += self.k
        self._fast *= self.fast_decay
        self._fast += self.fast_learning_rate * G  # θ_fast ← decay θ_fast + rate g
        if scale != 1.0:
            G *= scale

    def __repr__(self):
        return (
            f"FastPCD(n_chains={self.n_chains}, k={self.k}, "
            f"fast_learning_rate={self.fast_learning_rate}, fast_decay={self.fast_decay})"
        )
