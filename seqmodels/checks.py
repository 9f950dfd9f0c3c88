"""Checks used by the exercise notebooks' visible and hidden tests.

Every message starts with the part's ``grade_id`` in brackets, the same id
as the nbgrader cell and the grade report, so a student reading a failure
knows which function is wrong and how (shape, dtype, value, gradient).
Only generic checking code lives here; what each exercise compares against
stays in its (hidden) test cells.
"""
import math

import numpy as onp
from mxnet import autograd, np


class CheckFailed(AssertionError):
    """A check of a student's function failed; the message says why."""


def _as_numpy(value):
    return value.asnumpy() if hasattr(value, "asnumpy") else onp.asarray(
        value)


def fail(part, message):
    raise CheckFailed(f"[{part}] {message}")


def expect(part, condition, message):
    """Fail with ``message`` unless ``condition`` holds."""
    if not condition:
        fail(part, message)


def expect_implemented(part, fn, *args, name=None, **kwargs):
    """Call ``fn``; a NotImplementedError becomes a clear 'not done yet'."""
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:
        name = name or getattr(fn, "__name__", str(fn))
        fail(part, f"{name} is not implemented yet: "
                   "replace `raise NotImplementedError()` with your code.")


def expect_shape(part, value, shape, what="result"):
    """Fail unless ``value.shape == shape``."""
    actual = getattr(value, "shape", None)
    expect(part, actual is not None,
           f"{what} should be an array, got {type(value).__name__}")
    expect(part, tuple(actual) == tuple(shape),
           f"{what} has shape {tuple(actual)}, expected {tuple(shape)}")


def rel_error(actual, expected):
    """Largest elementwise relative error, as in CS231n's checks."""
    a, b = _as_numpy(actual).astype(onp.float64), _as_numpy(
        expected).astype(onp.float64)
    return float(onp.max(onp.abs(a - b) / onp.maximum(
        1e-8, onp.abs(a) + onp.abs(b)))) if a.size else 0.0


def norm_rel_error(actual, expected):
    """Relative error of a whole array: ``|a - b| / (|a| + |b|)`` in the
    L2 norm. Use it against numeric gradients: where an entry is close to
    zero, the elementwise :func:`rel_error` measures only the rounding
    noise of finite differences (about 1e-10 absolute) and fails at
    random. It is never larger than :func:`rel_error`.
    """
    a, b = _as_numpy(actual).astype(onp.float64), _as_numpy(
        expected).astype(onp.float64)
    scale = onp.linalg.norm(a) + onp.linalg.norm(b)
    return float(onp.linalg.norm(a - b) / max(scale, 1e-12))


def expect_close(part, actual, expected, what="result", rtol=1e-5,
                 atol=1e-6):
    """Fail unless shapes agree and values agree within the tolerance."""
    a, b = _as_numpy(actual), _as_numpy(expected)
    expect(part, a.shape == b.shape,
           f"{what} has shape {a.shape}, expected {b.shape}")
    expect(part, onp.all(onp.isfinite(a)),
           f"{what} contains nan or inf (an overflow?)")
    if not onp.allclose(a, b, rtol=rtol, atol=atol):
        err = onp.abs(a.astype(onp.float64) - b)
        where = onp.unravel_index(onp.argmax(err), err.shape)
        fail(part, f"{what} is wrong: largest difference {err.max():.3g} "
                   f"at index {tuple(int(i) for i in where)} (got "
                   f"{a[where]:.6g}, expected {b[where]:.6g}; tolerance "
                   f"rtol={rtol}, atol={atol})")


def expect_attention_result(part, result, name, weights_shape,
                            output_shape, padded=None):
    """Visible check of what an attention function returned: a pair
    ``(output, weights)`` of the given shapes. ``padded = (index,
    valid_len)`` names an entry of the weights that lies beyond its
    query's valid length: it must be 0. Returns ``(output, weights)``."""
    expect(part, isinstance(result, tuple) and len(result) == 2,
           f"{name} should return a pair (output, weights)")
    out, W = result
    expect_shape(part, W, weights_shape, "the weights")
    expect_shape(part, out, output_shape, "the output")
    if padded is not None:
        index, valid_len = padded
        weight = float(W[index])
        expect(part, abs(weight) < 1e-6, f"weight on padded key "
               f"{index[-1]} (valid_len {valid_len}) is {weight:.3g}, "
               "should be 0: pass valid_lens to softmax")
    return out, W


def params_with_grads(*grads):
    """Parameters (zeros) whose ``.grad`` holds the given gradients: inputs
    for testing gradient clipping."""
    params = []
    for g in grads:
        p = np.zeros(g.shape)
        p.attach_grad()
        p.grad[:] = g
        params.append(p)
    return params


