"""Speed of exact enumeration: rbmlib.exact against a plain chunked numpy enumeration.

Goals (issue 2):
* ``exact.log_partition`` for n_visible=64, n_hidden=20 takes at most half the time of the plain
  "matmul + logaddexp per chunk" enumeration, measured in the same process;
* the exact mean log-likelihood of all 1,797 binarised digits with n_hidden=16 takes under 0.2 s.

Run with ``make bench`` or ``.venv/bin/python benchmarks/bench_exact.py``.  Exits with status 1
when a goal is missed, so it can gate a change by hand; it is not part of ``make test``.
"""

import argparse
import time

import numpy as np
from scipy.special import logsumexp
from threadpoolctl import threadpool_limits

import rbmlib
from rbmlib import RBM, exact


def plain_log_partition(rbm, chunk_rows=4096):
    """The straightforward enumeration over h: one matmul and one logaddexp per chunk."""
    n_hidden = rbm.n_hidden
    shifts = np.arange(n_hidden - 1, -1, -1)
    totals = []
    for start in range(0, 2**n_hidden, chunk_rows):
        k = np.arange(start, min(start + chunk_rows, 2**n_hidden))
        h = ((k[:, None] >> shifts) & 1).astype(np.float64)
        log_w = h @ rbm.b + np.logaddexp(0.0, h @ rbm.W.T + rbm.a).sum(axis=1)
        totals.append(logsumexp(log_w))
    return logsumexp(totals)


def best_time(fn, repeat):
    """Minimum wall time over ``repeat`` calls (the least disturbed run) and the last result."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def digits_like_rbm(n_hidden, rng):
    """Weights of a scale typical after training, visible biases at the digits' base rates."""
    data = rbmlib.datasets.digits()
    p = np.clip(data.train.mean(axis=0), 0.01, 0.99)
    W = 0.3 * rng.standard_normal((64, n_hidden))
    return RBM(W, np.log(p / (1 - p)), 0.5 * rng.standard_normal(n_hidden))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    ok = True
    with threadpool_limits(1):  # the GEMMs are small; one BLAS thread is the fair comparison
        rbm = digits_like_rbm(20, rng)
        t_plain, z_plain = best_time(lambda: plain_log_partition(rbm), args.repeat)
        t_lib, z_lib = best_time(lambda: exact.log_partition(rbm), args.repeat)
        ratio = t_lib / t_plain
        print(f"log Z, n_visible=64, n_hidden=20 (2**20 states), best of {args.repeat}:")
        print(f"  plain chunked enumeration  {t_plain:7.3f} s   log Z = {z_plain:.10f}")
        print(f"  rbmlib.exact.log_partition {t_lib:7.3f} s   log Z = {z_lib:.10f}")
        print(f"  time ratio rbmlib/plain = {ratio:.3f}  (goal <= 0.5)   |difference| = "
              f"{abs(z_lib - z_plain):.2e}")
        ok &= ratio <= 0.5 and abs(z_lib - z_plain) < 1e-8

        data = rbmlib.datasets.digits()
        all_digits = np.vstack([data.train, data.test])
        rbm16 = digits_like_rbm(16, rng)
        t_ll, ll = best_time(lambda: exact.log_likelihood(rbm16, all_digits), 5 * args.repeat)
        print(f"exact log-likelihood of all {len(all_digits)} digits, n_hidden=16: "
              f"{t_ll:.3f} s (goal < 0.2 s), mean log p(v) = {ll:.4f} nats")
        ok &= t_ll < 0.2
    print("all goals met" if ok else "GOAL MISSED")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
