"""Attacks from inside the student's kernel, against the real grader.

The tests run in the grader's process; the student's code runs only in
its sandboxed kernel, and what comes back is data. Here a cohort of the
``tiny`` assignment with its third part (``twice``, which calls a
function the test passes in: a callback into the grader) is graded once
by ``python -m autograder grade`` with the sandbox and the code reading
on, as a student who knows Python well would attack it: module
namespaces rewritten (directly, through ``sys.modules``, lazily from
inside an answer), builtins replaced, frames and the garbage collector
searched, objects with a lenient ``__eq__``, ``__array__`` or
``asnumpy``, an ndarray subclass, results changed after they are
returned, huge, self-referencing and deeply nested results, exceptions
and prints that imitate a pass, ``SystemExit`` from a call, the
callbacks probed for the grader's globals and files, the grading agent
replaced, a kernel that dies or hangs in the middle of a call.

Each attack sits on a wrong answer of one part, beside honest answers of
the others: the row must score exactly its honest parts. Honest habits
(magics, ``import os``, ``getattr``, pandas, ``warnings``, ``?``) keep
full marks and are not reported; the attacks are (``report.md``), and
their feedback says that such code changed nothing.
"""
import csv
import re

import nbformat
import pytest

from autograder.__main__ import main as autograder_main

import tiny_course
from tiny_course import NB, A

POINTS = {**tiny_course.POINTS, **tiny_course.TWICE_POINTS}
FULL = dict(POINTS)
WRONG_SQUARE = "def square(x):\n    return x + x"
# 30 s a cell: a limit that only the hanging attack reaches (an honest
# `%timeit` takes a few seconds, more when the machine is busy: a tighter
# limit made the verdict depend on the machine's load)
LIMITS = ["--timeout", "30", "--notebook-timeout", "300", "--memory", "2",
          "--workers", "2"]


def _without(*parts):
    return {**FULL, **{p: 0.0 for p in parts}}


