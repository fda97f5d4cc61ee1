"""Flipping one visible bit: the free-energy differences Δ_i = F(v) − F(flip_i v), and gradients.

Private machinery shared by :mod:`rbmlib.pseudolikelihood` and :mod:`rbmlib.ratio_matching`,
whose objectives are sums of a function of Δ over every row and every visible bit.

Flipping bit i changes v_i by s_i = 1 − 2v_i (+1 for 0 → 1, −1 for 1 → 0), so the hidden inputs
x = b + vᵀW change by s_i W_{i,:}, and with x⁽ⁱ⁾ = x + s_i W_{i,:}

    Δ_i = F(v) − F(flip_i v) = s_i a_i + Σ_j [softplus(x⁽ⁱ⁾_j) − softplus(x_j)].

All (row, bit) pairs are formed at once as an array of shape (n_rows, n_bits, n_hidden), a block
of rows at a time to bound memory.  Fast path: each bracket is the log of

    (1 + e^{x_j + s_i W_ij}) / (1 + e^{x_j}) = σ(−x_j) + σ(x_j) e^{s_i W_ij},

a multiply and an add per element once e^{±W} is known, and the product over j is logged once
per (row, bit); σ(x⁽ⁱ⁾_j) is σ(x_j) e^{s_i W_ij} divided by the same factor.  The factors lie
between e^{−|W_ij|} and e^{|W_ij|}, so the product cannot overflow while Σ_j |W_ij| ≤ 600 for
every i; beyond that the plain path evaluates softplus with ``np.logaddexp``.
"""

import numpy as np
from scipy.special import expit

from .rbm import RBM

_CHUNK_ELEMENTS = 2**16  # elements of a (rows, bits, n_hidden) block: 512 KiB, a core's L2
_FAST_PATH_MAX_ROW_SUM = 600.0  # bound on Σ_j |W_ij| under which e^{±Σ|W|} stays finite


def _blocks(n_rows, n_bits, n_hidden):
    """Row slices whose (rows, n_bits, n_hidden) blocks hold about ``_CHUNK_ELEMENTS`` values."""
    step = max(1, _CHUNK_ELEMENTS // (n_bits * n_hidden))
    return (slice(start, start + step) for start in range(0, n_rows, step))


def _flip_block(W, a, b, v, bits, exp_W, need_sigmoids):
    """Δ for one block of rows: returns ``(delta, s, sig_x, sig_flip)``.

    ``bits`` is None (every bit, Δ of shape (n, n_visible)) or row-wise indices of shape (n, k).
    ``exp_W`` is the stacked table [e^W; e^{−W}] for the fast path, or None for the plain path.
    ``sig_flip[n, i, j]`` = σ(x⁽ⁱ⁾_j), computed only when ``need_sigmoids``.
    """
    x = v @ W + b
    if bits is None:
        bits, v_k, W_k, a_k = np.arange(W.shape[0]), v, W, a
    else:
        v_k, W_k, a_k = np.take_along_axis(v, bits, axis=1), W[bits], a[bits]
    s = 1.0 - 2.0 * v_k
    sig_x = expit(x)
    sig_flip = None
    if exp_W is not None:
        table_rows = bits + W.shape[0] * v_k.astype(np.intp)  # row of e^{s_i W_i,:} in the table
        q = np.take(exp_W, table_rows, axis=0)  # e^{s_i W_ij}; np.take is 4× faster than np.where
        q *= sig_x[:, None, :]  # σ(x_j) e^{s_i W_ij}
        ratio = q + expit(-x)[:, None, :]  # (1 + e^{x⁽ⁱ⁾_j}) / (1 + e^{x_j})
        delta = s * a_k + np.log(ratio.prod(axis=2))
        if need_sigmoids:
            sig_flip = np.divide(q, ratio, out=q)
    else:
        x_flip = x[:, None, :] + s[..., None] * W_k
        softplus_x = np.logaddexp(0.0, x).sum(axis=1)
        delta = s * a_k + (np.logaddexp(0.0, x_flip).sum(axis=2) - softplus_x[:, None])
        if need_sigmoids:
            sig_flip = expit(x_flip)
    return delta, s, sig_x, sig_flip


def _exp_W(W):
    """The stacked table [e^W; e^{−W}] of shape (2 n_visible, n_hidden) when the fast path is safe
    for these weights, else None."""
    if np.max(np.abs(W).sum(axis=1)) > _FAST_PATH_MAX_ROW_SUM:
        return None
    return np.concatenate([np.exp(W), np.exp(-W)])


def flip_deltas(rbm, v, bits=None):
    """Δ[n, i] = F(v_n) − F(flip_i v_n) for checked binary rows ``v``.

    With ``bits`` (int array of shape (n_samples, k)), only the bits ``bits[n]`` of row n;
    the result then has shape (n_samples, k).
    """
    n_bits = rbm.n_visible if bits is None else bits.shape[1]
    exp_W = _exp_W(rbm.W)
    delta = np.empty((v.shape[0], n_bits))
    for rows in _blocks(v.shape[0], n_bits, rbm.n_hidden):
        block_bits = None if bits is None else bits[rows]
        delta[rows] = _flip_block(rbm.W, rbm.a, rbm.b, v[rows], block_bits, exp_W, False)[0]
    return delta


def flip_gradient(rbm, v, d_objective):
    """Gradient of (1/M) Σ_n Σ_i f(Δ_ni) w.r.t. (W, a, b), given ``d_objective(Δ)`` = f′(Δ).

    With c_i = f′(Δ_i) and the derivatives of Δ_i = F(v) − F(flip_i v),

        ∂Δ_i/∂a = s_i e_i,   ∂Δ_i/∂b = σ(x⁽ⁱ⁾) − σ(x),
        ∂Δ_i/∂W = v (σ(x⁽ⁱ⁾) − σ(x))ᵀ + s_i e_i σ(x⁽ⁱ⁾)ᵀ,

    the per-row sums over i are g = Σ_i c_i σ(x⁽ⁱ⁾) − (Σ_i c_i) σ(x) for b, c ∘ s for a, and
    v gᵀ + (row i: c_i s_i σ(x⁽ⁱ⁾)ᵀ) for W.
    """
    exp_W = _exp_W(rbm.W)
    grad_W = np.zeros(rbm.W.shape)
    grad_a = np.zeros(rbm.n_visible)
    grad_b = np.zeros(rbm.n_hidden)
    for rows in _blocks(v.shape[0], rbm.n_visible, rbm.n_hidden):
        v_block = v[rows]
        delta, s, sig_x, sig_flip = _flip_block(rbm.W, rbm.a, rbm.b, v_block, None, exp_W, True)
        c = d_objective(delta)
        g = np.einsum("ni,nij->nj", c, sig_flip) - c.sum(axis=1)[:, None] * sig_x
        grad_W += v_block.T @ g + np.einsum("ni,nij->ij", c * s, sig_flip)
        grad_a += (c * s).sum(axis=0)
        grad_b += g.sum(axis=0)
    n = v.shape[0]
    return RBM(grad_W / n, grad_a / n, grad_b / n)
