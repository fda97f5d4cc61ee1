"""Data sets: counts, structure and the fixed split."""

import numpy as np
import pytest

from rbmlib import datasets


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_bars_and_stripes_are_all_distinct_bars_or_stripes(n):
    images = datasets.bars_and_stripes(n)
    assert images.shape == (2 * 2**n - 2, n * n)
    assert len(np.unique(images, axis=0)) == len(images)
    grids = images.reshape(-1, n, n)
    rows_constant = np.all(grids == grids[:, :, :1], axis=(1, 2))  # every row all on or off
    cols_constant = np.all(grids == grids[:, :1, :], axis=(1, 2))
    assert np.all(rows_constant | cols_constant)
    # and every such pattern is there: 2ⁿ stripes and 2ⁿ bars, two shared
    assert rows_constant.sum() == 2**n and cols_constant.sum() == 2**n


def test_bars_and_stripes_refuses_bad_sizes():
    with pytest.raises(ValueError, match="n must be at least 1; got 0"):
        datasets.bars_and_stripes(0)
    with pytest.raises(TypeError, match="n must be an integer"):
        datasets.bars_and_stripes(2.0)
    with pytest.raises(ValueError, match="n must be at most 12"):
        datasets.bars_and_stripes(20)


def test_digits_are_binary_fixed_and_disjoint():
    first, second = datasets.digits(), datasets.digits()
    assert first.train.shape == (1497, 64) and first.test.shape == (300, 64)
    assert set(np.unique(first.train)) == {0.0, 1.0}
    np.testing.assert_array_equal(first.test, second.test)
    np.testing.assert_array_equal(first.train_labels, second.train_labels)
    assert len(first.test_labels) == 300
    assert set(first.test_labels) == set(range(10))
    # about a third of the pixels are on at the default threshold
    assert 0.2 < first.train.mean() < 0.5


def test_digits_threshold_changes_the_binarisation():
    assert datasets.digits(threshold=1).train.mean() > datasets.digits(threshold=15).train.mean()
    with pytest.raises(ValueError, match="threshold must be between 1 and 16"):
        datasets.digits(threshold=17)
    with pytest.raises(ValueError, match="n_test must be less than 1797"):
        datasets.digits(n_test=1797)
