"""Fail early, with a fix, on an interpreter MXNet 1.9.1 cannot serve.

MXNet 1.9.1 publishes wheels for CPython 3.7 to 3.11 only and breaks with
numpy >= 1.24 (it still uses ``np.bool``). This module is imported first by
:mod:`seqmodels`, so a wrong environment stops with a message, not with an
obscure traceback deep inside MXNet.
"""
import sys

SUPPORTED = ((3, 8), (3, 11))

FIX = (
    "Create the course environment with Python 3.11: run `make book` or "
    "`make test` from the repository root (they build .venv with "
    "python3.11), or point PYTHON=/path/to/python3.11 at a 3.11 "
    "interpreter, e.g. `pyenv install 3.11` then `make PYTHON=$(pyenv "
    "prefix 3.11)/bin/python test`."
)


class EnvironmentProblem(RuntimeError):
    """The interpreter or a pinned package is not one the course supports."""


def check_python(version_info=sys.version_info):
    """Raise :class:`EnvironmentProblem` unless 3.8 <= Python <= 3.11."""
    current = tuple(version_info[:2])
    low, high = SUPPORTED
    if not low <= current <= high:
        raise EnvironmentProblem(
            f"Python {current[0]}.{current[1]} is not supported: MXNet 1.9.1 "
            f"needs Python {low[0]}.{low[1]} to {high[0]}.{high[1]}. {FIX}")


def check_numpy(version):
    """Raise :class:`EnvironmentProblem` if numpy is 1.24 or newer."""
    major, minor = (int(p) for p in version.split(".")[:2])
    if (major, minor) >= (1, 24):
        raise EnvironmentProblem(
            f"numpy {version} is installed, but MXNet 1.9.1 needs numpy < "
            f"1.24 (the course pins 1.23.5). Reinstall the pinned set: "
            f"`pip install -r requirements.lock`.")
