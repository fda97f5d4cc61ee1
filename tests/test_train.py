"""The training loop, its history, and the scikit-learn bridge."""

import numpy as np
import pytest
from reference import random_rbm

import rbmlib
from rbmlib import RBM, exact

DATA = rbmlib.datasets.bars_and_stripes(3)  # 14 rows of 9 pixels


class Recorder:
    """An estimator that returns a fixed direction and remembers every minibatch it saw."""

    def __init__(self, direction):
        self.direction, self.batches = direction, []

    def __call__(self, rbm, v_batch, rng):
        self.batches.append(np.array(v_batch))
        return self.direction


def test_update_rule_with_momentum_and_weight_decay():
    rbm = random_rbm(9, 4, seed=0)
    g = random_rbm(9, 4, seed=1)
    lr, mu, lam = 0.1, 0.5, 0.01
    trainer = rbmlib.Trainer(rbm, DATA, Recorder(g), batch_size=7, learning_rate=lr, momentum=mu,
                             weight_decay=lam, rng=0)
    trainer.run(3)
    # Δθ ← μΔθ + ε(g − λW̄), θ ← θ + Δθ, by hand, with W̄ = W for weights and 0 for biases.
    theta, delta = rbm.to_vector(), np.zeros(rbm.n_parameters)
    n_w = 9 * 4
    for _ in range(3):
        decay = np.zeros_like(theta)
        decay[:n_w] = lam * theta[:n_w]
        delta = mu * delta + lr * (g.to_vector() - decay)
        theta = theta + delta
    np.testing.assert_allclose(trainer.rbm.to_vector(), theta, rtol=1e-13)


def test_every_row_is_visited_once_per_epoch_in_a_fresh_order():
    recorder = Recorder(RBM.zeros(9, 2))
    trainer = rbmlib.Trainer(RBM.zeros(9, 2), DATA, recorder, batch_size=4, learning_rate=0.1,
                             rng=0)
    trainer.run_epochs(2)
    assert trainer.epoch == 2.0 and trainer.n_updates == 2 * 4  # 14 rows → batches 4, 4, 4, 2
    assert [len(b) for b in recorder.batches] == [4, 4, 4, 2] * 2
    for epoch in range(2):
        rows = np.vstack(recorder.batches[4 * epoch:4 * epoch + 4])
        assert sorted(map(tuple, rows)) == sorted(map(tuple, DATA))
    first, second = np.vstack(recorder.batches[:4]), np.vstack(recorder.batches[4:])
    assert not np.array_equal(first, second)


def test_exact_gradient_ascent_increases_the_exact_log_likelihood():
    trainer = rbmlib.Trainer(random_rbm(9, 4, seed=2, scale=0.3), DATA, rbmlib.ExactGradient(),
                             batch_size=len(DATA), learning_rate=1.0, rng=0)
    values = [exact.log_likelihood(trainer.rbm, DATA)]
    for _ in range(30):
        trainer.run(1)
        values.append(exact.log_likelihood(trainer.rbm, DATA))
    # Deterministic full-batch ascent with a modest step: every step must gain (up to round-off).
    assert np.all(np.diff(values) > -1e-12)
    assert values[-1] > values[0] + 0.3


def test_pcd_learns_the_digits_beyond_the_independent_baseline():
    digits = rbmlib.datasets.digits()
    start = rbmlib.partition.base_rate_rbm(digits.train, 16) + RBM.random(64, 16, rng=0)
    baseline = exact.log_likelihood(start, digits.test)  # W ≈ 0: the independent-pixel model
    rbm, history = rbmlib.fit(start, digits.train, rbmlib.PCD(n_chains=100), n_epochs=20,
                              batch_size=10, learning_rate=0.05, rng=0, test_data=digits.test,
                              progress=False)
    assert history.test_log_likelihood[0] == pytest.approx(baseline)
    assert history.test_log_likelihood[-1] > baseline + 2.0  # two nats per image: far beyond any noise


def test_fit_records_its_history():
    rbm, history = rbmlib.fit(RBM.random(9, 3, rng=0), DATA, rbmlib.CD(1), n_epochs=6,
                              batch_size=5, learning_rate=0.1, rng=0, test_data=DATA[:4],
                              eval_every=2, snapshot_every=3, progress=False)
    assert history.epoch == [0.0, 2.0, 4.0, 6.0]
    assert [e for e, _ in history.snapshots] == [0.0, 3.0, 6.0]
    assert history.snapshots[-1][1].to_vector().tolist() == rbm.to_vector().tolist()
    assert history.test_log_likelihood[-1] == pytest.approx(exact.log_likelihood(rbm, DATA[:4]))
    assert history.elapsed[0] == 0.0 and np.all(np.diff(history.elapsed) > 0)
    assert len(history.reconstruction_error) == 4 and not history.stopped_early


def test_fit_is_reproducible_from_its_seed():
    runs = [rbmlib.fit(RBM.random(9, 3, rng=0), DATA, rbmlib.PCD(10), n_epochs=3, batch_size=5,
                       learning_rate=0.1, rng=42, progress=False)[0] for _ in range(2)]
    np.testing.assert_array_equal(runs[0].to_vector(), runs[1].to_vector())


