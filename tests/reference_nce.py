"""Brute-force references for noise-contrastive estimation, written from the definitions with loops.

Nothing here calls rbmlib.nce: unnormalised log-probabilities come from the brute energies of
tests/reference.py, noise probabilities from the Bernoulli product formula term by term.
"""

import math

import numpy as np
from reference import Joint, all_states, brute_energy


def brute_log_unnormalised(rbm, v):
    """log p̃(v) = log Σ_h e^{−E(v, h)}, summing over every hidden state."""
    neg_e = [-brute_energy(rbm, v, h) for h in all_states(rbm.n_hidden)]
    top = max(neg_e)
    return top + math.log(sum(math.exp(e - top) for e in neg_e))


def brute_bernoulli_log_prob(p, v):
    """log Π_i p_i^{v_i} (1 − p_i)^{1 − v_i}, factor by factor."""
    return sum(math.log(p_i if v_i == 1 else 1.0 - p_i) for p_i, v_i in zip(p, v))


def log_sigmoid(z):
    """log σ(z) = −log(1 + e^{−z}), stable on both sides."""
    return -math.log1p(math.exp(-z)) if z >= 0 else z - math.log1p(math.exp(z))


def brute_nce_objective(rbm, c, data, noise_samples, p_noise):
    """(1/T_d)[Σ_t log σ(G(x_t)) + Σ_s log σ(−G(y_s))] with ν = T_n/T_d and Bernoulli noise p."""
    nu = len(noise_samples) / len(data)

    def G(v):
        log_q = brute_bernoulli_log_prob(p_noise, v)
        return brute_log_unnormalised(rbm, v) + c - math.log(nu) - log_q

    total = sum(log_sigmoid(G(x)) for x in data) + sum(log_sigmoid(-G(y)) for y in noise_samples)
    return total / len(data)


def population_objective(rbm, c, p_data, p_noise, nu):
    """Σ_v P(v) log σ(G(v)) + ν Σ_v Q(v) log σ(−G(v)), exact over all visible states.

    ``p_data`` lists P(v) in the order of ``all_states``; Q is the Bernoulli noise ``p_noise``.
    """
    total = 0.0
    for v, P in zip(all_states(rbm.n_visible), p_data):
        log_q = brute_bernoulli_log_prob(p_noise, v)
        G = brute_log_unnormalised(rbm, v) + c - math.log(nu) - log_q
        total += P * log_sigmoid(G) + nu * math.exp(log_q) * log_sigmoid(-G)
    return total


def asymptotic_sd_c(rbm, p_noise, nu):
    """√T_d × the asymptotic standard deviation of the NCE estimate of c with θ fixed at the truth.

    The estimate solves ψ(c) = (1/T_d)[Σ_t a(x_t) − Σ_s b(y_s)] = 0 with a = σ(−G), b = σ(G).
    At c* = −log Z, with r = P/(νQ): a = 1/(1+r), b = r/(1+r), Var ψ = (Var_P a + ν Var_Q b)/T_d
    and ∂ψ/∂c = −E_P[1/(1+r)], so Var ĉ ≈ (Var_P a + ν Var_Q b) / (T_d E_P[1/(1+r)]²).
    """
    joint = Joint(rbm)
    V = all_states(rbm.n_visible)
    P = joint.p_v
    Q = np.array([math.exp(brute_bernoulli_log_prob(p_noise, v)) for v in V])
    r = P / (nu * Q)
    a, b = 1.0 / (1.0 + r), r / (1.0 + r)
    var_a = P @ a**2 - (P @ a) ** 2
    var_b = Q @ b**2 - (Q @ b) ** 2
    slope = P @ (1.0 / (1.0 + r))
    return math.sqrt((var_a + nu * var_b) / slope**2)


def brute_gaussian_log_unnormalised(model, v):
    """log Σ_h e^{−E(v, h)}, E(v, h) = Σ_i (v_i − a_i)²/(2σ_i²) − bᵀh − Σ_ij (v_i/σ_i²) W_ij h_j."""
    sigma2 = [math.exp(2.0 * ls) for ls in model.log_sigma]
    neg_e = []
    for h in all_states(model.n_hidden):
        e = sum((v[i] - model.a[i]) ** 2 / (2.0 * sigma2[i]) for i in range(model.n_visible))
        e -= sum(model.b[j] * h[j] for j in range(model.n_hidden))
        e -= sum(v[i] / sigma2[i] * model.W[i, j] * h[j]
                 for i in range(model.n_visible) for j in range(model.n_hidden))
        neg_e.append(-e)
    top = max(neg_e)
    return top + math.log(sum(math.exp(e - top) for e in neg_e))


def brute_gaussian_nce_objective(model, c, data, noise_samples, log_p_noise):
    """The NCE objective of a Gaussian–Bernoulli RBM; ``log_p_noise(v)``: the noise log-density."""
    nu = len(noise_samples) / len(data)

    def G(v):
        return brute_gaussian_log_unnormalised(model, v) + c - math.log(nu) - log_p_noise(v)

    total = sum(log_sigmoid(G(x)) for x in data) + sum(log_sigmoid(-G(y)) for y in noise_samples)
    return total / len(data)


def asymptotic_sd_c_monte_carlo(log_r_data, log_r_noise, nu):
    """The √T_d-scaled asymptotic SD of :func:`asymptotic_sd_c`, expectations taken over samples.

    ``log_r_data`` and ``log_r_noise`` hold log r = log P − log(ν Q) at many draws from P and from
    Q; a = 1/(1+r) and b = r/(1+r) lie in [0, 1], so the Monte Carlo error is small and known.
    """
    a = 1.0 / (1.0 + np.exp(log_r_data))
    b = 1.0 / (1.0 + np.exp(-log_r_noise))
    return math.sqrt((a.var() + nu * b.var()) / a.mean() ** 2)
