"""Independent references for tiny Gaussian–Bernoulli RBMs, written from the definitions.

E(v, h) = Σ_i (v_i − a_i)²/(2σ_i²) − Σ_j b_j h_j − Σ_ij (v_i/σ_i²) W_ij h_j, term by term with
explicit loops; integrals over v by scipy's adaptive quadrature; nothing shared with rbmlib.
"""

import math

import numpy as np
from reference import all_states
from scipy import integrate

from rbmlib.gaussian import GaussianRBM


def random_gaussian_rbm(n_visible, n_hidden, seed, scale=1.0):
    """Weights and biases ~ N(0, scale²), σ_i = e^{0.3 N(0, 1)}."""
    rng = np.random.default_rng(seed)
    return GaussianRBM(
        scale * rng.standard_normal((n_visible, n_hidden)),
        scale * rng.standard_normal(n_visible),
        scale * rng.standard_normal(n_hidden),
        0.3 * rng.standard_normal(n_visible),
    )


def brute_energy(model, v, h):
    """E(v, h) for one real v and one binary h, from the definition."""
    e = 0.0
    for i in range(model.n_visible):
        var = math.exp(2.0 * model.log_sigma[i])
        e += (v[i] - model.a[i]) ** 2 / (2.0 * var)
        for j in range(model.n_hidden):
            e -= v[i] / var * model.W[i, j] * h[j]
    for j in range(model.n_hidden):
        e -= model.b[j] * h[j]
    return e


def brute_free_energy(model, v):
    """F(v) = −log Σ_h e^{−E(v, h)} over every binary h (max-shifted, so no overflow)."""
    neg_e = [-brute_energy(model, v, h) for h in all_states(model.n_hidden)]
    shift = max(neg_e)
    return -(shift + math.log(sum(math.exp(x - shift) for x in neg_e)))


def log_joint_rows(model, V, h):
    """−E(v, h) for many rows v (shape (n_points, n_visible)) and one h, vectorised over rows."""
    var = np.exp(2.0 * model.log_sigma)
    out = -np.sum((V - model.a) ** 2 / (2.0 * var), axis=1) + float(np.dot(model.b, h))
    for i in range(model.n_visible):
        for j in range(model.n_hidden):
            out = out + V[:, i] / var[i] * model.W[i, j] * h[j]
    return out


def log_marginal_rows(model, V):
    """−F(v) = log Σ_h e^{−E(v, h)} for many rows v, the sum over h written out (max-shifted)."""
    terms = np.array([log_joint_rows(model, V, h) for h in all_states(model.n_hidden)])
    shift = terms.max(axis=0)
    return shift + np.log(np.exp(terms - shift).sum(axis=0))


def integration_box(model, n_sd=12.0):
    """A box [lo_i, hi_i] holding every mixture component mean a + W h with n_sd σ to spare."""
    means = all_states(model.n_hidden) @ model.W.T + model.a
    spare = n_sd * np.exp(model.log_sigma)
    return means.min(axis=0) - spare, means.max(axis=0) + spare, means


def integrate_over_v(model, f, shift=0.0, log_density=None):
    """∫ f(v) e^{log_density(v) − shift} dv over R^n_visible (n_visible 1 or 2) by quadrature.

    ``f`` and ``log_density`` map rows of shape (n_points, n_visible) to (n_points,);
    ``log_density`` defaults to −F(v) and ``shift`` keeps the integrand O(1).  One dimension uses
    QUADPACK with the component means as break points, two dimensions scipy's vectorised
    adaptive Gauss–Kronrod cubature.
    """
    lo, hi, means = integration_box(model)
    if log_density is None:
        def log_density(V):
            return log_marginal_rows(model, V)

    def integrand(V):
        return f(V) * np.exp(log_density(V) - shift)

    if model.n_visible == 1:
        value, _ = integrate.quad(lambda x: integrand(np.array([[x]]))[0], lo[0], hi[0],
                                  points=sorted(means[:, 0]), epsabs=0.0, epsrel=1e-11, limit=200)
        return value
    if model.n_visible == 2:
        result = integrate.cubature(integrand, lo, hi, rtol=1e-10, atol=0.0)
        assert result.status == "converged"
        return float(result.estimate)
    raise ValueError("quadrature references cover one or two visible units")


def quadrature_log_partition(model):
    """log ∫ Σ_h e^{−E(v, h)} dv by quadrature, shifted by the largest −F at a component mean."""
    _, _, means = integration_box(model)
    shift = float(log_marginal_rows(model, means).max())
    return shift + math.log(integrate_over_v(model, lambda V: np.ones(len(V)), shift))
