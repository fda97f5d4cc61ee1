"""Figures the chapters share: image grids, filters and state labels.

Only matplotlib's object-oriented interface is used; every function draws on the ``ax`` it is
given and returns what it drew, so the chapters decide the layout.
"""

import matplotlib
import numpy as np

from ._checks import as_positive_int, as_real_array

__all__ = ["tile", "show_images", "show_filters", "state_labels"]


def tile(images, image_shape, n_cols, *, pad=1, fill=np.nan):
    """Arrange flattened images in a grid with ``pad`` pixels of ``fill`` between them.

    Parameters
    ----------
    images : array_like, shape (n_images, rows * cols)
    image_shape : (int, int)
    n_cols : int
        Images per row of the grid.

    Returns
    -------
    ndarray of shape (n_rows * (rows + pad) - pad, n_cols * (cols + pad) - pad)
    """
    images = as_real_array("images", images, 2)
    rows, cols = (as_positive_int("image_shape", s) for s in image_shape)
    if images.shape[1] != rows * cols:
        raise ValueError(
            f"images must have rows*cols = {rows * cols} columns for image_shape "
            f"{tuple(image_shape)}; got shape {images.shape}"
        )
    n_cols = min(as_positive_int("n_cols", n_cols), len(images))
    n_rows = -(-len(images) // n_cols)
    grid = np.full((n_rows * (rows + pad) - pad, n_cols * (cols + pad) - pad), fill)
    for k, image in enumerate(images.reshape(-1, rows, cols)):
        r, c = divmod(k, n_cols)
        grid[r * (rows + pad) : r * (rows + pad) + rows, c * (cols + pad) : c * (cols + pad) + cols] = image
    return grid


def show_images(ax, images, image_shape, n_cols=10, *, cmap="gray_r", vmin=0.0, vmax=1.0,
                pad_color="#9ecae1"):
    """Draw binary or grey images as one grid on ``ax`` (1 is dark by default).

    The gaps between images are drawn in ``pad_color`` (light blue), which stands out from
    white, black and the greys of probability images.
    """
    grid = tile(images, image_shape, n_cols)
    cmap = matplotlib.colormaps[cmap].with_extremes(bad=pad_color)
    artist = ax.imshow(grid, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    return artist


def show_filters(ax, W, image_shape, n_cols=8, *, scale=None):
    """Draw the columns of W (one filter per hidden unit) with a diverging colour map.

    Red is a positive weight and blue a negative one; ``scale`` fixes the colour range
    (default: the largest |W_ij|), so that frames of an animation are comparable.
    """
    W = as_real_array("W", W, 2)
    if scale is None:
        scale = float(np.max(np.abs(W))) or 1.0
    grid = tile(W.T, image_shape, n_cols)
    cmap = matplotlib.colormaps["RdBu_r"].with_extremes(bad="0.6")  # grey gaps between filters
    artist = ax.imshow(grid, cmap=cmap, vmin=-scale, vmax=scale, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    return artist


def state_labels(n_units):
    """Labels '00…0' to '11…1' of the rows of ``rbmlib.exact.states(n_units)``."""
    n_units = as_positive_int("n_units", n_units)
    return [format(k, f"0{n_units}b") for k in range(2**n_units)]
