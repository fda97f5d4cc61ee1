"""Brute-force references for the estimators of log Z, written from the definitions.

Like ``reference.py``, nothing here calls rbmlib's estimators: unnormalised probabilities are
sums of e^{−E(v, h)} over every hidden state, and exact samples come from the joint table.
"""

import math

import numpy as np
from reference import Joint, all_states, brute_energy

from rbmlib import RBM


class ExactSampler:
    """Independent draws of v from the exact marginal p(v) of the joint table (built once)."""

    def __init__(self, rbm):
        joint = Joint(rbm)
        self.V, self.p_v = joint.V, joint.p_v / joint.p_v.sum()

    def __call__(self, n, rng):
        return self.V[rng.choice(len(self.V), size=n, p=self.p_v)]


def log_p_tilde(rbm, v):
    """log Σ_h e^{−E(v, h)} for one visible state, summing over every hidden state."""
    terms = [-brute_energy(rbm, v, h) for h in all_states(rbm.n_hidden)]
    top = max(terms)
    return top + math.log(sum(math.exp(t - top) for t in terms))


def path_rbm(rbm, a_base, beta):
    """The AIS intermediate at β: parameters (1 − β)(0, a_base, 0) + β(W, a, b)."""
    return RBM(beta * rbm.W, (1 - beta) * np.asarray(a_base) + beta * rbm.a, beta * rbm.b)


def log_bernoulli(v, p):
    """log q(v) of independent units with P(v_i = 1) = p_i, unit by unit."""
    return sum(math.log(p_i if v_i == 1 else 1 - p_i) for v_i, p_i in zip(v, p, strict=True))
