"""Every public function refuses bad input with a message that names the argument."""

import numpy as np
import pytest

import rbmlib
from rbmlib import RBM, exact

RBM_3x2 = RBM(np.zeros((3, 2)), np.zeros(3), np.zeros(2))
V_OK = np.array([[1.0, 0.0, 1.0]])
H_OK = np.array([[0.0, 1.0]])

# (description, call, exception, message pattern)
CASES = [
    ("energy: v of the wrong width", lambda: rbmlib.energy(RBM_3x2, [[1, 0]], H_OK),
     ValueError, r"v must have 3 columns"),
    ("energy: h of the wrong width", lambda: rbmlib.energy(RBM_3x2, V_OK, [[1, 0, 1]]),
     ValueError, r"h must have 2 columns"),
    ("energy: rows mismatch", lambda: rbmlib.energy(RBM_3x2, V_OK, np.vstack([H_OK, H_OK])),
     ValueError, "same number of rows"),
    ("free_energy: non-binary", lambda: rbmlib.free_energy(RBM_3x2, [[0.5, 0, 1]]),
     ValueError, r"v must be binary \(every value 0 or 1\).*0.5"),
    ("free_energy: NaN", lambda: rbmlib.free_energy(RBM_3x2, [[np.nan, 0, 1]]),
     ValueError, "v must be finite"),
    ("free_energy: inf", lambda: rbmlib.free_energy(RBM_3x2, [[np.inf, 0, 1]]),
     ValueError, "v must be finite"),
    ("free_energy: 3-D", lambda: rbmlib.free_energy(RBM_3x2, np.zeros((2, 2, 3))),
     ValueError, r"v must be one state of shape \(3,\) or rows"),
    ("free_energy: empty", lambda: rbmlib.free_energy(RBM_3x2, np.zeros((0, 3))),
     ValueError, "at least one row"),
    ("free_energy: strings", lambda: rbmlib.free_energy(RBM_3x2, [["a", "b", "c"]]),
     TypeError, "v must hold real numbers"),
    ("free_energy: ragged rows", lambda: rbmlib.free_energy(RBM_3x2, [[1, 0], [1, 0, 1]]),
     TypeError, "v must be array-like of real numbers with rows of equal length"),
    ("free_energy: None", lambda: rbmlib.free_energy(RBM_3x2, None),
     TypeError, "v must hold real numbers; got NoneType"),
    ("log_prob: NaN log_Z", lambda: exact.log_prob(RBM_3x2, V_OK, log_Z=np.nan),
     ValueError, "log_Z must be finite"),
    ("free_energy: not an RBM", lambda: rbmlib.free_energy(np.zeros((3, 2)), V_OK),
     TypeError, "rbm must be an rbmlib.RBM; got ndarray"),
    ("prob_h_given_v: width", lambda: rbmlib.prob_h_given_v(RBM_3x2, [1, 0]),
     ValueError, "v must have 3 columns"),
    ("prob_v_given_h: outside [0,1]", lambda: rbmlib.prob_v_given_h(RBM_3x2, [2.0, 0.0]),
     ValueError, r"h must hold probabilities in \[0, 1\]"),
    ("sample_h_given_v: seed type", lambda: rbmlib.sample_h_given_v(RBM_3x2, V_OK, "seed"),
     TypeError, "rng must be a numpy.random.Generator or an integer seed"),
    ("sample_v_given_h: negative seed", lambda: rbmlib.sample_v_given_h(RBM_3x2, H_OK, -3),
     ValueError, "rng must be a non-negative seed"),
    ("gibbs_chain: non-binary start", lambda: rbmlib.gibbs_chain(RBM_3x2, [[0.3, 0, 1]], 2, 0),
     ValueError, "v0 must be binary"),
    ("gibbs_chain: float steps", lambda: rbmlib.gibbs_chain(RBM_3x2, V_OK, 2.5, 0),
     TypeError, "n_steps must be an integer"),
    ("log_likelihood: non-binary data", lambda: exact.log_likelihood(RBM_3x2, [[0, 2, 1]]),
     ValueError, "v must be binary.*2.0"),
    ("log_likelihood: wrong width", lambda: exact.log_likelihood(RBM_3x2, np.zeros((4, 5))),
     ValueError, r"v must have 3 columns .* got shape \(4, 5\)"),
    ("gradient: NaN data", lambda: exact.gradient(RBM_3x2, [[np.nan, 0, 1]]),
     ValueError, "v must be finite"),
    ("log_partition: not an RBM", lambda: exact.log_partition({"W": 1}),
     TypeError, "rbm must be an rbmlib.RBM; got dict"),
    ("states: negative", lambda: exact.states(-1),
     ValueError, "n_units must be at least 0; got -1"),
    ("data_moments: wrong width", lambda: rbmlib.data_moments(RBM_3x2, [[1, 0]]),
     ValueError, "v must have 3 columns"),
    ("sample_moments: 1-D", lambda: rbmlib.sample_moments([1, 0], [[1]]),
     ValueError, "v must be a 2-D array"),
    ("tile: wrong image size", lambda: rbmlib.plotting.tile(np.zeros((2, 5)), (2, 2), 2),
     ValueError, r"images must have rows\*cols = 4 columns"),
]


@pytest.mark.parametrize(
    ("call", "exception", "pattern"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_refused_clearly(call, exception, pattern):
    with pytest.raises(exception, match=pattern):
        call()
