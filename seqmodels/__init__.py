"""Course library of *Sequence Models with MXNet*.

Written once, explained in the book where it is introduced, and imported by
the book, the exercise solutions and the tests.
"""
import sys

from ._requirements import check_numpy, check_python

check_python()

import numpy as _numpy  # noqa: E402

check_numpy(_numpy.__version__)

from .config import describe_run, profile, set_seed, try_device  # noqa: E402

__all__ = ["describe_run", "profile", "set_seed", "try_device"]
del sys
