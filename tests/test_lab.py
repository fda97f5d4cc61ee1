"""The training lab, driven without a kernel: ipywidgets objects work in plain Python.

Timing is not asserted here (it depends on the machine); the chapter's report measures it.
"""

import numpy as np
import pytest
from scipy.special import logit

import rbmlib
from rbmlib import RBM, exact
from rbmlib.datasets import bars_and_stripes, digits
from rbmlib.lab import METHODS, TrainingLab, independent_log_likelihood


def ends(control):
    """The smallest and largest values a control offers (as tests/widget_probe.py moves them)."""
    if hasattr(control, "base"):  # FloatLogSlider: min and max are exponents
        return control.base**control.min, control.base**control.max
    if hasattr(control, "min"):
        return control.min, control.max
    return control.options[0], control.options[-1]


@pytest.fixture(scope="module")
def digit_subset():
    split = digits()
    return split.train[:200], split.test[:50]


@pytest.mark.parametrize("end", [0, 1], ids=["min", "max"])
def test_every_control_at_both_ends_trains_and_redraws(end):
    lab = TrainingLab(bars_and_stripes(3), rng=0, seconds_per_tick=0.005, dpi=36)
    for control in lab.controls:
        control.value = ends(control)[end]
    lab.reset()
    assert len(lab.history.epoch) == 1
    before = lab.image.value
    lab.tick()
    lab.tick()
    assert len(lab.history.epoch) == 3
    assert lab.trainer.n_updates >= 2
    assert np.all(np.isfinite(lab.history.train_log_likelihood))
    assert lab.image.value != before
    assert lab.image.value[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("method", METHODS)
def test_each_method_on_digits(method, digit_subset):
    train, test = digit_subset
    lab = TrainingLab(train, test, (8, 8), rng=1, method=method, n_hidden=6, dpi=36)
    first = lab.image.value
    lab.tick(n_updates=20)
    lab.tick(n_updates=20)
    assert lab.trainer.n_updates == 40
    assert len(lab.history.test_log_likelihood) == 3
    assert np.all(np.isfinite(lab.history.test_log_likelihood))
    assert lab.history.epoch == sorted(lab.history.epoch)
    assert lab.image.value != first
    # Forty updates from near-zero weights learn at least the pixel biases.
    assert lab.history.train_log_likelihood[-1] > lab.history.train_log_likelihood[0]


def test_persistent_methods_show_their_own_chains(digit_subset):
    train, test = digit_subset
    lab = TrainingLab(train, test, (8, 8), rng=2, method="PCD", n_chains=30, n_hidden=4)
    lab.tick(n_updates=5)
    samples, title = lab._samples()
    assert "fantasy particles" in title
    np.testing.assert_array_equal(samples, lab.trainer.estimator.chains.v[:lab.n_shown])
    lab.method.value = "CD-k"
    samples, title = lab._samples()
    assert "display chains" in title and samples.shape == (lab.n_shown, 64)


def test_k_and_learning_rate_change_on_the_fly_other_controls_reset():
    lab = TrainingLab(bars_and_stripes(3), rng=3, method="PCD", n_hidden=5, dpi=36)
    lab.tick(n_updates=10)
    estimator = lab.trainer.estimator
    lab.k.value = 7
    lab.learning_rate.value = 0.2
    assert lab.trainer.estimator is estimator and estimator.k == 7
    assert lab.trainer.learning_rate == pytest.approx(0.2)
    assert lab.trainer.n_updates == 10
    lab.n_hidden.value = 6
    assert lab.trainer.n_updates == 0 and lab.trainer.rbm.n_hidden == 6
    assert len(lab.history.epoch) == 1
    lab.method.value = "exact"
    assert isinstance(lab.trainer.estimator, rbmlib.ExactGradient)
    assert lab.k.disabled and lab.n_chains.disabled
    lab.method.value = "Fast PCD"
    assert isinstance(lab.trainer.estimator, rbmlib.FastPCD)
    assert not lab.k.disabled and not lab.n_chains.disabled


def test_changing_k_or_the_learning_rate_redraws_at_once():
    # Stopped (no tick), the figure's title must follow the controls, not the last frame.
    lab = TrainingLab(bars_and_stripes(3), rng=4, method="PCD", n_hidden=4, dpi=36)
    lab.tick(n_updates=5)
    before = lab.image.value
    lab.learning_rate.value = 0.0631
    assert lab.image.value != before
    assert "learning rate 0.0631" in lab._figure.title.get_text()
    before = lab.image.value
    lab.k.value = 3
    assert lab.image.value != before
    assert lab._figure.title.get_text().startswith("PCD-3,")
    assert lab.trainer.n_updates == 5  # redrawn, not retrained


def test_play_ticks_and_drops_queued_ticks():
    lab = TrainingLab(bars_and_stripes(3), rng=4, n_hidden=4, seconds_per_tick=0.001, dpi=36)
    lab.play.value += 1
    assert len(lab.history.epoch) == 2
    lab.play.value += 1  # arrives at once after the last tick: a queued tick, dropped
    assert len(lab.history.epoch) == 2


def test_divergence_is_reported_not_raised():
    lab = TrainingLab(bars_and_stripes(3), rng=5, n_hidden=4, dpi=36)
    lab.tick(n_updates=3)
    lab.trainer.learning_rate = 1e308  # beyond any slider: forces non-finite parameters
    lab.play.playing = True
    lab.tick(n_updates=5)
    assert "diverged" in lab.status.value
    assert not lab.play.playing
    n_records = len(lab.history.epoch)
    lab.tick()  # nothing to train; the last good frame is shown again
    assert len(lab.history.epoch) == n_records
    lab.reset()
    assert "diverged" not in lab.status.value
    lab.tick(n_updates=3)
    assert np.isfinite(lab.history.train_log_likelihood[-1])


def test_animation_replays_the_same_figure():
    lab = TrainingLab(bars_and_stripes(3), rng=6, n_hidden=4, method="PCD", dpi=36)
    anim = lab.animation(n_frames=3, updates_per_frame=5)
    html = anim.to_jshtml()
    assert html.count("data:image/png;base64") == 3
    assert lab.trainer.n_updates == 10 and len(lab.history.epoch) == 3


def test_displays_as_its_widget():
    lab = TrainingLab(bars_and_stripes(2), rng=7, n_hidden=2)
    bundle = lab._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert lab.image in lab.widget.children


def test_independent_log_likelihood_is_the_best_rbm_with_zero_weights():
    # Independent pixels with means m are the RBM with W = 0 and a = logit(m); its exact
    # log-likelihood (by enumeration) must equal the closed form up to float64 round-off.
    rng = np.random.default_rng(8)
    train = (rng.random((40, 7)) < rng.uniform(0.2, 0.8, size=7)).astype(float)
    test = (rng.random((10, 7)) < 0.5).astype(float)
    m = train.mean(axis=0)
    assert np.all((m > 0) & (m < 1))
    rbm = RBM(np.zeros((7, 3)), logit(m), np.zeros(3))
    for data in (train, test):
        expected = exact.log_likelihood(rbm, data)
        assert independent_log_likelihood(train, data) == pytest.approx(expected, abs=1e-12)
    # Any other visible biases do worse on the training rows.
    worse = RBM(np.zeros((7, 3)), logit(m) + 0.1, np.zeros(3))
    assert exact.log_likelihood(worse, train) < independent_log_likelihood(train, train)


def test_independent_log_likelihood_of_unseen_pixels_is_minus_infinity():
    train = np.array([[0, 1], [0, 0]])
    assert independent_log_likelihood(train, [[1, 0]]) == -np.inf
    assert np.isfinite(independent_log_likelihood(train, [[0, 1]]))


def test_bad_arguments():
    bas = bars_and_stripes(3)
    with pytest.raises(ValueError, match="method must be one of"):
        TrainingLab(bas, method="CD-1")
    with pytest.raises(ValueError, match="image_shape must multiply to n_visible = 9"):
        TrainingLab(bas, image_shape=(2, 4))
    with pytest.raises(ValueError, match="test_data must have 9 columns"):
        TrainingLab(bas, test_data=np.zeros((2, 4)))
    with pytest.raises(ValueError, match="data must be binary"):
        TrainingLab(bas * 0.5)
    with pytest.raises(ValueError, match="n_updates must be at least 1"):
        TrainingLab(bas, n_hidden=2).tick(n_updates=0)


def test_data_is_not_modified():
    bas = bars_and_stripes(3)
    copy = bas.copy()
    lab = TrainingLab(bas, bas[:4], rng=9, n_hidden=3)
    lab.tick(n_updates=5)
    np.testing.assert_array_equal(bas, copy)


def _append_records(lab, log_likelihoods):
    """Records with these train log-likelihoods, as if the lab had ticked (no test rows)."""
    h = lab.history
    for value in log_likelihoods:
        h.epoch.append(h.epoch[-1] + 1.0)
        h.elapsed.append(h.elapsed[-1])
        h.reconstruction_error.append(h.reconstruction_error[-1])
        h.train_log_likelihood.append(value)
        h.test_log_likelihood.append(np.nan)


@pytest.mark.parametrize("curve, gap", [
    ([-5.0, -6.5, -6.0, -7.0], 1.0),    # three ticks ≥ 1 nat below the best (-5): unstable
    ([-5.0, -8.0, -5.5, -9.0], 0.5),    # swinging, but one tick came within half a nat
    ([-5.0, -5.2, -5.4, -5.6], 0.2),    # a slow fall of a fraction of a nat: not flagged
    ([-8.0, -7.0, -6.0, -5.0], 0.0),    # rising: every tick is the best so far
])
def test_a_log_likelihood_far_below_its_best_is_flagged_unstable(curve, gap):
    lab = TrainingLab(bars_and_stripes(3), rng=0, n_hidden=4, dpi=36)
    _append_records(lab, curve)
    lab._show(lab._frame())
    assert lab._run.below_best(3)[0] == pytest.approx(gap)
    assert ("unstable" in lab.status.value) == (gap >= 1.0), lab.status.value
