"""Accuracy and speed of annealed importance sampling against the exact log Z.

Goal (issue: estimating log Z): for an RBM with n_hidden=16 trained on the binarised digits,
``partition.ais`` with 100 runs and 1,000 βs lands within 0.02 nats of the exact log Z (mean
|error| over 10 repetitions) and takes at most 2 s (median over the repetitions).  The table also
shows 100 and 10,000 βs, the linear schedule against Salakhutdinov's, and reverse AIS started from
exact samples (the upper side of the sandwich).

Run with ``.venv/bin/python benchmarks/bench_ais.py``.  Exits with status 1 when the goal is missed;
it is not part of ``make test``.
"""

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_limits

import rbmlib
from rbmlib import exact, partition


def trained_rbm(data):
    rbm, _ = rbmlib.fit(rbmlib.RBM.random(64, 16, rng=0), data, rbmlib.PCD(n_chains=100, k=1),
                        n_epochs=20, batch_size=20, learning_rate=0.05, rng=0, progress=False)
    return rbm


def measure(estimate, log_z, repeat):
    """Mean |error|, mean error, mean reported std, median and max wall time over ``repeat``."""
    errors, stds, times = [], [], []
    for seed in range(repeat):
        start = time.perf_counter()
        result = estimate(seed)
        times.append(time.perf_counter() - start)
        errors.append(result.log_z - log_z)
        stds.append(result.std)
    return np.mean(np.abs(errors)), np.mean(errors), np.mean(stds), np.median(times), max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    data = rbmlib.datasets.digits().train
    rbm = trained_rbm(data)
    log_z = exact.log_partition(rbm)
    base = partition.base_rate_rbm(data, rbm.n_hidden)
    v_exact = exact.sample(rbm, args.runs * args.repeat, np.random.default_rng(1))
    print(f"RBM 64x16 trained 20 epochs of PCD-1 on the digits; exact log Z = {log_z:.4f}")
    print(f"{args.runs} runs from the base-rate RBM, {args.repeat} repetitions (one seed each)")
    print(f"{'estimator':<28}{'betas':>7}{'mean|err|':>11}{'mean err':>10}{'std':>8}"
          f"{'median s':>10}{'max s':>8}")
    goal = None
    with threadpool_limits(1):  # small GEMMs: one BLAS thread, and no numpy/scipy pool ping-pong
        rows = [("ais, linear", n, None) for n in (100, 1_000, 10_000)]
        rows += [("ais, salakhutdinov", n, "salakhutdinov") for n in (1_000, 10_000)]
        for name, n_betas, schedule in rows:
            stats = measure(lambda s, n=n_betas, sc=schedule: partition.ais(
                rbm, args.runs, n, s, base=base, schedule=sc), log_z, args.repeat)
            print(f"{name:<28}{n_betas:>7,}{stats[0]:>11.4f}{stats[1]:>+10.4f}{stats[2]:>8.4f}"
                  f"{stats[3]:>10.3f}{stats[4]:>8.3f}")
            if name == "ais, linear" and n_betas == 1_000:
                goal = stats
        for n_betas in (1_000,):
            stats = measure(lambda s, n=n_betas: partition.reverse_ais(
                rbm, v_exact[s * args.runs:(s + 1) * args.runs], n, s, base=base),
                log_z, args.repeat)
            print(f"{'reverse ais, exact samples':<28}{n_betas:>7,}{stats[0]:>11.4f}"
                  f"{stats[1]:>+10.4f}{stats[2]:>8.4f}{stats[3]:>10.3f}{stats[4]:>8.3f}")
    ok = goal[0] <= 0.02 and goal[3] <= 2.0
    print(f"goal: 1,000 betas mean|err| {goal[0]:.4f} <= 0.02 nats and median time "
          f"{goal[3]:.3f} s <= 2 s")
    print("all goals met" if ok else "GOAL MISSED")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
