"""The fast path of the sampling estimators: both phases in one stack, the biases in the weights.

Three devices cut the number of numpy calls per update, which is what a small minibatch pays
for (each call costs about a microsecond, whatever its size):

* **Augmented parameters.**  (W, a, b) live in one (n_visible + 1) × (n_hidden + 1) matrix

      M = [[W, a], [bᵀ, 0]],

  and every state carries a trailing 1: [v, 1] M = [vᵀW + bᵀ, vᵀa] and [h, 1] Mᵀ = [W h + a, bᵀh],
  so a layer's input comes out of one product with its bias already added (the last column of
  each is not used; the corner of M is never read).
* **Stacked phases.**  X = [v_data; v_chain] holds the B data rows and the C chain rows, and
  P = p(h | X); with row weights w = +ε/B for data rows and −ε/C for chain rows,

      Xᵀ [w ⊙ P, w] = ε [[E_data[v hᵀ] − E_chain[v hᵀ], E_data[v] − E_chain[v]],
                         [E_data[h]ᵀ − E_chain[h]ᵀ,    0]],

  the whole step of CD or PCD (learning rate ε included) in the layout of M, from one product.
* **Samples from odds.**  If u is uniform on [0, 1), its odds r = u / (1 − u) fall below eˣ exactly
  when u < σ(x), so [r < eˣ] is a Bernoulli(σ(x)) sample: a layer is sampled from the exponential
  of its input, with no division.  The odds are computed for a block of uniforms at a time
  (:class:`Odds`), in the order in which the readable functions of :mod:`rbmlib.cd` draw their
  uniforms, so that one call of an estimator gives their numbers.

p(h | v) itself, needed for the statistics, is σ(x) = 1 − 1/(1 + eˣ): float64 ``exp`` is
vectorised on this hardware and twice as fast as ``tanh``; it overflows to inf for x > 709, where
the formula gives exactly 1 (and r < inf), and underflows to 0 for x < −745, where σ(x) < 1e−323.

Chapter: ``book/contrastive_divergence.ipynb`` (the estimators); ``rbmlib/estimators.py`` uses this.
"""

import numpy as np


def augmented(W, a, b, out=None):
    """M = [[W, a], [bᵀ, 0]] (into ``out`` when given)."""
    n_visible, n_hidden = W.shape
    M = np.zeros((n_visible + 1, n_hidden + 1)) if out is None else out
    M[:n_visible, :n_hidden], M[:n_visible, n_hidden], M[n_visible, :n_hidden] = W, a, b
    M[n_visible, n_hidden] = 0.0
    return M


def split(M):
    """The views (W, a, b) of an augmented matrix."""
    n_visible, n_hidden = M.shape[0] - 1, M.shape[1] - 1
    return M[:n_visible, :n_hidden], M[:n_visible, n_hidden], M[n_visible, :n_hidden]


def sigmoid_from_exp(x):
    """x ← σ(t) = 1 − 1/(1 + x), in place, for x = eᵗ; exact to an absolute 2e-16."""
    x += 1.0
    np.reciprocal(x, out=x)
    np.subtract(1.0, x, out=x)


class Odds:
    """Odds r = u / (1 − u) of uniforms u, handed out in order (see the module docstring).

    With ``block=0`` each :meth:`take` draws exactly what it hands out, so a single call of an
    estimator consumes ``rng`` like the readable functions; the training loop asks for blocks of
    ``block`` values (fewer calls; what is left of a block when a request does not fit is dropped).
    """

    def __init__(self, rng, block=0):
        self.rng, self.block = rng, block
        self._r, self._next = np.empty(0), 0

    def take(self, *shapes):
        """One array of odds per shape, consecutive in the stream."""
        sizes = [rows * cols for rows, cols in shapes]
        if self._next + sum(sizes) > len(self._r):
            u = self.rng.random(max(self.block, sum(sizes)))
            self._r, self._next = np.divide(u, 1.0 - u, out=u), 0
        out = []
        for (rows, cols), size in zip(shapes, sizes):
            out.append(self._r[self._next:self._next + size].reshape(rows, cols))
            self._next += size
        return out


class StackedPhases:
    """Preallocated arrays for B data rows and C chain rows (see the module docstring).

    ``X`` is [v_data; v_chain | 1], ``P`` is p(h | v) of every row, ``S`` is [w ⊙ P | w], ``H``
    is [h | 1] of the chains that CD starts at the data.
    """

    def __init__(self, n_data, n_chain, n_visible, n_hidden):
        n = n_data + n_chain
        self.n_data = n_data
        self.data_rows, self.chain_rows = slice(0, n_data), slice(n_data, n)
        self.X = np.ones((n, n_visible + 1))
        self.P = np.empty((n, n_hidden))
        self.S = np.empty((n, n_hidden + 1))
        self.v_data, self.v_chain = self.X[:n_data, :n_visible], self.X[n_data:, :n_visible]
        self.p_data, self.p_chain = self.P[:n_data], self.P[n_data:]
        self.e_v = np.empty((n_chain, n_visible))
        self.H = np.ones((n_chain, n_hidden + 1))  # [h | 1] of CD's chains (PCD keeps its own)
        self.h = self.H[:, :n_hidden]
        self._scale = None

    def weights(self, scale):
        """S[:, -1] ← w = (+scale/B for data rows, −scale/C for chain rows)."""
        if scale != self._scale:
            n_data, n_chain = self.n_data, len(self.X) - self.n_data
            self.S[:n_data, -1], self.S[n_data:, -1] = scale / n_data, -scale / n_chain
            self._scale = scale

    def hidden_exp(self, M, rows):
        """P[rows] ← exp([X[rows], 1] M[:, :n_hidden]), the odds of p(h | v); h ~ [r < P[rows]]."""
        P = self.P[rows]
        np.matmul(self.X[rows], M[:, :-1], out=P)
        np.exp(P, out=P)

    def hidden_probabilities(self, rows=slice(None)):
        """P[rows] ← p(h | v) = σ(input), from the exponentials :meth:`hidden_exp` left there."""
        sigmoid_from_exp(self.P[rows])

    def sample_visible(self, M, h_ones, r):
        """v_chain ← [r < exp([h, 1] [W, a]ᵀ)], the visible layer of the chains given h."""
        np.matmul(h_ones, M[:-1].T, out=self.e_v)
        np.exp(self.e_v, out=self.e_v)
        np.less(r, self.e_v, out=self.v_chain)

    def step_into(self, G):
        """G ← Xᵀ [w ⊙ P, w]: the scaled CD/PCD step in the layout of M (see the module)."""
        np.multiply(self.P, self.S[:, -1:], out=self.S[:, :-1])
        np.matmul(self.X.T, self.S, out=G)
        G[-1, -1] = 0.0


def buffers(cache, n_data, n_chain, M):
    """The estimator's StackedPhases for this minibatch size and model, made once and reused."""
    key = (n_data, n_chain, M.shape)
    try:
        return cache[key]
    except KeyError:
        n_visible, n_hidden = M.shape[0] - 1, M.shape[1] - 1
        return cache.setdefault(key, StackedPhases(n_data, n_chain, n_visible, n_hidden))
