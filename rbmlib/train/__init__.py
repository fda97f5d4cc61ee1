"""The training loop: minibatch gradient ascent with momentum and weight decay, for any estimator.

One update with learning rate ε, momentum μ and weight decay λ (Hinton's practical guide):

    Δθ ← μ Δθ + ε (g − λ W̄),   θ ← θ + Δθ,

where g is the estimator's ascent direction on the minibatch and W̄ is W for the weights and zero
for the biases (biases are not decayed).  :class:`Trainer` holds the state and can be run a few
updates at a time (the live training lab does that); :func:`fit` runs whole epochs and records
a :class:`History` of exact log-likelihoods.

Chapter: ``book/contrastive_divergence.ipynb``.
"""

from . import epochs, trainer
from .epochs import History, fit, reconstruction_error
from .trainer import Trainer

__all__ = trainer.__all__ + epochs.__all__