def test_fit_stops_early():
    calls = []

    def stop_at_second(trainer, history):
        calls.append(trainer.epoch)
        return len(calls) == 2

    _, history = rbmlib.fit(RBM.random(9, 3, rng=0), DATA, rbmlib.CD(1), n_epochs=10,
                            batch_size=5, learning_rate=0.1, rng=0, callback=stop_at_second,
                            progress=False)
    assert history.stopped_early and history.epoch == [0.0, 1.0, 2.0]
    # patience: a zero direction never improves, so training stops after `patience` evaluations.
    _, history = rbmlib.fit(RBM.random(9, 3, rng=0), DATA, Recorder(RBM.zeros(9, 3)), n_epochs=10,
                            batch_size=5, learning_rate=0.1, rng=0, patience=2, progress=False)
    assert history.stopped_early and history.epoch == [0.0, 1.0, 2.0]


def test_log_likelihood_is_nan_when_the_model_cannot_be_enumerated():
    data = np.zeros((4, 30))
    _, history = rbmlib.fit(RBM.random(30, 30, rng=0), data, rbmlib.CD(1), n_epochs=1,
                            batch_size=2, learning_rate=0.1, rng=0, progress=False)
    assert np.isnan(history.train_log_likelihood).all()


def test_divergence_is_refused_not_returned():
    trainer = rbmlib.Trainer(random_rbm(9, 3, seed=0), DATA, Recorder(RBM(np.full((9, 3), 1e300),
                             np.zeros(9), np.zeros(3))), batch_size=5, learning_rate=1e10, rng=0)
    with pytest.raises(ValueError, match="training diverged"):
        trainer.run(1)


def test_fit_does_not_modify_its_inputs():
    data, rbm = DATA.copy(), RBM.random(9, 3, rng=0)
    W = rbm.W.copy()
    rbmlib.fit(rbm, data, rbmlib.PCD(5), n_epochs=2, batch_size=5, learning_rate=0.1, rng=0,
               progress=False)
    np.testing.assert_array_equal(data, DATA)
    np.testing.assert_array_equal(rbm.W, W)


def test_reconstruction_error_from_its_definition():
    rbm = random_rbm(9, 3, seed=3)
    total = 0.0
    for v in DATA:
        p_h = 1 / (1 + np.exp(-(rbm.b + v @ rbm.W)))
        v_hat = 1 / (1 + np.exp(-(rbm.a + rbm.W @ p_h)))
        total += np.sum((v - v_hat) ** 2)
    assert rbmlib.reconstruction_error(rbm, DATA) == pytest.approx(total / len(DATA), rel=1e-12)


def test_from_sklearn_reproduces_sklearns_free_energy():
    from sklearn.neural_network import BernoulliRBM

    digits = rbmlib.datasets.digits()
    model = BernoulliRBM(n_components=8, n_iter=2, random_state=0).fit(digits.train)
    rbm = rbmlib.from_sklearn(model)
    assert rbm.W.shape == (64, 8)
    np.testing.assert_allclose(rbmlib.free_energy(rbm, digits.test),
                               model._free_energy(digits.test), rtol=1e-12)
    np.testing.assert_allclose(rbmlib.prob_h_given_v(rbm, digits.test),
                               model.transform(digits.test), rtol=1e-12)


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be"),
        ({"learning_rate": -1.0}, ValueError, "learning_rate must be"),
        ({"batch_size": 15}, ValueError, r"batch_size must be at most the number of data rows \(14\)"),
        ({"batch_size": 0}, ValueError, "batch_size must be"),
        ({"momentum": 1.0}, ValueError, r"momentum must lie in \[0, 1\)"),
        ({"weight_decay": -0.1}, ValueError, "weight_decay must be at least 0"),
        ({"estimator": "pcd"}, TypeError, "estimator must be callable"),
        ({"data": DATA[:, :8]}, ValueError, "data must have 9 columns"),
        ({"data": DATA * 0.5}, ValueError, "data must be binary"),
        ({"rng": None}, TypeError, "rng"),
        ({"dtype": "int32"}, ValueError, "dtype must be numpy.float64 or numpy.float32; got int32"),
        ({"dtype": np.float16}, ValueError, "dtype must be numpy.float64 or numpy.float32"),
        ({"dtype": "nope"}, TypeError, "dtype must be numpy.float64 or numpy.float32; got 'nope'"),
    ],
)
def test_trainer_bad_input(kwargs, error, pattern):
    args = {"rbm": RBM.zeros(9, 3), "data": DATA, "estimator": rbmlib.CD(1), "batch_size": 5,
            "learning_rate": 0.1, "rng": 0}
    args.update(kwargs)
    with pytest.raises(error, match=pattern):
        rbmlib.Trainer(**args)


