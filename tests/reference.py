"""Independent brute-force references for tiny RBMs.

Everything here is written from the definitions with explicit loops over states, sharing no code
with rbmlib, so that agreement is evidence and not an echo.
"""

import itertools
import math

import numpy as np
from rbmlib import RBM


def all_states(n):
    """All binary vectors of length n, lexicographic (unit 0 is the leading bit)."""
    return np.array(list(itertools.product([0.0, 1.0], repeat=n))).reshape(-1, n)


def brute_energy(rbm, v, h):
    """E(v, h) = −Σ_i a_i v_i − Σ_j b_j h_j − Σ_ij v_i W_ij h_j, term by term."""
    e = 0.0
    for i in range(rbm.n_visible):
        e -= rbm.a[i] * v[i]
        for j in range(rbm.n_hidden):
            e -= v[i] * rbm.W[i, j] * h[j]
    for j in range(rbm.n_hidden):
        e -= rbm.b[j] * h[j]
    return e


class Joint:
    """The full joint table p(v, h) of a tiny RBM, from −E of every pair."""

    def __init__(self, rbm):
        self.V = all_states(rbm.n_visible)
        self.H = all_states(rbm.n_hidden)
        neg_e = np.array([[-brute_energy(rbm, v, h) for h in self.H] for v in self.V])
        shift = neg_e.max()
        self.log_Z = shift + math.log(np.exp(neg_e - shift).sum())
        self.p = np.exp(neg_e - self.log_Z)  # p[v_index, h_index]
        self.p_v = self.p.sum(axis=1)
        self.p_h = self.p.sum(axis=0)

    def index_v(self, v):
        return int("".join(str(int(x)) for x in v), 2)

    def moments(self):
        """E[v hᵀ], E[v], E[h] under the joint table."""
        e_vh = np.einsum("vh,vi,hj->ij", self.p, self.V, self.H)
        return e_vh, self.p_v @ self.V, self.p_h @ self.H


def random_rbm(n_visible, n_hidden, seed, scale=1.0):
    rng = np.random.default_rng(seed)
    return RBM(
        scale * rng.standard_normal((n_visible, n_hidden)),
        scale * rng.standard_normal(n_visible),
        scale * rng.standard_normal(n_hidden),
    )


def central_difference(f, theta, eps=1e-5):
    """Gradient of f at theta by central differences, one coordinate at a time."""
    grad = np.empty_like(theta)
    for k in range(theta.size):
        step = np.zeros_like(theta)
        step[k] = eps
        grad[k] = (f(theta + step) - f(theta - step)) / (2 * eps)
    return grad
