"""The training lab's widget: the controls, the Play button, and what a tick shows.

Chapter: *Contrastive divergence and persistent chains* (``book/contrastive_divergence.ipynb``).
"""

import time

import ipywidgets as widgets
import numpy as np
from matplotlib import animation as mpl_animation
from scipy.special import xlogy

from .._checks import as_positive_float, as_positive_int, as_real_array, as_rng, as_states
from ..estimators import CD, PCD, ExactGradient, FastPCD
from . import METHODS  # the lab's methods, defined (and documented) in rbmlib.lab
from .figure import LabFigure
from .run import LabRun

__all__ = ["TrainingLab", "independent_log_likelihood"]

#: The status line calls a run unstable when the exact log-likelihood has stayed at least this
#: many nats below its best in each of this many ticks in a row, the mark of a learning rate
#: too large (it makes the curve swing or fall); a rising curve is at its best every tick.
UNSTABLE_FRAMES, UNSTABLE_NATS = 3, 1.0


def independent_log_likelihood(train, data):
    """Mean log-likelihood of ``data`` under independent pixels with the means of ``train``.

    This is the best RBM with W = 0 for ``train`` (p(v_i = 1) = m_i, the pixel means, i.e.
    a_i = logit m_i): (1/M) Σ_m Σ_i [v_i log m_i + (1 − v_i) log(1 − m_i)], with 0 log 0 = 0.
    It is −∞ when ``data`` turns on a pixel that is never on in ``train`` (or the reverse).

    Examples
    --------
    >>> from rbmlib.datasets import bars_and_stripes
    >>> bas = bars_and_stripes(3)
    >>> round(independent_log_likelihood(bas, bas), 6)  # every pixel is on half the time
    -6.238325
    """
    train = _as_rows("train", train)
    data, _ = as_states("data", data, train.shape[1])
    m = train.mean(axis=0)
    with np.errstate(divide="ignore"):
        per_row = xlogy(data, m).sum(axis=1) + xlogy(1.0 - data, 1.0 - m).sum(axis=1)
    return float(per_row.mean())


