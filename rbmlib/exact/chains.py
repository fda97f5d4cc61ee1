"""Gibbs chains, exactly: the transition matrix of block Gibbs sampling and the expected CD update.

Chapters: *Gibbs sampling* (``book/gibbs_sampling.ipynb``) and *Contrastive divergence*
(``book/contrastive_divergence.ipynb``).
"""

import numpy as np
from scipy.special import expit

from .._blas import single_threaded
from .._checks import as_positive_int, as_states, check_enumerable
from ..energy import _check_rbm
from ..moments import data_moments
from ..rbm import RBM
from .state_space import state_index, states

__all__ = ["gibbs_transition_matrix", "expected_cd_gradient"]


@single_threaded
def gibbs_transition_matrix(rbm):
    """T[v, v'] = Σ_h p(h | v) p(v' | h): one block Gibbs sweep as a 2^n_visible square matrix.

    Rows and columns follow ``states(n_visible)``; every row sums to one and the exact p(v) is
    its stationary distribution, p T = p.  Needs n_visible + n_hidden ≤ 25.
    """
    _check_rbm(rbm)
    check_enumerable(rbm.n_visible + rbm.n_hidden, "the Gibbs transition matrix")
    v, h = states(rbm.n_visible), states(rbm.n_hidden)
    p_h_given_v = np.exp(_log_bernoulli_table(v @ rbm.W + rbm.b, h))
    p_v_given_h = np.exp(_log_bernoulli_table(h @ rbm.W.T + rbm.a, v))
    return p_h_given_v @ p_v_given_h


@single_threaded
def expected_cd_gradient(rbm, data, k):
    """The expectation of the CD-k estimate over its Gibbs chains, computed exactly.

    A CD-k chain started at a data row v⁰ reaches vᵏ with probability (Tᵏ)[v⁰, vᵏ], T the Gibbs
    transition matrix; so with q_k = p̂_data Tᵏ (the data distribution moved k sweeps),

        E[CD-k] = E_data[v p(h|v)ᵀ, v, p(h|v)] − E_{q_k}[v p(h|v)ᵀ, v, p(h|v)].

    As k → ∞, q_k → p(v) and this becomes :func:`gradient`; the difference is the bias of CD-k.
    Needs n_visible + n_hidden ≤ 25.  Chapter: ``book/contrastive_divergence.ipynb``.

    Examples
    --------
    >>> from rbmlib import RBM
    >>> from rbmlib.exact import gradient
    >>> rbm = RBM.random(3, 2, rng=0, scale=1.0)
    >>> far = expected_cd_gradient(rbm, [[1, 0, 1]], k=200)
    >>> bool(np.allclose(far.to_vector(), gradient(rbm, [[1, 0, 1]]).to_vector()))
    True
    """
    _check_rbm(rbm)
    data, _ = as_states("data", data, rbm.n_visible)
    k = as_positive_int("k", k, minimum=0)
    T = gibbs_transition_matrix(rbm)
    v = states(rbm.n_visible)
    q = np.bincount(state_index(data), minlength=len(v)) / len(data)
    q = q @ np.linalg.matrix_power(T, k)
    p_h = expit(v @ rbm.W + rbm.b)
    negative = RBM((v * q[:, None]).T @ p_h, q @ v, q @ p_h)
    return data_moments(rbm, data) - negative


def _log_bernoulli_table(x, s):
    """log Π_j σ(x_j)^{s_j} σ(−x_j)^{1−s_j} for every row of inputs x and every state s."""
    log_on = -np.logaddexp(0.0, -x)  # log σ(x)
    log_off = -np.logaddexp(0.0, x)  # log σ(−x)
    return log_on @ s.T + log_off @ (1.0 - s).T
