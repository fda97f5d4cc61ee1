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

p(h | v) itself enters only the statistics, as w ⊙ σ(x) = w − w/(1 + eˣ): float64 ``exp`` is
vectorised on this hardware and twice as fast as ``tanh``; it overflows to inf for x > 709, where
the formula gives exactly w (and r < inf), and underflows to 0 for x < −745, where σ(x) < 1e−323.

The training loop draws its uniforms from its own SFC64 generator, 2¹⁴ at a time
(:class:`rbmlib.train.Trainer`); a single call of an estimator draws from the ``rng`` it is given.

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


class Odds:
    """Odds r = u / (1 − u) of uniforms u, handed out in order (see the module docstring).

    With ``block=0`` each :meth:`take` draws exactly what it hands out, so a single call of an
    estimator consumes ``rng`` like the readable functions; the training loop asks for blocks of
    ``block`` values (fewer calls; what is left of a block when a request does not fit is dropped).
    """

    def __init__(self, rng, block=0, dtype=np.float64):
        self.rng, self.block, self.dtype = rng, block, dtype
        self._r, self._next = np.empty(0, dtype), 0
        self._layouts = {}  # shapes → their (start, stop) offsets within one request

    def take(self, *shapes):
        """One array of odds per shape, consecutive in the stream."""
        layout = self._layouts.get(shapes)
        if layout is None:
            stops = np.cumsum([rows * cols for rows, cols in shapes]).tolist()
            layout = self._layouts[shapes] = list(zip([0, *stops[:-1]], stops))
        start, total = self._next, layout[-1][1]
        if start + total > len(self._r):
            u = self.rng.random(max(self.block, total), dtype=self.dtype)
            self._r, start = np.divide(u, 1 - u, out=u), 0
        self._next = start + total
        r = self._r[start:start + total]
        return [r[i:j].reshape(shape) for (i, j), shape in zip(layout, shapes)]


class StackedPhases:
    """Preallocated arrays for B data rows and C chain rows (see the module docstring).

    ``X`` is [v_data; v_chain | 1], ``P`` is p(h | v) of every row, ``S`` is [w ⊙ P | w], ``H``
    is [h | 1] of the chains that CD starts at the data.
    """

    def __init__(self, n_data, n_chain, n_visible, n_hidden, dtype=np.float64):
        n = n_data + n_chain
        self.n_data = n_data
        self.data_rows, self.chain_rows = slice(0, n_data), slice(n_data, n)
        self.X = np.ones((n, n_visible + 1), dtype)
        self.P = np.empty((n, n_hidden), dtype)
        self.S = np.empty((n, n_hidden + 1), dtype)
        self.v_data, self.v_chain = self.X[:n_data, :n_visible], self.X[n_data:, :n_visible]
        self.p_data, self.p_chain = self.P[:n_data], self.P[n_data:]
        self.e_v = np.empty((n_chain, n_visible), dtype)
        self.H = np.ones((n_chain, n_hidden + 1), dtype)  # [h | 1] of CD's chains (PCD: its own)
        self.h = self.H[:, :n_hidden]
        self._X_T, self._w, self._w_P = self.X.T, self.S[:, -1:], self.S[:, :-1]
        self._scale = None

    def weights(self, scale):
        """S[:, -1] ← w = (+scale/B for data rows, −scale/C for chain rows)."""
        if scale != self._scale:
            n_data, n_chain = self.n_data, len(self.X) - self.n_data
            self.S[:n_data, -1], self.S[n_data:, -1] = scale / n_data, -scale / n_chain
            self._scale = scale

    def step_from_exp_into(self, G):
        """G ← Xᵀ [w ⊙ P, w] with P = σ(input) from P = e^input: the scaled step in M's layout.

        w ⊙ σ = w − w / (1 + e^input): three calls, and exact where e^input = inf (σ = 1).
        """
        P, w, w_P = self.P, self._w, self._w_P
        P += 1.0
        np.divide(w, P, out=w_P)
        np.subtract(w, w_P, out=w_P)
        np.dot(self._X_T, self.S, out=G)  # np.dot: a transposed operand costs less
        G[-1, -1] = 0.0  # Σ w is zero up to round-off; the corner of M stays exactly zero


