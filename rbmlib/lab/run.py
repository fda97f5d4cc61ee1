"""One training run of the lab: the trainer, its history, display chains, and divergence.

:class:`LabRun` knows nothing of widgets: it trains for a given number of updates or seconds,
records the exact log-likelihoods after each tick, and keeps the last good model when a run
diverges, so that the widget (:mod:`rbmlib.lab.widget`) can report it and the figure can keep
showing what was learnt.

Chapter: *Contrastive divergence and persistent chains* (``book/contrastive_divergence.ipynb``).
"""

import time

import numpy as np

from .._checks import MAX_ENUMERATION_BITS, as_positive_int
from ..cd import PersistentChains
from ..rbm import RBM
from .._blas import one_blas_thread as _one_blas_thread
from ..train import History, Trainer

#: Exact log-likelihoods are recorded while the smaller layer has at most this many units
#: (2**20 terms, well under a second); larger models are trained without them.
LAB_ENUMERATION_BITS = min(20, MAX_ENUMERATION_BITS)


class LabRun:
    """A trainer started from new small random weights, and what the lab records of it.

    ``n_shown`` display chains make ``sweeps_per_frame`` Gibbs sweeps per tick under the current
    model: they are the samples shown for methods without persistent chains.
    """

    def __init__(self, data, test_data, estimator, *, n_hidden, batch_size, learning_rate, rng,
                 n_shown, sweeps_per_frame):
        self.data, self.test_data, self.rng = data, test_data, rng
        self.sweeps_per_frame = sweeps_per_frame
        rbm = RBM.random(data.shape[1], n_hidden, rng=rng)
        self.trainer = Trainer(rbm, data, estimator, batch_size=batch_size,
                               learning_rate=learning_rate, rng=rng)
        self.display_chains = PersistentChains(n_shown, n_hidden)
        self.exact_ok = min(data.shape[1], n_hidden) <= LAB_ENUMERATION_BITS
        self.history = History()
        self.elapsed = 0.0  # seconds spent training
        self.error = None  # why the run stopped, once it diverged
        self.last_good = None
        self._seconds_per_update = None
        self._advance_display_chains()
        self._record()

    def _train(self, n_updates):
        start = time.perf_counter()
        self.trainer.run(n_updates)
        seconds = time.perf_counter() - start
        self.elapsed += seconds
        return seconds

    def _train_for(self, seconds):
        """At least one update, then as many as fit in ``seconds`` at the measured speed."""
        spent = 0.0
        if self._seconds_per_update is None:
            self._seconds_per_update = spent = self._train(1)
        n_updates = int((seconds - spent) / self._seconds_per_update)
        if n_updates >= 1 or spent == 0.0:
            n_updates = max(n_updates, 1)
            self._seconds_per_update = self._train(n_updates) / n_updates

    def step(self, n_updates=None, seconds=0.05):
        """Train ``n_updates`` updates (or about ``seconds`` of them) and record; False if it
        diverged now (parameters no longer finite, usually a learning rate too large)."""
        if n_updates is not None:
            n_updates = as_positive_int("n_updates", n_updates)
        if self.error is not None:
            return True
        last_good, n_records = self.trainer.rbm, len(self.history.epoch)
        try:
            if n_updates is None:
                self._train_for(seconds)
            else:
                self._train(n_updates)
            # Parameters can also be finite yet too large to use (a matmul overflows).
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                self._advance_display_chains()
                self._record()
        except (ValueError, FloatingPointError) as error:
            message = str(error)
            if isinstance(error, FloatingPointError):
                message = f"training diverged ({message}); lower learning_rate"
            self.error = f"{message}; press Reset"
            self.last_good = last_good
            h = self.history
            for values in (h.epoch, h.elapsed, h.reconstruction_error, h.train_log_likelihood,
                           h.test_log_likelihood):
                del values[n_records:]
            return False
        return True

    def model(self):
        """The current parameters, or the last good ones after a divergence."""
        return self.last_good if self.error is not None else self.trainer.rbm

    def _record(self):
        with _one_blas_thread():  # the exact log-likelihood is 3x faster on one BLAS thread
            self.history.record(self.trainer, self.elapsed, self.test_data, self.exact_ok)

    def _advance_display_chains(self):
        self.display_chains.advance(self.trainer.rbm, self.sweeps_per_frame, self.rng)

    def samples(self, n_shown):
        """The samples to show and their title: the persistent chains' if any, else the display
        chains'."""
        chains = getattr(self.trainer.estimator, "chains", None)
        if chains is not None and chains.v is not None:
            kind = "Fast PCD" if hasattr(self.trainer.estimator, "fast") else "PCD"
            return chains.v[:n_shown], f"{kind} fantasy particles"
        return (self.display_chains.v,
                f"display chains ({self.sweeps_per_frame} sweeps per frame)")

    def below_best(self, frames):
        """How far the monitored exact log-likelihood (test if there are test rows, else train)
        has stayed below its best in each of the last ``frames`` ticks: the smallest of those
        gaps in nats (0 when any of them is the best or there are too few), and the best's epoch.
        """
        h = self.history
        curve = np.asarray(h.test_log_likelihood if self.test_data is not None
                           else h.train_log_likelihood)
        finite = np.isfinite(curve)
        if finite.sum() <= frames or not finite[-frames:].all():
            return 0.0, None
        best = int(np.nanargmax(np.where(finite, curve, np.nan)))
        return float(max(curve[best] - curve[-frames:].max(), 0.0)), h.epoch[best]

    def updates_per_second(self):
        return self.trainer.n_updates / self.elapsed if self.elapsed else 0.0
