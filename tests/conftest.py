"""Shared fixtures: the repository root and a small Time Machine corpus."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def corpus_and_vocab():
    from seqmodels.data import load_corpus
    return load_corpus()


@pytest.fixture(scope="session")
def quick_book():
    """Build the book once per session in the quick profile (executed,
    warnings as errors); return its HTML folder. ``tests/test_book.py``
    reads the files, ``tests/test_browser.py`` opens them in Chromium."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_book
    code, seconds = build_book.build("quick")
    assert code == 0, "jupyter-book build failed (warnings are errors)"
    print(f"quick book build: {seconds:.0f} s")
    return build_book.html_dir("quick")


@pytest.fixture(scope="session")
def harness_of():
    """``harness_of(assignment)``: the assignment's notebook executed
    in-process once (``tests/harness.py``), shared by every test that runs
    variants of it (wrong fixtures, mutants)."""
    import harness
    made = {}

    def get(assignment):
        if assignment not in made:
            made[assignment] = harness.Harness(assignment)
        return made[assignment]
    return get


# Files whose tests start kernels, graders, a book build, a browser or a
# cluster: left out by `make test-fast` (pytest -m "not slow").
SLOW_FILES = {
    "test_assignments.py", "test_autograde.py", "test_attacks.py",
    "test_book.py", "test_browser.py", "test_cohort_scale.py",
    "test_grading_load.py", "test_wrong_fixtures.py",
    "test_student_release.py",
}


# `make test` runs the suite in two pytest-xdist workers with
# `--dist loadgroup`. Each worker has its own session, so tests that share
# an expensive fixture are sent to one worker (xdist_group) and it is made
# once: the quick book build, one assignment's graded cohort or in-process
# harness, and the module-scoped cohorts of these files.
GROUPED_FILES = {"test_attacks.py", "test_autograde.py",
                 "test_grading_load.py", "test_student_release.py"}


def xdist_group(item):
    """The group that ``item`` must share a worker with, or None."""
    fixtures = set(getattr(item, "fixturenames", ()))
    params = getattr(getattr(item, "callspec", None), "params", {})
    if "quick_book" in fixtures:
        return "quick_book"
    if item.path.name in GROUPED_FILES:
        return item.path.name
    if {"course", "local"} & fixtures:  # test_cohort_scale's tiny course
        return item.path.name
    if "rnn_harness" in fixtures:
        return "harness_rnn"
    if "harness_of" in fixtures or "grade" in fixtures:
        kind = "harness" if "harness_of" in fixtures else "grade"
        return f"{kind}_{params.get('assignment', 'all')}"
    return None


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if (item.path.name in SLOW_FILES
                or any("harness" in f for f in getattr(
                    item, "fixturenames", ()))
                or item.name.startswith("test_students_can_validate")):
            item.add_marker(pytest.mark.slow)
        group = xdist_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