def cd_step_into(buf, M, v0, odds, k, G):
    """G ← the CD-k step (rbmlib.cd.cd_gradient, scaled by buf's weights): chains from the data.

    The draws come in the order of cd_gradient: h⁰ ~ p(h | v⁰), then v¹ ~ p(v | h⁰) and
    h¹ ~ p(h | v¹), …, and vᵏ.
    """
    n, n_visible, n_hidden = len(v0), buf.e_v.shape[1], buf.h.shape[1]
    W_a_T, W_b = M[:-1].T, M[:, :-1]  # [W, a]ᵀ and [W; bᵀ]: a layer's input, bias included
    X, h, e_v, v_chain, p_chain = buf.X, buf.h, buf.e_v, buf.v_chain, buf.p_chain
    buf.v_data[...] = v0
    (r_h,) = odds.take((n, n_hidden))
    np.matmul(X[buf.data_rows], W_b, out=buf.p_data)  # e^(Wᵀv⁰ + b): the odds of p(h | v⁰)
    np.exp(buf.p_data, out=buf.p_data)
    np.less(r_h, buf.p_data, out=h)  # h⁰
    for sweep in range(1, k + 1):
        r = odds.take((n, n_visible), *[(n, n_hidden)] * (sweep < k))
        np.dot(buf.H, W_a_T, out=e_v)  # e^(W h + a): the odds of p(v | h)
        np.exp(e_v, out=e_v)
        np.less(r[0], e_v, out=v_chain)  # v^sweep
        np.matmul(X[buf.chain_rows], W_b, out=p_chain)
        np.exp(p_chain, out=p_chain)
        if sweep < k:
            np.less(r[1], p_chain, out=h)  # h^sweep
    buf.step_from_exp_into(G)


def persistent_stepper(buf, M, chains_M, h_ones, odds, k):
    """``step(v0, G)``: G ← the PCD step after k sweeps h → v → h of the chains [h | 1].

    The chains sample under ``chains_M``: M itself for PCD, M + M_fast for fast PCD (an array
    its owner updates in place); the statistics use M.  The draws come in the order of
    rbmlib.cd.PersistentChains.advance: v ~ p(v | h), then h ~ p(h | v).  Every array is bound
    once, here, so that a step costs its numpy calls and little else.
    """
    n_chain, n_visible = buf.e_v.shape
    h = h_ones[:, :-1]
    W_a_T, W_b, W_b_stats = chains_M[:-1].T, chains_M[:, :-1], M[:, :-1]  # [W, a]ᵀ, [W; bᵀ]
    X, P, e_v, v_data = buf.X, buf.P, buf.e_v, buf.v_data
    v_chain, p_chain = buf.v_chain, buf.p_chain
    X_chain = X[buf.chain_rows]
    shared = chains_M is M  # then the last sweep's product covers the data rows too
    shapes = ((n_chain, n_visible), (n_chain, h.shape[1]))
    take, finish = odds.take, buf.step_from_exp_into
    matmul, dot, exp, less = np.matmul, np.dot, np.exp, np.less

    def step(v0, G):
        v_data[...] = v0
        for sweep in range(1, k + 1):
            r_v, r_h = take(*shapes)
            dot(h_ones, W_a_T, out=e_v)  # e^(W h + a) (np.dot: a transposed operand costs less)
            exp(e_v, out=e_v)
            less(r_v, e_v, out=v_chain)  # v ~ p(v | h)
            if shared and sweep == k:
                matmul(X, W_b, out=P)  # e^(Wᵀv + b), every row
                exp(P, out=P)
            else:
                matmul(X_chain, W_b, out=p_chain)  # the chains' rows only
                exp(p_chain, out=p_chain)
            less(r_h, p_chain, out=h)  # h ~ p(h | v)
        if not shared:
            matmul(X, W_b_stats, out=P)  # p(h | v) of every row under M, for the statistics
            exp(P, out=P)
        finish(G)

    return step


def buffers(cache, n_data, n_chain, M):
    """The estimator's StackedPhases for this minibatch size and model, made once and reused."""
    key = (n_data, n_chain, M.shape, M.dtype)
    try:
        return cache[key]
    except KeyError:
        n_visible, n_hidden = M.shape[0] - 1, M.shape[1] - 1
        return cache.setdefault(key, StackedPhases(n_data, n_chain, n_visible, n_hidden, M.dtype))