def numeric_gradient(f, x, eps=1e-6):
    """Centred finite differences of scalar ``f`` at float64 array ``x``.

    ``f`` takes an MXNet float64 array of the shape of ``x``. Each entry
    costs two evaluations, so keep ``x`` small.
    """
    base = _as_numpy(x).astype(onp.float64)
    grad = onp.zeros_like(base)
    for idx in onp.ndindex(*base.shape):
        plus, minus = base.copy(), base.copy()
        plus[idx] += eps
        minus[idx] -= eps
        grad[idx] = (float(f(np.array(plus, dtype="float64"))) - float(
            f(np.array(minus, dtype="float64")))) / (2 * eps)
    return grad


def autograd_gradient(f, x):
    """Gradient of scalar ``f`` at ``x`` by MXNet autograd."""
    x = x.copy()
    x.attach_grad()
    with autograd.record():
        y = f(x)
    y.backward()
    return x.grad


def expect_state_carried(part, loop):
    """Visible check of a loop over time steps, ``loop(inputs, H, params,
    step) -> (outputs, H_last)``, with a step that counts: the state must
    be carried from step to step and every step's state returned."""
    name = getattr(loop, "__name__", "the loop")
    counter = lambda X, H, a: H + X * a  # noqa: E731  (counts the steps)
    result = expect_implemented(part, loop, np.ones((3, 2, 1)),
                                np.zeros((2, 1)), (1.0,), counter)
    expect(part, isinstance(result, tuple) and len(result) == 2,
           f"{name} should return a pair (outputs, H_last)")
    outputs, H = result
    expect_shape(part, outputs, (3, 2, 1), "outputs")
    expect_shape(part, H, (2, 1), "the last state")
    expect_close(part, outputs[:, 0, 0], np.array([1.0, 2.0, 3.0]),
                 "outputs of a step that adds 1 to the state each time")
    expect_close(part, H, outputs[-1], "H_last (should be outputs[-1])")


def expect_trained_within_budget(part, trainer, data, history,
                                 build_seconds, budget_seconds, target_ppl,
                                 split=(10000, 5000, 32)):
    """Hidden check of a training task: the data split is unchanged, the
    validation perplexity, measured again rather than read from the
    history, is at most ``target_ppl``, and the time spent before the
    last epoch started (model building included) is within the budget
    (the trainer stops after the epoch in which the budget runs out)."""
    expect(part, (data.num_train, data.num_val, data.num_steps) == split,
           "the data split must not change")
    val_ppl = math.exp(trainer.evaluate(data.val_dataloader()))
    expect(part, val_ppl <= target_ppl, f"re-measured validation "
           f"perplexity {val_ppl:.2f} > {target_ppl}")
    spent = build_seconds + sum(history.epoch_seconds[:-1])
    expect(part, spent < budget_seconds, f"{spent:.0f} s were spent "
           f"before the last epoch started: over the {budget_seconds} s "
           "budget")


def expect_same_attention(part, fn, block, data, lens_cases, reference,
                          weights=True):
    """Hidden check of an attention function against a library block
    holding the same weights: for each valid-lengths case (``None``, 1-D
    or 2-D), the output, the attention weights (when ``weights``) and the
    gradients of queries, keys and values must agree.

    ``fn(queries, keys, values, valid_lens)`` returns ``(output,
    weights)`` when ``weights`` is true, else the output; ``block`` is
    called the same way and keeps its weights in ``attention_weights``;
    ``data`` is ``[queries, keys, values]``; ``reference`` names the block
    in the messages. The gradients are those of ``sum(output * R)`` for
    one random ``R``.
    """
    R = np.random.normal(size=block(*data, None).shape)
    for lens in lens_cases:
        label = ("no valid_lens" if lens is None
                 else f"{lens.ndim}-D valid_lens")
        mine, ref = [a.copy() for a in data], [a.copy() for a in data]
        for a in mine + ref:
            a.attach_grad()
        with autograd.record():
            expected = block(*ref, lens)
            (expected * R).sum().backward()
        with autograd.record():
            result = fn(*mine, lens)
            out = result[0] if weights else result
            (out * R).sum().backward()
        expect_close(part, out, expected, f"output with {label} against "
                     f"{reference}", rtol=1e-5, atol=1e-6)
        if weights:
            expect_close(part, result[1], block.attention_weights,
                         f"weights with {label} against {reference}",
                         rtol=1e-5, atol=1e-6)
        for name, a, r in zip(("queries", "keys", "values"), mine, ref):
            expect_close(part, a.grad, r.grad, f"gradient of {name} with "
                         f"{label} against {reference}", rtol=1e-4,
                         atol=1e-5)
