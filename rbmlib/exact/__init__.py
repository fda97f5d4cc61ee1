"""Exact quantities of small RBMs, by enumerating every state of the smaller layer.

Summing one layer out in closed form leaves a sum over the other layer only.  With the hidden
layer enumerated,

    log Z = log Σ_h exp( bᵀh + Σ_i softplus(a_i + W_{i,:}h) ),

and symmetrically with the visible layer, so the cost is 2^min(n_visible, n_hidden) terms.
Enumerations beyond 2**25 states are refused: use annealed importance sampling for those.

Chapters: *The partition function* (``book/partition_function.ipynb``) and *The log-likelihood
gradient* (``book/log_likelihood_gradient.ipynb``).
"""

from . import chains, distribution, log_z, state_space
from .chains import expected_cd_gradient, gibbs_transition_matrix
from .distribution import gradient, model_moments, sample, visible_distribution
from .log_z import log_likelihood, log_partition, log_prob
from .state_space import _states_block, state_index, states

__all__ = state_space.__all__ + log_z.__all__ + distribution.__all__ + chains.__all__
