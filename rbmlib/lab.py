"""The training lab: train an RBM live with sliders and watch the exact log-likelihood grow.

:class:`TrainingLab` wires a :class:`rbmlib.train.Trainer` to ipywidgets controls (method, k,
learning rate, hidden units, batch size, persistent chains) and a Play/Pause button.  Each *tick*
runs a few parameter updates, records the exact train and test log-likelihood and the
reconstruction error (a :class:`rbmlib.train.History`), and redraws one matplotlib figure: the two
monitors against epochs, the filters W[:, j] and the model's samples (the fantasy particles of
persistent CD, or display chains that follow the current model for the other methods).  The
figure is rendered to PNG and pushed into an ``ipywidgets.Image``, reusing its artists, so a frame
costs a few tens of milliseconds and nothing flickers.  Without a kernel (a static web page),
:meth:`TrainingLab.animation` replays the same figure as a ``matplotlib.animation``.

Chapter: *Contrastive divergence and persistent chains* (``book/contrastive_divergence.ipynb``).
"""

import io
import time

import ipywidgets as widgets
import numpy as np
from matplotlib import animation as mpl_animation
from matplotlib.figure import Figure
from scipy.special import xlogy

from . import plotting
from ._checks import (
    MAX_ENUMERATION_BITS,
    as_positive_float,
    as_positive_int,
    as_real_array,
    as_rng,
    as_states,
)
from .cd import PersistentChains
from .estimators import CD, PCD, ExactGradient, FastPCD
from .rbm import RBM
from .train import History, Trainer, _one_blas_thread

__all__ = ["TrainingLab", "METHODS", "independent_log_likelihood"]

#: The methods the lab offers, in the order of its drop-down menu.
METHODS = ("CD-k", "PCD", "Fast PCD", "exact")

