"""An answer that hands its part to a ready implementation is caught
(seqmodels/own_code.py, and seqmodels.checks.expect_implemented), and
no solution is."""
import runpy
import textwrap

import nbformat
import pytest
from conftest import ROOT

from authoring import strip_markers
from seqmodels import checks, own_code

SETUP = """
from d2l import mxnet as d2l
from mxnet import autograd, np, npx
from mxnet.gluon import nn, rnn
import seqmodels
"""

ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir()
                     if p.is_dir())


def uses(source, part="masked_softmax"):
    return own_code.breaks(textwrap.dedent(source), SETUP, part)


def test_aliases_and_the_cells_own_imports_are_resolved():
    cases = {
        "from mxnet import npx as X\ndef f(a, l):\n"
        "    return X.masked_softmax(a, l)": "mxnet.npx.masked_softmax",
        "import seqmodels.attention as A\ny = A.masked_softmax(1, 2)":
            "seqmodels.attention.masked_softmax",
        "from seqmodels.attention import masked_softmax as ms\n"
        "y = ms(1, 2)": "seqmodels.attention.masked_softmax",
        "def f(x):\n    import mxnet as mx\n    return mx.nd.RNN(x)":
            "mxnet.ndarray.RNN",
        "A = seqmodels.attention\ny = A.split_heads(1, 2)":
            "seqmodels.attention.split_heads",
        "f = getattr(npx, 'layer_norm')": "mxnet.npx.layer_norm",
        "from seqmodels.gated import gluon_layer_params as g\ny = g(1)":
            "seqmodels.rnn.gluon_layer_params",
    }
    for source, dotted in cases.items():
        found = uses(source)
        assert len(found) == 1 and f"({dotted})" in found[0], (source,
                                                               found)
    found = uses("from seqmodels.attention import *\ny = split_heads(X, 2)")
    assert "(seqmodels.attention.split_heads)" in found[0], found
    found = uses("from d2l.mxnet import *\ny = 1")
    assert found and "d2l already" in found[0], found
    assert uses("from mxnet.numpy import *\ny = tanh(1)") == []
    # a name the answer binds itself hides the import of that name
    assert uses("def f(npx):\n    return npx.masked_softmax(1)") == []
    assert uses("def masked_softmax(X, l):\n    return X\n"
                "y = masked_softmax(1, 2)") == []


@pytest.mark.parametrize("source,words", [
    ("y = d2l.masked_softmax(X, lens)", "d2l already"),
    ("cell = rnn.LSTMCell(8)", "recurrent layers and cells"),
    ("ln = nn.LayerNorm()", "layer normalization block"),
    ("y = npx.masked_softmax(X, mask)", "fused masked softmax"),
    ("y = npx.masked_log_softmax(X, mask)", "masked log-softmax"),
    ("y = npx.rnn(X, p, s, mode='lstm')", "fused recurrent layer"),
    ("y = npx.layer_norm(X, g, b)", "fused layer normalization"),
    ("import mxnet as mx\ny = mx.nd.RNN(X)", "fused recurrent layer"),
    ("import mxnet as mx\ny = mx.nd.LayerNorm(X, g, b)",
     "fused layer normalization"),
    ("y = npx.softmax(X, lens, use_length=True)", "fused masking"),
    ("import mxnet as mx\ny = mx.nd.softmax(X, lens, use_length=True)",
     "fused masking"),
    ("y = npx.log_softmax(X, lens, use_length=True)", "fused masking"),
    ("y = seqmodels.rnn.rnn_step(X, H, a, b, c)", "library's own"),
    ("from seqmodels.attention import DotProductAttention\n"
     "a = DotProductAttention(0.0)", "library's own"),
    ("y = seqmodels.train._impl_grad_clipping(p, 1)", "private part"),
])
def test_each_family_is_caught_with_its_reason(source, words):
    found = uses(source, "scaled_dot_product_attention")
    assert found and words in found[0], found
    assert found[0].startswith("line ")


def test_a_magic_line_does_not_hide_the_rest_of_the_cell():
    cell = ("%timeit f(1)\ndef f(X, l):\n    !ls\n"
            "    return npx.masked_softmax(X, l)\nf?")
    found = uses(cell)
    assert len(found) == 1 and found[0].startswith("line 4 uses")


def test_allowed_operators_pass():
    assert uses("y = npx.softmax(X)\nz = npx.one_hot(Y, 5)\n"
                "w = npx.batch_dot(a, b)\nv = npx.sigmoid(X)\n"
                "u = npx.softmax(X, use_length=False)") == []


def test_training_parts_are_exempt_and_given_helpers_allowed():
    source = "m = d2l.GRU(32)\nn = rnn.LSTM(32)"
    for part in own_code.EXEMPT_PARTS:
        assert own_code.breaks(source, SETUP, part) == []
    assert own_code.breaks(source, SETUP, "rnn_step")
    given = "from seqmodels.attention import masked_softmax\n"
    assert own_code.breaks("y = masked_softmax(s, l)", given,
                           "decoder_block") == []
    assert own_code.breaks("y = masked_softmax(s, l)", given,
                           "multi_head_attention")


