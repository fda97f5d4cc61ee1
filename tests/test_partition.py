"""Estimators of log Z against exact enumeration and brute-force sums on tiny models.

Monte Carlo checks allow Z_SCORE = 5 standard errors, each computed in the test from the same draws
(sd/√n of the weights being averaged): a correct estimator fails one such check with probability
about 6e-7.  The quantity checked is always one with a known expectation: the weights w, whose
mean is Z/Z_base (forward) or Z_base/Z (1/w, reverse from exact samples), never log Ẑ itself, which
is biased.  Seeds are fixed so every run is reproducible.
"""

import numpy as np
import pytest
from reference import Joint, random_rbm
from reference_partition import ExactSampler, log_bernoulli, log_p_tilde, path_rbm
from scipy.optimize import brentq
from scipy.stats import binom

from rbmlib import RBM, exact
from rbmlib.bridge import bridge, bridge_sampling
from rbmlib.partition import (
    AISResult,
    ais,
    base_rate_rbm,
    importance_sampling,
    log_likelihood_estimate,
    log_partition_independent,
    reverse_ais,
    salakhutdinov_schedule,
)

Z_SCORE = 5.0
RBM_6x4 = random_rbm(6, 4, seed=1, scale=1.0)
LOG_Z = exact.log_partition(RBM_6x4)
SAMPLE_6x4 = ExactSampler(RBM_6x4)
PROBS = np.array([0.2, 0.7, 0.5, 0.9, 0.3, 0.4])
BASES = {
    "uniform": None,
    "probabilities": PROBS,
    "base-rate": base_rate_rbm(np.random.default_rng(0).random((30, 6)) < PROBS, n_hidden=4),
}


def z_score(values, expected):
    """(mean − expected) in units of the standard error sd/√n of the mean."""
    return (values.mean() - expected) / (values.std(ddof=1) / np.sqrt(values.size))


def base_probs(base):
    if base is None:
        return np.full(6, 0.5)
    return np.asarray(base) if not isinstance(base, RBM) else 1 / (1 + np.exp(-base.a))


# --- base distributions ------------------------------------------------------------------------
@pytest.mark.parametrize("alpha", [1.0, 0.5])
def test_base_rate_rbm_is_the_logit_of_smoothed_frequencies(alpha):
    data = (np.random.default_rng(1).random((20, 5)) < 0.4).astype(float)
    data[:, 0], data[:, 1] = 0.0, 1.0  # a pixel never on and one always on: still finite
    base = base_rate_rbm(data, n_hidden=3, pseudo_count=alpha)
    for i in range(5):
        p = (sum(row[i] for row in data) + alpha) / (len(data) + 2 * alpha)
        assert base.a[i] == pytest.approx(np.log(p / (1 - p)), abs=1e-12)
    assert np.all(base.W == 0) and np.all(base.b == 0) and base.W.shape == (5, 3)


def test_log_partition_independent_matches_the_joint_table():
    base = base_rate_rbm([[1, 0, 0, 1], [1, 1, 0, 0]], n_hidden=3)
    assert log_partition_independent(base) == pytest.approx(Joint(base).log_Z, abs=1e-10)
    expected = np.logaddexp(0, base.a).sum() + 3 * np.log(2)  # Σ softplus(a_i) + n_hidden log 2
    assert log_partition_independent(base) == pytest.approx(expected, abs=1e-12)
    with_b = RBM(np.zeros((4, 2)), base.a, [0.3, -2.0])
    assert log_partition_independent(with_b) == pytest.approx(Joint(with_b).log_Z, abs=1e-10)


# --- importance sampling -----------------------------------------------------------------------
@pytest.mark.parametrize("name", BASES)
def test_importance_weights_are_p_tilde_over_q(name):
    proposal = BASES[name]
    q = base_probs(proposal)
    allowed = [log_p_tilde(RBM_6x4, v) - log_bernoulli(v, q) for v in Joint(RBM_6x4).V]
    result = importance_sampling(RBM_6x4, 500, rng=0, proposal=proposal)
    distance = np.min(np.abs(result.log_w[:, None] - np.array(allowed)[None, :]), axis=1)
    assert np.all(distance < 1e-10) and result.log_z_base == 0.0


