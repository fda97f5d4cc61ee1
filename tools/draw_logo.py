"""Draw the book's logo and favicon with matplotlib: a small RBM.

The picture is the running example itself: a row of hidden units above a row of visible units,
every hidden unit joined to every visible unit and no unit joined to one of its own layer (the
"restricted" in the name). Filled circles are units that are on, so the visible row shows one
binary configuration v; the edge widths and colours are one draw of the weights W (positive
orange, negative blue).

    python tools/draw_logo.py   # rewrites book/images/logo.svg, logo-dark.svg and favicon.png

logo-dark.svg is the same picture for the site's dark theme (light ink, dark paper).
The outputs are committed (3 small files) so that a build needs no extra step; running this script
again reproduces them byte for byte (fixed seed, no dates in the metadata).
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "book" / "images"
POSITIVE, NEGATIVE = "#d9822b", "#2b6cb0"
LIGHT = {"ink": "#1f2933", "paper": "white"}
DARK = {"ink": "#e4e7eb", "paper": "#1f2933"}

V_ON = np.array([1, 0, 1, 1])  # the visible configuration drawn
H_ON = np.array([0, 1, 0])  # the hidden configuration drawn


def draw(ax, *, unit_radius=0.32, edge_scale=3.2, outline=2.4, ink=LIGHT["ink"],
         paper=LIGHT["paper"]):
    """Draw the RBM on ``ax`` in data coordinates x in [0, 3], y in [0, 2]."""
    rng = np.random.default_rng(7)
    W = rng.normal(0.0, 1.0, size=(len(V_ON), len(H_ON)))
    x_v = np.linspace(0.0, 3.0, len(V_ON))
    x_h = np.linspace(0.5, 2.5, len(H_ON))
    for i, xv in enumerate(x_v):
        for j, xh in enumerate(x_h):
            w = W[i, j]
            ax.plot([xv, xh], [0.0, 2.0], color=POSITIVE if w > 0 else NEGATIVE,
                    lw=edge_scale * (0.35 + abs(w)), alpha=0.85, solid_capstyle="round", zorder=1)
    for xs, states, y in ((x_v, V_ON, 0.0), (x_h, H_ON, 2.0)):
        for x, on in zip(xs, states):
            ax.add_patch(plt.Circle((x, y), unit_radius, facecolor=ink if on else paper,
                                    edgecolor=ink, lw=outline, zorder=2))
    pad = unit_radius + 0.08
    ax.set_xlim(-pad, 3.0 + pad)
    ax.set_ylim(-pad, 2.0 + pad)
    ax.set_aspect("equal")
    ax.axis("off")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    plt.rcParams["svg.hashsalt"] = "confronting-the-partition-function"

    for name, colours in (("logo.svg", LIGHT), ("logo-dark.svg", DARK)):
        fig = plt.figure(figsize=(3.4, 2.4))
        ax = fig.add_axes((0, 0, 1, 1))
        draw(ax, **colours)
        fig.savefig(OUT / name, transparent=True, metadata={"Date": None, "Creator": None})
        plt.close(fig)

    fig = plt.figure(figsize=(1, 1), dpi=64)
    ax = fig.add_axes((0, 0, 1, 1))
    draw(ax, unit_radius=0.42, edge_scale=2.0, outline=1.6)
    fig.savefig(OUT / "favicon.png", dpi=64, transparent=True, metadata={"Software": None})
    plt.close(fig)
    for name in ("logo.svg", "logo-dark.svg", "favicon.png"):
        print(f"wrote {OUT / name} ({(OUT / name).stat().st_size} bytes)")


if __name__ == "__main__":
    main()
