"""The RBM parameter object: validation, immutability, arithmetic."""

import pickle

import numpy as np
import pytest

from rbmlib import RBM


def test_arrays_are_copied_to_read_only_float64():
    W = np.ones((2, 3), dtype=int)
    rbm = RBM(W, [0, 1], np.zeros(3, dtype=np.float32))
    assert rbm.W.dtype == rbm.a.dtype == rbm.b.dtype == np.float64
    W[0, 0] = 7
    assert rbm.W[0, 0] == 1.0, "RBM must not alias the caller's array"
    with pytest.raises(ValueError, match="read-only"):
        rbm.W[0, 0] = 5.0


def test_attributes_cannot_be_rebound():
    rbm = RBM.zeros(2, 2)
    with pytest.raises(AttributeError, match="immutable"):
        rbm.W = np.ones((2, 2))


@pytest.mark.parametrize(
    ("W", "a", "b", "message"),
    [
        (np.ones((2, 3)), np.zeros(3), np.zeros(3), r"a must have shape \(n_visible,\) = \(2,\)"),
        (np.ones((2, 3)), np.zeros(2), np.zeros(2), r"b must have shape \(n_hidden,\) = \(3,\)"),
        (np.ones(3), np.zeros(3), np.zeros(1), "W must be a 2-D array"),
        (np.ones((2, 2)), np.zeros((2, 1)), np.zeros(2), "a must be a 1-D array"),
        (np.ones((0, 2)), np.zeros(0), np.zeros(2), "at least one visible and one hidden"),
        ([[np.nan, 0.0]], [0.0], [0.0, 0.0], "W must be finite; got 1 NaN"),
        ([[0.0, 0.0]], [np.inf], [0.0, 0.0], "a must be finite"),
    ],
)
def test_bad_shapes_and_values_are_refused(W, a, b, message):
    with pytest.raises(ValueError, match=message):
        RBM(W, a, b)


@pytest.mark.parametrize("bad", [[["x", "y"]], [[1 + 2j, 0]], [[None, 1.0]]])
def test_non_numeric_weights_are_a_type_error(bad):
    with pytest.raises(TypeError, match="W must hold real numbers"):
        RBM(bad, [0.0], [0.0, 0.0])


def test_arithmetic_reads_like_the_maths():
    rbm = RBM([[1.0, 2.0]], [3.0], [4.0, 5.0])
    grad = RBM([[1.0, 1.0]], [1.0], [1.0, 1.0])
    step = rbm + 0.5 * grad
    np.testing.assert_array_equal(step.W, [[1.5, 2.5]])
    np.testing.assert_array_equal(step.a, [3.5])
    np.testing.assert_array_equal(step.b, [4.5, 5.5])
    np.testing.assert_array_equal((rbm - rbm).to_vector(), np.zeros(5))
    np.testing.assert_array_equal((-rbm).to_vector(), -rbm.to_vector())
    np.testing.assert_array_equal((rbm / 2).to_vector(), rbm.to_vector() / 2)
    np.testing.assert_array_equal((rbm * 2).to_vector(), (2 * rbm).to_vector())


def test_arithmetic_refuses_mismatched_shapes_and_non_scalars():
    with pytest.raises(ValueError, match=r"W of shape \(1, 2\) and one with W of shape \(2, 2\)"):
        RBM.zeros(1, 2) + RBM.zeros(2, 2)
    with pytest.raises(TypeError):
        RBM.zeros(1, 2) + 1.0
    with pytest.raises(TypeError):
        RBM.zeros(1, 2) * np.ones(3)
    with pytest.raises(ZeroDivisionError):
        RBM.zeros(1, 2) / 0


def test_an_overflowing_update_is_an_error_not_inf():
    rbm = RBM([[1e308]], [0.0], [0.0])
    with pytest.raises(ValueError, match="W must be finite"):
        rbm + rbm


def test_vector_round_trip_and_order():
    rbm = RBM([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [7.0, 8.0, 9.0], [10.0, 11.0])
    theta = rbm.to_vector()
    np.testing.assert_array_equal(theta, np.arange(1.0, 12.0))
    back = RBM.from_vector(theta, 3, 2)
    np.testing.assert_array_equal(back.W, rbm.W)
    assert rbm.n_parameters == 11
    with pytest.raises(ValueError, match="theta must have .* = 11 entries; got 10"):
        RBM.from_vector(theta[:-1], 3, 2)


def test_random_is_reproducible_small_and_validated():
    first = RBM.random(5, 4, rng=3)
    second = RBM.random(5, 4, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(first.W, second.W)
    assert np.all(first.a == 0) and np.all(first.b == 0)
    assert 0 < np.std(first.W) < 0.05
    with pytest.raises(ValueError, match="n_visible must be at least 1; got 0"):
        RBM.random(0, 4, rng=0)
    with pytest.raises(TypeError, match="n_hidden must be an integer"):
        RBM.random(3, 2.5, rng=0)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator or an integer seed"):
        RBM.random(3, 2, rng=None)
    with pytest.raises(ValueError, match="scale must be a finite number greater than 0"):
        RBM.random(3, 2, rng=0, scale=-1.0)


def test_pickle_round_trip():
    rbm = RBM.random(3, 2, rng=0)
    back = pickle.loads(pickle.dumps(rbm))
    np.testing.assert_array_equal(back.to_vector(), rbm.to_vector())
    assert repr(back) == "RBM(n_visible=3, n_hidden=2)"