def test_part_rules_add_to_the_defaults():
    clip = ("from mxnet import gluon\n"
            "n = gluon.utils.clip_global_norm([p.grad for p in ps], 1.0)")
    assert "global norm" in own_code.breaks(clip, SETUP, "grad_clipping")[0]
    assert own_code.breaks(clip, SETUP, "rnn_step") == []
    loss = "import mxnet as mx\nl = mx.gluon.loss.SoftmaxCELoss()"
    assert own_code.breaks(loss, SETUP, "perplexity")
    assert own_code.breaks("m = npx.sequence_mask(X, l, True)", SETUP,
                           "masked_softmax")


def test_every_graded_name_is_forbidden_and_resolves_to_itself():
    for dotted in own_code.GRADED_IMPLEMENTATIONS:
        assert own_code.canonical(dotted) == dotted
        assert dotted in own_code.DEFAULT_FORBIDDEN
        module, _, name = dotted.rpartition(".")
        found = own_code.breaks(f"from {module} import {name}\n"
                                f"y = {name}()", "", "rnn_step")
        assert found, dotted
    for alias, origin in own_code.LIBRARY_ALIASES.items():
        assert origin in own_code.GRADED_IMPLEMENTATIONS, alias


def _setup_and_answers(assignment):
    nb = nbformat.read(str(ROOT / "solutions" / assignment /
                           f"{assignment}.ipynb"), as_version=4)
    setup, answers = [], []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code":
            continue
        if meta.get("solution"):
            answers.append((meta["grade_id"], strip_markers(
                cell.source)))
        elif not meta.get("grade"):
            setup.append(cell.source)
    return "\n".join(setup), answers


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_solution_breaks_its_rule(assignment):
    setup, answers = _setup_and_answers(assignment)
    assert answers
    # everything the earlier answer cells import is in force as well
    context = setup + "\n" + "\n".join(a for _, a in answers)
    for part, source in answers:
        assert own_code.breaks(source, context, part) == [], part


def test_the_stubs_do_not_break_any_rule():
    # the blank cell: the signature, the docstring, NotImplementedError
    blank = "def f(X):\n    '''Task f.'''\n    raise NotImplementedError()"
    for part in ("rnn_step", "masked_softmax", "decoder_block"):
        assert own_code.breaks(blank, SETUP, part) == []


NOTEBOOK = '''
from mxnet import np, npx
import seqmodels
from seqmodels.attention import masked_softmax as library_softmax


def fused(X, valid_lens):
    return npx.masked_softmax(X, valid_lens > 0)


def helper(X):
    return library_softmax(X, None)


def through_a_helper(X, valid_lens):
    return helper(X)


def honest(X, valid_lens):
    if valid_lens is None:
        return npx.softmax(X)
    keep = np.arange(X.shape[-1]).reshape(1, 1, -1) < valid_lens.reshape(
        -1, 1, 1)
    return npx.softmax(np.where(keep, X, -1e6)) * keep
'''


@pytest.fixture(scope="module")
def notebook(tmp_path_factory):
    path = tmp_path_factory.mktemp("nb") / "notebook.py"
    path.write_text(NOTEBOOK)
    # a notebook's functions live in module __main__, with a source
    return runpy.run_path(str(path), run_name="__main__")


def test_expect_implemented_fails_a_fused_operator(notebook):
    from mxnet import np
    X, lens = np.ones((1, 2, 3)), np.array([2])
    with pytest.raises(checks.CheckFailed) as err:
        checks.expect_implemented("masked_softmax", notebook["fused"],
                                  X, lens)
    text = str(err.value)
    assert text.startswith("[masked_softmax] fused uses `npx.masked_softmax`")
    assert "fused masked softmax" in text
    with pytest.raises(checks.CheckFailed, match="helper uses "
                       "`library_softmax`"):
        checks.expect_implemented("masked_softmax",
                                  notebook["through_a_helper"], X, lens)


def test_expect_implemented_passes_honest_code_and_skips_stand_ins(
        notebook):
    from mxnet import np
    W = checks.expect_implemented("masked_softmax", notebook["honest"],
                                  np.ones((1, 2, 3)), np.array([2]))
    assert abs(float(W[0, 0, 2])) < 1e-6

    class StandIn:  # not a Python function: the grader checks cells
        __name__ = "fused"

        def __call__(self, *args):
            return 1.0

    assert checks.expect_implemented("masked_softmax", StandIn()) == 1.0
    # a training part may use the library: no check
    W = checks.expect_implemented("train_lm", notebook["through_a_helper"],
                                  np.ones((1, 1, 2)), None)
    assert W.shape == (1, 1, 2)


def test_a_stub_of_the_student_view_gets_a_clear_message():
    def stubbed():
        raise NotImplementedError(
            "`seqmodels.rnn.rnn_step` is not available to exercises: a "
            "graded part asks you to write it yourself")
    with pytest.raises(checks.CheckFailed, match="calls `seqmodels.rnn."
                       "rnn_step` is not available"):
        checks.expect_implemented("rnn_forward", stubbed)