class TrainingLab:
    """Live training of an RBM with sliders: exact log-likelihood, filters and samples.

    Parameters
    ----------
    data : array_like, shape (n_samples, n_visible)
        Binary training rows.
    test_data : array_like, shape (n_test, n_visible), optional
        Held-out rows, scored by exact log-likelihood beside the training rows.
    image_shape : (int, int), optional
        Shape of one image, for the filters and samples; square images are recognised.
    rng : numpy.random.Generator or int
        Source of all randomness (initial weights, minibatches, chains).
    method, k, learning_rate, n_hidden, batch_size, n_chains
        Starting values of the controls.  ``method`` is one of :data:`METHODS`; k is the
        number of Gibbs sweeps per update (CD-k and the persistent chains); ``n_chains`` the
        number of persistent chains (PCD and Fast PCD).
    max_hidden : int
        Largest value of the hidden-units slider (default 16: the exact log-likelihood of a
        64-pixel model then costs about 10 ms).
    n_shown : int
        Samples shown in the figure.
    sweeps_per_frame : int
        Gibbs sweeps the display chains make per tick (CD-k and exact, which have no chains).
    seconds_per_tick : float
        Training time per tick of the Play button; at least one update is always made.
    interval : int
        Milliseconds between ticks of the Play button.
    dpi : int
        Resolution of the rendered figure.

    Attributes
    ----------
    widget : ipywidgets.VBox
        What a notebook displays (the lab itself displays as this widget).
    controls : list
        The value widgets: method, k, learning rate, hidden units, batch size, chains.
    trainer : rbmlib.train.Trainer
        The trainer built by the last :meth:`reset`.
    history : rbmlib.train.History
        One entry per tick since the last reset (entry 0 is the starting model).

    Examples
    --------
    >>> from rbmlib.datasets import bars_and_stripes
    >>> lab = TrainingLab(bars_and_stripes(3), n_hidden=8, rng=0)
    >>> lab.tick(n_updates=20)
    >>> len(lab.history.epoch), lab.trainer.n_updates
    (2, 20)
    """

    def __init__(self, data, test_data=None, image_shape=None, *, rng=0, method="CD-k", k=1,
                 learning_rate=0.05, n_hidden=16, batch_size=10, n_chains=100, max_hidden=16,
                 n_shown=20, sweeps_per_frame=10, seconds_per_tick=0.05, interval=200, dpi=72):
        self.data = _as_rows("data", data)
        n_samples, n_visible = self.data.shape
        self.test_data = None
        if test_data is not None:
            self.test_data, _ = as_states("test_data", test_data, n_visible)
        self.image_shape = _image_shape(image_shape, n_visible)
        self.rng = as_rng(rng)
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}; got {method!r}")
        max_hidden = as_positive_int("max_hidden", max_hidden)
        self.n_shown = as_positive_int("n_shown", n_shown)
        self.sweeps_per_frame = as_positive_int("sweeps_per_frame", sweeps_per_frame)
        self.seconds_per_tick = as_positive_float("seconds_per_tick", seconds_per_tick)
        self.dpi = as_positive_int("dpi", dpi)
        self.baseline = independent_log_likelihood(
            self.data, self.data if self.test_data is None else self.test_data)

        slider = dict(continuous_update=False, style={"description_width": "7em"},
                      layout=widgets.Layout(width="19em"))
        self.method = widgets.Dropdown(options=METHODS, value=method, description="method",
                                       style=slider["style"], layout=slider["layout"])
        self.k = widgets.IntSlider(value=k, min=1, max=25, description="k (sweeps)", **slider)
        self.learning_rate = widgets.FloatLogSlider(
            value=learning_rate, base=10, min=-3, max=0, step=0.1, readout_format=".3g",
            description="learning rate", **slider)
        self.n_hidden = widgets.IntSlider(value=n_hidden, min=1, max=max_hidden,
                                          description="hidden units", **slider)
        self.batch_size = widgets.IntSlider(value=min(batch_size, n_samples), min=1,
                                            max=min(200, n_samples), description="batch size",
                                            **slider)
        self.n_chains = widgets.IntSlider(value=n_chains, min=1, max=500,
                                          description="PCD chains", **slider)
        self.controls = [self.method, self.k, self.learning_rate, self.n_hidden,
                         self.batch_size, self.n_chains]
        self.play = widgets.Play(value=0, min=0, max=10**6, step=1, interval=interval,
                                 show_repeat=False, description="Play / Pause")
        self.reset_button = widgets.Button(description="Reset", icon="refresh",
                                           tooltip="new random weights, same controls",
                                           layout=widgets.Layout(width="7em"))
        self.status = widgets.HTML()
        self.image = widgets.Image(format="png")

        for control in (self.method, self.n_hidden, self.batch_size, self.n_chains):
            control.observe(lambda change: self.reset(), names="value")
        self.k.observe(self._on_k, names="value")
        self.learning_rate.observe(self._on_learning_rate, names="value")
        self.play.observe(self._on_play, names="value")
        self.reset_button.on_click(lambda button: self.reset())

        self.widget = widgets.VBox([
            widgets.HBox([self.method, self.learning_rate, self.k]),
            widgets.HBox([self.n_hidden, self.batch_size, self.n_chains]),
            widgets.HBox([self.play, self.reset_button, self.status]),
            self.image,
        ])
        self._figure = LabFigure(self.image_shape, self.baseline, self.test_data is not None,
                                 self.n_shown, self.dpi)
        self.reset()

    @property
    def trainer(self):
        return self._run.trainer

    @property
    def history(self):
        return self._run.history

    # ------------------------------------------------------------------ controls and training
    def _new_estimator(self):
        method, k = self.method.value, self.k.value
        if method == "CD-k":
            return CD(k=k)
        if method == "PCD":
            return PCD(n_chains=self.n_chains.value, k=k)
        if method == "Fast PCD":
            return FastPCD(n_chains=self.n_chains.value, k=k)
        return ExactGradient()

    def reset(self):
        """New small random weights; a new trainer built from the current control values."""
        self._run = LabRun(self.data, self.test_data, self._new_estimator(),
                           n_hidden=self.n_hidden.value, batch_size=self.batch_size.value,
                           learning_rate=self.learning_rate.value, rng=self.rng,
                           n_shown=self.n_shown, sweeps_per_frame=self.sweeps_per_frame)
        self.k.disabled = self.method.value == "exact"
        self.n_chains.disabled = self.method.value in ("CD-k", "exact")
        self._last_tick_end = -np.inf
        self._figure.layout_images(self.data.shape[1], self.n_hidden.value)
        self._show(self._frame())

    def _on_k(self, change):
        if hasattr(self.trainer.estimator, "k"):
            self.trainer.estimator.k = change["new"]
        self._show(self._frame())  # the title names k: redraw now, playing or not

    def _on_learning_rate(self, change):
        self.trainer.learning_rate = change["new"]
        self._show(self._frame())

    def _on_play(self, change):
        # The Play button sends ticks on a timer whether or not the kernel keeps up; ticks that
        # queued up while the last one ran arrive back to back and are dropped.
        if time.perf_counter() - self._last_tick_end < 0.3 * self.play.interval / 1000:
            return
        self.tick()
        self._last_tick_end = time.perf_counter()

    def tick(self, n_updates=None):
        """Train (``n_updates`` updates, or about ``seconds_per_tick`` of them), record, redraw.

        A diverging run (parameters no longer finite, usually a learning rate too large)
        stops the Play button and is reported in the status line; Reset starts again.
        """
        self._step(n_updates)
        self._show(self._frame())

    def _step(self, n_updates):
        """Train and record, without drawing."""
        if not self._run.step(n_updates, self.seconds_per_tick):
            self.play.playing = False

    # ------------------------------------------------------------------ drawing
    def _samples(self):
        return self._run.samples(self.n_shown)

    def _frame(self):
        """Everything one frame shows, copied, so that frames can be replayed later."""
        h, rbm = self.history, self._run.model()
        samples, samples_title = self._samples()
        test = h.test_log_likelihood[-1] if self.test_data is not None else np.nan
        method = self.method.value
        name = method.replace("-k", f"-{self.k.value}") if method == "CD-k" else method
        if method in ("PCD", "Fast PCD"):
            name += f"-{self.k.value}, {self.n_chains.value} chains"
        title = (f"{name}, learning rate {self.learning_rate.value:.3g}, "
                 f"{self.n_hidden.value} hidden, batch {self.batch_size.value}: "
                 f"epoch {h.epoch[-1]:.1f}, {self.trainer.n_updates} updates")
        gap, best_epoch = self._run.below_best(UNSTABLE_FRAMES)
        if self._run.error is not None:
            status = f"<b>diverged</b>: {self._run.error}"
        elif gap >= UNSTABLE_NATS:
            status = (f"<b>unstable</b>: the log-likelihood has stayed {gap:.1f}+ nats below "
                      f"its best (epoch {best_epoch:.1f}) for {UNSTABLE_FRAMES} frames: lower "
                      "the learning rate")
        else:
            status = (f"{self._run.updates_per_second():,.0f} updates/s; "
                      f"test log-likelihood {test:.2f} nats")
        return dict(epoch=np.array(h.epoch), train=np.array(h.train_log_likelihood),
                    test=np.array(h.test_log_likelihood), recon=np.array(h.reconstruction_error),
                    W=np.array(rbm.W), samples=np.array(samples), samples_title=samples_title,
                    title=title, status=status)

    def _show(self, frame):
        self._figure.draw(frame)
        self.image.value = self._figure.png()
        self.status.value = frame["status"]

    # ------------------------------------------------------------------ static replay
    def animation(self, n_frames=30, updates_per_frame=100, interval=300):
        """Train for ``n_frames − 1`` ticks of ``updates_per_frame`` updates; replay them.

        Returns a ``matplotlib.animation.FuncAnimation`` of the lab's figure (show it with
        :func:`rbmlib.plotting.animation_player`), the static counterpart of pressing Play.
        Frame 0 is the current state; the lab ends in the state of the last frame.
        """
        n_frames = as_positive_int("n_frames", n_frames)
        frames = [self._frame()]
        for _ in range(n_frames - 1):
            self._step(updates_per_frame)
            frames.append(self._frame())
        self._show(frames[-1])  # the live widget shows the final state too
        limits = self._figure.limits(frames[-1])  # fixed axes: the curves grow into the last
        figure = self._figure
        return mpl_animation.FuncAnimation(figure.fig, lambda i: figure.draw(frames[i], limits),
                                           frames=n_frames, interval=interval)

    # ------------------------------------------------------------------ display
    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _as_rows(name, x):
    """Binary rows of any width, as a 2-D float64 array."""
    arr = as_real_array(name, x, 2)
    return as_states(name, arr, arr.shape[1])[0]


def _image_shape(image_shape, n_visible):
    if image_shape is None:
        side = int(round(np.sqrt(n_visible)))
        return (side, side) if side * side == n_visible else (1, n_visible)
    rows, cols = (as_positive_int("image_shape", s) for s in image_shape)
    if rows * cols != n_visible:
        raise ValueError(
            f"image_shape must multiply to n_visible = {n_visible}; got {tuple(image_shape)}")
    return rows, cols
