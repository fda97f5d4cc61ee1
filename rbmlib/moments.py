"""Moments of the sufficient statistics (v hᵀ, v, h), the two phases of the gradient.

∇_θ log p̃(v, h) for θ = (W, a, b) is (v hᵀ, v, h), so every gradient of the log-likelihood is a
difference of expectations of these statistics.  They have the parameters' shapes and are
returned as :class:`~rbmlib.rbm.RBM` objects so that ``data_moments(...) - model_moments(...)``
is the gradient.

Chapter: *The log-likelihood gradient* (``book/log_likelihood_gradient.ipynb``).
"""

from scipy.special import expit

from ._checks import as_states, as_unit_interval_rows
from .energy import _check_rbm
from .rbm import RBM

__all__ = ["data_moments", "sample_moments"]


def data_moments(rbm, v):
    """The positive phase: E_data[v hᵀ], E_data[v], E_data[h] with h summed out exactly.

    For each data row the hidden units are averaged under p(h | v), so E[v_i h_j] is
    (1/M) Σ_m v_i⁽ᵐ⁾ σ(b_j + v⁽ᵐ⁾ᵀW_{:,j}).

    Parameters
    ----------
    rbm : RBM
    v : array_like, shape (n_samples, n_visible)
        Binary data rows.

    Returns
    -------
    RBM
        ``W`` holds E_data[v hᵀ], ``a`` holds E_data[v] and ``b`` holds E_data[h].
    """
    _check_rbm(rbm)
    v, _ = as_states("v", v, rbm.n_visible)
    p_h = expit(v @ rbm.W + rbm.b)
    n = v.shape[0]
    return RBM(v.T @ p_h / n, v.mean(axis=0), p_h.mean(axis=0))


def sample_moments(v, h):
    """Monte Carlo moments (1/N) Σ_n (v⁽ⁿ⁾h⁽ⁿ⁾ᵀ, v⁽ⁿ⁾, h⁽ⁿ⁾) of paired rows, as an RBM.

    ``h`` may hold probabilities instead of samples (a Rao–Blackwellised estimate).
    """
    v = as_unit_interval_rows("v", v)
    h = as_unit_interval_rows("h", h)
    if v.shape[0] != h.shape[0]:
        raise ValueError(
            f"v and h must have the same number of rows; got {v.shape[0]} and {h.shape[0]}"
        )
    n = v.shape[0]
    return RBM(v.T @ h / n, v.mean(axis=0), h.mean(axis=0))
