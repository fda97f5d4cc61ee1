"""The Gaussian–Bernoulli RBM itself: its parameters, energy, free energy and conditionals.

The formulas are those of :mod:`rbmlib.gaussian` (its docstring states the model); the exact
quantities that enumerate the hidden layer are in :mod:`rbmlib.gaussian.exact`.

Chapter: *Score matching* (``book/score_matching.ipynb``).
"""

import numpy as np
from scipy.special import expit

from .._checks import (
    _as_numeric,
    _finite_float64,
    as_positive_float,
    as_positive_int,
    as_real_array,
    as_rng,
    as_states,
)
from ..rbm import RBM, ParameterArithmetic

__all__ = [
    "GaussianRBM", "energy", "free_energy", "prob_h_given_v", "sample_h_given_v",
    "mean_v_given_h", "sample_v_given_h", "gibbs_chain",
]

_MAX_ABS_LOG_SIGMA = 100.0  # σ within e^±100: σ² and 1/σ² stay far from overflow


class GaussianRBM(ParameterArithmetic):
    """Parameters θ = (W, a, b, log_sigma) of a Gaussian–Bernoulli RBM.

    E(v, h) = Σ_i (v_i − a_i)²/(2σ_i²) − bᵀh − Σ_ij (v_i/σ_i²) W_ij h_j with σ = e^{log_sigma}.

    Arrays are copied to read-only float64; ``+``, ``−``, scalar ``*`` and ``/`` and unary ``−``
    act on all four at once, so ``model + learning_rate * grad`` is a learning step.

    Parameters
    ----------
    W : array_like, shape (n_visible, n_hidden)
    a : array_like, shape (n_visible,)
        Visible biases: the mean of v when every hidden unit is off.
    b : array_like, shape (n_hidden,)
        Hidden biases.
    log_sigma : array_like, shape (n_visible,)
        Log standard deviations of the visible units (any finite value, so that a gradient, whose
        ``log_sigma`` holds ∂/∂ log σ, is a GaussianRBM too).

    Examples
    --------
    >>> model = GaussianRBM(W=[[1.0]], a=[0.0], b=[0.0], log_sigma=[0.0])
    >>> (model + 0.5 * model).W
    array([[1.5]])
    """

    __slots__ = ("W", "a", "b", "log_sigma")

    def __init__(self, W, a, b, log_sigma):
        W = as_real_array("W", W, 2)
        n_visible, n_hidden = W.shape
        if n_visible == 0 or n_hidden == 0:
            raise ValueError(
                f"W must have at least one visible and one hidden unit; got shape {W.shape}")
        fields = {"W": W}
        expected = [("a", a, n_visible, "n_visible"), ("b", b, n_hidden, "n_hidden"),
                    ("log_sigma", log_sigma, n_visible, "n_visible")]
        for name, value, n, what in expected:
            arr = as_real_array(name, value, 1)
            if arr.shape != (n,):
                raise ValueError(f"{name} must have shape ({what},) = ({n},) to match W of shape "
                                 f"{W.shape}; got shape {arr.shape}")
            fields[name] = arr
        for name, arr in fields.items():
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)

    @classmethod
    def random(cls, n_visible, n_hidden, rng, *, scale=0.01, sigma=1.0):
        """W_ij ~ N(0, scale²), zero biases, σ = ``sigma`` (a number or one per visible unit)."""
        n_visible = as_positive_int("n_visible", n_visible)
        n_hidden = as_positive_int("n_hidden", n_hidden)
        scale = as_positive_float("scale", scale)
        sigma = as_real_array("sigma", np.atleast_1d(sigma), 1)
        if sigma.shape not in ((1,), (n_visible,)) or np.any(sigma <= 0):
            raise ValueError(f"sigma must be a number or {n_visible} numbers, all greater than 0; "
                             f"got {sigma}")
        sigma = np.broadcast_to(sigma, (n_visible,))
        W = scale * as_rng(rng).standard_normal((n_visible, n_hidden))
        return cls(W, np.zeros(n_visible), np.zeros(n_hidden), np.log(sigma))

    @classmethod
    def zeros(cls, n_visible, n_hidden):
        """All parameters zero: W = 0, a = 0, b = 0 and σ = 1 (a standard normal in v)."""
        n_visible = as_positive_int("n_visible", n_visible)
        n_hidden = as_positive_int("n_hidden", n_hidden)
        return cls(np.zeros((n_visible, n_hidden)), np.zeros(n_visible), np.zeros(n_hidden),
                   np.zeros(n_visible))

    n_visible = property(lambda self: self.W.shape[0])
    n_hidden = property(lambda self: self.W.shape[1])
    n_parameters = property(lambda self: self.W.size + 2 * self.a.size + self.b.size)

    @property
    def sigma(self):
        """σ = e^{log_sigma}, the standard deviations of p(v | h)."""
        return np.exp(self.log_sigma)

    def to_vector(self):
        """All parameters in one flat array, ordered (W row by row, a, b, log_sigma)."""
        return np.concatenate([self.W.ravel(), self.a, self.b, self.log_sigma])

    @classmethod
    def from_vector(cls, theta, n_visible, n_hidden):
        """Inverse of :meth:`to_vector`."""
        n_visible = as_positive_int("n_visible", n_visible)
        n_hidden = as_positive_int("n_hidden", n_hidden)
        theta = as_real_array("theta", theta, 1)
        sizes = np.cumsum([n_visible * n_hidden, n_visible, n_hidden])
        if theta.size != sizes[-1] + n_visible:
            raise ValueError(f"theta must have n_visible*n_hidden + 2*n_visible + n_hidden = "
                             f"{sizes[-1] + n_visible} entries; got {theta.size}")
        W, a, b, log_sigma = np.split(theta, sizes)
        return cls(W.reshape(n_visible, n_hidden), a, b, log_sigma)


