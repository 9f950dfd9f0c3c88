"""The interpreter and numpy checks that stop a wrong environment early."""
import subprocess
import sys
from pathlib import Path

import pytest

from seqmodels._requirements import (
    EnvironmentProblem,
    check_numpy,
    check_python,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("version", [(3, 12, 0), (3, 13, 1), (3, 7, 9)])
def test_unsupported_python_is_refused_with_the_fix(version):
    with pytest.raises(EnvironmentProblem, match=r"Python 3\.11"):
        check_python(version)


@pytest.mark.parametrize("version", [(3, 8, 0), (3, 11, 7)])
def test_supported_python_passes(version):
    check_python(version)


def test_numpy_124_is_refused():
    with pytest.raises(EnvironmentProblem, match="numpy < 1.24"):
        check_numpy("1.24.0")
    check_numpy("1.23.5")


def test_make_stops_on_a_wrong_python(tmp_path):
    fake = tmp_path / "python3.12"
    fake.write_text("#!/bin/sh\n"
                    "case \"$*\" in *platform*) echo 3.12.1;; *version_info*)"
                    " exit 1;; esac\nexit 0\n")
    fake.chmod(0o755)
    proc = subprocess.run(["sh", str(ROOT / "scripts/check_python.sh"),
                           str(fake)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Python 3.12.1" in proc.stderr and "3.11" in proc.stderr


def test_make_stops_when_python_is_missing():
    proc = subprocess.run(["sh", str(ROOT / "scripts/check_python.sh"),
                           "no-such-python3.11"], capture_output=True,
                          text=True)
    assert proc.returncode == 1 and "Python 3.11" in proc.stderr


def test_nbformat_imports_without_the_iri_grammars():
    """`make install` leaves out rfc3987-syntax (an optional extra of
    jsonschema): with it, every process that imports nbformat (grader,
    nbgrader, a job's fork server) spent 2.7 s compiling its grammars."""
    proc = subprocess.run(
        [sys.executable, "-c", "import sys, nbformat, jsonschema; "
         "print('rfc3987_syntax' in sys.modules)"],
        capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"
