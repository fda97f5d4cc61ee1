"""Argument checks shared by every public function.

Each check either returns a clean float64 array (a fresh copy when the caller's array could be
aliased) or raises a ``ValueError``/``TypeError`` whose message names the argument, what was
expected and what arrived.
"""

import numbers

import numpy as np

#: Largest number of states that exact enumeration accepts (2**25, about 33 million).
MAX_ENUMERATION_BITS = 25


def _describe(x):
    """A short description of what arrived, for error messages."""
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape} and dtype {x.dtype}"
    return f"{type(x).__name__} {x!r}"[:120]


def _as_numeric(name, x):
    """``np.asarray(x)``, refusing ragged sequences and anything that is not real numbers."""
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged nested lists and the like
        raise TypeError(
            f"{name} must be array-like of real numbers with rows of equal length; got {_describe(x)}"
        ) from exc
    numeric = np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    if not numeric or np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers; got {_describe(x)}")
    return arr


def _finite_float64(name, arr):
    arr = arr.astype(np.float64)  # always a copy: nothing the caller passed is aliased
    if not np.all(np.isfinite(arr)):
        n_bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} must be finite; got {n_bad} NaN or infinite value(s)")
    return arr


def as_real_array(name, x, ndim):
    """Return ``x`` as a float64 array with ``ndim`` dimensions and only finite values."""
    arr = _as_numeric(name, x)
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array; got shape {arr.shape}")
    return _finite_float64(name, arr)


def as_states(name, x, width, *, binary=True):
    """Return rows of unit states as a 2-D float64 array and whether ``x`` was a single row.

    ``x`` may be one state of shape ``(width,)`` or rows of shape ``(n_samples, width)``.
    With ``binary=True`` every value must be 0 or 1; otherwise values must lie in [0, 1]
    (probabilities, as in a mean-field update).
    """
    arr = _as_numeric(name, x)
    if arr.ndim not in (1, 2):
        raise ValueError(
            f"{name} must be one state of shape ({width},) or rows of shape "
            f"(n_samples, {width}); got shape {arr.shape}"
        )
    single = arr.ndim == 1
    if arr.shape[-1] != width:
        raise ValueError(f"{name} must have {width} columns (one per unit); got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must have at least one row; got shape {arr.shape}")
    arr = np.atleast_2d(_finite_float64(name, arr))
    if binary:
        if not np.all((arr == 0.0) | (arr == 1.0)):
            bad = float(arr[(arr != 0.0) & (arr != 1.0)][0])
            raise ValueError(
                f"{name} must be binary (every value 0 or 1) for a Bernoulli RBM; "
                f"found the value {bad!r}"
            )
    elif not np.all((arr >= 0.0) & (arr <= 1.0)):
        raise ValueError(f"{name} must hold probabilities in [0, 1]; found values outside")
    return arr, single


def as_unit_interval_rows(name, x):
    """Return a non-empty 2-D float64 array whose values lie in [0, 1] (states or probabilities)."""
    arr = as_real_array(name, x, 2)
    if arr.size == 0:
        raise ValueError(f"{name} must have at least one row and one column; got shape {arr.shape}")
    if not np.all((arr >= 0.0) & (arr <= 1.0)):
        raise ValueError(f"{name} must hold states or probabilities in [0, 1]; found values outside")
    return arr


def as_positive_int(name, x, *, minimum=1):
    """Return ``x`` as an int that is at least ``minimum``."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {_describe(x)}")
    if x < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {x}")
    return int(x)


def as_finite_float(name, x):
    """Return ``x`` as a finite float."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {_describe(x)}")
    if not np.isfinite(x):
        raise ValueError(f"{name} must be finite; got {x}")
    return float(x)


def as_positive_float(name, x):
    """Return ``x`` as a finite float greater than zero."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {_describe(x)}")
    if not np.isfinite(x) or x <= 0:
        raise ValueError(f"{name} must be a finite number greater than 0; got {x}")
    return float(x)


def as_rng(rng):
    """Return a ``numpy.random.Generator`` from a Generator or an integer seed."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_)):
        if rng < 0:
            raise ValueError(f"rng must be a non-negative seed; got {rng}")
        return np.random.default_rng(int(rng))
    raise TypeError(
        "rng must be a numpy.random.Generator or an integer seed "
        f"(randomness is always explicit); got {_describe(rng)}"
    )


def check_enumerable(n_bits, what):
    """Refuse an enumeration of ``2**n_bits`` states beyond ``MAX_ENUMERATION_BITS``."""
    if n_bits > MAX_ENUMERATION_BITS:
        raise ValueError(
            f"{what} needs 2**{n_bits} = {2**n_bits:,} states, more than the limit of "
            f"2**{MAX_ENUMERATION_BITS} = {2**MAX_ENUMERATION_BITS:,}; estimate log Z with "
            "annealed importance sampling instead (the chapter on estimating Z)"
        )
