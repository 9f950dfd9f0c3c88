"""Every assignment through the real pipeline: generate -> autograde.

For each assignment (``rnn`` has its own, larger cohort in
``test_autograde.py``; ``lstm`` and ``transformer`` are graded with both
cores busy in ``test_grading_load.py``, with the same checks), a cohort
of the solution and a blank notebook is graded once with the real
``python -m autograder grade`` command (sandbox on), and the scores are
asserted exactly, part by part: full marks and zero; no feedback page
shows a hidden test. That each wrong
implementation in ``assignments/<a>/wrong`` loses exactly its own
part is checked in-process, in ``test_wrong_fixtures.py``.
"""
import csv

import pytest

from authoring.notebooks import (
    ASSIGNMENTS,
    ROOT,
    hidden_test_lines,
    notebooks_of,
    page_text,
    read,
    solution_answers,
    submission,
    write,
    wrong_fixtures,
)
from autograder.__main__ import main as autograder_main
from autograder.assignments import catalogue
from autograder.feedback import WRAP_CSS

TIMEOUT = 300  # seconds per cell: a safety limit, never a verdict
ELSEWHERE = ("rnn", "lstm", "transformer")  # see the docstring
GRADED = [a for a in ASSIGNMENTS if a not in ELSEWHERE]


def points(assignment):
    [nb] = notebooks_of(assignment)
    cells = read(ROOT / "solutions" / assignment / nb).cells
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"][
        "points"] for c in cells
        if c.metadata.get("nbgrader", {}).get("grade")}


def build_cohort(assignment, folder):
    [nb] = notebooks_of(assignment)
    sol = solution_answers(assignment, nb)
    write(submission(assignment, nb, sol), folder / "solution" / nb)
    write(read(ROOT / "exercises" / assignment / nb), folder / "blank" / nb)
    for name in [first_fixture(assignment)[0]] + THROUGH_THE_WIRE.get(
            assignment, []):
        gid, code = wrong_fixtures(assignment)[name]
        write(submission(assignment, nb, {**sol, gid: code}),
              folder / f"wrong_{name}" / nb)
    if assignment in DELEGATED:
        write(submission(assignment, nb, {**sol, **DELEGATED[assignment]}),
              folder / "delegated" / nb)
    if assignment in NAMED:
        entry = named_entry(assignment)
        write(submission(assignment, nb, {**sol, entry.part: entry.variant}),
              folder / "misconception" / nb)


# Answers handed to ready implementations, each correct in value: d2l's
# masked softmax under another name (imported in the function), and the
# course library's split_heads under an alias (a stub in the grading
# kernel's library).
DELEGATED = {"attention": {
    "masked_softmax": (
        "def masked_softmax(X, valid_lens):\n"
        "    from d2l import mxnet as book\n"
        "    return book.masked_softmax(X, valid_lens)\n"),
    "multi_head_attention": solution_answers(
        "attention", "attention.ipynb")["multi_head_attention"].replace(
        "def split_heads(X, num_heads):",
        "from seqmodels.attention import split_heads as ready\n\n\n"
        "def unused_split_heads(X, num_heads):").replace(
        "q = split_heads(", "q = ready(").replace(
        "k = split_heads(", "k = ready(").replace(
        "v = split_heads(", "v = ready(")}}


# Cohorts with one more submission: the solution with one part replaced
# by the variant of a catalogued misconception (the same mistake written
# apart from the entry), whose feedback must name the entry.
NAMED = ("gru", "deep_rnn")


def named_entry(assignment):
    """The first catalogued misconception of a part that is not a
    training part."""
    return next(e for e in catalogue(assignment)
                if e.variant and not e.part.startswith("train_"))


# Wrong fixtures whose mistake lives in how values are shared, which a
# wire that copied every array would hide: graded for real as well.
THROUGH_THE_WIRE = {"deep_rnn": ["init_stack_state--shared"]}


def first_fixture(assignment):
    """One wrong implementation graded for real: its feedback page shows
    a failing test, where a leak of hidden source would show."""
    name = sorted(wrong_fixtures(assignment))[0]
    return name, wrong_fixtures(assignment)[name]


@pytest.fixture(scope="session")
def grade(tmp_path_factory):
    """``grade(assignment)`` -> {student: grades.csv row}, graded once."""
    cache = {}

    def run(assignment, out_folder=False):
        if assignment not in cache:
            base = tmp_path_factory.mktemp(f"grading_{assignment}")
            build_cohort(assignment, base / "cohort")
            out = base / "results"
            code = autograder_main([
                "grade", str(base / "cohort"), "--assignment", assignment,
                "--workspace", str(base / "workspace"), "--out", str(out),
                "--timeout", str(TIMEOUT)])
            assert code == 0
            with open(out / "grades.csv") as f:
                cache[assignment] = ({r["student"]: r
                                      for r in csv.DictReader(f)}, out)
        rows, out = cache[assignment]
        return out if out_folder else rows
    return run


def scores(assignment, row):
    assert row["status"] == "graded", row["problems"]
    return {p: float(row[p]) for p in points(assignment)}


def full(assignment):
    return {p: float(v) for p, v in points(assignment).items()}


@pytest.mark.parametrize("assignment", GRADED)
def test_solution_gets_full_marks(grade, assignment):
    rows = grade(assignment)
    assert scores(assignment, rows["solution"]) == full(assignment)


@pytest.mark.parametrize("assignment", GRADED)
def test_blank_gets_zero(grade, assignment):
    rows = grade(assignment)
    assert sum(scores(assignment, rows["blank"]).values()) == 0


