"""Estimating log Z: importance sampling and annealed importance sampling, forward and reverse.

Every estimator here is built from importance weights w with E[w] = Z/Z_base: simple importance
sampling (one jump from a tractable proposal), annealed importance sampling (AIS, Neal 2001;
Salakhutdinov & Murray 2008: many small jumps along a path of distributions, with Gibbs sweeps in
between) and its reverse (Burda, Grosse & Salakhutdinov 2015; Upadhya & Sastry 2015); bridge
sampling, for ratios of two partition functions, is in :mod:`rbmlib.bridge`.  By Jensen's inequality E[log Ẑ] ≤ log Z for the
forward estimators (stochastic lower bounds); reverse AIS started from exact samples of the model
estimates 1/Z without bias, so it is a stochastic upper bound.

Chapter: *Estimating Z* (``book/estimating_z.ipynb``).
"""

from . import annealing, independent, result
from .annealing import ais, reverse_ais, salakhutdinov_schedule
from .independent import base_rate_rbm, importance_sampling, log_partition_independent
from .result import AISResult, LogLikelihoodEstimate, log_likelihood_estimate

__all__ = result.__all__ + independent.__all__ + annealing.__all__
