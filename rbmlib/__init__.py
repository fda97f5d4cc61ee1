"""rbmlib: the restricted Boltzmann machine of *Confronting the Partition Function*.

Plain numpy and scipy, written to be read beside the book.  The parameters live in an immutable
:class:`~rbmlib.rbm.RBM`; every other function takes it as its first argument.

>>> import rbmlib
>>> rbm = rbmlib.RBM.random(n_visible=6, n_hidden=3, rng=0)
>>> data = [[1, 0, 1, 0, 1, 0], [0, 1, 0, 1, 0, 1]]
>>> before = rbmlib.exact.log_likelihood(rbm, data)
>>> rbm = rbm + 0.5 * rbmlib.exact.gradient(rbm, data)   # one step of exact gradient ascent
>>> rbmlib.exact.log_likelihood(rbm, data) > before
True
"""

from . import (
    cd,
    datasets,
    exact,
    gaussian,
    nce,
    partition,
    plotting,
    pseudolikelihood,
    ratio_matching,
    score_matching,
)
from .cd import PersistentChains, cd_gradient, pcd_gradient
from .estimators import CD, PCD, ExactGradient, FastPCD
from .gaussian import GaussianRBM
from .interop import from_sklearn
from .nce import NCE
from .partition import ais, reverse_ais
from .energy import energy, free_energy, hidden_free_energy
from .moments import data_moments, sample_moments
from .pseudolikelihood import PseudoLikelihood, pseudo_log_likelihood
from .ratio_matching import RatioMatching, ratio_matching_loss
from .rbm import RBM
from .train import History, Trainer, fit, reconstruction_error
from .seeding import page_seed, seed_interval
from .sampling import (
    gibbs_chain,
    gibbs_step,
    prob_h_given_v,
    prob_v_given_h,
    sample_h_given_v,
    sample_v_given_h,
)

__version__ = "0.1.0"

__all__ = [
    "RBM",
    "energy",
    "free_energy",
    "hidden_free_energy",
    "prob_h_given_v",
    "prob_v_given_h",
    "sample_h_given_v",
    "sample_v_given_h",
    "gibbs_step",
    "gibbs_chain",
    "data_moments",
    "sample_moments",
    "cd_gradient",
    "pcd_gradient",
    "PersistentChains",
    "ExactGradient",
    "CD",
    "PCD",
    "FastPCD",
    "Trainer",
    "History",
    "fit",
    "reconstruction_error",
    "from_sklearn",
    "PseudoLikelihood",
    "pseudo_log_likelihood",
    "RatioMatching",
    "ratio_matching_loss",
    "pseudolikelihood",
    "ratio_matching",
    "GaussianRBM",
    "NCE",
    "ais",
    "reverse_ais",
    "gaussian",
    "score_matching",
    "nce",
    "partition",
    "cd",
    "exact",
    "datasets",
    "plotting",
    "page_seed",
    "seed_interval",
]
