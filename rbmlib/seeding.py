"""The seed of a page of the book, from one place.

Every chapter draws all its random numbers from one generator,
``rng = np.random.default_rng(rbmlib.page_seed(default))``. The chapter's ``default`` is the seed
the book is built with; the environment variable ``BOOK_SEED`` replaces it on every page at once,
so that the whole book can be executed under another seed without editing it::

    BOOK_SEED=7 make book

The test suite does exactly that (see ``make test``): every page runs under the default seed and
under others, and every claim a page makes about random outcomes must hold under all of them
(the appendix *How to run this book* says which seeds, and what the book promises).

>>> page_seed(2010, environ={})
2010
>>> page_seed(2010, environ={"BOOK_SEED": "7"})
7

A claim about random outcomes ("A beats B") is made from several seeds, with a margin: the
quantity is measured once per seed and :func:`seed_interval` gives its mean with a Student-t
interval over the seeds.

>>> mean, low, high = seed_interval([1.0, 2.0, 3.0], level=0.95)
>>> round(mean, 3), round(low, 3), round(high, 3)
(2.0, -0.484, 4.484)
"""

import numbers
import os

import numpy as np
from scipy import stats

__all__ = ["SEED_VARIABLE", "page_seed", "seed_interval"]

#: The environment variable that replaces every page's default seed.
SEED_VARIABLE = "BOOK_SEED"


def page_seed(default, environ=None):
    """The seed a page uses: ``$BOOK_SEED`` if set, otherwise the page's ``default``.

    Parameters
    ----------
    default : int
        The page's own seed, a non-negative integer (used when ``BOOK_SEED`` is unset or empty).
    environ : mapping, optional
        Where to look for ``BOOK_SEED``; ``os.environ`` when omitted.

    Returns
    -------
    int
        A non-negative integer, for ``numpy.random.default_rng``.

    Raises
    ------
    TypeError
        If ``default`` is not an integer.
    ValueError
        If ``default`` is negative, or ``BOOK_SEED`` is set to anything but a non-negative
        integer.
    """
    if isinstance(default, bool) or not isinstance(default, numbers.Integral):
        raise TypeError(f"default must be a non-negative integer seed, got "
                        f"{type(default).__name__} {default!r}")
    if default < 0:
        raise ValueError(f"default must be a non-negative integer seed, got {default}")
    environ = os.environ if environ is None else environ
    text = environ.get(SEED_VARIABLE, "").strip()
    if not text:
        return int(default)
    if not text.isdigit():
        raise ValueError(f"{SEED_VARIABLE} must be a non-negative integer seed, got {text!r}")
    return int(text)


def seed_interval(values, level=0.95):
    r"""Mean of a quantity measured once per seed, with a Student-t interval over the seeds.

    For :math:`n` independent values :math:`x_1, \dots, x_n` (one training run per seed, or the
    paired difference of two methods trained from the same seed),

    .. math::

        \bar x \pm t_{n-1,\,(1+\text{level})/2}\; \frac{s}{\sqrt n},
        \qquad s^2 = \frac{1}{n-1}\sum_{s=1}^{n} (x_s - \bar x)^2 .

    The interval covers the mean over seeds with probability ``level`` when the values are
    normal; the chapter {doc}`comparison` uses it for every difference between estimators.

    Parameters
    ----------
    values : array_like, shape (n,)
        Finite numbers, one per seed, at least two.
    level : float
        The two-sided coverage, in (0, 1).

    Returns
    -------
    (mean, low, high) : tuple of float
    """
    x = np.asarray(values, dtype=float)
    if x.ndim != 1 or len(x) < 2:
        raise ValueError(f"values must be a 1-d sequence of at least two numbers, one per seed; "
                         f"got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"values must be finite, got {x}")
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not 0 < level < 1:
        raise ValueError(f"level must be a number in (0, 1), got {level!r}")
    mean = float(x.mean())
    half = float(stats.t.ppf((1 + level) / 2, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x)))
    return mean, mean - half, mean + half
