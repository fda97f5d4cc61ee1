"""Figures the chapters share: image grids, filters, state labels and animations.

Only matplotlib's object-oriented interface is used; every function draws on the ``ax`` it is
given and returns what it drew, so the chapters decide the layout.
"""

import base64
import re

import matplotlib
import numpy as np

from ._checks import as_positive_int, as_real_array

__all__ = ["tile", "show_images", "show_filters", "state_labels", "animation_player",
           "AnimationPlayer"]


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
    (default: the largest absolute weight, ``np.abs(W).max()``), so that frames of an animation
    are comparable.
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


_FONT_AWESOME_CDN = re.compile(r'<link rel="stylesheet"\s+href="https?://[^"]*font-awesome[^"]*">\s*')
_FIRST_FRAME = re.compile(r'frames\[0\] = "data:image/png;base64,([^"]+)"')


class AnimationPlayer:
    """An animation as matplotlib's JavaScript player, ready to display in a notebook.

    A notebook front end and the book's web pages show ``html``, the player with its frames and
    buttons; a display that cannot run JavaScript (the book's PDF) shows the first frame, which
    ``_repr_png_`` returns.  Made by :func:`animation_player`.

    Attributes
    ----------
    html : str
        The player: HTML with the frames embedded as PNG and the JavaScript that steps them.
    """

    def __init__(self, html):
        match = _FIRST_FRAME.search(html)
        if match is None:
            raise ValueError("html: expected matplotlib's player with PNG frames "
                             "(to_jshtml with embed_frames=True), found no first frame")
        self.html = html
        self._first_frame = match.group(1)

    def _repr_html_(self):
        return self.html

    def _repr_png_(self):
        return base64.b64decode(self._first_frame)


def animation_player(animation, **kwargs):
    """``animation.to_jshtml(**kwargs)`` without its request to a font CDN, as a displayable player.

    matplotlib's player links Font Awesome from a CDN for its button icons.  The book's pages and
    JupyterLab already ship Font Awesome, and a page read offline cannot reach the CDN, so the link
    only costs a failed request; this drops it.  Keyword arguments go to ``to_jshtml`` (e.g.
    ``default_mode="once"``).  Show the result by making it a cell's last expression.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from matplotlib.animation import FuncAnimation
    >>> fig, ax = plt.subplots()
    >>> player = animation_player(FuncAnimation(fig, lambda k: ax.set_title(str(k)), frames=2))
    >>> plt.close(fig)
    >>> "<img" in player.html and "font-awesome" not in player.html
    True
    >>> player._repr_png_()[:4]  # the first frame, for displays without JavaScript
    b'\\x89PNG'
    """
    html = animation.to_jshtml(**kwargs)
    stripped = _FONT_AWESOME_CDN.sub("", html, count=1)
    if "font-awesome" in stripped:
        raise RuntimeError("matplotlib's animation player changed: its Font Awesome link was "
                           "not found where expected")
    return AnimationPlayer(stripped)
