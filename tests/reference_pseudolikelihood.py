"""Brute-force references for pseudolikelihood and ratio matching, from the definitions.

Shares no code with rbmlib: the conditionals come from the full joint table (``Joint``) or from
log p̃(v) = log Σ_h e^{−E(v, h)} summed term by term in log space (for huge weights, where the
table's probabilities underflow).
"""

import math

import numpy as np
from reference import Joint, all_states, brute_energy


def with_bit(v, i, value):
    """A copy of v with bit i set to value."""
    w = np.array(v, dtype=float)
    w[i] = value
    return w


def flip(v, i):
    """A copy of v with bit i flipped."""
    return with_bit(v, i, 1.0 - v[i])


def joint_log_conditionals(rbm, data):
    """log p(v_i | v_{−i}) = log p(v) − log Σ_{v_i ∈ {0, 1}} p(v), from the joint table."""
    joint = Joint(rbm)
    out = np.empty((len(data), rbm.n_visible))
    for n, v in enumerate(data):
        for i in range(rbm.n_visible):
            marginal = sum(joint.p_v[joint.index_v(with_bit(v, i, x))] for x in (0.0, 1.0))
            out[n, i] = math.log(joint.p_v[joint.index_v(v)] / marginal)
    return out


def joint_ratio_matching_terms(rbm, data):
    """(1 / (1 + p(v) / p(flip_i v)))² for every row and bit, from the joint table."""
    joint = Joint(rbm)
    out = np.empty((len(data), rbm.n_visible))
    for n, v in enumerate(data):
        p_v = joint.p_v[joint.index_v(v)]
        for i in range(rbm.n_visible):
            p_flip = joint.p_v[joint.index_v(flip(v, i))]
            out[n, i] = (1.0 / (1.0 + p_v / p_flip)) ** 2
    return out


def log_p_tilde(rbm, v):
    """log Σ_h e^{−E(v, h)}, every hidden state summed in log space."""
    terms = [-brute_energy(rbm, v, h) for h in all_states(rbm.n_hidden)]
    top = max(terms)
    return top + math.log(sum(math.exp(t - top) for t in terms))


def log_space_log_conditionals(rbm, data):
    """log p(v_i | v_{−i}) = log p̃(v) − log(p̃(v) + p̃(flip_i v)), safe for huge weights."""
    out = np.empty((len(data), rbm.n_visible))
    for n, v in enumerate(data):
        own = log_p_tilde(rbm, v)
        for i in range(rbm.n_visible):
            other = log_p_tilde(rbm, flip(v, i))
            top = max(own, other)
            out[n, i] = own - (top + math.log(math.exp(own - top) + math.exp(other - top)))
    return out
