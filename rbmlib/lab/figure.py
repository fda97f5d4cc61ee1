"""The training lab's figure: monitors against epochs, filters and samples, drawn in place.

One matplotlib figure (no pyplot, so nothing is shown twice in a notebook) whose artists are
made once and updated with ``set_data``; :meth:`LabFigure.png` renders it for the widget.

Chapter: *Contrastive divergence and persistent chains* (``book/contrastive_divergence.ipynb``).
"""

import io

import numpy as np
from matplotlib.figure import Figure

from .. import plotting


class LabFigure:
    """The lab's figure for images of ``image_shape``; ``baseline`` is drawn as a dotted line."""

    def __init__(self, image_shape, baseline, has_test, n_shown, dpi):
        self.image_shape, self.has_test, self.n_shown, self.dpi = (
            image_shape, has_test, n_shown, dpi)
        self.baseline = baseline
        fig = Figure(figsize=(10, 3.4), dpi=dpi)
        grid = fig.add_gridspec(2, 3, width_ratios=[1.5, 1, 1], height_ratios=[1.6, 1],
                                left=0.07, right=0.99, bottom=0.13, top=0.85, wspace=0.12,
                                hspace=0.15)
        self.ax_ll = fig.add_subplot(grid[0, 0])
        self.ax_recon = fig.add_subplot(grid[1, 0], sharex=self.ax_ll)
        self.ax_filters = fig.add_subplot(grid[:, 1])
        self.ax_samples = fig.add_subplot(grid[:, 2])
        ax = self.ax_ll
        self.line_train, = ax.plot([], [], color="C0", label="train")
        self.line_test, = ax.plot([], [], color="C1", label="test")
        if np.isfinite(baseline):
            ax.axhline(baseline, color="0.5", ls=":", lw=1,
                       label="independent pixels" + ("" if not has_test else " (test)"))
        ax.set_ylabel("exact log-lik.")
        ax.ticklabel_format(useOffset=False)
        # Above the axes, not over the curves (they rise towards the lower right's corner).
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=3, fontsize=8,
                  frameon=False, borderaxespad=0.2, handlelength=1.5)
        ax.tick_params(labelbottom=False)
        self.line_recon, = self.ax_recon.plot([], [], color="C2")
        self.ax_recon.set_ylabel("recon. error")
        self.ax_recon.ticklabel_format(useOffset=False)
        self.ax_recon.set_xlabel("epoch")
        self.title = fig.suptitle("", fontsize=10, y=0.97)
        self.fig = fig

    def layout_images(self, n_visible, n_hidden):
        """(Re)create the two image artists; their shapes change with the hidden units."""
        ax = self.ax_filters
        ax.clear()
        self.filters = plotting.show_filters(ax, np.zeros((n_visible, n_hidden)),
                                             self.image_shape, n_cols=columns(n_hidden))
        ax.set_title(r"filters $W_{:,j}$ (red > 0, blue < 0)", fontsize=9)
        ax.set_axis_off()  # no spines or ticks to draw: a third faster per frame
        ax = self.ax_samples
        ax.clear()
        self.sample_image = plotting.show_images(
            ax, np.zeros((self.n_shown, n_visible)), self.image_shape,
            n_cols=columns(self.n_shown))
        self.sample_title = ax.set_title("", fontsize=9)
        ax.set_axis_off()

    def limits(self, frame):
        """Axis limits that show all of ``frame``: x, log-likelihood and reconstruction ranges."""
        ranges = []
        for values in (np.r_[frame["train"], frame["test"], self.baseline], frame["recon"]):
            finite = values[np.isfinite(values)]
            low, high = (finite.min(), finite.max()) if finite.size else (0.0, 1.0)
            pad = 0.05 * (high - low) + 0.02 * max(abs(high), 1.0)
            ranges.append((low - pad, high + pad))
        return ((0.0, max(frame["epoch"][-1], 1.0) * 1.02), *ranges)

    def draw(self, frame, limits=None):
        """Update every artist to show ``frame`` (a dict made by the lab's ``_frame``)."""
        epoch = frame["epoch"]
        self.line_train.set_data(epoch, frame["train"])
        if self.has_test:
            self.line_test.set_data(epoch, frame["test"])
        self.line_recon.set_data(epoch, frame["recon"])
        x_range, ll_range, recon_range = limits or self.limits(frame)
        self.ax_ll.set_xlim(*x_range)
        self.ax_ll.set_ylim(*ll_range)
        self.ax_recon.set_ylim(*recon_range)
        W = frame["W"]
        scale = float(np.max(np.abs(W))) or 1.0
        self.filters.set_data(plotting.tile(W.T, self.image_shape, columns(W.shape[1])))
        self.filters.set_clim(-scale, scale)
        self.sample_image.set_data(
            plotting.tile(frame["samples"], self.image_shape, columns(self.n_shown)))
        self.sample_title.set_text(frame["samples_title"])
        self.title.set_text(frame["title"])

    def png(self):
        """The figure as PNG bytes."""
        buffer = io.BytesIO()
        self.fig.savefig(buffer, format="png", dpi=self.dpi)
        return buffer.getvalue()


def columns(n_images):
    """Columns of a roughly square grid of ``n_images``."""
    return int(np.ceil(np.sqrt(n_images)))
