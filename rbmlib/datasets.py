"""Small binary data sets that need no download.

* Bars and stripes (MacKay 2003): n×n images in which every row is all on or all off
  (stripes), or every column is (bars).
* The 8×8 handwritten digits that scikit-learn ships with its source (UCI optical digits,
  1,797 images), binarised and split into fixed training and test sets.

And two real-valued ones in the plane, for the Gaussian–Bernoulli RBM: a ring and a mixture of
Gaussians (the score-matching and noise-contrastive chapters).
"""

from typing import NamedTuple

import numpy as np

from ._checks import as_positive_float, as_positive_int, as_real_array, as_rng

__all__ = ["bars_and_stripes", "digits", "DataSplit", "ring", "gaussian_mixture"]


def bars_and_stripes(n):
    """Every distinct n×n bars-and-stripes image, flattened row by row.

    There are 2·2ⁿ − 2 of them: 2ⁿ patterns of horizontal stripes, 2ⁿ of vertical bars, and the
    all-off and all-on images belong to both families, so they are counted once.

    Parameters
    ----------
    n : int
        Side of the square image, at least 1.

    Returns
    -------
    ndarray of shape (2 * 2**n - 2, n * n)
        Binary float64 rows, stripes first; the all-off image is the first row.

    Examples
    --------
    >>> bars_and_stripes(3).shape
    (14, 9)
    """
    n = as_positive_int("n", n)
    if n > 12:
        raise ValueError(f"n must be at most 12 (2**{n + 1} images of {n * n} pixels); got {n}")
    k = np.arange(2**n, dtype=np.int64)
    lines = ((k[:, None] >> np.arange(n - 1, -1, -1)) & 1).astype(np.float64)  # (2ⁿ, n)
    stripes = np.repeat(lines[:, :, None], n, axis=2)  # row r of the image is lines[:, r]
    bars = np.repeat(lines[:, None, :], n, axis=1)  # column c of the image is lines[:, c]
    images = np.concatenate([stripes, bars[1:-1]]).reshape(-1, n * n)
    return images


class DataSplit(NamedTuple):
    """A fixed training/test split of binary images and their labels."""

    train: np.ndarray
    test: np.ndarray
    train_labels: np.ndarray
    test_labels: np.ndarray


def digits(*, threshold=8, n_test=300):
    """The 8×8 digits bundled with scikit-learn, binarised as v = (pixel ≥ threshold).

    Pixels take values 0–16.  The split is fixed: a permutation drawn with seed 0 puts the
    last ``n_test`` images in the test set, so every chapter and test sees the same sets.

    Returns
    -------
    DataSplit
        ``train`` of shape (1797 − n_test, 64), ``test`` of shape (n_test, 64), and labels.

    Examples
    --------
    >>> data = digits()
    >>> data.train.shape, data.test.shape
    ((1497, 64), (300, 64))
    """
    from sklearn.datasets import load_digits  # reads the copy inside scikit-learn

    threshold = as_positive_int("threshold", threshold)
    if threshold > 16:
        raise ValueError(f"threshold must be between 1 and 16 (pixels are 0–16); got {threshold}")
    n_test = as_positive_int("n_test", n_test)
    bunch = load_digits()
    if n_test >= len(bunch.target):
        raise ValueError(f"n_test must be less than {len(bunch.target)}; got {n_test}")
    images = (bunch.data >= threshold).astype(np.float64)
    order = np.random.default_rng(0).permutation(len(images))
    train, test = order[:-n_test], order[-n_test:]
    return DataSplit(images[train], images[test], bunch.target[train], bunch.target[test])


def ring(n, rng, *, radius=1.0, width=0.1):
    """n points (r cos φ, r sin φ) with φ ~ Uniform[0, 2π) and r ~ N(radius, width²).

    Examples
    --------
    >>> ring(4, rng=0).shape
    (4, 2)
    """
    n = as_positive_int("n", n)
    radius = as_positive_float("radius", radius)
    width = as_positive_float("width", width)
    rng = as_rng(rng)
    phi = rng.uniform(0.0, 2.0 * np.pi, n)
    r = radius + width * rng.standard_normal(n)
    return np.column_stack([r * np.cos(phi), r * np.sin(phi)])


def gaussian_mixture(n, rng, *, means=((-1.0, 0.0), (1.0, 0.0)), std=0.3, weights=None,
                     return_labels=False):
    """n points from Σ_k w_k N(m_k, std² I): a component k ~ w, then m_k + std · ε.

    Parameters
    ----------
    n : int
    rng : numpy.random.Generator or int
    means : array_like, shape (n_components, n_dims)
    std : float
    weights : array_like, shape (n_components,), optional
        Non-negative, normalised here; equal weights by default.
    return_labels : bool
        Also return the component of each point.

    Examples
    --------
    >>> gaussian_mixture(6, rng=0, means=[[0, 0], [3, 3], [0, 3]]).shape
    (6, 2)
    """
    n = as_positive_int("n", n)
    means = as_real_array("means", means, 2)
    if means.size == 0:
        raise ValueError(f"means must hold at least one component; got shape {means.shape}")
    std = as_positive_float("std", std)
    k = means.shape[0]
    weights = np.ones(k) if weights is None else as_real_array("weights", weights, 1)
    if weights.shape != (k,) or np.any(weights < 0) or weights.sum() <= 0:
        raise ValueError(f"weights must be {k} non-negative numbers with a positive sum (one per "
                         f"row of means); got {weights}")
    rng = as_rng(rng)
    labels = rng.choice(k, size=n, p=weights / weights.sum())
    points = means[labels] + std * rng.standard_normal((n, means.shape[1]))
    return (points, labels) if return_labels else points
