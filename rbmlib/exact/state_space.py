"""Every binary state of n units, in a fixed order, and the index of a state in it.

Chapter: *The partition function* (``book/partition_function.ipynb``).
"""

import numpy as np

from .._checks import as_positive_int, as_states, check_enumerable

__all__ = ["states", "state_index"]


def states(n_units):
    """All 2**n_units binary states as rows, in lexicographic order (unit 0 is the leading bit).

    Examples
    --------
    >>> states(2)
    array([[0., 0.],
           [0., 1.],
           [1., 0.],
           [1., 1.]])
    """
    n_units = as_positive_int("n_units", n_units, minimum=0)
    check_enumerable(n_units, f"enumerating {n_units} binary units")
    return _states_block(n_units, 0, 2**n_units)


def state_index(s):
    """Row of ``states(n_units)`` that holds each binary state: the inverse of :func:`states`.

    Parameters
    ----------
    s : array_like, shape (..., n_units)
        Binary states, one per row (any leading shape, e.g. a chain's trajectory).

    Returns
    -------
    ndarray of int64 with the leading shape of ``s``.

    Examples
    --------
    >>> state_index([[0, 1, 1], [1, 0, 0]])
    array([3, 4])
    """
    arr = np.asarray(s)
    if arr.ndim == 0 or arr.shape[-1] == 0:
        raise ValueError(f"s must hold states along its last axis; got shape {arr.shape}")
    n_units = arr.shape[-1]
    if n_units > 62:
        raise ValueError(f"s must have at most 62 units to index them as int64; got {n_units}")
    states_arr, _ = as_states("s", arr.reshape(-1, n_units), n_units)
    place = 2 ** np.arange(n_units - 1, -1, -1, dtype=np.int64)
    return (states_arr.astype(np.int64) @ place).reshape(arr.shape[:-1])


def _states_block(n_units, start, stop):
    """Rows ``start`` to ``stop`` of :func:`states`."""
    return _states_at(np.arange(start, stop, dtype=np.int64), n_units)


def _states_at(index, n_units):
    """Rows ``index`` of :func:`states`: the binary digits of each index, leading bit first."""
    shifts = np.arange(n_units - 1, -1, -1, dtype=np.int64)
    return ((np.asarray(index, dtype=np.int64)[:, None] >> shifts) & 1).astype(np.float64)
