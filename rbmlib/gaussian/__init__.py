"""The Gaussian–Bernoulli RBM: real-valued visible units, binary hidden units.

With σ_i = e^{log_sigma_i} and the parametrisation of Cho, Ilin & Raiko (2011),

    E(v, h) = Σ_i (v_i − a_i)² / (2σ_i²) − bᵀh − Σ_ij (v_i / σ_i²) W_ij h_j,

so that, completing the square in v,

    p(v | h) = N(v; a + W h, diag σ²),      p(h_j = 1 | v) = σ(b_j + Σ_i v_i W_ij / σ_i²),

and the model is a mixture of 2^n_hidden Gaussians with means a + W h, all of covariance diag σ².
Integrating v out of e^{−E(v, h)} in closed form (a Gaussian integral) leaves a sum over h only, so
Z is exact while n_hidden is small, whatever n_visible.

Chapter: *Score matching* (``book/score_matching.ipynb``) introduces the model and derives every
formula here; *Denoising score matching* (``book/denoising_score_matching.ipynb``) trains it.
"""

from ..datasets import gaussian_mixture, ring  # noqa: F401 (the chapters' names for them)
from . import exact, model
from .exact import (
    MaximumLikelihood,
    hidden_distribution,
    log_likelihood,
    log_likelihood_gradient,
    log_partition,
    log_prob,
    sample,
)
from .model import (
    GaussianRBM,
    energy,
    free_energy,
    gibbs_chain,
    mean_v_given_h,
    prob_h_given_v,
    sample_h_given_v,
    sample_v_given_h,
)

__all__ = model.__all__ + exact.__all__
