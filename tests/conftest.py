"""Shared fixtures: the repository root and a small Time Machine corpus."""
import os
import sys
from pathlib import Path

import pytest

# One CPU thread per process for MXNet, OpenMP and BLAS, set before
# anything loads MXNet: `make test` runs two workers on a 2-core machine,
# and the quick book build two kernels, so more threads only fight each
# other (as the grader's jobs, autograder/sandbox.py). Measured here, idle:
# the rnn source run as a script, 28.6 s with one thread, 47.2 s with two;
# the quick book build 150 s against 167 s.
for _name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

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
    in-process once (``authoring/harness.py``), shared by every test that runs
    variants of it (wrong fixtures, catalogues, mutants)."""
    from authoring import harness
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
    "test_student_release.py", "test_forkkernel.py",
    "test_kernel_attacks.py",
}


# `make test` runs the suite in two pytest-xdist workers. Each worker has
# its own session, so tests that share an expensive fixture must go to one
# worker, where it is made once: the quick book build, one assignment's
# graded cohort or in-process harness, the module-scoped cohorts of the
# grading files. xdist's own `--dist loadgroup` cannot do it with pytest 9
# (it renames item._nodeid, which pytest 9 no longer reads), so the
# scheduler below groups by test id, and every worker checks at collection
# that the ids group exactly the tests that share such a fixture.
GROUPED_FILES = {"test_attacks.py", "test_autograde.py",
                 "test_grading_load.py", "test_student_release.py",
                 "test_kernel_attacks.py"}
BOOK_FILES = {"test_book.py", "test_browser.py"}
# The longest work first (longest-processing-time order), so that the two
# workers finish together instead of one waiting for the other's last long
# group: files in this order, each kept whole, then every other file as
# collected. Seconds from a `make test` of 2026-12-03 (sums per file).
LONGEST_FIRST = (
    "test_book.py", "test_browser.py",  # one group: ~390 s
    "test_cohort_scale.py",  # ~355 s
    "test_grading_load.py",  # ~120-170 s
    "test_attacks.py",  # ~150 s
    "test_kernel_attacks.py",  # ~140 s
    "test_assignments.py",  # ~165 s, five groups
    "test_autograde.py",  # ~105 s
    "test_exercises.py",  # ~90 s
    "test_wrong_fixtures.py", "test_catalogue.py",  # harness groups
    "test_mutants.py",
)


def xdist_group(item):
    """The shared expensive fixture ``item`` uses, as a group, or None."""
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
        return f"{kind}_{params['assignment']}"
    return None


def scope_of(nodeid):
    """The work unit of a test id sent to one worker: its group, or the
    test alone."""
    path, _, rest = nodeid.partition("::")
    name = path.rsplit("/", 1)[-1]
    param = rest.partition("[")[2].rstrip("]")
    if name in BOOK_FILES:
        return "quick_book"
    if name in GROUPED_FILES:
        return name
    if name == "test_cohort_scale.py" and "benchmark" not in rest:
        return name
    if name == "test_assignments.py" and param:
        return f"grade_{param.split('-')[0]}"
    if name in ("test_wrong_fixtures.py", "test_catalogue.py") and param:
        return f"harness_{param.split('-')[0]}"
    if name == "test_mutants.py" and "rnn_step" in rest:
        return "harness_rnn"
    return nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class SharedFixtureScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return scope_of(nodeid)
    # Keep the collection's order (LONGEST_FIRST), not xdist's default of
    # the scopes with the most tests first.
    config.option.loadscopereorder = False
    return SharedFixtureScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
    members = {}
    for item in items:
        if item.path.name in SLOW_FILES or any(
                "harness" in f for f in getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        group = xdist_group(item)
        if group:
            members.setdefault(group, set()).add(scope_of(item.nodeid))
    split = {g: s for g, s in members.items() if len(s) > 1 or g not in s}
    if split:
        raise pytest.UsageError(
            f"tests/conftest.py: scope_of() splits tests that share an "
            f"expensive fixture: {split}")
