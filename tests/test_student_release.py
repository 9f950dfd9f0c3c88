"""What students receive holds no solution, hidden test or grader."""
import zipfile

import pytest

from authoring.notebooks import ASSIGNMENTS, notebooks_of, secret_lines


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    import sys
    sys.path.insert(0, str(__import__("conftest").ROOT / "scripts"))
    import student_release
    return student_release.build(tmp_path_factory.mktemp("r") / "release")


def test_release_has_the_exercises_library_and_data(release):
    folder, archive = release
    for a in ASSIGNMENTS:
        for nb in notebooks_of(a):
            assert (folder / "exercises" / a / nb).is_file()
    assert (folder / "seqmodels" / "train.py").is_file()
    assert (folder / "data" / "timemachine.txt").is_file()
    with zipfile.ZipFile(archive) as z:
        assert "release/exercises/rnn/rnn.ipynb" in z.namelist()


def test_release_holds_nothing_of_the_grading(release):
    folder, _ = release
    names = {p.relative_to(folder).parts[0] for p in folder.rglob("*")}
    assert not names & {"solutions", "tests", "autograder", "book"}
    assert not list(folder.rglob("exercises/*.py"))
    assert [p for p in folder.rglob("scripts/*") if p.name !=
            "check_python.sh"] == []
    secrets = {(a, nb): secret_lines(a, nb) for a in ASSIGNMENTS
               for nb in notebooks_of(a)}
    assert sum(map(len, secrets.values())) > 300
    for path in folder.rglob("*"):
        if path.is_dir() or path.suffix not in (".py", ".ipynb", ".md",
                                                ".txt", ".toml", ".lock"):
            continue
        text = " ".join(path.read_text(errors="replace").split())
        assert "BEGIN HIDDEN TESTS" not in text, path
        assert "BEGIN SOLUTION" not in text, path
        if path.suffix == ".ipynb":
            own = secrets[(path.parent.name, path.name)]
            leaks = [s for s in own if s in text]
            assert leaks == [], (path, leaks[:3])


def test_the_released_library_is_the_student_view(release):
    """Graded implementations are stubs in the release; what the
    notebooks' own cells and visible tests call at home is kept."""
    from seqmodels import own_code
    folder, _ = release
    rnn = (folder / "seqmodels" / "rnn.py").read_text()
    assert "rnn_step = _unavailable_stub('seqmodels.rnn.rnn_step'" not in rnn
    assert "one_hot = _unavailable_stub('seqmodels.rnn.one_hot'" in rnn
    assert "npx.one_hot(X.T" not in rnn
    attention = (folder / "seqmodels" / "attention.py").read_text()
    assert "split_heads = _unavailable_stub(" in attention
    assert "masked_softmax = _unavailable_stub(" not in attention
    assert (folder / "seqmodels" / "_unavailable.py").is_file()
    assert not list(folder.rglob("__pycache__"))
    kept = set().union(*own_code.KERNEL_NEEDS.values(),
                       *own_code.VISIBLE_TESTS_CALL.values())
    for dotted in own_code.GRADED_IMPLEMENTATIONS:
        module, _, name = dotted.rpartition(".")
        text = (folder / "seqmodels" / f"{module.split('.')[1]}.py"
                ).read_text()
        assert (f"{name} = _unavailable_stub(" in text) == (
            dotted not in kept), dotted


@pytest.fixture(scope="module")
def validated_release(release):
    """What `nbgrader validate` prints for every blank exercise of the
    release, its kernels importing the release's library (first on the
    path, as an install of the release does)."""
    import os
    import re
    import subprocess
    import sys
    from pathlib import Path
    folder, _ = release
    nbgrader = Path(sys.executable).with_name("nbgrader")
    paths = [folder / "exercises" / a / nb for a in ASSIGNMENTS
             for nb in notebooks_of(a)]
    env = {**os.environ, "PYTHONPATH": str(folder)}
    check = subprocess.run(
        [sys.executable, "-c", "import seqmodels; print(seqmodels.__file__)"],
        capture_output=True, text=True, cwd=paths[0].parent, env=env)
    assert check.stdout.strip() == str(folder / "seqmodels" / "__init__.py")
    proc = subprocess.run([str(nbgrader), "validate", *map(str, paths)],
                          capture_output=True, text=True, cwd=folder, env=env)
    verdict = r"(?=VALIDATION FAILED ON|Success! Your notebook passes)"
    sections = [part for part in re.split(verdict, proc.stdout)
                if part.startswith(("VALIDATION", "Success"))]
    assert len(sections) == len(paths), proc.stdout[-3000:] + proc.stderr
    return dict(zip(ASSIGNMENTS, sections))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_students_can_validate_with_the_released_library(validated_release,
                                                          assignment):
    """Every graded part is flagged as not done yet, none because the
    notebook's own cells met a stub of the library."""
    from authoring.notebooks import ROOT, answer_ids, read
    [notebook] = notebooks_of(assignment)
    parts = len(answer_ids(read(ROOT / "solutions" / assignment /
                                notebook)))
    out = validated_release[assignment]
    assert out.startswith(f"VALIDATION FAILED ON {parts} CELL(S)"), out[:200]
    assert "is not implemented yet" in out
    assert "is not available to exercises" not in out
    assert "ImportError" not in out, out[:2000]