# name -> ({grade_id: answer}, expected per-part scores, reported?)
ATTACKS = {
    "namespace_rewrite": ({"square": (
        "import numpy\nnumpy.allclose = lambda *a, **k: True\n"
        "numpy.array_equal = lambda *a, **k: True\n" + WRONG_SQUARE)},
        _without("square_tests")),
    "sys_modules_rewrite": ({"square": (
        "import sys\nfor _m in list(sys.modules.values()):\n"
        "    try:\n        _m.allclose = lambda *a, **k: True\n"
        "    except Exception:\n        pass\n" + WRONG_SQUARE)},
        _without("square_tests")),
    "builtins_rewrite": ({"square": (
        "import builtins\nbuiltins.abs = lambda v: 0\n"
        "builtins.AssertionError = type('Quiet', (Exception,), {})\n"
        + WRONG_SQUARE)}, _without("square_tests")),
    "lazy_patch_in_answer": ({"square": (
        "def square(x):\n    import numpy, builtins\n"
        "    numpy.allclose = lambda *a, **k: True\n"
        "    builtins.abs = lambda v: 0\n    return x + x")},
        _without("square_tests")),
    "frame_inspection": ({"square": (
        "import inspect, sys\n\ndef square(x):\n"
        "    for info in inspect.stack():\n"
        "        print(info.filename, info.code_context)\n"
        "        for name, value in info.frame.f_locals.items():\n"
        "            if name in ('expected', 'want', 'reference'):\n"
        "                return value\n"
        "    frame = sys._getframe()\n    while frame.f_back:\n"
        "        frame = frame.f_back\n        print(frame.f_globals.get("
        "'__file__'))\n    return x + x")}, _without("square_tests")),
    "gc_search_for_tests": ({"square": (
        "import gc\n\ndef square(x):\n    for o in gc.get_objects():\n"
        "        if isinstance(o, str) and ('HID' + 'DEN' in o or "
        "'arange' in o):\n            print(o)\n    return x + x")},
        _without("square_tests")),
    "lenient_eq": ({"square": (
        "class Always:\n    def __eq__(self, other):\n        return True"
        "\n    def __ne__(self, other):\n        return False\n"
        "    def __sub__(self, other):\n        return 0\n"
        "    def __abs__(self):\n        return 0\n"
        "    def __lt__(self, other):\n        return True\n\n\n"
        "def square(x):\n    return Always()")}, _without("square_tests")),
    "array_protocol": ({"square": (
        "import numpy\n\nclass Looks:\n    def __init__(self, x):\n"
        "        self.x = x\n    def __array__(self, dtype=None):\n"
        "        return numpy.asarray(self.x) ** 2\n"
        "    def asnumpy(self):\n        return self.__array__()\n"
        "    def __float__(self):\n        return 9.0\n"
        "    def __eq__(self, other):\n        return True\n\n\n"
        "def square(x):\n    return Looks(x)")}, _without("square_tests")),
    "ndarray_subclass": ({"square": (
        "import numpy\n\nclass Lenient(numpy.ndarray):\n"
        "    def __eq__(self, other):\n"
        "        return numpy.ones(numpy.shape(other), bool)\n"
        "    def __bool__(self):\n        return True\n\n\n"
        "def square(x):\n"
        "    return numpy.asarray(x + x, dtype=float).view(Lenient)")},
        _without("square_tests")),
    "changes_after_return": ({"square": (
        "import threading\nimport numpy\n\ndef square(x):\n"
        "    out = numpy.array(x + x, dtype=float)\n"
        "    def fix():\n        out[...] = numpy.asarray(x, float) ** 2\n"
        "    threading.Timer(0.5, fix).start()\n    return out")},
        _without("square_tests")),
    "huge_result": ({"square": (
        "import numpy\n\ndef square(x):\n"
        "    return numpy.zeros(200 * 2 ** 20 // 8)")},
        _without("square_tests")),
    "self_reference": ({"mean": (
        "def mean(xs):\n    out = [sum(xs) / len(xs)]\n"
        "    out.append(out)\n    return out")}, _without("mean_tests")),
    "deep_nesting": ({"mean": (
        "def mean(xs):\n    out = sum(xs) / len(xs)\n"
        "    for _ in range(100_000):\n        out = [out]\n"
        "    return out")}, _without("mean_tests")),
    "exception_imitates_pass": ({"square": (
        "def square(x):\n    print('square_tests: 2 / 2 points, all "
        "tests passed')\n    raise AssertionError('passed')")},
        _without("square_tests")),
    "system_exit_in_call": ({"mean": (
        "def mean(xs):\n    raise SystemExit(0)")}, _without("mean_tests")),
    "callback_probed": ({"twice": (
        "def twice(f, x):\n"
        "    for name in ('__globals__', '__code__', '_seq', "
        "'save_parameters', '__class__'):\n"
        "        try:\n            print(name, getattr(f, name))\n"
        "        except Exception as e:\n"
        "            print('refused', name, type(e).__name__)\n"
        "    agent, number = f._seq\n"
        "    for attr in ('__globals__', 'load_parameters', '__dict__'):\n"
        "        try:\n            print(agent.call_grader(number, (attr,),"
        " {}, '__getattr__'))\n"
        "        except Exception as e:\n            print('refused', e)\n"
        "    for method in ('__iter__', '__reduce__'):\n"
        "        try:\n            print(agent.call_grader(number, (), {},"
        " method))\n        except Exception as e:\n"
        "            print('refused', e)\n    return x")},
        _without("twice_tests")),
    "agent_replaced": ({"twice": (
        "def twice(f, x):\n    agent = globals()['__seqmodels_agent__']\n"
        "    serve = type(agent).serve\n\n"
        "    def forged(self, text):\n"
        "        if 'twice' in text:\n"
        "            from IPython.display import publish_display_data\n"
        "            publish_display_data({'application/x-seqmodels-reply"
        "+json': {'ok': {'callback': 1}}})\n"
        "            return\n        return serve(self, text)\n\n"
        "    type(agent).serve = forged\n    return x")},
        _without("twice_tests")),
    "kernel_dies_mid_call": ({"square": (
        "import os\n\ndef square(x):\n    if not isinstance(x, int):\n"
        "        os._exit(1)\n    return x * x")},
        _without("square_tests")),
    "kernel_hangs_mid_call": ({"square": (
        "def square(x):\n    if not isinstance(x, int):\n"
        "        while True:\n            try:\n"
        "                while True:\n                    pass\n"
        "            except KeyboardInterrupt:\n                pass\n"
        "    return x * x")}, _without("square_tests")),
}
HABITS = {
    "habit_timeit": {"mean": tiny_course.SOLUTION["mean"]
                     + "\n\n%timeit mean([1, 2, 3])"},
    "habit_os": {"square": "import os\nprint(os.getcwd())\n\n"
                 + tiny_course.SOLUTION["square"]},
    "habit_getattr": {"mean": tiny_course.SOLUTION["mean"]
                      + "\n\nprint(getattr(mean, '__name__'))"},
    "habit_pandas": {"mean": "import pandas as pd\n\n"
                     + tiny_course.SOLUTION["mean"]
                     + "\n\nprint(pd.Series([1.0, 2.0]).mean())"},
    "habit_warnings": {"square": "import warnings\nwarnings.warn('check "
                       "the shape')\n\n" + tiny_course.SOLUTION["square"]},
    "habit_help": {"square": tiny_course.SOLUTION["square"] + "\n\nsquare?"},
    "honest": {},
}


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    base = tmp_path_factory.mktemp("kernel_attacks")
    course = tiny_course.make(base / "course", callbacks=True)
    every = {**{n: a for n, (a, _) in ATTACKS.items()}, **HABITS}
    for name, answers in every.items():
        (base / "cohort" / name).mkdir(parents=True)
        nbformat.write(tiny_course.submission(course, answers),
                       str(base / "cohort" / name / NB))
    out, ws = base / "results", base / "workspace"
    assert autograder_main([
        "grade", str(base / "cohort"), "--assignment", A, "--course",
        str(course), "--workspace", str(ws), "--out", str(out),
        *LIMITS]) == 0
    with open(out / "grades.csv") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    return rows, out, ws, course