#: Exact log-likelihoods are recorded while the smaller layer has at most this many units
#: (2**20 terms, well under a second); larger models are trained without them.
LAB_ENUMERATION_BITS = min(20, MAX_ENUMERATION_BITS)


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
        self._build_figure()
        self.reset()

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
        n_visible = self.data.shape[1]
        rbm = RBM.random(n_visible, self.n_hidden.value, rng=self.rng)
        self.trainer = Trainer(rbm, self.data, self._new_estimator(),
                               batch_size=self.batch_size.value,
                               learning_rate=self.learning_rate.value, rng=self.rng)
        self.k.disabled = self.method.value == "exact"
        self.n_chains.disabled = self.method.value in ("CD-k", "exact")
        self._display_chains = PersistentChains(self.n_shown, self.n_hidden.value)
        self._exact_ok = min(n_visible, self.n_hidden.value) <= LAB_ENUMERATION_BITS
        self.history = History()
        self._elapsed = 0.0
        self._error = None
        self._seconds_per_update = None
        self._last_tick_end = -np.inf
        self._advance_display_chains()
        self._record()
        self._layout_images()
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

    def _train(self, n_updates):
        start = time.perf_counter()
        self.trainer.run(n_updates)
        seconds = time.perf_counter() - start
        self._elapsed += seconds
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

    def tick(self, n_updates=None):
        """Train (``n_updates`` updates, or about ``seconds_per_tick`` of them), record, redraw.

        A diverging run (parameters no longer finite, usually a learning rate too large)
        stops the Play button and is reported in the status line; Reset starts again.
        """
        self._step(n_updates)
        self._show(self._frame())

    def _step(self, n_updates):
        """Train and record, without drawing."""
        if n_updates is not None:
            n_updates = as_positive_int("n_updates", n_updates)
        if self._error is None:
            last_good, n_records = self.trainer.rbm, len(self.history.epoch)
            try:
                if n_updates is None:
                    self._train_for(self.seconds_per_tick)
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
                self._error = f"{message}; press Reset"
                self._last_good = last_good
                self.play.playing = False
                for values in (self.history.epoch, self.history.elapsed,
                               self.history.reconstruction_error,
                               self.history.train_log_likelihood, self.history.test_log_likelihood):
                    del values[n_records:]

    def _model(self):
        return self._last_good if self._error is not None else self.trainer.rbm

    def _record(self):
        with _one_blas_thread():  # the exact log-likelihood is 3x faster on one BLAS thread
            self.history.record(self.trainer, self._elapsed, self.test_data, self._exact_ok)

    def _advance_display_chains(self):
        self._display_chains.advance(self.trainer.rbm, self.sweeps_per_frame, self.rng)

    # ------------------------------------------------------------------ drawing
    def _samples(self):
        chains = getattr(self.trainer.estimator, "chains", None)
        if chains is not None and chains.v is not None:
            kind = "Fast PCD" if self.method.value == "Fast PCD" else "PCD"
            return chains.v[:self.n_shown], f"{kind} fantasy particles"
        return self._display_chains.v, f"display chains ({self.sweeps_per_frame} sweeps per frame)"

    def _frame(self):
        """Everything one frame shows, copied, so that frames can be replayed later."""
        h, rbm = self.history, self._model()
        samples, samples_title = self._samples()
        test = h.test_log_likelihood[-1] if self.test_data is not None else np.nan
        method = self.method.value
        name = method.replace("-k", f"-{self.k.value}") if method == "CD-k" else method
        if method in ("PCD", "Fast PCD"):
            name += f"-{self.k.value}, {self.n_chains.value} chains"
        title = (f"{name}, learning rate {self.learning_rate.value:.3g}, "
                 f"{self.n_hidden.value} hidden, batch {self.batch_size.value}: "
                 f"epoch {h.epoch[-1]:.1f}, {self.trainer.n_updates} updates")
        if self._error is not None:
            status = f"<b>diverged</b>: {self._error}"
        else:
            rate = self.trainer.n_updates / self._elapsed if self._elapsed else 0.0
            status = f"{rate:,.0f} updates/s; test log-likelihood {test:.2f} nats"
        return dict(epoch=np.array(h.epoch), train=np.array(h.train_log_likelihood),
                    test=np.array(h.test_log_likelihood), recon=np.array(h.reconstruction_error),
                    W=np.array(rbm.W), samples=np.array(samples), samples_title=samples_title,
                    title=title, status=status)

    def _build_figure(self):
        fig = Figure(figsize=(10, 3.4), dpi=self.dpi)
        grid = fig.add_gridspec(2, 3, width_ratios=[1.5, 1, 1], height_ratios=[1.6, 1],
                                left=0.07, right=0.99, bottom=0.13, top=0.85, wspace=0.12,
                                hspace=0.15)
        self._ax_ll = fig.add_subplot(grid[0, 0])
        self._ax_recon = fig.add_subplot(grid[1, 0], sharex=self._ax_ll)
        self._ax_filters = fig.add_subplot(grid[:, 1])
        self._ax_samples = fig.add_subplot(grid[:, 2])
        ax = self._ax_ll
        self._line_train, = ax.plot([], [], color="C0", label="train")
        self._line_test, = ax.plot([], [], color="C1", label="test")
        if np.isfinite(self.baseline):
            ax.axhline(self.baseline, color="0.5", ls=":", lw=1,
                       label="independent pixels" + ("" if self.test_data is None else " (test)"))
        ax.set_ylabel("exact log-lik.")
        ax.ticklabel_format(useOffset=False)
        ax.legend(loc="lower right", fontsize=8)
        ax.tick_params(labelbottom=False)
        self._line_recon, = self._ax_recon.plot([], [], color="C2")
        self._ax_recon.set_ylabel("recon. error")
        self._ax_recon.ticklabel_format(useOffset=False)
        self._ax_recon.set_xlabel("epoch")
        self._title = fig.suptitle("", fontsize=10, y=0.97)
        self._fig = fig

    def _layout_images(self):
        """(Re)create the two image artists; their shapes change with the hidden units."""
        n_hidden = self.n_hidden.value
        ax = self._ax_filters
        ax.clear()
        self._filters = plotting.show_filters(ax, np.zeros((self.data.shape[1], n_hidden)),
                                              self.image_shape, n_cols=_columns(n_hidden))
        ax.set_title(r"filters $W_{:,j}$ (red > 0, blue < 0)", fontsize=9)
        ax.set_axis_off()  # no spines or ticks to draw: a third faster per frame
        ax = self._ax_samples
        ax.clear()
        self._sample_image = plotting.show_images(
            ax, np.zeros((self.n_shown, self.data.shape[1])), self.image_shape,
            n_cols=_columns(self.n_shown))
        self._sample_title = ax.set_title("", fontsize=9)
        ax.set_axis_off()

    def _limits(self, frame):
        """Axis limits that show all of ``frame``: x, log-likelihood and reconstruction ranges."""
        ranges = []
        for values in (np.r_[frame["train"], frame["test"], self.baseline], frame["recon"]):
            finite = values[np.isfinite(values)]
            low, high = (finite.min(), finite.max()) if finite.size else (0.0, 1.0)
            pad = 0.05 * (high - low) + 0.02 * max(abs(high), 1.0)
            ranges.append((low - pad, high + pad))
        return ((0.0, max(frame["epoch"][-1], 1.0) * 1.02), *ranges)

    def _draw(self, frame, limits=None):
        epoch = frame["epoch"]
        self._line_train.set_data(epoch, frame["train"])
        if self.test_data is not None:
            self._line_test.set_data(epoch, frame["test"])
        self._line_recon.set_data(epoch, frame["recon"])
        x_range, ll_range, recon_range = limits or self._limits(frame)
        self._ax_ll.set_xlim(*x_range)
        self._ax_ll.set_ylim(*ll_range)
        self._ax_recon.set_ylim(*recon_range)
        W = frame["W"]
        scale = float(np.max(np.abs(W))) or 1.0
        self._filters.set_data(plotting.tile(W.T, self.image_shape, _columns(W.shape[1])))
        self._filters.set_clim(-scale, scale)
        self._sample_image.set_data(
            plotting.tile(frame["samples"], self.image_shape, _columns(self.n_shown)))
        self._sample_title.set_text(frame["samples_title"])
        self._title.set_text(frame["title"])

    def _show(self, frame):
        self._draw(frame)
        buffer = io.BytesIO()
        self._fig.savefig(buffer, format="png", dpi=self.dpi)
        self.image.value = buffer.getvalue()
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
        limits = self._limits(frames[-1])  # fixed axes: the curves grow into the final frame
        return mpl_animation.FuncAnimation(self._fig, lambda i: self._draw(frames[i], limits),
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


def _columns(n_images):
    """Columns of a roughly square grid of ``n_images``."""
    return int(np.ceil(np.sqrt(n_images)))
