"""Run numpy's matrix products on one BLAS thread.

The products in rbmlib are small; a second BLAS thread gains nothing on them and, when the other
core is busy (two notebooks executing at once, a browser, another job), its spin-waiting makes the
whole computation several times slower (measured: exact model moments at 64 × 16, 3.0 s against
0.33 s).  numpy and scipy each carry their own OpenBLAS, so the limit covers both
(threadpoolctl).  Scanning the loaded libraries costs about a millisecond; it is done once.
"""

import functools

from threadpoolctl import ThreadpoolController

_controller = []


def one_blas_thread():
    """A context manager that limits every loaded BLAS to one thread and restores it after."""
    if not _controller:
        _controller.append(ThreadpoolController())
    return _controller[0].limit(limits=1)


def single_threaded(function):
    """Decorate ``function`` to run inside :func:`one_blas_thread`."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with one_blas_thread():
            return function(*args, **kwargs)

    return wrapper
