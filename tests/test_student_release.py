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
