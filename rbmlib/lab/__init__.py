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

#: The methods the lab offers, in the order of its drop-down menu.
METHODS = ("CD-k", "PCD", "Fast PCD", "exact")

# Defined before the widget is imported: rbmlib.lab.widget reads METHODS from here.
from .widget import TrainingLab, independent_log_likelihood  # noqa: E402

__all__ = ["TrainingLab", "METHODS", "independent_log_likelihood"]
