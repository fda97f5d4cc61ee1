"""Bridges to other libraries' RBMs.

scikit-learn's ``BernoulliRBM`` stores the weights transposed (``components_`` has shape
(n_hidden, n_visible)) and names the biases ``intercept_visible_`` and ``intercept_hidden_``;
its energy is otherwise ours, so a fitted model maps onto an :class:`~rbmlib.rbm.RBM` exactly and
can be scored by the exact log-likelihood.  Chapter: ``book/contrastive_divergence.ipynb``.
"""

from .rbm import RBM

__all__ = ["from_sklearn"]


def from_sklearn(model):
    """The RBM of a fitted ``BernoulliRBM``: W = ``components_.T``, a = ``intercept_visible_``,
    b = ``intercept_hidden_``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neural_network import BernoulliRBM
    >>> X = np.array([[1, 0, 1], [0, 1, 1]])
    >>> sk = BernoulliRBM(n_components=2, n_iter=1, random_state=0).fit(X)
    >>> rbm = from_sklearn(sk)
    >>> rbm.W.shape
    (3, 2)
    """
    names = ("components_", "intercept_visible_", "intercept_hidden_")
    missing = [name for name in names if not hasattr(model, name)]
    if missing:
        raise TypeError(
            "model must be a fitted sklearn.neural_network.BernoulliRBM (with components_, "
            f"intercept_visible_ and intercept_hidden_); got {type(model).__name__} without "
            + ", ".join(missing)
        )
    return RBM(W=model.components_.T, a=model.intercept_visible_, b=model.intercept_hidden_)
