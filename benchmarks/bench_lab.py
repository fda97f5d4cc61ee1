"""The live training lab without a browser: training updates per second and frames per second.

Drives :class:`rbmlib.lab.TrainingLab` as the Play button does (``lab.tick()`` once per frame),
with the settings of the contrastive-divergence chapter: the binarised digits, PCD-1, 100
chains, 16 hidden units, batch 10, learning rate 0.05.  Each frame trains for the lab's
``seconds_per_tick``, scores the model by exact log-likelihood on the training and test rows,
and renders the figure to PNG; the script reports where a frame's time goes.

Goals (the training-speed issue): at least 500 updates per second while playing, and a frame at
least 5 times a second, on this 2-core machine.  A kernel adds little to this (the widget's
image is sent as bytes), so this measures what a reader of ``make lab`` waits for.

Run with ``.venv/bin/python benchmarks/bench_lab.py`` (part of ``make bench``, not of
``make test``).
Exits with status 1 when a goal is missed.
"""

import argparse
import sys
import time

import numpy as np

import rbmlib
from rbmlib.lab import TrainingLab

UPDATES_GOAL, FRAMES_GOAL = 500.0, 5.0


def training_seconds(lab):
    """Seconds the lab has spent training (its run's clock; ``lab._elapsed`` before the lab
    was split into a package, so that this script also measures the older version)."""
    run = getattr(lab, "_run", None)
    return run.elapsed if run is not None else lab._elapsed


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=60)
    args = parser.parse_args()
    digits = rbmlib.datasets.digits()
    lab = TrainingLab(digits.train, digits.test, image_shape=(8, 8), rng=0, method="PCD",
                      learning_rate=0.05, n_hidden=16, batch_size=10, n_chains=100)
    lab.tick()  # the first frame measures the speed of one update
    parts = {"train": [], "score": [], "draw": []}
    updates = []
    start = time.perf_counter()
    for _ in range(args.frames):
        n_before, train_before = lab.trainer.n_updates, training_seconds(lab)
        # lab.tick() is _step (train, then score) and _show (draw); timed apart here.
        step = timed(lambda: lab._step(None))
        train = training_seconds(lab) - train_before
        parts["train"].append(train)
        parts["score"].append(step - train)
        parts["draw"].append(timed(lambda: lab._show(lab._frame())))
        updates.append(lab.trainer.n_updates - n_before)
    wall = time.perf_counter() - start
    updates_per_second = sum(updates) / sum(parts["train"])
    playing_updates_per_second = sum(updates) / wall
    frames_per_second = args.frames / wall
    print(f"{args.frames} frames in {wall:.2f} s: {frames_per_second:.1f} frames/s "
          f"(goal >= {FRAMES_GOAL:g})")
    print(f"training: {updates_per_second:,.0f} updates/s while training, "
          f"{playing_updates_per_second:,.0f} updates/s of wall time (goal >= {UPDATES_GOAL:g})")
    for name, seconds in parts.items():
        print(f"  {name:5s} median {1e3 * np.median(seconds):6.1f} ms per frame")
    ok = frames_per_second >= FRAMES_GOAL and playing_updates_per_second >= UPDATES_GOAL
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
