"""The student view of the library (autograder/library_view.py): every
graded implementation is a stub there, everything else still imports and
works, and the sandboxed kernel imports the view."""
import json
import os
import shutil
import subprocess
import sys

import nbformat
import pytest
from conftest import ROOT

from authoring import SOLUTION_MARKERS, strip_markers
from autograder import library_view, sandbox
from seqmodels import own_code

ASSIGNMENTS = sorted(own_code.KERNEL_NEEDS)


def run_python(code, view, *args):
    """Run ``code`` in a fresh interpreter that imports ``view``'s
    package (not the repository's: the working folder is elsewhere)."""
    env = {**os.environ, "PYTHONPATH": str(view.parent)}
    proc = subprocess.run([sys.executable, "-c", code, *args], env=env,
                          cwd=view.parent, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


@pytest.fixture(scope="module")
def strict_view(tmp_path_factory):
    """A view with every graded implementation stubbed."""
    folder = tmp_path_factory.mktemp("view") / "seqmodels"
    return library_view.write(folder, stubbed=own_code.GRADED_IMPLEMENTATIONS)


CHECK_VIEW = r'''
import importlib, json, pkgutil, sys
import seqmodels
assert seqmodels.__file__.startswith(sys.argv[1]), seqmodels.__file__
for info in pkgutil.iter_modules(seqmodels.__path__):
    importlib.import_module("seqmodels." + info.name)
from seqmodels import own_code
report = {}
for dotted in own_code.GRADED_IMPLEMENTATIONS + tuple(
        own_code.LIBRARY_ALIASES):
    module, _, name = dotted.rpartition(".")
    obj = getattr(importlib.import_module(module), name)
    try:
        obj(1, 2)
    except NotImplementedError as err:
        report[dotted] = [str(err), obj.__name__, obj.__module__]
    else:
        report[dotted] = None

# what the notebooks' kernels use still works on top of the stubs
from mxnet import autograd, np
from seqmodels.transformer import TransformerLM
from seqmodels.rnn import RNNLM, GluonRNN
from seqmodels.gated import GluonLSTM
from seqmodels.train import LMTrainer, model_params
seqmodels.set_seed()
lm = TransformerLM(12, 8, num_heads=2, num_layers=1)
X = np.zeros((2, 5), dtype="int32")
with autograd.record():
    loss = lm.loss(lm(X), np.ones((2, 5)))
loss.backward()
trainer = LMTrainer(1, 1.0, verbose=False)
norm = trainer.clip_gradients(1e-3, lm)  # grad_clipping, kept privately
names = [type(b).__name__ for b in lm.blocks[0]._children.values()]
rnn_lm = RNNLM(GluonLSTM(8), 12)
rnn_lm.initialize()
print(json.dumps({"stubs": report, "norm": float(norm),
                  "children": names,
                  "logits": list(rnn_lm(X).shape)}))
'''


def test_every_graded_name_is_a_stub_and_the_rest_works(strict_view):
    out = json.loads(run_python(CHECK_VIEW, strict_view,
                                str(strict_view)).splitlines()[-1])
    for dotted, found in out["stubs"].items():
        origin = own_code.LIBRARY_ALIASES.get(dotted, dotted)
        assert found is not None, f"{dotted} still works in the view"
        message, name, module = found
        assert message == (f"`{origin}` is not available to exercises: a "
                           "graded part asks you to write it yourself")
        assert (module, name) == tuple(origin.rsplit(".", 1))
    assert out["norm"] > 0
    assert out["children"] == ["MultiHeadAttention", "AddNorm",
                               "PositionWiseFFN", "AddNorm"]
    assert out["logits"] == [2, 5, 12]


def test_implementations_that_no_kept_code_needs_are_gone(strict_view):
    rnn = (strict_view / "rnn.py").read_text()
    assert "npx.one_hot(X.T" not in rnn  # the solution of one_hot
    assert "_impl_one_hot" not in rnn
    birnn = (strict_view / "birnn.py").read_text()
    assert "def _impl_hmm_forward_backward" not in birnn
    # a private copy stays only where a kept model calls it
    assert "def _impl_masked_softmax" in (
        strict_view / "attention.py").read_text()
    assert (strict_view / "checks.py").read_text() == (
        ROOT / "seqmodels" / "checks.py").read_text()


def test_each_notebook_keeps_what_its_kernel_needs():
    everything = set(own_code.GRADED_IMPLEMENTATIONS)
    for a in ASSIGNMENTS:
        stubbed = library_view.stubbed_names(a)
        assert stubbed == everything - own_code.KERNEL_NEEDS[a]
        home = library_view.stubbed_names(a, home=True)
        assert home == stubbed - own_code.VISIBLE_TESTS_CALL.get(a, set())
    assert "seqmodels.attention.masked_softmax" in \
        library_view.stubbed_names("attention")
    assert "seqmodels.attention.masked_softmax" not in \
        library_view.stubbed_names("transformer")
    # an unknown notebook (or none) keeps what any notebook needs
    assert library_view.stubbed_names("nonesuch") == \
        library_view.stubbed_names(None) == everything - set().union(
            *own_code.KERNEL_NEEDS.values())


def test_views_are_cached_by_the_library_files(tmp_path):
    library = tmp_path / "lib"
    shutil.copytree(ROOT / "seqmodels", library,
                    ignore=shutil.ignore_patterns("__pycache__"))
    first = library_view.build("rnn", library=library, cache=tmp_path / "c")
    assert library_view.build("rnn", library=library,
                              cache=tmp_path / "c") == first
    assert (first / "__pycache__").is_dir()  # compiled once, read-only
    other = library_view.build("transformer", library=library,
                               cache=tmp_path / "c")
    assert other != first
    with open(library / "text_stats.py", "a") as f:
        f.write("\n# changed\n")
    changed = library_view.build("rnn", library=library,
                                 cache=tmp_path / "c")
    assert changed != first and first.exists()
    assert oct(first.stat().st_mode & 0o777) == "0o755"


# Names that a notebook's cells mention but its student-side cells never
# call: a helper defined in the set-up cell for the hidden tests (the
# grader runs them in its own process), a table of classes.
MENTIONED_ONLY = {
    "lstm": {"seqmodels.rnn.gluon_layer_params"},
    "deep_rnn": {"seqmodels.gated.GRUScratch", "seqmodels.gated.LSTMScratch",
                 "seqmodels.gated.RNNCellScratch"},
}


@pytest.mark.parametrize("home", [False, True], ids=["graded", "home"])
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_cell_of_the_students_kernel_calls_a_stub(assignment, home):
    """What runs in the student's kernel: the set-up, locked and answer
    cells (graded), and at home the visible tests too."""
    nb = nbformat.read(str(ROOT / "solutions" / assignment /
                           f"{assignment}.ipynb"), as_version=4)
    stubbed = library_view.stubbed_names(assignment, home)
    rules = {name: "a stub in the view" for name in stubbed}
    context = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    found = set()
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code":
            continue
        source = strip_markers(cell.source, SOLUTION_MARKERS)
        if meta.get("grade") and not meta.get("solution"):
            if not home:
                continue  # tests run in the grader's process
            source = source.split("### BEGIN HIDDEN TESTS")[0]
        found |= {u.dotted for u in own_code.find_uses(source, context,
                                                       rules)}
    assert found <= MENTIONED_ONLY.get(assignment, set())


SANDBOXED = r'''
import seqmodels.rnn, seqmodels.transformer
try:
    seqmodels.rnn.rnn_step(1, 2, 3, 4, 5)
except NotImplementedError as err:
    print("STUB", err)
print("FILE", seqmodels.rnn.__file__)
'''


def test_the_sandboxed_kernel_imports_the_view(tmp_path):
    try:
        sandbox.check()
    except sandbox.SandboxUnavailable as err:
        pytest.skip(str(err))
    view = library_view.build("rnn", cache=tmp_path / "views")
    argv = sandbox.kernel_argv(tmp_path, sandbox.Limits(), view=view)
    # the kernel's own command replaced by a short script
    command = argv[:argv.index("/bin/sh")] + [sys.executable, "-c",
                                               SANDBOXED]
    proc = subprocess.run(command, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert ("STUB `seqmodels.rnn.rnn_step` is not available to exercises"
            in proc.stdout), proc.stdout
    # the view sits at the real library's path
    assert f"FILE {ROOT / 'seqmodels' / 'rnn.py'}" in proc.stdout


def test_a_grading_job_gets_its_assignments_view(tmp_path):
    (tmp_path / "course" / "solutions" / "transformer").mkdir(parents=True)
    assert sandbox.job_assignment(tmp_path) == "transformer"
    env = sandbox.write_kernel(tmp_path, sandbox.Limits(), sandboxed=False)
    spec = json.loads((tmp_path / "jupyter" / "kernels" / "python3" /
                       "kernel.json").read_text())
    view = spec["env"]["PYTHONPATH"]
    assert env["JUPYTER_PATH"].endswith("jupyter")
    stubs = (os.path.join(view, "seqmodels", "attention.py"))
    text = open(stubs).read()
    assert "masked_softmax = _unavailable_stub" not in text
    assert "split_heads = _unavailable_stub" in text
