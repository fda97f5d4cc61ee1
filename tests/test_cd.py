"""Contrastive divergence and persistent chains against exact expectations on tiny models."""

import math

import numpy as np
import pytest
from reference import Joint, all_states, random_rbm

import rbmlib
from rbmlib import exact

DATA = np.array([[1, 0, 1, 0], [0, 1, 1, 0], [1, 1, 0, 0]], dtype=float)


def brute_expected_cd(rbm, data, k):
    """E[CD-k] from the definition: q_k = p̂ Tᵏ with T[v, v'] = Σ_h p(h|v) p(v'|h), all by loops."""
    joint = Joint(rbm)
    p_h_given_v = joint.p / joint.p_v[:, None]
    p_v_given_h = (joint.p / joint.p_h[None, :]).T
    T = p_h_given_v @ p_v_given_h
    q = np.zeros(len(joint.V))
    for v in data:
        q[joint.index_v(v)] += 1 / len(data)
    for _ in range(k):
        q = q @ T
    p = p_h_given_v @ joint.H  # E[h | v] for every visible state
    p_data = np.array([p[joint.index_v(v)] for v in data])
    positive = (data.T @ p_data / len(data), data.mean(0), p_data.mean(0))
    negative = ((joint.V * q[:, None]).T @ p, q @ joint.V, q @ p)
    return np.concatenate([(x - y).ravel() for x, y in zip(positive, negative)])


@pytest.mark.parametrize("k", [0, 1, 3])
def test_expected_cd_gradient_matches_brute_force(k):
    rbm = random_rbm(4, 3, seed=1)
    got = exact.expected_cd_gradient(rbm, DATA, k).to_vector()
    np.testing.assert_allclose(got, brute_expected_cd(rbm, DATA, k), rtol=1e-10, atol=1e-12)


def test_expected_cd_gradient_tends_to_the_exact_gradient():
    rbm = random_rbm(4, 3, seed=2)
    exact_grad = exact.gradient(rbm, DATA).to_vector()
    distance = [np.linalg.norm(exact.expected_cd_gradient(rbm, DATA, k).to_vector() - exact_grad)
                for k in (1, 5, 25, 400)]
    assert distance[0] > 1e-3  # CD-1 is visibly biased here
    assert distance[0] > distance[1] > distance[2] > distance[3]
    # The Gibbs chain of this 4×3 model mixes geometrically; 400 sweeps leave nothing measurable.
    assert distance[3] < 1e-10


@pytest.mark.parametrize("k", [1, 4])
def test_cd_gradient_is_unbiased_for_the_expected_update(k):
    rbm = random_rbm(4, 3, seed=3)
    n_repeats = 3000
    rng = np.random.default_rng(0)
    draws = np.array([rbmlib.cd_gradient(rbm, DATA, k, rng).to_vector() for _ in range(n_repeats)])
    mean, se = draws.mean(0), draws.std(0, ddof=1) / math.sqrt(n_repeats)
    expected = exact.expected_cd_gradient(rbm, DATA, k).to_vector()
    # 5 standard errors: each of the 19 parameters fails by chance with probability < 1e-6.
    assert np.all(np.abs(mean - expected) <= 5 * se + 1e-12)


@pytest.mark.parametrize("k", [1, 3])
def test_fast_estimators_equal_the_readable_functions(k):
    rbm = random_rbm(4, 3, seed=4)
    fast = rbmlib.CD(k)(rbm, DATA, rng=7).to_vector()
    readable = rbmlib.cd_gradient(rbm, DATA, k, rng=7).to_vector()
    np.testing.assert_allclose(fast, readable, rtol=0, atol=1e-13)
    pcd, chains = rbmlib.PCD(n_chains=5, k=k), rbmlib.PersistentChains(5, 3)
    for seed in range(4):
        fast = pcd(rbm, DATA, rng=seed).to_vector()
        readable = rbmlib.pcd_gradient(rbm, DATA, chains, k, rng=seed).to_vector()
        np.testing.assert_allclose(fast, readable, rtol=0, atol=1e-13)
        np.testing.assert_array_equal(pcd.chains.h, chains.h)
        np.testing.assert_array_equal(pcd.chains.v, chains.v)


def test_persistent_chains_persist():
    rbm = random_rbm(4, 3, seed=5)
    chains = rbmlib.PersistentChains(n_chains=50, n_hidden=3)
    assert chains.v is None and not chains.h.any()
    rbmlib.pcd_gradient(rbm, DATA, chains, k=2, rng=0)
    h_after_first, v_after_first = chains.h.copy(), chains.v.copy()
    assert chains.n_sweeps == 2 and h_after_first.any()
    # The second update continues from the state the first left, it does not restart:
    # replaying one sweep from h_after_first with the same stream gives the same chains.
    replay = rbmlib.PersistentChains(50, 3, h0=h_after_first)
    rbmlib.pcd_gradient(rbm, DATA, chains, k=1, rng=1)
    rbmlib.pcd_gradient(rbm, DATA, replay, k=1, rng=1)
    np.testing.assert_array_equal(chains.v, replay.v)
    assert chains.n_sweeps == 3
    assert not np.array_equal(v_after_first, chains.v)


def test_persistent_chains_sample_the_model():
    rbm = random_rbm(4, 3, seed=6)
    n_chains = 4000
    pcd = rbmlib.PCD(n_chains=n_chains, k=60)
    grad = pcd(rbm, DATA, rng=0)
    chain_moments = rbmlib.data_moments(rbm, DATA) - grad  # the negative phase the chains saw
    joint = Joint(rbm)
    e_vh, e_v, e_h = joint.moments()
    p_h = rbmlib.prob_h_given_v(rbm, pcd.chains.v)
    per_chain = np.hstack([(pcd.chains.v[:, :, None] * p_h[:, None, :]).reshape(n_chains, -1),
                           pcd.chains.v, p_h])
    se = per_chain.std(0, ddof=1) / math.sqrt(n_chains)
    expected = np.concatenate([e_vh.ravel(), e_v, e_h])
    # After 60 sweeps from σ(a) the chains are independent draws from p(v) to far below the SE.
    assert np.all(np.abs(chain_moments.to_vector() - expected) <= 5 * se)


