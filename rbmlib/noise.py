"""Noise distributions for noise-contrastive estimation: p_n(v) that can be sampled and evaluated.

NCE (:mod:`rbmlib.nce`) learns a model by telling data from samples of a noise distribution p_n,
so p_n must be easy to sample and its log-density easy to compute for any row, and it must give
every state the data can take a positive density.  Binary data get independent Bernoulli noise
(:class:`BernoulliNoise`, usually fitted to the data's pixel frequencies, or uniform); real data
get a multivariate normal (:class:`GaussianNoise`, usually fitted to the data's mean and
covariance).  Each class has ``log_prob(v)``, ``sample(n_samples, rng)``, ``n_visible`` and
``binary`` (which kind of model it pairs with).

Chapter: *Noise-contrastive estimation* (``book/noise_contrastive_estimation.ipynb``).
"""

import numpy as np

from ._checks import (
    _as_numeric,
    _finite_float64,
    as_finite_float,
    as_positive_float,
    as_positive_int,
    as_real_array,
    as_rng,
    as_states,
)

__all__ = ["BernoulliNoise", "UniformBinaryNoise", "GaussianNoise"]


class BernoulliNoise:
    """Independent Bernoulli noise, p_n(v) = Π_i p_i^{v_i} (1 − p_i)^{1 − v_i}.

    Parameters
    ----------
    p : array_like, shape (n_visible,)
        P(v_i = 1), each strictly between 0 and 1 (so every state has p_n(v) > 0).

    Examples
    --------
    >>> noise = BernoulliNoise([0.5, 0.25])
    >>> round(float(np.exp(noise.log_prob([1, 1]))), 6)
    0.125
    >>> noise.sample(3, rng=0).shape
    (3, 2)
    """

    binary = True

    def __init__(self, p):
        p = as_real_array("p", p, 1)
        if p.size == 0 or not np.all((p > 0.0) & (p < 1.0)):
            raise ValueError(
                "p must be a non-empty 1-D array of probabilities strictly between 0 and 1 "
                f"(noise must give every state positive probability); got {p!r}"[:200]
            )
        p.flags.writeable = False
        self.p = p

    @classmethod
    def fit(cls, data, pseudo_count=1.0):
        """Fit p_i = (Σ_t x_ti + α) / (T + 2α) to binary data with pseudo-count α > 0.

        The pseudo-counts keep every p_i strictly inside (0, 1) even for a unit that is always
        on or always off in the data.

        Examples
        --------
        >>> BernoulliNoise.fit([[1, 0], [1, 0]], pseudo_count=1.0).p
        array([0.75, 0.25])
        """
        data = _as_binary_rows("data", data)
        alpha = as_positive_float("pseudo_count", pseudo_count)
        return BernoulliNoise((data.sum(axis=0) + alpha) / (data.shape[0] + 2.0 * alpha))

    @property
    def n_visible(self):
        return self.p.size

    def log_prob(self, v):
        """log p_n(v) = Σ_i v_i log p_i + (1 − v_i) log(1 − p_i) for each row of ``v``."""
        v, single = as_states("v", v, self.n_visible)
        values = v @ np.log(self.p) + (1.0 - v) @ np.log1p(-self.p)
        return float(values[0]) if single else values

    def sample(self, n_samples, rng):
        """Draw ``n_samples`` rows, shape (n_samples, n_visible)."""
        n_samples = as_positive_int("n_samples", n_samples)
        u = as_rng(rng).random((n_samples, self.n_visible))
        return (u < self.p).astype(np.float64)

    def __repr__(self):
        return f"{type(self).__name__}(n_visible={self.n_visible})"


class UniformBinaryNoise(BernoulliNoise):
    """Uniform noise over the 2^n_visible binary states: p_n(v) = 2^{−n_visible}.

    Examples
    --------
    >>> round(UniformBinaryNoise(3).log_prob([0, 1, 0]), 6)  # −3 log 2
    -2.079442
    """

    def __init__(self, n_visible):
        super().__init__(np.full(as_positive_int("n_visible", n_visible), 0.5))


