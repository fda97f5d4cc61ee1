"""The parameters of a restricted Boltzmann machine, θ = (W, a, b).

An :class:`RBM` is an immutable value. Gradients have the same shapes as the parameters, so the
library returns them as ``RBM`` objects too, and a learning step reads like the maths::

    rbm = rbm + learning_rate * grad

Chapter: *The restricted Boltzmann machine* (``book/rbm.ipynb``).
"""

import numbers

import numpy as np

from ._checks import as_positive_float, as_positive_int, as_real_array, as_rng

__all__ = ["RBM"]


class ParameterArithmetic:
    """Immutable parameter sets that form a vector space: shared by RBM and GaussianRBM.

    A subclass lists its arrays in ``__slots__`` (W first) and takes them, in that order, in its
    constructor.  ``+`` and ``-`` pair two values of the same class and shape, ``*`` and ``/``
    take a real scalar, and an overflow to inf surfaces as the constructor's ValueError.
    """

    __slots__ = ()
    __array_ufunc__ = None  # numpy defers to these operators: `2.0 * rbm` is an RBM

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable; build a new one, "
                             "e.g. rbm + learning_rate * grad")

    def _arrays(self):
        return tuple(getattr(self, name) for name in self.__slots__)

    def _map(self, op, other=None):
        with np.errstate(over="ignore", invalid="ignore"):
            if other is None:
                return type(self)(*(op(x) for x in self._arrays()))
            return type(self)(*(op(x, y) for x, y in zip(self._arrays(), other._arrays())))

    def _pair(self, other, op):
        if type(other) is not type(self):
            return NotImplemented
        if self.W.shape != other.W.shape:
            raise ValueError(
                f"cannot combine a {type(self).__name__} with W of shape {self.W.shape} and one "
                f"with W of shape {other.W.shape}"
            )
        return self._map(op, other)

    def __add__(self, other):
        return self._pair(other, np.add)

    def __sub__(self, other):
        return self._pair(other, np.subtract)

    def __mul__(self, c):
        if not _is_scalar(c):
            return NotImplemented
        return self._map(lambda x: c * x)

    __rmul__ = __mul__

    def __truediv__(self, c):
        if not _is_scalar(c):
            return NotImplemented
        if c == 0:
            raise ZeroDivisionError(f"cannot divide a {type(self).__name__} by zero")
        return self._map(lambda x: x / c)

    def __neg__(self):
        return self._map(np.negative)

    def __repr__(self):
        return f"{type(self).__name__}(n_visible={self.n_visible}, n_hidden={self.n_hidden})"

    def __reduce__(self):
        return (type(self), tuple(np.array(x) for x in self._arrays()))


class RBM(ParameterArithmetic):
    """Parameters of a binary RBM with energy E(v, h) = −aᵀv − bᵀh − vᵀWh.

    The arrays are copied to float64 and made read-only; non-finite values and mismatched shapes
    raise ``ValueError``.  Arithmetic works element-wise on all three arrays at once:
    ``rbm + other``, ``rbm - other``, ``c * rbm``, ``rbm / c``, ``-rbm``.

    Parameters
    ----------
    W : array_like, shape (n_visible, n_hidden)
        Weights; ``W[i, j]`` couples visible unit i to hidden unit j.
    a : array_like, shape (n_visible,)
        Visible biases.
    b : array_like, shape (n_hidden,)
        Hidden biases.

    Examples
    --------
    >>> rbm = RBM(W=[[1.0, -1.0]], a=[0.5], b=[0.0, 0.25])
    >>> rbm.n_visible, rbm.n_hidden
    (1, 2)
    >>> step = 0.1 * rbm
    >>> (rbm + step).W
    array([[ 1.1, -1.1]])
    """

    __slots__ = ("W", "a", "b")


    def __init__(self, W, a, b):
        W = as_real_array("W", W, 2)
        a = as_real_array("a", a, 1)
        b = as_real_array("b", b, 1)
        n_visible, n_hidden = W.shape
        if n_visible == 0 or n_hidden == 0:
            raise ValueError(f"W must have at least one visible and one hidden unit; got shape {W.shape}")
        if a.shape != (n_visible,):
            raise ValueError(
                f"a must have shape (n_visible,) = ({n_visible},) to match W of shape {W.shape}; "
                f"got shape {a.shape}"
            )
        if b.shape != (n_hidden,):
            raise ValueError(
                f"b must have shape (n_hidden,) = ({n_hidden},) to match W of shape {W.shape}; "
                f"got shape {b.shape}"
            )
        for arr in (W, a, b):
            arr.flags.writeable = False
        object.__setattr__(self, "W", W)
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)

    @classmethod
    def random(cls, n_visible, n_hidden, rng, *, scale=0.01):
        """Small random weights W_ij ~ N(0, scale²) and zero biases.

        This is the initialisation recommended by Hinton's practical guide (scale 0.01).
        """
        n_visible = as_positive_int("n_visible", n_visible)
        n_hidden = as_positive_int("n_hidden", n_hidden)
        scale = as_positive_float("scale", scale)
        rng = as_rng(rng)
        W = scale * rng.standard_normal((n_visible, n_hidden))
        return cls(W, np.zeros(n_visible), np.zeros(n_hidden))

    @classmethod
    def zeros(cls, n_visible, n_hidden):
        """The RBM with all parameters zero: every state equally likely."""
        n_visible = as_positive_int("n_visible", n_visible)
        n_hidden = as_positive_int("n_hidden", n_hidden)
        return cls(np.zeros((n_visible, n_hidden)), np.zeros(n_visible), np.zeros(n_hidden))

    @property
    def n_visible(self):
        """Number of visible units, ``W.shape[0]``."""
        return self.W.shape[0]

    @property
    def n_hidden(self):
        """Number of hidden units, ``W.shape[1]``."""
        return self.W.shape[1]

    @property
    def n_parameters(self):
        """Number of scalar parameters, n_visible·n_hidden + n_visible + n_hidden."""
        return self.W.size + self.a.size + self.b.size

    def to_vector(self):
        """All parameters in one flat array, ordered (W row by row, a, b)."""
        return np.concatenate([self.W.ravel(), self.a, self.b])

    @classmethod
    def from_vector(cls, theta, n_visible, n_hidden):
        """Inverse of :meth:`to_vector`."""
        n_visible = as_positive_int("n_visible", n_visible)
        n_hidden = as_positive_int("n_hidden", n_hidden)
        theta = as_real_array("theta", theta, 1)
        n_w = n_visible * n_hidden
        expected = n_w + n_visible + n_hidden
        if theta.size != expected:
            raise ValueError(
                f"theta must have n_visible*n_hidden + n_visible + n_hidden = {expected} entries; "
                f"got {theta.size}"
            )
        return cls(
            theta[:n_w].reshape(n_visible, n_hidden),
            theta[n_w : n_w + n_visible],
            theta[n_w + n_visible :],
        )


def _is_scalar(c):
    return isinstance(c, numbers.Real) and not isinstance(c, (bool, np.bool_))
