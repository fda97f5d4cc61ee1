"""rbmlib.page_seed: every page's seed from one place, BOOK_SEED overriding all of them."""

import numpy as np
import pytest

import rbmlib
from rbmlib.seeding import SEED_VARIABLE, page_seed


def test_default_when_unset_or_empty():
    assert page_seed(2010, environ={}) == 2010
    assert page_seed(2010, environ={SEED_VARIABLE: ""}) == 2010
    assert page_seed(2010, environ={SEED_VARIABLE: "  "}) == 2010


def test_book_seed_replaces_the_default():
    assert page_seed(2010, environ={SEED_VARIABLE: "7"}) == 7
    assert page_seed(0, environ={SEED_VARIABLE: " 12345678901234567890 "}) == 12345678901234567890


def test_reads_the_process_environment(monkeypatch):
    monkeypatch.setenv("BOOK_SEED", "3")
    assert rbmlib.page_seed(18) == 3
    monkeypatch.delenv("BOOK_SEED")
    assert rbmlib.page_seed(18) == 18


def test_the_seed_makes_a_generator():
    a = np.random.default_rng(page_seed(5, environ={})).random(3)
    b = np.random.default_rng(page_seed(9, environ={SEED_VARIABLE: "5"})).random(3)
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("text", ["-1", "1.5", "seven", "1e3", "0x10"])
def test_bad_book_seed_is_refused_by_name(text):
    with pytest.raises(ValueError, match=rf"BOOK_SEED must be a non-negative integer.*{text!r}"):
        page_seed(1, environ={SEED_VARIABLE: text})


@pytest.mark.parametrize("default", [1.0, "1", None, True, np.float64(2)])
def test_default_must_be_an_integer(default):
    with pytest.raises(TypeError, match="default must be a non-negative integer"):
        page_seed(default, environ={})


def test_negative_default_is_refused():
    with pytest.raises(ValueError, match="default must be a non-negative integer seed, got -3"):
        page_seed(-3, environ={})


def test_numpy_integer_default_is_accepted():
    assert page_seed(np.int64(4), environ={}) == 4
    assert type(page_seed(np.int64(4), environ={})) is int


def test_seed_interval_matches_the_t_formula():
    x = np.array([0.3, -0.1, 0.8, 0.5, 0.2])
    mean, low, high = rbmlib.seed_interval(x, level=0.9)
    half = 2.131846786326649 * x.std(ddof=1) / np.sqrt(5)  # t_{4, 0.95}
    assert mean == pytest.approx(x.mean())
    assert (low, high) == pytest.approx((x.mean() - half, x.mean() + half), rel=1e-12)


def test_seed_interval_covers_at_its_level():
    # 4000 intervals from 5 normal values each: the coverage is binomial, se = sqrt(.95 .05 / 4000)
    rng = np.random.default_rng(4)
    samples = rng.normal(1.0, 2.0, size=(4000, 5))
    covered = [low <= 1.0 <= high for _, low, high in map(rbmlib.seed_interval, samples)]
    se = np.sqrt(0.95 * 0.05 / 4000)
    assert abs(np.mean(covered) - 0.95) < 5 * se


@pytest.mark.parametrize("values", [[1.0], [], [[1.0, 2.0]], [1.0, np.nan], [1.0, np.inf]])
def test_seed_interval_refuses_bad_values(values):
    with pytest.raises(ValueError, match="values must be"):
        rbmlib.seed_interval(values)


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.1, "0.9", True])
def test_seed_interval_refuses_bad_levels(level):
    with pytest.raises(ValueError, match="level must be a number in"):
        rbmlib.seed_interval([1.0, 2.0], level=level)


def test_seed_interval_leaves_its_input_alone():
    x = np.array([3.0, 1.0, 2.0])
    rbmlib.seed_interval(x)
    np.testing.assert_array_equal(x, [3.0, 1.0, 2.0])
