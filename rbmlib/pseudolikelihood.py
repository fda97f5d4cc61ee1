"""Pseudolikelihood of a binary RBM: exact, stochastic, and its gradient.

Besag's pseudolikelihood replaces log p(v) by Σ_i log p(v_i | v_{−i}).  A conditional involves
only the two states that agree with v off bit i, namely v and flip_i v (bit i flipped), so Z
cancels from it:

    p(v_i | v_{−i}) = p(v) / (p(v) + p(flip_i v)) = 1 / (1 + e^{F(v) − F(flip_i v)}),
    log p(v_i | v_{−i}) = −softplus(F(v) − F(flip_i v)).

The differences Δ_i = F(v) − F(flip_i v) of every row and bit are computed at once, without a
loop over bits, by the shared machinery in ``rbmlib/_flips.py``.

Chapter: *Pseudolikelihood* (``book/pseudolikelihood.ipynb``).
"""

from typing import NamedTuple

import numpy as np
from scipy.special import expit

from . import _flips
from ._checks import as_positive_int, as_rng, as_states
from .energy import _check_rbm

__all__ = [
    "log_conditionals",
    "pseudo_log_likelihood",
    "stochastic_pseudo_log_likelihood",
    "PseudoLikelihoodEstimate",
    "pseudo_log_likelihood_gradient",
    "PseudoLikelihood",
]


def log_conditionals(rbm, v):
    """log p(v_i | v_{−i}) = −softplus(F(v) − F(flip_i v)) for every row and every bit i.

    Parameters
    ----------
    rbm : RBM
    v : array_like, shape (n_samples, n_visible) or (n_visible,)
        Binary visible states.

    Returns
    -------
    ndarray of shape (n_samples, n_visible), or (n_visible,) for a single state.

    Examples
    --------
    >>> from rbmlib import RBM
    >>> log_conditionals(RBM.zeros(3, 2), [1, 0, 1])  # every bit a fair coin: log 1/2
    array([-0.69314718, -0.69314718, -0.69314718])
    """
    _check_rbm(rbm)
    v, single = as_states("v", v, rbm.n_visible)
    values = -np.logaddexp(0.0, _flips.flip_deltas(rbm, v))
    return values[0] if single else values


def pseudo_log_likelihood(rbm, data):
    """Mean pseudo-log-likelihood (1/M) Σ_m Σ_i log p(v_i⁽ᵐ⁾ | v_{−i}⁽ᵐ⁾), exact over every bit.

    Parameters
    ----------
    rbm : RBM
    data : array_like, shape (n_samples, n_visible)
        Binary data rows.

    Returns
    -------
    float
        In nats; at most 0, and equal to the log-likelihood when n_visible = 1.

    Examples
    --------
    >>> from rbmlib import RBM
    >>> round(pseudo_log_likelihood(RBM.zeros(3, 2), [[0, 1, 1]]), 6)  # 3 log(1/2)
    -2.079442
    """
    _check_rbm(rbm)
    v, _ = as_states("data", data, rbm.n_visible)
    return float(-np.logaddexp(0.0, _flips.flip_deltas(rbm, v)).sum(axis=1).mean())


class PseudoLikelihoodEstimate(NamedTuple):
    """A Monte Carlo estimate and its standard error (unpacks as ``estimate, standard_error``)."""

    estimate: float
    standard_error: float


