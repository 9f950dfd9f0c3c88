"""The helpers behind the exercises' tests say what is wrong."""

import numpy as onp
import pytest
from mxnet import np

from seqmodels import checks


def test_shape_message_names_part_and_shapes():
    message = r"\[p\] H has shape \(2, 3\), expected \(3, 2\)"
    with pytest.raises(checks.CheckFailed, match=message):
        checks.expect_shape("p", np.zeros((2, 3)), (3, 2), "H")


def test_close_message_gives_the_worst_entry():
    with pytest.raises(checks.CheckFailed, match=r"index \(1,\)"):
        checks.expect_close("p", np.array([1.0, 2.5]), np.array([1.0, 2.0]))
    checks.expect_close("p", np.array([1.0]), np.array([1.0 + 1e-9]))


def test_nan_is_reported_as_overflow():
    with pytest.raises(checks.CheckFailed, match="nan or inf"):
        checks.expect_close("p", np.array([float("nan")]), np.array([1.0]))


def test_not_implemented_is_reported_as_such():
    def todo():
        raise NotImplementedError()
    with pytest.raises(checks.CheckFailed, match=r"\[p\] todo is not impl"):
        checks.expect_implemented("p", todo)


def test_numeric_and_autograd_gradients_agree_in_float64():
    f = lambda x: (np.sin(x) * x).sum()  # noqa: E731
    x = np.array([[0.3, -1.2], [2.0, 0.5]], dtype="float64")
    num = checks.numeric_gradient(f, x)
    auto = checks.autograd_gradient(f, x)
    assert checks.rel_error(auto, num) < 1e-7
    assert checks.rel_error(auto, num + 1e-3) > 1e-7


def test_norm_rel_error_ignores_noise_on_near_zero_entries():
    exact = onp.array([1.0, -2.0, 1e-9])
    noisy = exact + onp.array([0.0, 0.0, 1e-10])  # finite-difference noise
    assert checks.rel_error(noisy, exact) > 1e-2
    assert checks.norm_rel_error(noisy, exact) < 1e-10
    assert checks.norm_rel_error(exact + 1e-3, exact) > 1e-4


def good_loop(inputs, H, params, step):
    outputs = []
    for X in inputs:
        H = step(X, H, *params)
        outputs.append(H)
    return np.stack(outputs), H


def loop_without_carry(inputs, H, params, step):
    outputs = [step(X, H, *params) for X in inputs]
    return np.stack(outputs), outputs[-1]


def test_state_carried_accepts_a_loop_and_rejects_a_dropped_state():
    checks.expect_state_carried("p", good_loop)
    with pytest.raises(checks.CheckFailed, match=r"\[p\] outputs of a step"):
        checks.expect_state_carried("p", loop_without_carry)


def test_attention_result_checks_pair_shapes_and_padding():
    W = np.array([[[0.5, 0.5, 0.0]]])
    out = np.ones((1, 1, 2))
    got = checks.expect_attention_result("p", (out, W), "f", (1, 1, 3),
                                         (1, 1, 2), padded=((0, 0, 2), 2))
    assert got[1] is W
    with pytest.raises(checks.CheckFailed, match=r"should return a pair"):
        checks.expect_attention_result("p", out, "f", (1, 1, 3), (1, 1, 2))
    with pytest.raises(checks.CheckFailed, match=r"the weights has shape"):
        checks.expect_attention_result("p", (out, W[0]), "f", (1, 1, 3),
                                       (1, 1, 2))
    leaky = np.array([[[0.4, 0.4, 0.2]]])
    with pytest.raises(checks.CheckFailed,
                       match=r"padded key 2 \(valid_len 2\) is 0.2"):
        checks.expect_attention_result("p", (out, leaky), "f", (1, 1, 3),
                                       (1, 1, 2), padded=((0, 0, 2), 2))


def test_same_attention_accepts_the_block_and_rejects_no_mask():
    from mxnet import npx

    from seqmodels.attention import DotProductAttention, masked_softmax
    block = DotProductAttention(dropout=0)
    data = [np.random.normal(size=s) for s in [(2, 3, 4), (2, 5, 4),
                                               (2, 5, 3)]]
    cases = (np.array([2, 5]), None)

    def mine(q, k, v, lens, mask=True):
        scores = npx.batch_dot(q, k, transpose_b=True) / 2.0
        W = masked_softmax(scores, lens if mask else None)
        return npx.batch_dot(W, v), W

    checks.expect_same_attention("p", mine, block, data, cases, "ref")
    with pytest.raises(checks.CheckFailed,
                       match=r"output with 1-D valid_lens against ref"):
        checks.expect_same_attention(
            "p", lambda *a: mine(*a, mask=False), block, data, cases, "ref")
    with pytest.raises(checks.CheckFailed, match=r"output with"):
        checks.expect_same_attention(
            "p", lambda *a: mine(*a)[0] * 2, block, data, cases, "ref",
            weights=False)
