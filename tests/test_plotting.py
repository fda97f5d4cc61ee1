"""Plot helpers: the grid layout they draw."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from rbmlib import RBM, plotting  # noqa: E402


def test_tile_places_each_image_in_reading_order_with_padding():
    images = np.arange(5 * 6, dtype=float).reshape(5, 6)  # five 2×3 images
    grid = plotting.tile(images, (2, 3), n_cols=2, pad=1)
    assert grid.shape == (3 * 3 - 1, 2 * 4 - 1)
    np.testing.assert_array_equal(grid[0:2, 4:7], images[1].reshape(2, 3))
    np.testing.assert_array_equal(grid[6:8, 0:3], images[4].reshape(2, 3))
    assert np.isnan(grid[2]).all() and np.isnan(grid[:, 3]).all()  # the gaps
    assert np.isnan(grid[6:8, 4:7]).all()  # the empty sixth cell


def test_show_images_and_filters_draw_the_grid():
    fig, (left, right) = plt.subplots(1, 2)
    artist = plotting.show_images(left, np.eye(4), (2, 2), n_cols=4)
    assert artist.get_array().shape == (2, 4 * 3 - 1)
    rbm = RBM.random(4, 3, rng=0)
    artist = plotting.show_filters(right, rbm.W, (2, 2), n_cols=3)
    limit = np.abs(rbm.W).max()
    assert artist.get_clim() == (-limit, limit)
    plt.close(fig)


def test_state_labels_follow_states():
    assert plotting.state_labels(2) == ["00", "01", "10", "11"]
