"""Every wrong fixture loses exactly its own part, checked in-process.

The notebook of each assignment is executed once by the harness
(``authoring/harness.py``: the cells a kernel would run, in order, with the
expensive training cells reused where nothing they read changed), then
each wrong implementation in ``assignments/<a>/wrong`` replaces its
answer cell and every test cell runs again. The real grader
(``python -m autograder grade``, nbgrader in a sandbox) is under test
in ``test_assignments.py`` (solution and blank of every assignment),
``test_autograde.py`` (the ``rnn`` cohort, with three of its fixtures) and
``test_attacks.py``.
"""
import pytest

from authoring.harness import expected_failures, wrong_fixtures
from authoring.notebooks import ASSIGNMENTS


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_passes_and_blank_fails_every_test(harness_of, assignment):
    h = harness_of(assignment)
    assert h.solution.failed(h.cells) == set(), {
        g: e for g, e in h.solution.tests(h.cells).items() if e}
    assert h.blank().failed(h.cells) == set(h.tests)


@pytest.mark.parametrize("assignment,name", [
    (a, name) for a in ASSIGNMENTS for name in sorted(wrong_fixtures(a))])
def test_each_wrong_fixture_loses_exactly_its_part(harness_of, assignment,
                                                    name):
    h = harness_of(assignment)
    answers = wrong_fixtures(assignment)[name]
    run = h.variant(name, answers)
    assert run.failed(h.cells) == expected_failures(h, name, answers), {
        g: e for g, e in run.tests(h.cells).items() if e}
