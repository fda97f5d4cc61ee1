"""Ratio matching (Hyvärinen 2007) for a binary RBM.

Ratio matching fits p by the ratios p(v) / p(flip_i v), in which Z cancels
(Goodfellow, Bengio & Courville 2016, eq. 18.26):

    L(θ) = (1/M) Σ_m Σ_i ( 1 / (1 + p(v⁽ᵐ⁾) / p(flip_i v⁽ᵐ⁾)) )².

With p(v) / p(flip_i v) = e^{F(flip_i v) − F(v)} = e^{−Δ_i}, where Δ_i = F(v) − F(flip_i v), each
term is σ(Δ_i)² = (1 − p(v_i | v_{−i}))²: the squared probability the model gives to the
*wrong* value of bit i.  Pseudolikelihood sums −log p(v_i | v_{−i}) over the same bits instead.

The loss is minimised; the training loop maximises, so :func:`ratio_matching_gradient` and
:class:`RatioMatching` return the ascent direction −∇_θ L.

Chapter: *Pseudolikelihood and ratio matching* (``book/pseudolikelihood.ipynb``).
"""

from scipy.special import expit

from . import _flips
from ._checks import as_states
from .energy import _check_rbm

__all__ = ["ratio_matching_loss", "ratio_matching_gradient", "RatioMatching"]


def ratio_matching_loss(rbm, data):
    """Ratio-matching loss (1/M) Σ_m Σ_i σ(F(v⁽ᵐ⁾) − F(flip_i v⁽ᵐ⁾))², to be minimised.

    Parameters
    ----------
    rbm : RBM
    data : array_like, shape (n_samples, n_visible)
        Binary data rows.

    Returns
    -------
    float
        Between 0 and n_visible; 0 only when every conditional p(v_i | v_{−i}) of the data is 1.

    Examples
    --------
    >>> from rbmlib import RBM
    >>> ratio_matching_loss(RBM.zeros(3, 2), [[0, 1, 1]])  # 3 bits, each σ(0)² = 1/4
    0.75
    """
    _check_rbm(rbm)
    v, _ = as_states("data", data, rbm.n_visible)
    return float((expit(_flips.flip_deltas(rbm, v)) ** 2).sum(axis=1).mean())


def _d_minus_term(delta):
    """d/dΔ of −σ(Δ)²: −2 σ(Δ)² σ(−Δ), since σ′(Δ) = σ(Δ) σ(−Δ)."""
    sig = expit(delta)
    return -2.0 * sig**2 * expit(-delta)


def ratio_matching_gradient(rbm, data):
    """Ascent direction −∇_θ L = −(1/M) Σ_m Σ_i 2 σ(Δ_i)² σ(−Δ_i) (∇F(v) − ∇F(flip_i v)).

    Minus the gradient of :func:`ratio_matching_loss`, so that ``rbm + lr * grad`` lowers the
    loss, like every gradient in rbmlib that the training loop follows.  Δ_i = F(v) − F(flip_i v)
    and ∇F is as in :func:`rbmlib.pseudolikelihood.pseudo_log_likelihood_gradient`.

    Parameters
    ----------
    rbm : RBM
    data : array_like, shape (n_samples, n_visible)
        Binary data rows.

    Returns
    -------
    RBM
        −∂L/∂W in ``W``, −∂L/∂a in ``a``, −∂L/∂b in ``b``.

    Examples
    --------
    >>> from rbmlib import RBM
    >>> ratio_matching_gradient(RBM.zeros(2, 1), [[1, 1]]).a  # 2 σ(0)² σ(0) = 1/4 per bit
    array([0.25, 0.25])
    """
    _check_rbm(rbm)
    v, _ = as_states("data", data, rbm.n_visible)
    return _flips.flip_gradient(rbm, v, _d_minus_term)


class RatioMatching:
    """Training estimator: ``estimator(rbm, v_batch, rng)`` is −∇ of the batch's RM loss.

    For :func:`rbmlib.train.fit`; ``rng`` is accepted for the estimator protocol and unused, since
    the gradient is exact (no sampling).

    Examples
    --------
    >>> from rbmlib import RBM
    >>> RatioMatching()(RBM.zeros(2, 1), [[1, 1]], rng=0).a
    array([0.25, 0.25])
    """

    def __call__(self, rbm, v_batch, rng=None):
        return ratio_matching_gradient(rbm, v_batch)

    def __repr__(self):
        return "RatioMatching()"