# --- checks -----------------------------------------------------------------------------------
def _check_model(model):
    """Refuse anything but a GaussianRBM whose σ can be exponentiated safely."""
    if not isinstance(model, GaussianRBM):
        hint = ""
        if isinstance(model, RBM):
            hint = " (a binary RBM: build a GaussianRBM(W, a, b, log_sigma))"
        raise TypeError(f"model must be an rbmlib.GaussianRBM; got {type(model).__name__}{hint}")
    worst = float(np.max(np.abs(model.log_sigma)))
    if worst > _MAX_ABS_LOG_SIGMA:
        raise ValueError(f"model.log_sigma must lie in [-{_MAX_ABS_LOG_SIGMA:g}, "
                         f"{_MAX_ABS_LOG_SIGMA:g}] (σ = e^log_sigma); got |log_sigma| = {worst:g}")


def _as_rows(name, x, width):
    """Real-valued rows as a 2-D float64 copy, and whether ``x`` was a single row."""
    arr = _as_numeric(name, x)
    if arr.ndim not in (1, 2):
        raise ValueError(f"{name} must be one point of shape ({width},) or rows of shape "
                         f"(n_samples, {width}); got shape {arr.shape}")
    if arr.shape[-1] != width:
        raise ValueError(f"{name} must have {width} columns (one per unit); got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must have at least one row; got shape {arr.shape}")
    return np.atleast_2d(_finite_float64(name, arr)), arr.ndim == 1


def _out(values, single):
    return values[0] if single else values


def _hidden_input(model, v):
    """b_j + Σ_i v_i W_ij / σ_i² for each row of ``v``."""
    return (v * np.exp(-2.0 * model.log_sigma)) @ model.W + model.b


# --- energy and conditionals ------------------------------------------------------------------
def energy(model, v, h):
    """E(v, h) = Σ_i (v_i − a_i)²/(2σ_i²) − bᵀh − Σ_ij (v_i/σ_i²) W_ij h_j for each pair of rows.

    Parameters
    ----------
    model : GaussianRBM
    v : array_like, shape (n_samples, n_visible) or (n_visible,)
        Real visible vectors.
    h : array_like, shape (n_samples, n_hidden) or (n_hidden,)
        Binary hidden states.

    Returns
    -------
    ndarray of shape (n_samples,), or a float for a single pair.

    Examples
    --------
    >>> model = GaussianRBM([[1.0]], [0.0], [0.5], [0.0])
    >>> energy(model, [2.0], [1])  # 4/2 − 0.5 − 2
    -0.5
    """
    _check_model(model)
    v, single_v = _as_rows("v", v, model.n_visible)
    h, single_h = as_states("h", h, model.n_hidden)
    if v.shape[0] != h.shape[0]:
        raise ValueError(
            f"v and h must have the same number of rows; got {v.shape[0]} and {h.shape[0]}")
    s = np.exp(-2.0 * model.log_sigma)  # 1/σ²
    interaction = np.einsum("ni,ij,nj->n", v * s, model.W, h)
    values = 0.5 * ((v - model.a) ** 2 @ s) - h @ model.b - interaction
    return float(values[0]) if single_v and single_h else values


