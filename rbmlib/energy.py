"""Energy and free energy of a binary RBM.

Chapter: *The restricted Boltzmann machine* (``book/rbm.ipynb``), which derives the free energy
by summing the hidden units out of e^{−E(v, h)} one at a time.
"""

import numpy as np

from ._checks import as_states
from .rbm import RBM

__all__ = ["energy", "free_energy", "hidden_free_energy"]


def _check_rbm(rbm):
    if not isinstance(rbm, RBM):
        raise TypeError(f"rbm must be an rbmlib.RBM; got {type(rbm).__name__}")


def _unbatch(values, single):
    """Return a scalar for a single state, the array for rows."""
    return float(values[0]) if single else values


def energy(rbm, v, h):
    """Energy E(v, h) = −aᵀv − bᵀh − vᵀWh of each pair of rows.

    Parameters
    ----------
    rbm : RBM
    v : array_like, shape (n_samples, n_visible) or (n_visible,)
        Binary visible states.
    h : array_like, shape (n_samples, n_hidden) or (n_hidden,)
        Binary hidden states, one per row of ``v``.

    Returns
    -------
    ndarray of shape (n_samples,), or a float for a single state.

    Examples
    --------
    >>> rbm = RBM(W=[[2.0]], a=[1.0], b=[-1.0])
    >>> energy(rbm, [1], [1])
    -2.0
    """
    _check_rbm(rbm)
    v, single_v = as_states("v", v, rbm.n_visible)
    h, single_h = as_states("h", h, rbm.n_hidden)
    if v.shape[0] != h.shape[0]:
        raise ValueError(
            f"v and h must have the same number of rows; got {v.shape[0]} and {h.shape[0]}"
        )
    values = -(v @ rbm.a) - (h @ rbm.b) - np.einsum("ni,ij,nj->n", v, rbm.W, h)
    return _unbatch(values, single_v and single_h)


def free_energy(rbm, v):
    """Free energy F(v) = −aᵀv − Σ_j softplus(b_j + vᵀW_{:,j}), so that p(v) = e^{−F(v)} / Z.

    It is −log Σ_h e^{−E(v, h)}: the hidden units are summed out in closed form because they are
    conditionally independent given v.  softplus(x) = log(1 + eˣ) is evaluated as
    ``np.logaddexp(0, x)``, which neither overflows nor loses precision.

    Parameters
    ----------
    rbm : RBM
    v : array_like, shape (n_samples, n_visible) or (n_visible,)
        Binary visible states.

    Returns
    -------
    ndarray of shape (n_samples,), or a float for a single state.

    Examples
    --------
    >>> rbm = RBM(W=[[0.0]], a=[0.0], b=[0.0])
    >>> round(free_energy(rbm, [1]), 6)  # −log(e⁰ + e⁰) = −log 2
    -0.693147
    """
    _check_rbm(rbm)
    v, single = as_states("v", v, rbm.n_visible)
    return _unbatch(_free_energy(rbm.W, rbm.a, rbm.b, v), single)


def hidden_free_energy(rbm, h):
    """Free energy of the hidden layer, F(h) = −bᵀh − Σ_i softplus(a_i + W_{i,:}h).

    The mirror image of :func:`free_energy`: p(h) = e^{−F(h)} / Z with the visible units summed out.
    """
    _check_rbm(rbm)
    h, single = as_states("h", h, rbm.n_hidden)
    return _unbatch(_free_energy(rbm.W.T, rbm.b, rbm.a, h), single)


def _free_energy(W, a, b, v):
    """F(v) for checked float64 rows ``v``; W has shape (len(a), len(b))."""
    return -(v @ a) - np.logaddexp(0.0, v @ W + b).sum(axis=1)