class GaussianNoise:
    """Multivariate normal noise, log p_n(v) = −½ [d log 2π + log det Σ + (v − μ)ᵀ Σ⁻¹ (v − μ)].

    Σ = L Lᵀ is factorised once (Cholesky); log-densities and samples v = μ + L z are vectorised
    over rows.

    Parameters
    ----------
    mean : array_like, shape (n_visible,)
    cov : array_like, shape (n_visible, n_visible)
        Symmetric and positive definite; a singular covariance raises ``ValueError``.

    Examples
    --------
    >>> noise = GaussianNoise([0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]])
    >>> round(noise.log_prob([0.0, 0.0]), 6)  # −log 2π
    -1.837877
    """

    binary = False

    def __init__(self, mean, cov):
        mean = as_real_array("mean", mean, 1)
        cov = as_real_array("cov", cov, 2)
        d = mean.size
        if d == 0 or cov.shape != (d, d):
            raise ValueError(
                f"cov must have shape (n_visible, n_visible) = ({d}, {d}) to match mean of "
                f"shape {mean.shape}, with n_visible ≥ 1; got shape {cov.shape}"
            )
        if not np.allclose(cov, cov.T, rtol=1e-10, atol=1e-12 * np.abs(cov).max()):
            raise ValueError("cov must be symmetric; got cov != cov.T")
        eig = np.linalg.eigvalsh(cov)
        # The rank tolerance of numpy.linalg.matrix_rank: smaller eigenvalues are rounding noise.
        if eig[0] <= eig[-1] * d * np.finfo(np.float64).eps:
            raise ValueError(
                f"cov must be positive definite; its smallest eigenvalue is {eig[0]:.3g} "
                f"(largest {eig[-1]:.3g}), so it is singular or indefinite (for GaussianNoise.fit, "
                "pass ridge > 0 or drop constant columns)"
            )
        self.mean, self.cov = mean, cov
        self.L = np.linalg.cholesky(cov)
        self._L_inv = np.linalg.solve(self.L, np.eye(d))  # once, so log_prob is one numpy GEMM
        self._log_norm = 0.5 * d * np.log(2.0 * np.pi) + np.log(np.diag(self.L)).sum()
        for arr in (self.mean, self.cov, self.L, self._L_inv):
            arr.flags.writeable = False

    @classmethod
    def fit(cls, data, ridge=0.0):
        """The sample mean and (unbiased) sample covariance of real data rows, plus ridge·I.

        Examples
        --------
        >>> GaussianNoise.fit([[0.0, 1.0], [2.0, 1.5], [1.0, 0.5]]).mean
        array([1., 1.])
        """
        data = as_real_array("data", data, 2)
        if data.shape[0] < 2 or data.shape[1] == 0:
            raise ValueError(f"data must have at least 2 rows and 1 column; got shape {data.shape}")
        ridge = as_finite_float("ridge", ridge)
        if ridge < 0:
            raise ValueError(f"ridge must be at least 0; got {ridge}")
        cov = np.atleast_2d(np.cov(data, rowvar=False)) + ridge * np.eye(data.shape[1])
        return cls(data.mean(axis=0), cov)

    @property
    def n_visible(self):
        return self.mean.size

    def log_prob(self, v):
        """log p_n(v) for each row of ``v``, shape (n_samples,) (a float for a single row)."""
        v, single = _as_real_rows("v", v, self.n_visible)
        z = (v - self.mean) @ self._L_inv.T  # z = L⁻¹(v − μ), so zᵀz = (v − μ)ᵀ Σ⁻¹ (v − μ)
        values = -self._log_norm - 0.5 * np.einsum("ni,ni->n", z, z)
        return float(values[0]) if single else values

    def sample(self, n_samples, rng):
        """Draw ``n_samples`` rows v = μ + L z with z ~ N(0, I), shape (n_samples, n_visible)."""
        n_samples = as_positive_int("n_samples", n_samples)
        z = as_rng(rng).standard_normal((n_samples, self.n_visible))
        return self.mean + z @ self.L.T

    def __repr__(self):
        return f"GaussianNoise(n_visible={self.n_visible})"


# --- input checks --------------------------------------------------------------------------------
def _as_binary_rows(name, x):
    arr = _as_numeric(name, x)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of rows; got shape {arr.shape}")
    return as_states(name, arr, arr.shape[1])[0]


def _as_real_rows(name, x, width):
    """Rows of real values, shape (n_samples, width), and whether ``x`` was a single row."""
    arr = _as_numeric(name, x)
    if arr.ndim not in (1, 2) or arr.shape[-1] != width or arr.size == 0:
        raise ValueError(
            f"{name} must be one row of shape ({width},) or rows of shape (n_samples, {width}); "
            f"got shape {arr.shape}"
        )
    return np.atleast_2d(_finite_float64(name, arr)), arr.ndim == 1
