"""Score matching and denoising score matching for the Gaussian–Bernoulli RBM.

The score ψ(v) = ∇_v log p̃(v) = −∇_v F(v) does not involve Z.  Score matching (Hyvärinen 2005)
minimises the Fisher divergence ½ E_data‖ψ_model − ψ_data‖², which integration by parts turns into

    J_SM(θ) = E_data Σ_i [ ½ ψ_i(v)² + ∂ψ_i/∂v_i ]        (+ a constant free of θ),

and denoising score matching (Vincent 2011) matches ψ at corrupted points ṽ = v + σ_noise ε to
∇_ṽ log q(ṽ | v) = (v − ṽ)/σ_noise²:

    J_DSM(θ) = E_{v, ε} ½ ‖ψ(ṽ) − (v − ṽ)/σ_noise²‖².

For the Gaussian–Bernoulli RBM, with s_i = 1/σ_i², U_ij = s_i W_ij, x_j = b_j + Σ_k v_k U_kj and
p_j = σ(x_j):

    ψ_i(v) = −s_i (v_i − a_i) + Σ_j U_ij p_j,      ∂ψ_i/∂v_i = −s_i + Σ_j U_ij² p_j (1 − p_j).

``*_gradient`` functions return the gradient of the LOSS (descend it); the estimator classes
return its negative, the ascent direction a training loop expects.

Chapters: *Score matching* (``book/score_matching.ipynb``) and *Denoising score matching*
(``book/denoising_score_matching.ipynb``), which derive every formula here.
"""

from . import denoising, explicit
from .denoising import (
    DenoisingScoreMatching,
    denoising_score_matching_gradient,
    denoising_score_matching_loss,
)
from .explicit import (
    ScoreMatching,
    gaussian_score_matching,
    score,
    score_derivative,
    score_matching_gradient,
    score_matching_loss,
)

__all__ = explicit.__all__ + denoising.__all__
