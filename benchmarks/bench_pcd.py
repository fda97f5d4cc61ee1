"""PCD-1 training speed and quality: rbmlib against scikit-learn's BernoulliRBM.

Goal (the training-speed issue): on the binarised digits (1,497 training rows), n_hidden=16,
20 epochs, batch sizes 10 and 100, the same learning rate and as many persistent chains as rows
in a batch (scikit-learn's setting), ``rbmlib.fit`` with ``rbmlib.PCD`` is at least 2× faster
than ``BernoulliRBM.fit`` at both batch sizes, in one run of this script, measured twice:

* **one BLAS thread** for both libraries (threadpoolctl), and
* **defaults**: each library as it comes (rbmlib's training loop limits itself to one BLAS
  thread; scikit-learn uses all cores),

and reaches the same exact test log-likelihood or better (mean over the repetitions' seeds,
within 3 standard errors).  Times are the best of several interleaved repetitions (this
machine is shared): training time only, not rbmlib's evaluations.

Then the per-epoch time of every estimator that shares the training loop (the time axis of the
comparison chapter), at batch 10.

Run with ``make bench`` or ``.venv/bin/python benchmarks/bench_pcd.py``; exits with status 1
when a goal is missed.  Not part of ``make test``.
"""

import argparse
import contextlib
import sys
import time
import warnings

import numpy as np
from sklearn.neural_network import BernoulliRBM
from threadpoolctl import threadpool_info, threadpool_limits

import rbmlib

N_HIDDEN, N_EPOCHS, LEARNING_RATE, GOAL = 16, 20, 0.05, 2.0


def train_sklearn(train, batch_size, seed):
    model = BernoulliRBM(n_components=N_HIDDEN, learning_rate=LEARNING_RATE,
                         batch_size=batch_size, n_iter=N_EPOCHS, random_state=seed)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(train)
    return time.perf_counter() - start, rbmlib.from_sklearn(model)


def start_model(train, seed):
    # Hinton's guide (section 8): start the visible biases at the data's log-odds, which
    # scikit-learn leaves at zero; the weights start as scikit-learn's do, N(0, 0.01²).
    base = rbmlib.partition.base_rate_rbm(train, N_HIDDEN)  # a = logit of smoothed pixel means
    return base + rbmlib.RBM.random(train.shape[1], N_HIDDEN, rng=seed, scale=0.01)


def train_rbmlib(train, batch_size, seed, estimator=None, n_epochs=N_EPOCHS):
    estimator = estimator or rbmlib.PCD(n_chains=batch_size, k=1)
    rbm, history = rbmlib.fit(start_model(train, seed), train, estimator, n_epochs=n_epochs,
                              batch_size=batch_size, learning_rate=LEARNING_RATE, rng=seed,
                              eval_every=n_epochs, progress=False)
    return history.elapsed[-1], rbm  # training time; fit's evaluations are excluded


def race(digits, batch_size, repeats, one_thread):
    """Best times and mean test log-likelihoods of both libraries, interleaved."""
    limit = threadpool_limits(1) if one_thread else contextlib.nullcontext()
    times = {"scikit-learn": [], "rbmlib": []}
    test_ll = {"scikit-learn": [], "rbmlib": []}
    with limit:
        for seed in range(repeats):
            for name, train in (("scikit-learn", train_sklearn), ("rbmlib", train_rbmlib)):
                seconds, rbm = train(digits.train, batch_size, seed)
                # Let BLAS worker threads left spinning by the last run go idle before the
                # next one is timed (in either order), so neither library pays for the other.
                time.sleep(0.2)
                times[name].append(seconds)
                test_ll[name].append(rbmlib.exact.log_likelihood(rbm, digits.test))
    return times, test_ll


def report_blas():
    for lib in threadpool_info():
        print(f"BLAS: {lib['internal_api']} {lib.get('version')} ({lib.get('architecture')}), "
              f"{lib['num_threads']} threads by default, {lib['filepath'].split('/')[-1]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    digits = rbmlib.datasets.digits()
    report_blas()
    ok = True
    for one_thread in (True, False):
        config = "one BLAS thread for both" if one_thread else "each library's defaults"
        print(f"\n{config}:")
        for batch_size in (10, 100):
            times, test_ll = race(digits, batch_size, args.repeats, one_thread)
            best_sk, best_ours = min(times["scikit-learn"]), min(times["rbmlib"])
            speedup = best_sk / best_ours
            ll_sk, ll_ours = np.mean(test_ll["scikit-learn"]), np.mean(test_ll["rbmlib"])
            se = np.hypot(*(np.std(test_ll[k], ddof=1) / np.sqrt(args.repeats) for k in test_ll))
            print(f"  batch {batch_size:3d}: scikit-learn {best_sk:.3f} s, rbmlib "
                  f"{best_ours:.3f} s: speed-up {speedup:.2f}x (goal >= {GOAL:g})")
            print(f"             exact test log-likelihood, mean over {args.repeats} seeds: "
                  f"scikit-learn {ll_sk:.3f}, rbmlib {ll_ours:.3f} nats "
                  f"(difference {ll_ours - ll_sk:+.3f} ± {se:.3f})")
            ok &= speedup >= GOAL and ll_ours > ll_sk - 3 * se

    print("\nper-epoch training time at batch 10 (best of "
          f"{args.repeats}, 5 epochs, n_hidden {N_HIDDEN}):")
    estimators = {
        "CD-1": lambda: rbmlib.CD(k=1), "CD-10": lambda: rbmlib.CD(k=10),
        "PCD-1 (100 chains)": lambda: rbmlib.PCD(n_chains=100, k=1),
        "Fast PCD-1 (100 chains)": lambda: rbmlib.FastPCD(n_chains=100, k=1),
        "pseudolikelihood": rbmlib.PseudoLikelihood, "ratio matching": rbmlib.RatioMatching,
    }
    for name, make in estimators.items():
        best = min(train_rbmlib(digits.train, 10, seed, make(), n_epochs=5)[0]
                   for seed in range(args.repeats))
        print(f"  {name:24s} {1e3 * best / 5:7.1f} ms per epoch")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
