"""Whole epochs of training with exact evaluations: :func:`fit` and its :class:`History`.

Chapter: ``book/contrastive_divergence.ipynb``.
"""

import time
from dataclasses import dataclass, field

import numpy as np
from scipy.special import expit

from .. import exact, gaussian
from .._blas import single_threaded
from .._checks import MAX_ENUMERATION_BITS, as_positive_int, as_states
from ..energy import _check_rbm
from ..gaussian.model import GaussianRBM
from .trainer import _DIVERGED, Trainer, _check_model_and_data

__all__ = ["History", "fit", "reconstruction_error"]


def reconstruction_error(rbm, data):
    """Mean over rows of Σ_i (v_i − v̂_i)², v̂ = σ(a + W p(h | v)): the classic, misleading monitor.

    A one-step mean-field reconstruction.  It measures how well the chain returns to where it
    started, not how likely the data are: a model can reconstruct well and still put most of its
    probability far from the data (see the chapter on contrastive divergence).
    """
    _check_rbm(rbm)
    v, _ = as_states("data", data, rbm.n_visible)
    v_hat = expit(expit(v @ rbm.W + rbm.b) @ rbm.W.T + rbm.a)
    return float(np.mean(np.sum((v - v_hat) ** 2, axis=1)))


@dataclass
class History:
    """What :func:`fit` recorded, one entry per evaluation (epoch 0 is the starting model).

    Log-likelihoods are exact mean log p(v) in nats, or NaN when the model is too large to
    enumerate.  ``elapsed`` is training time in seconds, evaluation excluded.
    """

    epoch: list = field(default_factory=list)
    train_log_likelihood: list = field(default_factory=list)
    test_log_likelihood: list = field(default_factory=list)
    reconstruction_error: list = field(default_factory=list)
    elapsed: list = field(default_factory=list)
    snapshots: list = field(default_factory=list)  # (epoch, RBM) pairs
    stopped_early: bool = False

    @single_threaded
    def record(self, trainer, elapsed, test_data, exact_ok):
        rbm = trainer.rbm
        module = gaussian if isinstance(rbm, GaussianRBM) else exact
        scores = [np.nan, np.nan]  # train, test: NaN when not computed
        # Parameters grown huge overflow here first; that is reported as divergence below.
        with np.errstate(over="ignore", invalid="ignore"):
            log_Z = module.log_partition(rbm) if exact_ok else np.nan
            computed = [log_Z] if exact_ok else []
            for k, data in enumerate((trainer.data, test_data)):
                if exact_ok and np.isfinite(log_Z) and data is not None:
                    scores[k] = module.log_likelihood(rbm, data, log_Z=log_Z)
                    computed.append(scores[k])
        if not np.all(np.isfinite(computed)):
            raise ValueError(_DIVERGED.replace("no longer finite", "so large that log p overflows"))
        self.epoch.append(trainer.epoch)
        self.elapsed.append(elapsed)
        self.reconstruction_error.append(
            np.nan if module is gaussian else reconstruction_error(rbm, trainer.data)
        )
        self.train_log_likelihood.append(scores[0])
        self.test_log_likelihood.append(scores[1])


def fit(rbm, data, estimator, *, n_epochs=10, batch_size=10, learning_rate=0.05, momentum=0.0,
        weight_decay=0.0, rng=None, test_data=None, eval_every=1, snapshot_every=None,
        patience=None, callback=None, progress=True, dtype=np.float64):
    """Train ``rbm`` on ``data`` with ``estimator`` for ``n_epochs``; return (rbm, history).

    Every ``eval_every`` epochs (and at epoch 0 and at the end) the exact train and test
    log-likelihood are recorded when the smaller layer has at most 2**25 states; every
    ``snapshot_every`` epochs the parameters are kept for animations.

    Parameters
    ----------
    rbm, data, estimator, batch_size, learning_rate, momentum, weight_decay, rng, dtype
        As for :class:`Trainer`.
    n_epochs : int
    test_data : array_like, optional
        Held-out rows, scored by exact log-likelihood.
    eval_every : int
        Epochs between evaluations.
    snapshot_every : int, optional
        Epochs between snapshots (``history.snapshots``).
    patience : int, optional
        Stop when the monitored log-likelihood (test if given, else train) has not improved for
        this many evaluations; ``history.stopped_early`` says whether it did.
    callback : callable, optional
        ``callback(trainer, history)`` after each evaluation; returning True stops training.
    progress : bool
        Show a progress bar (tqdm.auto: a widget in a notebook, text in a terminal).

    Examples
    --------
    >>> import rbmlib
    >>> data = rbmlib.datasets.bars_and_stripes(3)
    >>> start = rbmlib.RBM.random(9, 6, rng=0, scale=0.5)
    >>> rbm, history = fit(start, data, rbmlib.ExactGradient(), n_epochs=50, batch_size=14,
    ...                    learning_rate=1.0, rng=0, progress=False)
    >>> history.train_log_likelihood[-1] > history.train_log_likelihood[0] + 1
    True
    """
    trainer = Trainer(rbm, data, estimator, batch_size=batch_size, learning_rate=learning_rate,
                      momentum=momentum, weight_decay=weight_decay, rng=rng, dtype=dtype)
    n_epochs = as_positive_int("n_epochs", n_epochs, minimum=0)
    eval_every = as_positive_int("eval_every", eval_every)
    if snapshot_every is not None:
        snapshot_every = as_positive_int("snapshot_every", snapshot_every)
    if patience is not None:
        patience = as_positive_int("patience", patience)
    if test_data is not None:
        test_data = _check_model_and_data(rbm, test_data, "test_data")
    # A binary RBM enumerates its smaller layer; a Gaussian–Bernoulli RBM its hidden layer.
    enumerated = rbm.n_hidden if isinstance(rbm, GaussianRBM) else min(rbm.W.shape)
    exact_ok = enumerated <= MAX_ENUMERATION_BITS
    history = History()
    history.record(trainer, 0.0, test_data, exact_ok)
    if snapshot_every is not None:
        history.snapshots.append((0.0, trainer.rbm))
    elapsed, since_best = 0.0, 0
    best = (history.test_log_likelihood if test_data is not None else history.train_log_likelihood)[0]
    bar = _progress_bar(n_epochs, progress)
    for epoch in range(1, n_epochs + 1):
        start = time.perf_counter()
        trainer.run_epochs(1)
        elapsed += time.perf_counter() - start
        bar.update(1)
        if snapshot_every is not None and epoch % snapshot_every == 0:
            history.snapshots.append((trainer.epoch, trainer.rbm))
        if epoch % eval_every and epoch != n_epochs:
            continue
        history.record(trainer, elapsed, test_data, exact_ok)
        monitored = (history.test_log_likelihood if test_data is not None
                     else history.train_log_likelihood)[-1]
        bar.set_postfix(log_likelihood=f"{monitored:.3f}")
        best, since_best = (monitored, 0) if monitored > best else (best, since_best + 1)
        stop = patience is not None and since_best >= patience
        if callback is not None and callback(trainer, history):
            stop = True
        if stop:
            history.stopped_early = epoch < n_epochs
            break
    bar.close()
    return trainer.rbm, history


class _NoBar:
    def update(self, n):
        pass

    def set_postfix(self, **kwargs):
        pass

    def close(self):
        pass


def _progress_bar(n_epochs, progress):
    if not progress:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=n_epochs, unit="epoch", leave=False)