@pytest.mark.parametrize("assignment", GRADED)
def test_a_wrong_fixture_loses_exactly_its_part(grade, assignment):
    name, (gid, _) = first_fixture(assignment)
    expected = {**full(assignment), f"{gid}_tests": 0.0}
    assert scores(assignment, grade(assignment)[f"wrong_{name}"]) == expected


@pytest.mark.parametrize("assignment,name", [
    (a, n) for a, names in THROUGH_THE_WIRE.items() for n in names])
def test_aliasing_mistakes_survive_the_wire(grade, assignment, name):
    gid, _ = wrong_fixtures(assignment)[name]
    expected = {**full(assignment), f"{gid}_tests": 0.0}
    assert scores(assignment, grade(assignment)[f"wrong_{name}"]) == expected


@pytest.mark.parametrize("assignment", GRADED)
def test_feedback_pages_never_show_hidden_tests(grade, assignment):
    [nb] = notebooks_of(assignment)
    rows = grade(assignment)
    hidden = hidden_test_lines(assignment, nb)
    assert hidden
    pages = sorted((grade(assignment, out_folder=True) / "feedback").glob(
        "*.html"))
    assert len(pages) == sum(r["status"] == "graded" for r in rows.values())
    for page in pages:
        text = page_text(page.read_text())
        assert "BEGIN HIDDEN" not in text
        assert [line for line in hidden if line in text] == [], page.name


@pytest.mark.parametrize("assignment", GRADED)
def test_the_report_compares_answer_code(grade, assignment):
    """The wrong fixture's submission is the solution with one part
    changed: a copy of the rest, which the similarity section lists
    (the assignments below keep at least 85% of their answer code; the
    others are near the 80% threshold, either way)."""
    out = grade(assignment, out_folder=True)
    report = (out / "report.md").read_text()
    section = report.split("## Similar answer code")[1]
    compared = 2 + len(THROUGH_THE_WIRE.get(assignment, [])) + (
        assignment in NAMED) + (assignment in DELEGATED)
    assert f"{compared} submissions with enough answer code compared" in \
        section
    assert (out / "similarity.png").stat().st_size > 5000
    name, _ = first_fixture(assignment)
    listed = (f"**solution** and **wrong_{name}**" in section
              or f"**wrong_{name}** and **solution**" in section)
    if assignment in ("attention", "deep_rnn", "gru"):
        assert listed, section


@pytest.mark.parametrize("assignment", NAMED)
def test_feedback_names_the_misconception(grade, assignment):
    """The variant loses exactly its part, and its feedback page names
    the catalogued misconception, with its explanation and hint, on a
    page whose outputs wrap; report.md counts it; the solution's page
    names nothing."""
    entry = named_entry(assignment)
    rows = grade(assignment)
    expected = {**full(assignment), f"{entry.part}_tests": 0.0}
    assert scores(assignment, rows["misconception"]) == expected
    out = grade(assignment, out_folder=True)
    page = (out / "feedback" / "misconception.html").read_text()
    assert WRAP_CSS in page
    text = page_text(page)
    assert "What this may be" in text
    assert entry.name.replace("-", " ") in text
    assert entry.explanation.split(",")[0] in text and "Hint:" in text
    solution = page_text((out / "feedback" / "solution.html").read_text())
    assert "What this may be" not in solution
    report = (out / "report.md").read_text()
    section = report.split("## Misconceptions named in feedback")[1]
    assert f"| `{entry.part}_tests` | {entry.name} | " in section


@pytest.mark.parametrize("assignment", DELEGATED)
def test_a_part_handed_to_a_ready_implementation_scores_zero(grade,
                                                             assignment):
    """Each delegated part scores 0 (in grades.csv), its feedback page
    says which call and why; the other parts keep full marks."""
    rows = grade(assignment)
    expected = {**full(assignment), **{
        f"{part}_tests": 0.0 for part in DELEGATED[assignment]}}
    assert scores(assignment, rows["delegated"]) == expected
    out = grade(assignment, out_folder=True)
    text = page_text((out / "feedback" / "delegated.html").read_text())
    assert "Part masked_softmax scores 0." in text
    assert "book.masked_softmax" in text and "d2l" in text
    assert "Part multi_head_attention scores 0." in text
    assert "seqmodels.attention.split_heads" in text
    report = (out / "report.md").read_text()
    assert "hands the part to a ready implementation" in report


OVERFLOWING = """() => Array.from(document.querySelectorAll(
    'div.output_area pre, div.output_subarea pre')).filter(
    e => e.scrollWidth > e.clientWidth + 1).length"""


@pytest.mark.parametrize("assignment", NAMED[:1])
def test_a_long_failure_line_wraps_on_the_feedback_page(grade, assignment,
                                                        tmp_path):
    """In Chromium, at 800 px, no output of the feedback page is wider
    than its box (a line cut at the right edge, in a box that scrolls
    sideways); the same page without the course's style has one."""
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM_FLAGS, _chromium
    page = (grade(assignment, out_folder=True) / "feedback" /
            "misconception.html").read_text()
    wrapped = tmp_path / "wrapped.html"
    wrapped.write_text(page)
    plain = tmp_path / "plain.html"
    plain.write_text(page.replace(WRAP_CSS, ""))
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=_chromium(),
                                          args=CHROMIUM_FLAGS, headless=True)
        try:
            tab = chromium.new_page(viewport={"width": 800, "height": 900})
            found = {}
            for name, path in (("wrapped", wrapped), ("plain", plain)):
                tab.goto(path.as_uri())
                found[name] = tab.evaluate(OVERFLOWING)
        finally:
            chromium.close()
    assert found == {"wrapped": 0, "plain": found["plain"]}
    assert found["plain"] >= 1
