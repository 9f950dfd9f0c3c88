"""exercises/ is generated from solutions/, complete, and leaks nothing."""
import filecmp
import os
import re
import subprocess
import sys

import pytest

from authoring import nbsource
from authoring.notebooks import (
    ASSIGNMENTS,
    ROOT,
    answer_ids,
    grade_id,
    notebooks_of,
    read,
    secret_lines,
    solution_answers,
    wrong_fixtures,
)
from autograder.__main__ import main as autograder_main


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_regenerating_gives_the_committed_exercises(assignment, tmp_path):
    assert autograder_main(["release", "--assignment", assignment,
                            "--into", str(tmp_path)]) == 0
    fresh, committed = tmp_path / assignment, ROOT / "exercises" / assignment
    cmp = filecmp.dircmp(fresh, committed)
    assert not cmp.left_only and not cmp.right_only, (
        "exercises/ and solutions/ list different files: run "
        "`make release`")
    for name in cmp.common_files:
        assert (fresh / name).read_text() == (committed / name).read_text(), (
            f"exercises/{assignment}/{name} is stale: run `make release`")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exercises_hold_no_solution_and_no_hidden_test(assignment):
    for notebook in notebooks_of(assignment):
        text = (ROOT / "exercises" / assignment / notebook).read_text()
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS"):
            assert marker not in text
        normalized = " ".join(text.replace("\\n", "\n").split())
        secrets = secret_lines(assignment, notebook)
        assert secrets, "no solution lines found: is the parser broken?"
        leaked = [s for s in secrets if s in normalized]
        assert not leaked, f"solution/hidden lines in exercises: {leaked}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_part_is_graded_and_has_a_wrong_fixture(assignment):
    for notebook in notebooks_of(assignment):
        nb = read(ROOT / "solutions" / assignment / notebook)
        answers = answer_ids(nb)
        tests = {grade_id(c): c.metadata["nbgrader"]["points"]
                 for c in nb.cells
                 if c.metadata.get("nbgrader", {}).get("grade")}
        assert len(answers) >= 5 and sum(tests.values()) >= 10
        assert set(tests) == {f"{a}_tests" for a in answers}
        for cell in nb.cells:
            if grade_id(cell) in tests:
                assert cell.source.startswith('"""'), (
                    f"{grade_id(cell)}: start with a one-line docstring")
        fixtures = {gid for gid, _ in wrong_fixtures(assignment).values()}
        assert fixtures == set(answers), "one wrong fixture per part"
        assert set(solution_answers(assignment, notebook)) == set(answers)


# What students run, `nbgrader validate` of every blank exercise, is
# tested on what they receive: tests/test_student_release.py (the
# released notebooks with the released library).


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solutions_are_generated_from_their_source(assignment):
    """solutions/<a>/<a>.ipynb is byte for byte what its source,
    assignments/<a>/source.py, gives (authoring/nbsource.py)."""
    source = nbsource.source_path(assignment)
    assert source.is_file(), f"{source} (the notebook's source) is missing"
    [notebook] = notebooks_of(assignment)
    assert notebook == f"{assignment}.ipynb"
    committed = (ROOT / "solutions" / assignment / notebook).read_text()
    assert nbsource.notebook_text(assignment) == committed, (
        f"solutions/{assignment}/{notebook} differs from what "
        f"{source.name} gives: run `make release ASSIGNMENT={assignment}`")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_intro_names_its_chapter_as_the_book_titles_it(assignment):
    """The intro's "goes with the chapter *X*" is the title of
    book/<a>/index.md, so a renamed chapter cannot leave it behind."""
    source = nbsource.source_path(assignment)
    intro = " ".join(line.lstrip("# ") for line in
                     source.read_text().splitlines()[:40])
    match = re.search(r"goes with the chapter \*([^*]+)\*", intro)
    assert match, f"{source.name}: no 'goes with the chapter *...*'"
    index = (ROOT / "book" / assignment / "index.md").read_text()
    [title] = re.findall(r"^# (.+)$", index, flags=re.M)[:1]
    assert match.group(1) == title.strip()


def test_every_assignment_has_a_source():
    assert nbsource.assignments() == ASSIGNMENTS


