"""The model's whole distribution: its moments, the exact gradient, p(v), and exact samples.

Chapter: *The log-likelihood gradient* (``book/log_likelihood_gradient.ipynb``).
"""

import numpy as np
from scipy.special import expit, logsumexp

from .._blas import single_threaded
from .._checks import as_positive_int, as_rng, check_enumerable
from ..energy import _check_rbm, _free_energy
from ..moments import data_moments
from ..rbm import RBM
from .log_z import _enumeration_view, _log_weight_blocks, log_partition
from .state_space import _states_at, states

__all__ = ["model_moments", "gradient", "visible_distribution", "sample"]


@single_threaded
def model_moments(rbm):
    """The negative phase: E_model[v hᵀ], E_model[v], E_model[h], returned as an RBM.

    With the hidden layer enumerated, E[v_i h_j] = Σ_h p(h) σ(a_i + W_{i,:}h) h_j, and likewise
    with the roles swapped; the returned object holds E[v hᵀ] in ``W``, E[v] in ``a`` and E[h]
    in ``b`` (the shapes of ∇_W, ∇_a, ∇_b log p̃).
    """
    _check_rbm(rbm)
    M, c, d, hidden_enumerated = _enumeration_view(rbm)
    check_enumerable(M.shape[1], "exact model moments")
    log_Z = log_partition(rbm)
    e_os = np.zeros(M.shape)  # E[other · enumeratedᵀ]
    e_o = np.zeros(M.shape[0])
    e_s = np.zeros(M.shape[1])
    for s, log_w in _log_weight_blocks(M, c, d):
        p = np.exp(log_w - log_Z)
        mean_other = expit(s @ M.T + d)  # E[other | s]
        weighted = mean_other * p[:, None]
        e_os += weighted.T @ s
        e_o += weighted.sum(axis=0)
        e_s += p @ s
    if hidden_enumerated:
        return RBM(e_os, e_o, e_s)
    return RBM(e_os.T, e_s, e_o)


def gradient(rbm, data):
    """Exact gradient of the mean log-likelihood: E_data[∇ log p̃] − E_model[∇ log p̃], as an RBM.

    ∂/∂W_ij = E_data[v_i p(h_j=1|v)] − E_model[v_i h_j],  ∂/∂a_i = E_data[v_i] − E_model[v_i],
    ∂/∂b_j = E_data[p(h_j=1|v)] − E_model[h_j]: the positive phase minus the negative phase.
    """
    _check_rbm(rbm)
    return data_moments(rbm, data) - model_moments(rbm)


@single_threaded
def visible_distribution(rbm):
    """The exact p(v) of every visible state, in the order of ``states(n_visible)``.

    Needs n_visible ≤ 25 (each of the 2^n_visible probabilities is computed).
    """
    _check_rbm(rbm)
    check_enumerable(rbm.n_visible, "the exact distribution p(v)")
    v = states(rbm.n_visible)
    return np.exp(-_free_energy(rbm.W, rbm.a, rbm.b, v) - log_partition(rbm))


@single_threaded
def sample(rbm, n_samples, rng):
    """Independent exact samples v ~ p(v), by enumerating the smaller layer.

    With the hidden layer enumerated (n_hidden ≤ n_visible), each h is drawn from its marginal
    p(h) ∝ exp(−F(h)), F the hidden free energy, and then v ~ p(v | h); the pair is a draw from
    the joint, so v is a draw from p(v).  Otherwise v is drawn from the enumerated p(v) directly.
    Unlike a Gibbs chain there is no burn-in and no correlation between rows: these are the
    reference samples the chapters compare samplers and estimators against.  Costs
    2^min(n_visible, n_hidden) terms, like :func:`log_partition`.

    Parameters
    ----------
    rbm : RBM
    n_samples : int
    rng : numpy.random.Generator or int

    Returns
    -------
    ndarray of shape (n_samples, n_visible)
        Binary rows (0.0 or 1.0).

    Examples
    --------
    >>> from rbmlib import RBM
    >>> v = sample(RBM.zeros(3, 2), 4, rng=0)  # W = 0, a = 0: every v equally likely
    >>> v.shape, set(v.ravel()) <= {0.0, 1.0}
    ((4, 3), True)
    """
    _check_rbm(rbm)
    n_samples = as_positive_int("n_samples", n_samples)
    rng = as_rng(rng)
    M, c, d, hidden_enumerated = _enumeration_view(rbm)
    k = M.shape[1]
    check_enumerable(k, "exact sampling")
    log_w = np.concatenate([log_w for _, log_w in _log_weight_blocks(M, c, d)])
    p = np.exp(log_w - logsumexp(log_w))
    index = rng.choice(2**k, size=n_samples, p=p / p.sum())
    s = _states_at(index, k)
    if not hidden_enumerated:
        return s
    p_v = expit(s @ rbm.W.T + rbm.a)
    return (rng.random(p_v.shape) < p_v).astype(np.float64)
