"""ruff, the project's one linter, finds nothing (same as `make lint`)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).with_name("ruff")


def test_ruff_is_clean():
    proc = subprocess.run([str(RUFF), "check", "seqmodels", "autograder",
                           "authoring", "assignments", "tests", "scripts"],
                          cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_reads_every_exercise_source():
    """The notebook sources (assignments/*/source.py) are linted as code."""
    proc = subprocess.run([str(RUFF), "check", "--show-files",
                           "assignments"],
                          cwd=ROOT, capture_output=True, text=True)
    linted = {Path(line).resolve() for line in proc.stdout.split()}
    sources = {p.resolve() for p in (ROOT / "assignments").glob(
        "*/source.py")}
    assert len(sources) >= 8 and sources <= linted


def test_exercise_sources_lose_only_line_length_and_import_position():
    """Only E501 (markdown, maths) and E402 (cells import mid-file) are
    off for the sources: an unused import or a redefinition is found."""
    probe = ('"""Doc."""\n\n\n# %% locked id="a"\nimport math\n'
             'import os\n\n\n# %% tests id="a_tests" points=1\n'
             '"""a: one-line docstring."""\nimport math\n\n'
             f'x = "{"long " * 20}"\n')
    proc = subprocess.run([str(RUFF), "check", "--output-format", "concise",
                           "--stdin-filename",
                           "assignments/probe/source.py", "-"],
                          cwd=ROOT, input=probe, capture_output=True,
                          text=True)
    found = proc.stdout
    assert "F401" in found and "F811" in found, found
    assert "E402" not in found and "E501" not in found, found