def test_nbsource_command_writes_the_solution(tmp_path):
    """`python -m authoring.nbsource <a>` (what `make release` runs) writes
    under $SEQ_SOLUTIONS_DIR when set."""
    assignment = ASSIGNMENTS[0]
    subprocess.run([sys.executable, "-m", "authoring.nbsource", assignment],
                   check=True, capture_output=True, cwd=tmp_path,
                   env={**os.environ, "SEQ_SOLUTIONS_DIR": str(tmp_path)})
    written = tmp_path / assignment / f"{assignment}.ipynb"
    assert written.read_text() == (ROOT / "solutions" / assignment /
                                   f"{assignment}.ipynb").read_text()


# The fastest source run as a script (5 s here; see CONTRIBUTING.md).
SCRIPT_ASSIGNMENT = "bptt"


def test_a_source_runs_as_a_plain_script(tmp_path):
    """A source is plain Python: run from any folder, it executes the
    solution, the visible and the hidden tests top to bottom, exit 0."""
    source = nbsource.source_path(SCRIPT_ASSIGNMENT)
    proc = subprocess.run([sys.executable, str(source)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]


def test_a_source_with_a_blank_answer_fails_as_a_script(tmp_path):
    """...and its tests do run: blank the first answer, it fails there."""
    text = nbsource.source_path(SCRIPT_ASSIGNMENT).read_text()
    first = next(c for c in nbsource.read_cells(
        nbsource.source_path(SCRIPT_ASSIGNMENT))
        if c.metadata["nbgrader"]["solution"])
    begin = text.index("### BEGIN SOLUTION")
    end = text.index("### END SOLUTION", begin)
    indent = text[text.rindex("\n", 0, begin) + 1:begin]
    blank = tmp_path / "blank.py"
    blank.write_text(text[:begin] + "raise NotImplementedError()\n" +
                     indent + text[end:])
    proc = subprocess.run([sys.executable, str(blank)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode != 0
    assert first.id in proc.stdout + proc.stderr


def _source(tmp_path, cells):
    path = tmp_path / "x.py"
    path.write_text('"""Doc."""\n\n\n' + "\n\n\n".join(cells) + "\n")
    return path


def test_source_format_round_trip(tmp_path):
    path = _source(tmp_path, [
        '# %% [markdown] id="intro"\n# # Title\n#\n# @@PARTS_TABLE@@',
        '# %% locked id="setup"\nimport math',
        '# %% answer id="f"\ndef f():\n    ### BEGIN SOLUTION\n'
        '    return math.pi\n    ### END SOLUTION',
        '# %% tests id="f_tests" points=1.5\n"""f: pi."""\n\n\n'
        'assert f() == math.pi'])
    cells = nbsource.read_cells(path)
    assert [c.id for c in cells] == ["intro", "setup", "f", "f_tests"]
    assert cells[0].source == "# Title\n\n@@PARTS_TABLE@@"
    assert cells[3].source == '"""f: pi."""\n\n\nassert f() == math.pi'
    meta = [c.metadata["nbgrader"] for c in cells]
    assert [m["locked"] for m in meta] == [True, True, False, True]
    assert meta[2]["solution"] and meta[3]["grade"]
    assert meta[3]["points"] == 1.5
    assert nbsource.parts_table(cells).endswith("| 1 | `f` | 1.5 |")


@pytest.mark.parametrize("cell, message", [
    ('# %% code id="a"\nx = 1', "the kind must be"),
    ('# %% locked\nx = 1', 'id="..."'),
    ('# %% locked id=setup\nx = 1', "not JSON"),
    ('# %% locked id="a" points=1\nx = 1', "points= goes with tests"),
    ('# %% tests id="a_tests"\n"""Doc."""', "points= goes with tests"),
    ('# %% tests id="a_tests" points=1\nx = 1', "one-line docstring"),
    ('# %% locked id="a" colour="red"\nx = 1', "unknown option"),
    ('# %% [markdown] id="m"\nText', "starts with '# '"),
    ('# %% locked id="a"\nx = 1\n\n\n# %% locked id="a"\ny = 2',
     "used twice"),
])
def test_source_format_errors_name_the_problem(tmp_path, cell, message):
    with pytest.raises(nbsource.SourceError, match=re.escape(message)):
        nbsource.read_cells(_source(tmp_path, [cell]))


def test_code_before_the_first_cell_is_refused(tmp_path):
    path = tmp_path / "x.py"
    path.write_text('"""Doc."""\nimport os\n\n# %% locked id="a"\nx = 1\n')
    with pytest.raises(nbsource.SourceError, match="docstring"):
        nbsource.read_cells(path)