def free_energy(model, v):
    """F(v) = Σ_i (v_i − a_i)²/(2σ_i²) − Σ_j softplus(b_j + Σ_i v_i W_ij/σ_i²), p(v) = e^{−F(v)}/Z.

    F(v) = −log Σ_h e^{−E(v, h)}: given v the hidden units are independent and are summed out one
    at a time; softplus(x) = log(1 + eˣ) is ``np.logaddexp(0, x)``.

    Parameters
    ----------
    model : GaussianRBM
    v : array_like, shape (n_samples, n_visible) or (n_visible,)

    Returns
    -------
    ndarray of shape (n_samples,), or a float for a single point.

    Examples
    --------
    >>> round(free_energy(GaussianRBM.zeros(1, 1), [0.0]), 6)  # −log 2
    -0.693147
    """
    _check_model(model)
    v, single = _as_rows("v", v, model.n_visible)
    values = _free_energy(model, v)
    return float(values[0]) if single else values


def _free_energy(model, v):
    quadratic = 0.5 * ((v - model.a) ** 2 @ np.exp(-2.0 * model.log_sigma))
    return quadratic - np.logaddexp(0.0, _hidden_input(model, v)).sum(axis=1)


def prob_h_given_v(model, v):
    """p(h_j = 1 | v) = σ(b_j + Σ_i v_i W_ij/σ_i²), shape (n_samples, n_hidden) or (n_hidden,).

    Examples
    --------
    >>> prob_h_given_v(GaussianRBM([[2.0]], [0.0], [-1.0], [0.0]), [0.5])
    array([0.5])
    """
    _check_model(model)
    v, single = _as_rows("v", v, model.n_visible)
    return _out(expit(_hidden_input(model, v)), single)


def sample_h_given_v(model, v, rng):
    """Draw h ~ p(h | v), each hidden unit independently with p(h_j = 1 | v).

    Examples
    --------
    >>> sample_h_given_v(GaussianRBM.zeros(2, 3), [[0.0, 1.0]], rng=0).shape
    (1, 3)
    """
    p = prob_h_given_v(model, v)
    return (as_rng(rng).random(p.shape) < p).astype(np.float64)


def mean_v_given_h(model, h):
    """E[v | h] = a + W h, shape (n_samples, n_visible) or (n_visible,); h may be probabilities.

    Examples
    --------
    >>> mean_v_given_h(GaussianRBM([[1.0, 2.0]], [0.5], [0.0, 0.0], [0.0]), [1, 1])
    array([3.5])
    """
    _check_model(model)
    h, single = as_states("h", h, model.n_hidden, binary=False)
    return _out(h @ model.W.T + model.a, single)


def sample_v_given_h(model, h, rng):
    """Draw v ~ N(a + W h, diag σ²), one row per row of ``h``.

    Examples
    --------
    >>> sample_v_given_h(GaussianRBM.zeros(2, 3), [1, 0, 1], rng=0).shape
    (2,)
    """
    mean = mean_v_given_h(model, h)
    return mean + model.sigma * as_rng(rng).standard_normal(mean.shape)


def gibbs_chain(model, v0, n_steps, rng, *, return_trajectory=False):
    """Block Gibbs sampling: ``n_steps`` sweeps h ~ p(h | v), v ~ N(a + W h, σ²), one chain per row.

    Parameters
    ----------
    model : GaussianRBM
    v0 : array_like, shape (n_chains, n_visible) or (n_visible,)
    n_steps : int, at least 0
    rng : numpy.random.Generator or int
    return_trajectory : bool
        Return every state, shape (n_steps + 1, n_chains, n_visible), ``v0`` included.

    Examples
    --------
    >>> gibbs_chain(GaussianRBM.random(2, 3, rng=0), [[0.0, 0.0]] * 4, n_steps=5, rng=1).shape
    (4, 2)
    """
    _check_model(model)
    v, single = _as_rows("v0", v0, model.n_visible)
    n_steps = as_positive_int("n_steps", n_steps, minimum=0)
    rng = as_rng(rng)
    trajectory = [v]
    for _ in range(n_steps):
        p = expit(_hidden_input(model, v))
        h = (rng.random(p.shape) < p).astype(np.float64)
        v = h @ model.W.T + model.a + model.sigma * rng.standard_normal(v.shape)
        if return_trajectory:
            trajectory.append(v)
    if return_trajectory:
        trajectory = np.stack(trajectory)
        return trajectory[:, 0] if single else trajectory
    return v[0] if single else v
