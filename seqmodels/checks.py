"""Checks used by the exercise notebooks' visible and hidden tests.

Every message starts with the part's ``grade_id`` in brackets, the same id
as the nbgrader cell and the grade report, so a student reading a failure
knows which function is wrong and how (shape, dtype, value, gradient).
Only generic checking code lives here; what each exercise compares against
stays in its (hidden) test cells.
"""

import numpy as onp
from mxnet import autograd, np
from mxnet.gluon import rnn as _grnn

# Bound when the notebook's setup cell imports this module, before any
# student code runs: replacing them in seqmodels.train later changes
# nothing here.
from .train import LMTrainer as _LMTrainer
from .train import validation_perplexity as _validation_perplexity


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


def max_budget_steps(budget_tokens, num_train, batch_size, num_steps):
    """How many optimizer updates :class:`~seqmodels.train.LMTrainer`
    makes at most within ``budget_tokens``: full minibatches of
    ``batch_size`` windows, a smaller last one in each epoch, and a last
    minibatch cut to the windows that fit."""
    sizes = [batch_size] * (num_train // batch_size) + (
        [num_train % batch_size] if num_train % batch_size else [])
    steps, left = 0, budget_tokens
    while left >= num_steps:
        for size in sizes:
            rows = min(size, left // num_steps)
            if rows == 0:
                return steps
            steps, left = steps + 1, left - rows * num_steps
    return steps


def _optimizer_updates(optim):
    """Updates counted by MXNet's own optimizer (a ``gluon.Trainer``), or
    None for an optimizer that does not count them."""
    inner = getattr(optim, "_optimizer", None)
    return getattr(inner, "num_update", None)


_TRAINER_METHODS = ("fit", "fit_epoch", "training_batches", "evaluate",
                    "training_loss", "prepare_batch", "prepare_model",
                    "clip_gradients", "stop_after_epoch", "_budget_batch",
                    "_budget_spent")
_ORIGINAL_METHODS = {name: getattr(_LMTrainer, name)
                     for name in _TRAINER_METHODS}


def expect_trained_within_budget(part, trainer, model, data, budget_tokens,
                                 target_ppl, models,
                                 inner=(_grnn.RNN, _grnn.LSTM, _grnn.GRU),
                                 split=(10000, 5000, 32)):
    """Hidden check of a training task, with the course's code only.

    * the data split is unchanged;
    * ``type(model)`` is exactly one of the keys of ``models`` (no
      subclass), and its recurrent layer ``model.rnn`` exactly one of the
      classes that key maps to (None: no layer to check); a layer that
      wraps a Gluon block in ``.rnn`` (``GluonLSTM``...) must hold one of
      the Gluon classes ``inner`` exactly;
    * the trainer is a plain :class:`~seqmodels.train.LMTrainer` (its
      training methods those of the course) set to
      ``budget_tokens``, which it did not exceed: its own token counter,
      the number of epochs, and the updates counted by MXNet's optimizer
      (which ``max_epochs`` cannot raise);
    * the validation perplexity, re-measured from the model's logits by
      :func:`seqmodels.train.validation_perplexity` (not ``model.loss``,
      not ``trainer.evaluate``), is at most ``target_ppl``.
    """
    num_train, num_val, num_steps = split
    expect(part, (data.num_train, data.num_val, data.num_steps) == split,
           "the data split must not change (10,000 training and 5,000 "
           "validation windows of 32 characters)")
    kind = type(model)
    expect(part, kind in models, f"make_model returned a {kind.__name__}, "
           "expected exactly " + " or ".join(m.__name__ for m in models)
           + " (not a subclass)")
    layers = models[kind]
    if layers is not None:
        layer = getattr(model, "rnn", None)
        expect(part, type(layer) in layers, f"the model's recurrent layer "
               f"is a {type(layer).__name__}, expected exactly "
               + " or ".join(c.__name__ for c in layers))
        block = getattr(layer, "rnn", None)
        expect(part, block is None or type(block) in inner,
               f"the recurrent layer wraps a {type(block).__name__}, "
               "expected exactly Gluon's " + " or ".join(
                   f"rnn.{c.__name__}" for c in inner))
    expect(part, type(trainer) is _LMTrainer, "the model must be trained by "
           "the course's LMTrainer")
    changed = [name for name, method in _ORIGINAL_METHODS.items()
               if name in vars(trainer)
               or getattr(_LMTrainer, name) is not method]
    expect(part, not changed, "the course's LMTrainer was changed: "
           + ", ".join(changed))
    expect(part, getattr(trainer, "model", None) is model,
           "the trainer did not train this model")
    expect(part, trainer.max_tokens == budget_tokens,
           f"the trainer's budget is {trainer.max_tokens} tokens, "
           f"expected {budget_tokens:,}")
    tokens = trainer.tokens_trained
    expect(part, 0 < tokens <= budget_tokens, f"{tokens:,} tokens were "
           f"trained: over the budget of {budget_tokens:,}")
    epochs = len(trainer.history.val_ppl)
    most = -(-budget_tokens // (num_train * num_steps))
    expect(part, epochs <= most, f"{epochs} epochs were run: the budget of "
           f"{budget_tokens:,} tokens holds at most {most}")
    updates = _optimizer_updates(trainer.optim)
    steps = max_budget_steps(budget_tokens, num_train, data.batch_size,
                             num_steps)
    expect(part, updates is None or updates <= steps,
           f"the optimizer made {updates} updates: at most {steps} "
           f"minibatches of {data.batch_size} fit in the budget of "
           f"{budget_tokens:,} tokens")
    val_ppl = _validation_perplexity(model, data.val_dataloader(),
                                     trainer.device)
    why = (" (training was cut by the time limit, "
           f"{trainer.max_seconds} s, after {tokens:,} tokens)"
           if trainer.history.stop_reason == "seconds" else "")
    expect(part, val_ppl <= target_ppl, f"re-measured validation "
           f"perplexity {val_ppl:.2f} > {target_ppl}{why}")
    return val_ppl


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