def test_fit_bad_input():
    with pytest.raises(ValueError, match="test_data must have 9 columns"):
        rbmlib.fit(RBM.zeros(9, 3), DATA, rbmlib.CD(1), rng=0, test_data=DATA[:, :3],
                   batch_size=5, progress=False)
    with pytest.raises(TypeError, match="estimator must return an RBM"):
        rbmlib.fit(RBM.zeros(9, 3), DATA, lambda rbm, v, rng: 0.0, rng=0, batch_size=5,
                   progress=False)
    with pytest.raises(TypeError, match="model must be a fitted"):
        rbmlib.from_sklearn(object())


def test_fit_trains_a_gaussian_rbm_by_exact_likelihood():
    from rbmlib import gaussian

    data = gaussian.ring(300, np.random.default_rng(0))
    start = gaussian.GaussianRBM.random(2, 6, rng=0, scale=0.3, sigma=0.5)
    model, history = rbmlib.fit(start, data, gaussian.MaximumLikelihood(), n_epochs=10,
                                batch_size=50, learning_rate=0.02, rng=0, test_data=data[:50],
                                progress=False)
    assert isinstance(model, gaussian.GaussianRBM)
    assert history.train_log_likelihood[0] == pytest.approx(gaussian.log_likelihood(start, data))
    # Measured gain 0.18 nats; stochastic minibatch ascent, so require a clear but smaller one.
    assert history.train_log_likelihood[-1] > history.train_log_likelihood[0] + 0.1
    assert np.isnan(history.reconstruction_error).all()  # the binary monitor does not apply
    np.testing.assert_array_equal(model.log_sigma, start.log_sigma)  # σ fixed by default


def test_fit_refuses_mismatched_models_and_data():
    from rbmlib import gaussian

    with pytest.raises(ValueError, match="data must be binary"):
        rbmlib.fit(RBM.zeros(2, 3), [[0.5, 1.2]], rbmlib.CD(1), rng=0, batch_size=1)
    with pytest.raises(TypeError, match="rbm must be an rbmlib.RBM or an rbmlib.GaussianRBM"):
        rbmlib.fit("model", DATA, rbmlib.CD(1), rng=0, batch_size=1)
    with pytest.raises(ValueError, match=r"data must have shape \(n_samples ≥ 1, 2\)"):
        rbmlib.fit(gaussian.GaussianRBM.zeros(2, 3), np.zeros((4, 3)), rbmlib.CD(1), rng=0,
                   batch_size=1)


def test_a_diverging_gaussian_rbm_is_reported_as_divergence():
    from rbmlib import gaussian
    from rbmlib.score_matching import ScoreMatching

    # Reproducer from the score-matching chapter: ten times the stable learning rate.
    data = gaussian.ring(500, np.random.default_rng(0))
    start = gaussian.GaussianRBM.random(2, 8, rng=1, scale=0.5, sigma=0.3)
    with pytest.raises(ValueError, match="training diverged"):
        rbmlib.fit(start, data, ScoreMatching(), n_epochs=2000, batch_size=500,
                   learning_rate=1e-2, momentum=0.9, rng=2, progress=False)
    trainer = rbmlib.Trainer(start, data, ScoreMatching(), batch_size=500, learning_rate=1e-2,
                             momentum=0.9, rng=2)
    with pytest.raises(ValueError, match="training diverged"):
        trainer.run(2000)


@pytest.mark.parametrize("make", [lambda: rbmlib.PCD(n_chains=10), lambda: rbmlib.CD(k=2),
                                  lambda: rbmlib.FastPCD(n_chains=10)], ids=["PCD", "CD-2", "FPCD"])
def test_float32_sweeps_learn_what_float64_sweeps_learn(make):
    """The float32 option changes the precision of the sweeps (relative 6e-8), not what is
    learnt.  Over 6 seeds, 3 epochs on the digits (8 hidden units) lift the exact test
    log-likelihood by about 1.8 nats with a standard error of about 0.17; both precisions must
    lift it by more than a nat, and their means must agree within 4 standard errors of the
    difference (a false alarm once in 16,000 runs; a float32 path that learnt nothing would be
    10 standard errors away)."""
    split = rbmlib.datasets.digits()
    scores = {np.float64: [], np.float32: []}
    starts = []
    for seed in range(6):
        start = (rbmlib.partition.base_rate_rbm(split.train, 8)
                 + RBM.random(64, 8, rng=seed, scale=0.01))
        starts.append(exact.log_likelihood(start, split.test))
        for dtype in scores:
            trained, _ = rbmlib.fit(start, split.train, make(), n_epochs=3, batch_size=10,
                                    learning_rate=0.1, rng=seed, eval_every=3, progress=False,
                                    dtype=dtype)
            scores[dtype].append(exact.log_likelihood(trained, split.test))
    single, double = (np.array(scores[t]) for t in (np.float32, np.float64))
    se = np.hypot(single.std(ddof=1), double.std(ddof=1)) / np.sqrt(len(single))
    assert abs(single.mean() - double.mean()) < 4 * se, (single, double)
    assert single.mean() > np.mean(starts) + 1.0 and double.mean() > np.mean(starts) + 1.0