def test_fast_pcd_fast_weights_follow_their_rule():
    rbm = random_rbm(4, 3, seed=7)
    fpcd = rbmlib.FastPCD(n_chains=10, k=1, fast_learning_rate=0.3, fast_decay=0.9)
    g1 = fpcd(rbm, DATA, rng=0).to_vector()
    np.testing.assert_allclose(fpcd.fast.to_vector(), 0.3 * g1, atol=1e-15)
    g2 = fpcd(rbm, DATA, rng=1).to_vector()
    np.testing.assert_allclose(fpcd.fast.to_vector(), 0.9 * 0.3 * g1 + 0.3 * g2, atol=1e-15)


def test_fast_pcd_with_no_fast_weights_is_pcd():
    # With fast_decay = 0 and a tiny fast learning rate, the fast weights vanish to round-off
    # and the chains follow PCD's exactly (same random stream).
    rbm = random_rbm(4, 3, seed=8)
    fpcd = rbmlib.FastPCD(n_chains=6, k=1, fast_learning_rate=1e-300, fast_decay=0.0)
    pcd = rbmlib.PCD(n_chains=6, k=1)
    for seed in range(3):
        np.testing.assert_allclose(fpcd(rbm, DATA, rng=seed).to_vector(),
                                   pcd(rbm, DATA, rng=seed).to_vector(), atol=1e-13)


def test_estimators_do_not_modify_their_inputs():
    rbm = random_rbm(4, 3, seed=9)
    data, W = DATA.copy(), rbm.W.copy()
    for estimator in (rbmlib.CD(2), rbmlib.PCD(4), rbmlib.FastPCD(4), rbmlib.ExactGradient()):
        estimator(rbm, data, rng=0)
    rbmlib.cd_gradient(rbm, data, 2, rng=0)
    np.testing.assert_array_equal(data, DATA)
    np.testing.assert_array_equal(rbm.W, W)


def test_extreme_weights_give_finite_estimates():
    rbm = rbmlib.RBM(1000 * np.sign(random_rbm(4, 3, seed=10).W), np.full(4, -1000.0), np.zeros(3))
    for estimator in (rbmlib.CD(2), rbmlib.PCD(4), rbmlib.FastPCD(4)):
        assert np.all(np.isfinite(estimator(rbm, DATA, rng=0).to_vector()))


@pytest.mark.parametrize(
    "call, error, pattern",
    [
        (lambda: rbmlib.cd_gradient(random_rbm(4, 3, 0), DATA, k=0, rng=0), ValueError, "k must be"),
        (lambda: rbmlib.CD(k=0), ValueError, "k must be"),
        (lambda: rbmlib.PCD(n_chains=0), ValueError, "n_chains must be"),
        (lambda: rbmlib.CD(1)(random_rbm(4, 3, 0), DATA[:, :3], rng=0), ValueError,
         "v_batch must have 4 columns"),
        (lambda: rbmlib.cd_gradient(random_rbm(4, 3, 0), DATA * 0.5, rng=0), ValueError,
         "v_data must be binary"),
        (lambda: rbmlib.pcd_gradient(random_rbm(4, 3, 0), DATA, "chains", rng=0), TypeError,
         "chains must be a PersistentChains"),
        (lambda: rbmlib.pcd_gradient(random_rbm(4, 3, 0), DATA, rbmlib.PersistentChains(3, 2), rng=0),
         ValueError, "rbm has 3 hidden units but the chains have 2"),
        (lambda: rbmlib.FastPCD(fast_decay=1.0), ValueError, r"fast_decay must lie in \[0, 1\)"),
        (lambda: rbmlib.cd_gradient(random_rbm(4, 3, 0), DATA, rng=None), TypeError, "rng"),
    ],
)
def test_bad_input(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_one_pcd_estimator_refuses_a_model_of_another_size():
    pcd = rbmlib.PCD(n_chains=3)
    pcd(random_rbm(4, 3, 0), DATA, rng=0)
    with pytest.raises(ValueError, match="use a new PCD for a new model"):
        pcd(random_rbm(4, 2, 0), DATA, rng=0)


def test_all_states_reference_is_consistent_with_exact_states():
    # brute_expected_cd relies on Joint's state order being exact.states' order.
    np.testing.assert_array_equal(all_states(4), exact.states(4))


def test_one_pcd_estimator_keeps_one_chain_state_across_precisions():
    """A PCD estimator used by a float32 trainer and then called in float64 moves the same
    chains on: the float64 call converts the chains' state, and the trainer's next update must
    rebuild its step function on that state (converting it back), not advance a stale copy."""
    data = rbmlib.datasets.bars_and_stripes(3)
    pcd = rbmlib.PCD(n_chains=7, k=1)
    trainer = rbmlib.Trainer(rbmlib.RBM.random(9, 4, rng=0), data, pcd, batch_size=7, rng=0,
                             dtype=np.float32)
    trainer.run(3)
    pcd(trainer.rbm, data[:7], rng=1)
    assert pcd.chains._h_ones.dtype == np.float64
    trainer.run(1)
    assert pcd.chains._h_ones.dtype == np.float32  # the trainer's step works on these chains
    assert pcd.chains.n_sweeps == 5
