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
"""

import numbers
import os

__all__ = ["SEED_VARIABLE", "page_seed"]

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
