"""Noise-contrastive estimation (NCE): learn an unnormalised model by telling data from noise.

Gutmann and Hyvärinen (2010, 2012) turn density estimation into logistic regression.  The model
gets one extra parameter c, the log of its normalising multiplier 1/Z,

    log p_m(v; θ, c) = log p̃(v; θ) + c,        so c* = −log Z at the optimum,

and learns to tell T_d data rows x_t (label 1) from T_n = ν T_d noise rows y_s ~ p_n (label 0)
by the log-odds G(v) = log p_m(v) − log(ν p_n(v)).  The objective maximised here, normalised per
data row, is

    J(θ, c) = (1/T_d) [ Σ_t log σ(G(x_t)) + Σ_s log σ(−G(y_s)) ],        ν = T_n / T_d,

an estimate of E_data[log σ(G(x))] + ν E_noise[log σ(−G(y))].  Its gradient is

    ∂J/∂θ = (1/T_d) [ Σ_t σ(−G(x_t)) ∇θ log p̃(x_t) − Σ_s σ(G(y_s)) ∇θ log p̃(y_s) ],
    ∂J/∂c = (1/T_d) [ Σ_t σ(−G(x_t)) − Σ_s σ(G(y_s)) ].

For the binary RBM log p̃(v) = −F(v) and ∇θ log p̃(v) = (v σ(b + vᵀW)ᵀ, v, σ(b + vᵀW)).  For the
Gaussian–Bernoulli RBM (:class:`rbmlib.gaussian.GaussianRBM`, with s_i = 1/σ_i² and
q = σ(b + (s ⊙ v)ᵀW)), ∇θ log p̃(v) = ((s ⊙ v) qᵀ, s ⊙ (v − a), q, s ⊙ (v − a)² − 2 s ⊙ v ⊙ Wq),
the last entry being ∂/∂ log σ; it is paired with continuous noise such as :class:`~rbmlib.noise.GaussianNoise`.
J is concave in c, and with θ fixed ∂J/∂c is decreasing with one root: an estimate of −log Z that
never computes Z.

Chapter: *Noise-contrastive estimation* (``book/noise_contrastive_estimation.ipynb``).
"""

from . import objective, training
from .objective import nce_gradient, nce_objective
from .training import NCE, fit_nce, nce_log_normaliser

__all__ = objective.__all__ + training.__all__