def _parts(row):
    assert row["status"] == "graded", row
    return {p: float(row[p]) for p in POINTS}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_an_attack_scores_exactly_its_honest_parts(cohort, name):
    rows, *_ = cohort
    assert _parts(rows[name]) == ATTACKS[name][1], rows[name]


@pytest.mark.parametrize("name", sorted(HABITS))
def test_honest_habits_keep_full_marks_and_are_not_reported(cohort, name):
    rows, out, *_ = cohort
    assert _parts(rows[name]) == FULL
    assert rows[name]["flagged"] == "", rows[name]
    page = (out / "feedback" / f"{name}.html").read_text()
    assert "reaches beyond its answers" not in page


def test_code_that_reaches_out_is_reported_and_told_it_gained_nothing(
        cohort):
    rows, out, *_ = cohort
    reported = ("namespace_rewrite", "sys_modules_rewrite",
                "builtins_rewrite", "lazy_patch_in_answer",
                "frame_inspection", "gc_search_for_tests")
    for name in reported:
        assert rows[name]["flagged"], name
    tiny_course.assert_reported(out, reported)


def test_feedback_shows_no_hidden_test_and_no_flood(cohort):
    rows, out, *_ = cohort
    hidden = []
    for cell in tiny_course.source_notebook(True).cells:
        source = cell.source
        if "### BEGIN HIDDEN TESTS" in source:
            block = source.split("### BEGIN HIDDEN TESTS")[1].split(
                "### END HIDDEN TESTS")[0]
            hidden += [line.strip() for line in block.splitlines()
                       if len(line.strip()) > 12]
    assert len(hidden) >= 4
    pages = sorted((out / "feedback").glob("*.html"))
    assert len(pages) == len(rows)
    for page in pages:
        text = page.read_text()
        assert re.search(r"Score: [\d.]+ / [\d.]+", text), page.name
        assert "HIDDEN" not in text, page.name
        for line in hidden:
            assert line not in text, (page.name, line)


def test_a_forged_reply_is_refused_not_trusted(cohort):
    rows, *_ = cohort
    # the forged answer names a grader's callback: not data from the
    # student's side, so the part fails with what came back
    assert float(rows["agent_replaced"]["twice_tests"]) == 0.0


def test_the_gradebook_holds_every_row_as_graded(cohort):
    rows, _, ws, _ = cohort
    assert tiny_course.gradebook_scores(ws) == {
        s: float(r["score"]) for s, r in rows.items()}
