"""PCD-1 training speed and quality: rbmlib against scikit-learn's BernoulliRBM.

Goal (issue 3): on the binarised digits (1,497 training rows), n_hidden=16, 20 epochs, batch sizes
10 and 100, the same learning rate and as many persistent chains as rows in a batch (scikit-learn's
setting), ``rbmlib.fit`` with ``rbmlib.PCD`` is at least 1.5× faster than ``BernoulliRBM.fit`` in the
same run, and reaches a better exact test log-likelihood.  Times are the best of several
interleaved repetitions (this machine is shared), each library in its default configuration
(rbmlib's training loop runs BLAS on one thread, scikit-learn on all); the log-likelihoods are
means over seeds.

Run with ``make bench`` or ``.venv/bin/python benchmarks/bench_pcd.py``; exits with status 1 when a
goal is missed.  Not part of ``make test``.
"""

import argparse
import sys
import time
import warnings

import numpy as np
from sklearn.neural_network import BernoulliRBM

import rbmlib

N_HIDDEN, N_EPOCHS, LEARNING_RATE = 16, 20, 0.05


def train_sklearn(train, batch_size, seed):
    model = BernoulliRBM(n_components=N_HIDDEN, learning_rate=LEARNING_RATE,
                         batch_size=batch_size, n_iter=N_EPOCHS, random_state=seed)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(train)
    return time.perf_counter() - start, rbmlib.from_sklearn(model)


def train_rbmlib(train, batch_size, seed):
    # Hinton's guide (section 8): start the visible biases at the data's log-odds, which
    # scikit-learn leaves at zero; the weights start as scikit-learn's do, N(0, 0.01²).
    base = rbmlib.partition.base_rate_rbm(train, N_HIDDEN)  # a = logit of smoothed pixel means
    rbm = base + rbmlib.RBM.random(train.shape[1], N_HIDDEN, rng=seed, scale=0.01)
    rbm, history = rbmlib.fit(rbm, train, rbmlib.PCD(n_chains=batch_size, k=1),
                              n_epochs=N_EPOCHS, batch_size=batch_size,
                              learning_rate=LEARNING_RATE, rng=seed, eval_every=N_EPOCHS,
                              progress=False)
    return history.elapsed[-1], rbm  # training time; fit's evaluations are excluded


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    digits = rbmlib.datasets.digits()
    ok = True
    for batch_size in (10, 100):
        times = {"scikit-learn": [], "rbmlib": []}
        test_ll = {"scikit-learn": [], "rbmlib": []}
        for seed in range(args.repeats):
            for name, train in (("scikit-learn", train_sklearn), ("rbmlib", train_rbmlib)):
                seconds, rbm = train(digits.train, batch_size, seed)
                # Let BLAS worker threads left spinning by the last run go idle before the next
                # one is timed (in either order), so neither library pays for the other.
                time.sleep(0.2)
                times[name].append(seconds)
                test_ll[name].append(rbmlib.exact.log_likelihood(rbm, digits.test))
        best_sk, best_ours = min(times["scikit-learn"]), min(times["rbmlib"])
        speedup = best_sk / best_ours
        ll_sk, ll_ours = np.mean(test_ll["scikit-learn"]), np.mean(test_ll["rbmlib"])
        se = lambda x: np.std(x, ddof=1) / np.sqrt(len(x))  # noqa: E731
        print(f"batch {batch_size:3d}: scikit-learn {best_sk:.3f} s, rbmlib {best_ours:.3f} s "
              f"speedup {speedup:.2f}x (goal >= 1.5)")
        print(f"           exact test log-likelihood, mean over {args.repeats} seeds: "
              f"scikit-learn {ll_sk:.3f} ± {se(test_ll['scikit-learn']):.3f}, "
              f"rbmlib {ll_ours:.3f} ± {se(test_ll['rbmlib']):.3f} nats")
        ok &= speedup >= 1.5 and ll_ours > ll_sk
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
