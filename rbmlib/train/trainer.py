"""The update rule, run a few minibatches at a time: :class:`Trainer`.

One update with learning rate ε, momentum μ and weight decay λ (Hinton's practical guide):

    Δθ ← μ Δθ + ε (g − λ W̄),   θ ← θ + Δθ,

where g is the estimator's ascent direction on the minibatch and W̄ is W for the weights and zero
for the biases (biases are not decayed).

Chapter: ``book/contrastive_divergence.ipynb``.
"""

import numpy as np

from .. import _stacked
from .._blas import one_blas_thread as _one_blas_thread
from .._checks import (
    as_finite_float,
    as_positive_float,
    as_positive_int,
    as_real_array,
    as_rng,
    as_states,
)
from ..energy import _check_rbm
from ..gaussian.model import GaussianRBM, _check_model
from ..rbm import RBM

__all__ = ["Trainer"]

_DIVERGED = "training diverged: the parameters are no longer finite; lower learning_rate"


class Trainer:
    """Minibatch gradient ascent on an RBM, runnable a few updates at a time.

    Parameters
    ----------
    rbm : RBM or GaussianRBM
        The starting parameters (not modified; the trainer works on its own copy).
    data : array_like, shape (n_samples, n_visible)
        Training rows, binary for an RBM and real for a GaussianRBM; they are visited in a fresh
        random order every epoch.
    estimator : callable
        ``estimator(rbm, v_batch, rng)``, the ascent direction shaped like the model, e.g.
        ``rbmlib.CD(k=1)`` or ``rbmlib.score_matching.ScoreMatching()``.
    batch_size : int
        Rows per update, at most ``n_samples``; the last minibatch of an epoch may be smaller.
    learning_rate, momentum, weight_decay : float
        ε > 0, μ in [0, 1), λ ≥ 0 of the update rule in the module docstring.
    rng : numpy.random.Generator or int
    dtype : {numpy.float64, numpy.float32}
        Precision of the Gibbs sweeps and statistics of the sampling estimators (CD, PCD, fast
        PCD): float32 makes a minibatch of 100 about a third faster on this hardware, and the
        parameters are still kept and updated in float64.  Other estimators ignore it.

    Examples
    --------
    >>> import rbmlib
    >>> data = rbmlib.datasets.bars_and_stripes(3)
    >>> trainer = Trainer(rbmlib.RBM.random(9, 4, rng=0), data, rbmlib.CD(k=1), batch_size=2,
    ...                   learning_rate=0.1, rng=0)
    >>> trainer.run(5)
    >>> trainer.n_updates, trainer.epoch
    (5, 0.7142857142857143)
    """

    def __init__(self, rbm, data, estimator, *, batch_size=10, learning_rate=0.05, momentum=0.0,
                 weight_decay=0.0, rng=None, dtype=np.float64):
        self.data = _check_model_and_data(rbm, data, "data")
        self._model_type = type(rbm)
        if not callable(estimator):
            raise TypeError(
                "estimator must be callable as estimator(rbm, v_batch, rng) -> RBM, e.g. "
                f"rbmlib.CD(k=1); got {type(estimator).__name__}"
            )
        self.estimator = estimator
        n_samples = len(self.data)
        self.batch_size = as_positive_int("batch_size", batch_size)
        if self.batch_size > n_samples:
            raise ValueError(
                f"batch_size must be at most the number of data rows ({n_samples}); "
                f"got {self.batch_size}"
            )
        self.learning_rate = as_positive_float("learning_rate", learning_rate)
        self.momentum = as_finite_float("momentum", momentum)
        if not 0.0 <= self.momentum < 1.0:
            raise ValueError(f"momentum must lie in [0, 1); got {self.momentum}")
        self.weight_decay = as_finite_float("weight_decay", weight_decay)
        if self.weight_decay < 0.0:
            raise ValueError(f"weight_decay must be at least 0; got {self.weight_decay}")
        self.rng = as_rng(rng)
        # θ, its velocity and the step each live in one flat vector: the augmented matrix
        # M = [[W, a], [bᵀ, 0]] of rbmlib._stacked (then log σ for a GaussianRBM), with W, a, b
        # as views, so that an update is a few calls on whole vectors and the sampling
        # estimators work on M directly.
        self._theta, self._M, self.params = _layout(rbm)
        self._velocity = np.zeros_like(self._theta)
        self._flat_step, self._G, self._step = _layout(rbm, np.zeros_like(self._theta))
        # The sampling estimators' uniforms, as odds, 2¹⁴ at a time (see rbmlib._stacked), from
        # an SFC64 generator seeded by rng: numpy's fastest bit generator here (2.4 ns per
        # uniform against 3.2 ns for the default PCG64; the uniforms are most of an update).
        noise = np.random.Generator(np.random.SFC64(self.rng.integers(2**63)))
        self.dtype = _as_float_dtype(dtype)
        self._odds = _stacked.Odds(noise, block=2**14, dtype=self.dtype)
        # In float32, the estimators work on a single-precision copy of M and write their step
        # into G32, which is added to θ in float64.
        self._M32 = self._M.astype(np.float32) if self.dtype == np.float32 else None
        self._G32 = np.zeros_like(self._M32) if self._M32 is not None else None
        # Binary rows are shuffled as bytes (an eighth of the memory to copy every epoch); the
        # estimators take them as they take any 0/1 array.
        self._rows = self.data.astype(np.uint8) if self._model_type is RBM else self.data
        self._shuffled = self._rows[self.rng.permutation(n_samples)]
        self._position = 0
        self._epochs_done = 0
        self.n_updates = 0

    @property
    def rbm(self):
        """The current parameters, as an (immutable) RBM or GaussianRBM."""
        return self._model_type(*self.params)

    @property
    def epoch(self):
        """Epochs completed so far, fractional (rows visited / number of rows)."""
        return self._epochs_done + self._position / len(self.data)

    def _next_batch(self):
        if self._position >= len(self.data):
            self._shuffled = self._rows[self.rng.permutation(len(self.data))]
            self._position = 0
            self._epochs_done += 1
        batch = self._shuffled[self._position:self._position + self.batch_size]
        self._position += len(batch)
        return batch

    def _step_into(self, v):
        """The step ε g of the estimator on the minibatch v, written into self._flat_step."""
        if not np.all(np.isfinite(self._theta)):
            raise ValueError(_DIVERGED)
        try:
            grad = self.estimator(self.rbm, v, self.rng)
        except ValueError as error:  # a step so large that the estimate itself overflowed
            if "must be finite" not in str(error):
                raise
            raise ValueError(f"{_DIVERGED} (the estimator reported: {error})") from error
        if not isinstance(grad, self._model_type) or grad.W.shape != self.params[0].shape:
            raise TypeError(
                f"estimator must return an {self._model_type.__name__} shaped like the model; "
                f"got {type(grad).__name__}"
            )
        for target, value in zip(self._step, grad._arrays()):
            np.multiply(value, self.learning_rate, out=target)

    def run(self, n_updates):
        """Make ``n_updates`` minibatch updates (crossing epoch boundaries as needed)."""
        n_updates = as_positive_int("n_updates", n_updates, minimum=0)
        W, step_W = self.params[0], self._step[0]
        step, velocity, theta = self._flat_step, self._velocity, self._theta
        # The sampling estimators of rbmlib.estimators write ε g into the step themselves.
        fast = getattr(self.estimator, "_step_into", None) if self._model_type is RBM else None
        M, odds, G, M32, G32 = self._M, self._odds, self._G, self._M32, self._G32
        # A diverging run overflows quietly here and is refused by the finiteness check below.
        with _one_blas_thread(), np.errstate(over="ignore", invalid="ignore"):
            for _ in range(n_updates):
                if fast is not None and M32 is not None:
                    np.copyto(M32, M, casting="same_kind")
                    fast(M32, self._next_batch(), odds, G32, self.learning_rate)
                    np.copyto(G, G32)  # ε g, in float64
                elif fast is not None:
                    fast(M, self._next_batch(), odds, G, self.learning_rate)  # ε g
                else:
                    self._step_into(self._next_batch())
                if self.weight_decay:  # ε (g − λW̄)
                    step_W -= (self.learning_rate * self.weight_decay) * W
                if self.momentum:
                    velocity *= self.momentum
                    velocity += step  # Δθ ← μ Δθ + ε (g − λW̄)
                    theta += velocity
                else:
                    theta += step
                self.n_updates += 1
        if not np.all(np.isfinite(theta)):
            raise ValueError(_DIVERGED)

    def run_epochs(self, n_epochs):
        """Train up to the ``n_epochs``-th epoch boundary from here (a partial epoch counts as one)."""
        n_epochs = as_positive_int("n_epochs", n_epochs, minimum=0)
        if n_epochs == 0:
            return
        n_rows, position = len(self.data), self._position % len(self.data)
        per_epoch = -(-n_rows // self.batch_size)
        self.run(-(-(n_rows - position) // self.batch_size) + (n_epochs - 1) * per_epoch)


def _as_float_dtype(dtype):
    try:
        resolved = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be numpy.float64 or numpy.float32; got {dtype!r}") from None
    if resolved not in (np.float64, np.float32):
        raise ValueError(f"dtype must be numpy.float64 or numpy.float32; got {resolved}")
    return resolved.type


def _layout(model, flat=None):
    """(flat θ, M, (W, a, b[, log_sigma])): M = [[W, a], [bᵀ, 0]] and log σ share one vector.

    Filled with the model's parameters, or views into ``flat`` when it is given.
    """
    n_visible, n_hidden = model.W.shape
    n_m = (n_visible + 1) * (n_hidden + 1)
    extra = model.log_sigma.size if isinstance(model, GaussianRBM) else 0
    fill = flat is None
    if fill:
        flat = np.zeros(n_m + extra)
    M = flat[:n_m].reshape(n_visible + 1, n_hidden + 1)
    views = _stacked.split(M)
    if isinstance(model, GaussianRBM):
        views = (*views, flat[n_m:])
    if fill:
        for view, value in zip(views, model._arrays()):
            view[...] = value
    return flat, M, views


def _check_model_and_data(model, data, name):
    """Binary rows for an RBM, real rows for a GaussianRBM; anything else is refused."""
    if isinstance(model, GaussianRBM):
        _check_model(model)
        rows = as_real_array(name, data, 2)
        if rows.shape[1] != model.n_visible or len(rows) == 0:
            raise ValueError(f"{name} must have shape (n_samples ≥ 1, {model.n_visible}); "
                             f"got {rows.shape}")
        return rows
    if not isinstance(model, RBM):
        raise TypeError(f"rbm must be an rbmlib.RBM or an rbmlib.GaussianRBM; "
                        f"got {type(model).__name__}")
    _check_rbm(model)
    return as_states(name, data, model.n_visible)[0]