@pytest.mark.parametrize("name", BASES)
def test_importance_sampling_is_unbiased_for_Z(name):
    result = importance_sampling(RBM_6x4, 20_000, rng=2, proposal=BASES[name])
    w = np.exp(result.log_w + result.log_z_base - LOG_Z)  # E[w] = 1 for an unbiased Ẑ
    assert abs(z_score(w, 1.0)) < Z_SCORE


# --- annealed importance sampling --------------------------------------------------------------
@pytest.mark.parametrize("name", BASES)
@pytest.mark.parametrize(("n_betas", "schedule"), [(5, None), (20, None), (20, "salakhutdinov")])
def test_ais_is_unbiased_for_Z(name, n_betas, schedule):
    result = ais(RBM_6x4, 20_000, n_betas, rng=3, base=BASES[name], schedule=schedule)
    w = np.exp(result.log_w + result.log_z_base - LOG_Z)
    assert abs(z_score(w, 1.0)) < Z_SCORE


@pytest.mark.parametrize("name", BASES)
def test_ais_with_two_betas_weighs_one_jump_from_the_base(name):
    # K = 1: log w = log p̃_1(v_0) − log p̃_0(v_0), with p̃_0 the β = 0 end of the path.
    base = BASES[name]
    a_base = np.log(base_probs(base) / (1 - base_probs(base)))
    start = path_rbm(RBM_6x4, a_base, 0.0)
    V = Joint(RBM_6x4).V
    allowed = np.array([log_p_tilde(RBM_6x4, v) - log_p_tilde(start, v) for v in V])
    result = ais(RBM_6x4, 300, 2, rng=4, base=base)
    assert np.all(np.min(np.abs(result.log_w[:, None] - allowed[None, :]), axis=1) < 1e-10)
    assert result.log_z_base == pytest.approx(Joint(start).log_Z, abs=1e-10)


