"""The in-process harness reuses a training cell only when nothing it
depends on can differ from the solution run.

A reuse that should not happen would let a wrong fixture or a mutant
keep the training points that the real grader takes away, so each way a
variant can change what the training cell sees is tried here on a toy
notebook, whose "training" cell is cheap, and the reuse is asserted
both ways: made where nothing changed, refused where something did.
"""
import statistics

import numpy
import pytest

from authoring import harness
from authoring.harness import Cell, fingerprint, names

SETUP = ("import statistics\n\nimport seqmodels\n\nseqmodels.set_seed()\n"
         "DATA = [1, 2, 3]\n")
ANSWER = "def total(xs):\n    return sum(xs)\n"
TRAIN = ("seqmodels.set_seed()\nimport time\ntime.sleep(0.3)\n"
         "result = statistics.fmean(DATA) * len(DATA)\n")
CELLS = [
    Cell(0, "setup", SETUP, "locked"),
    Cell(1, "total", ANSWER, "answer"),
    Cell(2, "total_tests", "assert total([1, 2]) == 3\n", "test", 1),
    Cell(3, "train", TRAIN, "locked"),
    Cell(4, "train_tests", "assert result == 6\n", "test", 2),
]


@pytest.fixture(scope="module")
def toy():
    expensive = harness.EXPENSIVE
    harness.EXPENSIVE = 0.2  # the toy's training cell sleeps 0.3 s
    try:
        h = harness.Harness("toy", cells=CELLS)
    finally:
        harness.EXPENSIVE = expensive
    assert h.solution.failed(h.cells) == set()
    assert set(h.saved) == {"train"}
    return h


def outcome(h, answer):
    run = h.variant("v", {"total": answer})
    return run.failed(h.cells), run.outcomes["train"].reused


def test_a_wrong_answer_that_changes_nothing_else_reuses(toy):
    assert outcome(toy, "def total(xs):\n    return 0\n") == (
        {"total_tests"}, True)


def test_a_reseeding_cell_is_reused_after_other_random_draws(toy):
    draws = "import random\nrandom.random()\n" + ANSWER
    assert outcome(toy, draws) == (set(), True)


def test_an_object_changed_through_a_function_is_seen(toy):
    """The test cell passes, but the student's function appended to the
    list the training reads: the training runs again, and fails."""
    sneaky = "def total(xs):\n    DATA.append(100)\n    return sum(xs)\n"
    assert outcome(toy, sneaky) == ({"train_tests"}, False)


def test_a_rebound_module_attribute_is_seen(toy, monkeypatch):
    monkeypatch.setattr(statistics, "fmean", statistics.fmean)
    patch = "statistics.fmean = lambda xs: 0\n" + ANSWER
    assert outcome(toy, patch) == ({"train_tests"}, False)


def test_a_write_through_globals_is_seen(toy):
    write = ANSWER + 'globals()["DATA"] = [0]\n'
    assert outcome(toy, write) == ({"train_tests"}, False)


def test_a_function_reads_only_the_globals_its_body_uses():
    free, bound, _ = names("def f(x, n=N):\n    y = x + G\n"
                           "    return [a * y for a in x]\n")
    assert free == {"N", "G"} and bound == {"f"}
    free, bound, _ = names("class C(Base):\n    k = K\n"
                           "    def m(self):\n        return W\n")
    assert free == {"Base", "K", "W"} and bound == {"C"}
    free, _, _ = names("xs = [1]\nys = [x + Z for x in xs]\n")
    assert free == {"Z"}


def test_strings_are_reads_only_beside_the_namespace():
    assert "lm" not in names('part = "lm"\n')[0]
    free, bound, _ = names('ok = "lm" in globals()\n')
    assert "lm" in free and "*" not in bound
    assert "*" not in names('x = globals().get("lm")\n')[1]
    for writes in ('globals()["lm"] = 1\n', 'globals().update(lm=1)\n',
                   'exec("lm = 1")\n', "from os.path import *\n"):
        assert "*" in names(writes)[1], writes
    assert names("x = (\n")[1] == {"*"}  # cannot parse: binds anything


def test_fingerprints_compare_values_across_runs():
    def cell_function(source):
        ns = {"__name__": "__main__"}
        exec(source, ns)
        return ns["f"]
    one = cell_function("def f(x, step=lambda y: y):\n    return step(x)\n")
    same = cell_function("def f(x, step=lambda y: y):\n    return step(x)\n")
    other = cell_function("def f(x, step=lambda y: -y):\n"
                          "    return step(x)\n")
    assert fingerprint(one) is not None
    assert fingerprint(one) == fingerprint(same) != fingerprint(other)
    values = [1, 2]
    before = fingerprint(values)
    values.append(3)
    assert fingerprint(values) != before
    array = numpy.zeros(3)
    before = fingerprint(array)
    array[1] = 1
    assert fingerprint(array) != before
    assert fingerprint(statistics) == ("shared", id(statistics))
    assert fingerprint((x for x in [])) is None  # a generator: unknown