def stochastic_pseudo_log_likelihood(rbm, data, rng, *, n_bits=1):
    """Unbiased estimate n_visible · mean_k log p(v_{i_k} | v_{−i_k}) of the pseudo-log-likelihood.

    For each row, ``n_bits`` indices i_1, …, i_K are drawn uniformly and independently (with
    replacement) from the n_visible bits; the row's estimate is n_visible times the mean of
    the K sampled log-conditionals.  Its expectation over the draws is the row's exact
    Σ_i log p(v_i | v_{−i}), so the mean over rows is unbiased for
    :func:`pseudo_log_likelihood`, at a cost of K instead of n_visible free-energy differences.

    scikit-learn's ``BernoulliRBM.score_samples`` is this estimator with K = 1: it flips one
    uniformly drawn bit i per row and returns n_visible · log σ(F(flip_i v) − F(v)), which is
    n_visible · log p(v_i | v_{−i}).  Averaged over the random bit it equals the row's exact
    pseudo-log-likelihood, so it is unbiased per row (for the log-pseudolikelihood, not for the
    pseudolikelihood itself), but a single call is very noisy: the per-bit terms range
    from ≈ 0 for predictable pixels to large negative values for surprising ones, and n_visible
    multiplies their spread (on the digits, with 16 hidden units trained by pseudolikelihood,
    one row's score has a standard deviation of ≈ 27 nats about a PL of ≈ −15).  With an
    integer ``random_state`` every call flips the same bits.

    Parameters
    ----------
    rbm : RBM
    data : array_like, shape (n_samples, n_visible)
        Binary data rows.
    rng : numpy.random.Generator or int
        Source of the bit indices.
    n_bits : int, optional
        Bits K sampled per row (default 1).

    Returns
    -------
    PseudoLikelihoodEstimate
        ``estimate`` and ``standard_error``.  The standard error is the sample standard
        deviation of the per-row estimates over √n_samples: it counts the randomness of the
        bits and also the spread of the exact pseudo-log-likelihood across rows, so it is the
        standard error for rows drawn at random from a population, and, for these fixed rows,
        conservative: E[standard_error²] ≥ Var(estimate), with equality when all rows are
        alike.  For a single row it comes from the spread of its K terms (infinite when K = 1).

    Examples
    --------
    >>> from rbmlib import RBM
    >>> est, se = stochastic_pseudo_log_likelihood(RBM.zeros(3, 2), [[0, 1, 1]], rng=0)
    >>> round(est, 6), se  # every term is log(1/2); one row, one bit: no spread to measure
    (-2.079442, inf)
    """
    _check_rbm(rbm)
    v, _ = as_states("data", data, rbm.n_visible)
    rng = as_rng(rng)
    n_bits = as_positive_int("n_bits", n_bits)
    bits = rng.integers(rbm.n_visible, size=(v.shape[0], n_bits))
    terms = -np.logaddexp(0.0, _flips.flip_deltas(rbm, v, bits))  # (n_samples, n_bits)
    per_row = rbm.n_visible * terms.mean(axis=1)
    if v.shape[0] > 1:
        standard_error = per_row.std(ddof=1) / np.sqrt(v.shape[0])
    elif n_bits > 1:
        standard_error = rbm.n_visible * terms.std(ddof=1) / np.sqrt(n_bits)
    else:
        standard_error = np.inf
    return PseudoLikelihoodEstimate(float(per_row.mean()), float(standard_error))


def _d_log_conditional(delta):
    """d/dΔ of −softplus(Δ): −σ(Δ)."""
    return -expit(delta)


def pseudo_log_likelihood_gradient(rbm, data):
    """Exact gradient of the mean PL, −(1/M) Σ_m Σ_i σ(Δ_i) (∇F(v) − ∇F(flip_i v)), as an RBM.

    Here Δ_i = F(v) − F(flip_i v), and ∇_W F(v) = −v σ(b + vᵀW)ᵀ, ∇_a F(v) = −v,
    ∇_b F(v) = −σ(b + vᵀW): the chain rule through log p(v_i | v_{−i}) = −softplus(Δ_i).

    Parameters
    ----------
    rbm : RBM
    data : array_like, shape (n_samples, n_visible)
        Binary data rows.

    Returns
    -------
    RBM
        The ascent direction: ∂/∂W in ``W``, ∂/∂a in ``a``, ∂/∂b in ``b``.

    Examples
    --------
    >>> from rbmlib import RBM
    >>> grad = pseudo_log_likelihood_gradient(RBM.zeros(2, 1), [[1, 1]])
    >>> grad.a  # raising a_i makes the observed v_i = 1 likelier: σ(0) = 1/2 per bit
    array([0.5, 0.5])
    """
    _check_rbm(rbm)
    v, _ = as_states("data", data, rbm.n_visible)
    return _flips.flip_gradient(rbm, v, _d_log_conditional)


class PseudoLikelihood:
    """Training estimator: ``estimator(rbm, v_batch, rng)`` is the exact gradient of the batch PL.

    For :func:`rbmlib.train.fit`; ``rng`` is accepted for the estimator protocol and unused, since
    the gradient is exact (no sampling).

    Examples
    --------
    >>> from rbmlib import RBM
    >>> PseudoLikelihood()(RBM.zeros(2, 1), [[1, 1]], rng=0).a
    array([0.5, 0.5])
    """

    def __call__(self, rbm, v_batch, rng=None):
        return pseudo_log_likelihood_gradient(rbm, v_batch)

    def __repr__(self):
        return "PseudoLikelihood()"