def test_ais_partial_weights_are_unbiased_for_intermediate_Z():
    # The traced partial weight at β_k is an AIS estimate of Z_{β_k}/Z_0 in its own right.
    base = BASES["probabilities"]
    result = ais(RBM_6x4, 20_000, 40, rng=5, base=base, trace=True)
    a_base = np.log(PROBS / (1 - PROBS))
    for row in (5, len(result.trace_betas) // 2):
        beta = result.trace_betas[row]
        log_z_beta = exact.log_partition(path_rbm(RBM_6x4, a_base, beta))
        w = np.exp(result.trace_log_w[row] + result.log_z_base - log_z_beta)
        assert abs(z_score(w, 1.0)) < Z_SCORE


def test_ais_error_shrinks_with_more_betas():
    # The variance of log w falls roughly like 1/K, so 100× more βs should cut the error ~10×;
    # asking for a factor 3 on averages over 8 seeds leaves room for the seeds' scatter.
    def mean_error(n_betas):
        return np.mean([abs(ais(RBM_6x4, 100, n_betas, rng=s).log_z - LOG_Z) for s in range(8)])

    assert mean_error(1000) < mean_error(10) / 3


def test_ais_interval_covers_the_truth_at_the_stated_rate():
    # 200 independent repetitions of a 50-run AIS, taken as 200 groups of one 10,000-run call.
    n_reps, n_runs = 200, 50
    log_w = ais(RBM_6x4, n_reps * n_runs, 20, rng=6).log_w.reshape(n_reps, n_runs)
    base = ais(RBM_6x4, 1, 2, rng=0).log_z_base
    results = [AISResult.from_log_weights(row, base) for row in log_w]
    misses = sum(not (r.interval[0] <= LOG_Z <= r.interval[1]) for r in results)
    # ±3σ misses 0.27% under normality; allow a true miss rate up to 1% (the sample sd of skewed
    # weights runs low): at 1% the chance of more misses than this is below 1e-4.
    assert misses <= binom.ppf(1 - 1e-4, n_reps, 0.01)
    # ±1σ: the std is calibrated, not merely wide; 68.3% coverage within 4 binomial SE.
    inside_1sd = np.mean([abs(r.log_z - LOG_Z) <= r.std for r in results])
    assert abs(inside_1sd - 0.6827) < 4 * np.sqrt(0.6827 * 0.3173 / n_reps)


def test_ais_trace_ends_at_the_final_weights():
    result = ais(RBM_6x4, 7, 500, rng=7, trace=True)
    assert result.trace_log_w.shape == (len(result.trace_betas), 7)
    assert len(result.trace_betas) <= 100 and result.trace_betas[-1] == 1.0
    assert np.all(np.diff(result.trace_betas) > 0)
    np.testing.assert_array_equal(result.trace_log_w[-1], result.log_w)
    assert ais(RBM_6x4, 7, 500, rng=7).trace_log_w is None


def test_salakhutdinov_schedule_keeps_the_published_steps():
    betas = salakhutdinov_schedule(14_501)  # the 14,500 steps of Salakhutdinov & Murray (2008)
    steps = np.diff(betas)
    np.testing.assert_allclose(steps[:500], 1e-3, rtol=1e-6)
    np.testing.assert_allclose(steps[500:4500], 1e-4, rtol=1e-6)
    np.testing.assert_allclose(steps[4500:], 1e-5, rtol=1e-6)
    for n in (4, 5, 29, 1000):
        betas = salakhutdinov_schedule(n)
        assert len(betas) == n and betas[0] == 0 and betas[-1] == 1
        assert np.all(np.diff(betas) > 0) and {0.5, 0.9} <= set(betas)


# --- reverse AIS --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", BASES)
def test_reverse_weight_with_two_betas_is_the_forward_jump(name):
    base = BASES[name]
    a_base = np.log(base_probs(base) / (1 - base_probs(base)))
    V = Joint(RBM_6x4).V
    expected = [log_p_tilde(RBM_6x4, v) - log_p_tilde(path_rbm(RBM_6x4, a_base, 0.0), v) for v in V]
    result = reverse_ais(RBM_6x4, V, 2, rng=0, base=base)
    np.testing.assert_allclose(result.log_w, expected, atol=1e-10)


@pytest.mark.parametrize("name", BASES)
@pytest.mark.parametrize("n_betas", [3, 20])
def test_reverse_ais_from_exact_samples_is_unbiased_for_one_over_Z(name, n_betas):
    # E[1/w] = Z_base/Z: the identity that makes reverse AIS an upper bound on log Z.
    v = SAMPLE_6x4(20_000, np.random.default_rng(8))
    result = reverse_ais(RBM_6x4, v, n_betas, rng=9, base=BASES[name])
    u = np.exp(LOG_Z - result.log_z_base - result.log_w)  # (1/w) / (Z_base/Z): mean 1
    assert abs(z_score(u, 1.0)) < Z_SCORE


def test_forward_and_reverse_ais_sandwich_log_Z():
    # 40 repetitions of 20 runs with 10 βs, as groups of one call each way.
    n_reps, n_runs = 40, 20
    forward = ais(RBM_6x4, n_reps * n_runs, 10, rng=10)
    v = SAMPLE_6x4(n_reps * n_runs, np.random.default_rng(11))
    backward = reverse_ais(RBM_6x4, v, 10, rng=12)

    def group_estimates(result):
        rows = result.log_w.reshape(n_reps, n_runs)
        return np.array([
            AISResult.from_log_weights(r, result.log_z_base, reverse=result.reverse).log_z
            for r in rows
        ])

    low, high = group_estimates(forward), group_estimates(backward)
    se_low, se_high = low.std(ddof=1) / np.sqrt(n_reps), high.std(ddof=1) / np.sqrt(n_reps)
    assert low.mean() <= LOG_Z + Z_SCORE * se_low  # E[log Ẑ_forward] ≤ log Z
    assert high.mean() >= LOG_Z - Z_SCORE * se_high  # E[log Ẑ_reverse] ≥ log Z
    assert backward.reverse and not forward.reverse


def test_reverse_trace_runs_from_one_down_to_zero():
    v = SAMPLE_6x4(5, np.random.default_rng(0))
    result = reverse_ais(RBM_6x4, v, 50, rng=1, trace=True)
    assert result.trace_betas[-1] == 0.0 and np.all(np.diff(result.trace_betas) < 0)
    np.testing.assert_allclose(result.trace_log_w[-1], result.log_w, atol=1e-12)


# --- bridge sampling ---------------------------------------------------------------------------
RBM_A, RBM_B = random_rbm(6, 4, seed=11, scale=1.0), random_rbm(6, 3, seed=12, scale=1.0)
LOG_RATIO = exact.log_partition(RBM_B) - exact.log_partition(RBM_A)
SAMPLE_A, SAMPLE_B = ExactSampler(RBM_A), ExactSampler(RBM_B)


@pytest.mark.parametrize("method", ["geometric", "optimal"])
def test_bridge_matches_the_exact_ratio(method):
    rng = np.random.default_rng(13)
    v_a, v_b = SAMPLE_A(5000, rng), SAMPLE_B(3000, rng)
    result = bridge(RBM_A, RBM_B, v_a, v_b, method=method)
    assert abs(result.log_ratio - LOG_RATIO) < Z_SCORE * result.std
    assert result.method == method and (result.n_iter > 0) == (method == "optimal")


def test_optimal_bridge_solves_the_meng_wong_equation():
    # Reference: the root r of Σ_a l/(s_b l + s_a r)/n_a = r Σ_b 1/(s_b l + s_a r)/n_b.
    rng = np.random.default_rng(14)
    v_a, v_b = SAMPLE_A(400, rng), SAMPLE_B(250, rng)
    l_a = np.exp([log_p_tilde(RBM_B, v) - log_p_tilde(RBM_A, v) for v in v_a])
    l_b = np.exp([log_p_tilde(RBM_B, v) - log_p_tilde(RBM_A, v) for v in v_b])
    s_a, s_b = 400 / 650, 250 / 650

    def equation(r):
        return np.mean(l_a / (s_b * l_a + s_a * r)) - r * np.mean(1 / (s_b * l_b + s_a * r))

    r = brentq(equation, 1e-6, 1e6, xtol=1e-14, rtol=1e-14)
    result = bridge_sampling(np.log(l_a), np.log(l_b), method="optimal")
    assert result.log_ratio == pytest.approx(np.log(r), abs=1e-8)
    assert bridge(RBM_A, RBM_B, v_a, v_b).log_ratio == pytest.approx(np.log(r), abs=1e-8)
    geometric = np.log(np.mean(np.sqrt(l_a)) / np.mean(1 / np.sqrt(l_b)))
    assert bridge_sampling(np.log(l_a), np.log(l_b), method="geometric").log_ratio == (
        pytest.approx(geometric, abs=1e-12)
    )


@pytest.mark.parametrize("method", ["geometric", "optimal"])
def test_bridge_std_matches_the_spread_over_repetitions(method):
    # The sd of R estimates has relative standard error 1/√(2(R − 1)); allow 4 of them.
    n_reps, rng = 100, np.random.default_rng(15)
    results = [
        bridge(RBM_A, RBM_B, SAMPLE_A(500, rng), SAMPLE_B(300, rng),
               method=method)
        for _ in range(n_reps)
    ]
    spread = np.std([r.log_ratio for r in results], ddof=1)
    reported = np.mean([r.std for r in results])
    assert abs(spread / reported - 1) < 4 / np.sqrt(2 * (n_reps - 1))


# --- log-likelihood ----------------------------------------------------------------------------
def test_log_likelihood_estimate_carries_log_Z_and_its_spread():
    data = SAMPLE_6x4(30, np.random.default_rng(16))
    exact_ll = exact.log_likelihood(RBM_6x4, data)
    assert log_likelihood_estimate(RBM_6x4, data, LOG_Z).log_likelihood == pytest.approx(exact_ll)
    result = ais(RBM_6x4, 50, 20, rng=17)
    est = log_likelihood_estimate(RBM_6x4, data, result)
    assert est.log_likelihood == pytest.approx(exact_ll + LOG_Z - result.log_z, abs=1e-10)
    assert est.std == result.std
    mean_neg_f = exact_ll + LOG_Z
    assert est.interval == pytest.approx((mean_neg_f - result.interval[1],
                                          mean_neg_f - result.interval[0]))


# --- results, extremes, bad input ---------------------------------------------------------------
def test_results_are_immutable_and_a_single_run_has_infinite_spread():
    result = ais(RBM_6x4, 1, 5, rng=0)
    assert result.std == np.inf and result.interval == (-np.inf, np.inf)
    with pytest.raises(ValueError, match="read-only"):
        result.log_w[0] = 0.0
    with pytest.raises(AttributeError):
        result.log_z = 0.0
    assert result.n_runs == 1


def test_extreme_weights_give_finite_estimates():
    huge = random_rbm(6, 4, seed=1, scale=1000.0)
    assert np.isfinite(ais(huge, 10, 50, rng=0).log_z)
    assert np.isfinite(importance_sampling(huge, 10, rng=0).log_z)
    assert np.isfinite(reverse_ais(huge, np.ones((3, 6)), 20, rng=0).log_z)


def test_inputs_are_not_modified():
    data = (np.random.default_rng(0).random((10, 6)) < 0.5).astype(float)
    probs = PROBS.copy()
    for arr in (data, probs):
        arr.flags.writeable = False  # any write would raise
    base_rate_rbm(data, 4)
    ais(RBM_6x4, 5, 10, rng=0, base=probs)
    importance_sampling(RBM_6x4, 5, rng=0, proposal=probs)
    reverse_ais(RBM_6x4, data, 10, rng=0, base=probs)
    bridge(RBM_A, RBM_B, data, data)
    log_likelihood_estimate(RBM_6x4, data, 1.0)
    betas = np.linspace(0, 1, 7)
    betas.flags.writeable = False
    ais(RBM_6x4, 5, betas, rng=0)
    np.testing.assert_array_equal(probs, PROBS)


BAD_INPUTS = [
    (lambda: ais(RBM_6x4, 0, 10, rng=0), ValueError, "n_runs must be at least 1"),
    (lambda: ais(RBM_6x4, 5, 1, rng=0), ValueError, "n_betas must be at least 2"),
    (lambda: ais(RBM_6x4, 5, 10.0, rng=0), TypeError, "n_betas must be an integer"),
    (lambda: ais(RBM_6x4, 5, [0, 0.6, 0.4, 1], rng=0), ValueError, "strictly increasing"),
    (lambda: ais(RBM_6x4, 5, [0, 0.5, 0.5, 1], rng=0), ValueError, "strictly increasing"),
    (lambda: ais(RBM_6x4, 5, [0.1, 0.5, 1], rng=0), ValueError, "start at 0 and end at 1"),
    (lambda: ais(RBM_6x4, 5, [0, 0.5, 0.9], rng=0), ValueError, "start at 0 and end at 1"),
    (lambda: ais(RBM_6x4, 5, [0, 1.5, 1], rng=0), ValueError, r"within \[0, 1\]"),
    (lambda: ais(RBM_6x4, 5, [0, np.nan, 1], rng=0), ValueError, "n_betas must be finite"),
    (lambda: ais(RBM_6x4, 5, [0], rng=0), ValueError, "at least 2 betas"),
    (lambda: ais(RBM_6x4, 5, [0, 1], rng=0, schedule="salakhutdinov"), ValueError,
     "only when n_betas is an int"),
    (lambda: ais(RBM_6x4, 5, 10, rng=0, schedule="cosine"), ValueError, "schedule must be"),
    (lambda: ais(RBM_6x4, 5, 10, rng=0, base=np.full(5, 0.5)), ValueError,
     r"base must have shape \(6,\)"),
    (lambda: ais(RBM_6x4, 5, 10, rng=0, base=np.r_[0.0, np.full(5, 0.5)]), ValueError,
     "strictly between 0 and 1"),
    (lambda: ais(RBM_6x4, 5, 10, rng=0, base=RBM.random(6, 4, rng=0)), ValueError,
     "base must have W = 0"),
    (lambda: ais(RBM_6x4, 5, 10, rng=0, base=RBM.zeros(6, 3)), ValueError,
     "base must have the shape of rbm"),
    (lambda: ais(RBM_6x4, 5, 10, rng=0, base=RBM.zeros(5, 4)), ValueError,
     "base must have n_visible = 6"),
    (lambda: ais("rbm", 5, 10, rng=0), TypeError, "rbm must be an rbmlib.RBM"),
    (lambda: ais(RBM_6x4, 5, 10, rng=None), TypeError, "rng must be"),
    (lambda: importance_sampling(RBM_6x4, 0, rng=0), ValueError, "n_samples must be at least 1"),
    (lambda: importance_sampling(RBM_6x4, 5, rng=0, proposal=RBM.zeros(5, 2)), ValueError,
     "proposal must have n_visible = 6"),
    (lambda: reverse_ais(RBM_6x4, [[0, 1, 2, 0, 0, 0]], 5, rng=0), ValueError,
     "v must be binary"),
    (lambda: reverse_ais(RBM_6x4, np.ones((2, 5)), 5, rng=0), ValueError, "v must have 6 columns"),
    (lambda: salakhutdinov_schedule(3), ValueError, "n_betas must be at least 4"),
    (lambda: base_rate_rbm([[0, 1]], 2, pseudo_count=0.0), ValueError, "pseudo_count must be"),
    (lambda: base_rate_rbm([[0, 2]], 2), ValueError, r"data must hold states or probabilities"),
    (lambda: base_rate_rbm([[0, 1]], 0), ValueError, "n_hidden must be at least 1"),
    (lambda: log_partition_independent(RBM_6x4), ValueError, "rbm must have W = 0"),
    (lambda: bridge(RBM_A, RBM.zeros(5, 2), np.ones((2, 6)), np.ones((2, 5))), ValueError,
     "same n_visible"),
    (lambda: bridge(RBM_A, RBM_B, np.ones((2, 6)), np.ones((2, 6)), method="harmonic"),
     ValueError, "method must be 'geometric' or 'optimal'"),
    (lambda: bridge_sampling([], [0.0]), ValueError, "log_r_a must hold at least one value"),
    (lambda: bridge_sampling([0.0], [np.inf]), ValueError, "log_r_b must be finite"),
    (lambda: bridge_sampling([0.0, 5.0], [1.0, -3.0], n_iter=1, tol=1e-300), RuntimeError,
     "did not converge"),
    (lambda: log_likelihood_estimate(RBM_6x4, np.ones((2, 6)), np.nan), ValueError,
     "log_z_result must be finite"),
    (lambda: log_likelihood_estimate(RBM_6x4, np.ones((2, 6)), "3"), TypeError,
     "log_z_result must be a real number"),
    (lambda: AISResult.from_log_weights([]), ValueError, "at least one log weight"),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD_INPUTS)
def test_bad_input_is_refused_with_a_clear_message(call, error, message):
    with pytest.raises(error, match=message):
        call()
