"""Conditionals against the joint table, samplers against exact distributions.

Monte Carlo checks allow five standard errors, sqrt(p(1 − p)/N) for a frequency p estimated from N
independent draws: a correct sampler fails one such comparison with probability about 6e-7, and
the seeds are fixed so a run is reproducible.
"""

import numpy as np
import pytest
from reference import Joint, random_rbm

import rbmlib
from rbmlib import RBM

Z_SCORE = 5.0


def test_prob_h_given_v_is_the_ratio_of_joint_to_marginal(tiny_rbm):
    joint = Joint(tiny_rbm)
    for iv, v in enumerate(joint.V):
        p_h_given_v = joint.p[iv] / joint.p_v[iv]  # the whole vector h
        expected = p_h_given_v @ joint.H  # p(h_j = 1 | v) = Σ_h p(h | v) h_j
        np.testing.assert_allclose(rbmlib.prob_h_given_v(tiny_rbm, v), expected, atol=1e-12)
        # factorisation: p(h | v) is the product of the single-unit conditionals
        q = rbmlib.prob_h_given_v(tiny_rbm, v)
        product = np.prod(np.where(joint.H == 1, q, 1 - q), axis=1)
        np.testing.assert_allclose(product, p_h_given_v, atol=1e-12)


def test_prob_v_given_h_is_the_ratio_of_joint_to_marginal(tiny_rbm):
    joint = Joint(tiny_rbm)
    for ih, h in enumerate(joint.H):
        expected = (joint.p[:, ih] / joint.p_h[ih]) @ joint.V
        np.testing.assert_allclose(rbmlib.prob_v_given_h(tiny_rbm, h), expected, atol=1e-12)


def test_conditionals_accept_probabilities_and_keep_row_shapes():
    rbm = random_rbm(3, 2, seed=1)
    assert rbmlib.prob_h_given_v(rbm, [0.5, 0.2, 1.0]).shape == (2,)
    assert rbmlib.prob_v_given_h(rbm, [[0.5, 0.2]] * 4).shape == (4, 3)
    with pytest.raises(ValueError, match=r"v must hold probabilities in \[0, 1\]"):
        rbmlib.prob_h_given_v(rbm, [1.5, 0.0, 0.0])


@pytest.mark.parametrize("which", ["h", "v"])
def test_sample_means_match_probabilities(which):
    rbm = random_rbm(4, 3, seed=2)
    n = 20_000
    if which == "h":
        given = np.tile([1.0, 0.0, 1.0, 1.0], (n, 1))
        samples = rbmlib.sample_h_given_v(rbm, given, rng=5)
        p = rbmlib.prob_h_given_v(rbm, given[0])
    else:
        given = np.tile([0.0, 1.0, 1.0], (n, 1))
        samples = rbmlib.sample_v_given_h(rbm, given, rng=5)
        p = rbmlib.prob_v_given_h(rbm, given[0])
    assert set(np.unique(samples)) <= {0.0, 1.0}
    standard_error = np.sqrt(p * (1 - p) / n)
    assert np.all(np.abs(samples.mean(axis=0) - p) < Z_SCORE * standard_error)


def test_samplers_are_reproducible_and_need_explicit_randomness():
    rbm = random_rbm(4, 3, seed=3)
    v = np.ones((10, 4))
    np.testing.assert_array_equal(
        rbmlib.sample_h_given_v(rbm, v, rng=7), rbmlib.sample_h_given_v(rbm, v, rng=7)
    )
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        rbmlib.sample_h_given_v(rbm, v, rng=None)
    with pytest.raises(TypeError, match="rng must be"):
        rbmlib.gibbs_chain(rbm, v, 3, rng=np.random.RandomState(0))


def _exact_gibbs_marginal(rbm, v0_index, n_steps):
    """π_t = δ_{v0} Tᵗ with T[v, v'] = Σ_h p(h | v) p(v' | h) built from the joint table."""
    joint = Joint(rbm)
    p_h_given_v = joint.p / joint.p_v[:, None]
    p_v_given_h = (joint.p / joint.p_h[None, :]).T
    T = p_h_given_v @ p_v_given_h
    pi = np.zeros(len(joint.V))
    pi[v0_index] = 1.0
    for _ in range(n_steps):
        pi = pi @ T
    return pi


@pytest.mark.parametrize("n_steps", [1, 3, 25])
def test_gibbs_chain_follows_the_exact_t_step_distribution(n_steps):
    rbm = random_rbm(3, 2, seed=4, scale=1.5)
    n_chains = 40_000
    v0 = np.tile([1.0, 0.0, 1.0], (n_chains, 1))
    v = rbmlib.gibbs_chain(rbm, v0, n_steps, rng=11)
    index = (v @ [4, 2, 1]).astype(int)
    frequency = np.bincount(index, minlength=8) / n_chains
    pi = _exact_gibbs_marginal(rbm, v0_index=0b101, n_steps=n_steps)
    standard_error = np.sqrt(pi * (1 - pi) / n_chains)
    assert np.all(np.abs(frequency - pi) <= Z_SCORE * standard_error + 1e-12)


def test_long_chains_reach_the_exact_marginal():
    rbm = random_rbm(3, 3, seed=6)
    joint = Joint(rbm)
    n_chains = 40_000
    v = rbmlib.gibbs_chain(rbm, np.zeros((n_chains, 3)), 50, rng=2)
    frequency = np.bincount((v @ [4, 2, 1]).astype(int), minlength=8) / n_chains
    standard_error = np.sqrt(joint.p_v * (1 - joint.p_v) / n_chains)
    assert np.all(np.abs(frequency - joint.p_v) <= Z_SCORE * standard_error)


def test_gibbs_trajectory_shapes_and_start():
    rbm = random_rbm(4, 2, seed=5)
    v0 = np.array([[1.0, 0.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
    trajectory = rbmlib.gibbs_chain(rbm, v0, 6, rng=1, return_trajectory=True)
    assert trajectory.shape == (7, 2, 4)
    np.testing.assert_array_equal(trajectory[0], v0)
    final = rbmlib.gibbs_chain(rbm, v0, 6, rng=1)
    np.testing.assert_array_equal(trajectory[-1], final)
    single = rbmlib.gibbs_chain(rbm, v0[0], 6, rng=1, return_trajectory=True)
    assert single.shape == (7, 4)
    assert rbmlib.gibbs_chain(rbm, v0, 0, rng=1).shape == (2, 4)
    with pytest.raises(ValueError, match="n_steps must be at least 0; got -1"):
        rbmlib.gibbs_chain(rbm, v0, -1, rng=1)


def test_gibbs_step_returns_hidden_and_visible_samples():
    rbm = RBM([[50.0]], [-25.0], [-25.0])  # v=1 ⇔ h=1: the chain stays where it starts
    h, v = rbmlib.gibbs_step(rbm, [[1.0]], rng=0)
    np.testing.assert_array_equal(h, [[1.0]])
    np.testing.assert_array_equal(v, [[1.0]])


def test_samplers_do_not_modify_inputs():
    rbm = random_rbm(3, 2, seed=0)
    v = np.array([[1.0, 0.0, 1.0]] * 3)
    before = v.copy()
    rbmlib.gibbs_chain(rbm, v, 5, rng=0, return_trajectory=True)
    rbmlib.sample_h_given_v(rbm, v, rng=0)
    np.testing.assert_array_equal(v, before)
