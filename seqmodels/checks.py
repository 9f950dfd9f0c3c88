"""Checks used by the exercise notebooks' visible and hidden tests.

Every message starts with the part's ``grade_id`` in brackets, the same id
as the nbgrader cell and the grade report, so a student reading a failure
knows which function is wrong and how (shape, dtype, value, gradient).
Only generic checking code lives here; what each exercise compares against
stays in its (hidden) test cells.
"""

import inspect
import json
import textwrap
import types

import numpy as onp
from mxnet import autograd, np
from mxnet.gluon import rnn as _grnn

from . import own_code as _own_code

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
    """Call ``fn``; a NotImplementedError becomes a clear 'not done yet'.

    First, ``fn``'s own source must not hand the part to a ready
    implementation (:func:`expect_own_code`)."""
    expect_own_code(part, fn, name=name)
    try:
        return fn(*args, **kwargs)
    except NotImplementedError as err:
        name = name or getattr(fn, "__name__", str(fn))
        if _UNAVAILABLE in str(err):  # a stub of the student view
            fail(part, f"{name} calls {err}: this part asks you to write "
                       "it with array operations.")
        fail(part, f"{name} is not implemented yet: "
                   "replace `raise NotImplementedError()` with your code.")


_UNAVAILABLE = "is not available to exercises"


def notebook_imports(namespace):
    """``{name: dotted name}`` of what a notebook's namespace (a
    function's ``__globals__``) holds from elsewhere: a module bound to a
    name (``npx`` -> ``mxnet.numpy_extension``, whatever import bound it:
    set-up cell, answer cell, alias) and a function or class imported by
    name (``ms`` -> ``seqmodels.attention.masked_softmax``, from its
    ``__module__`` and ``__name__``). The notebook's own functions
    (module ``__main__``) are left out. This stands for the notebook's
    import lines when :mod:`seqmodels.own_code` resolves the names of an
    answer."""
    found = {}
    for key, value in list(namespace.items()):
        if key.startswith("__"):
            continue
        if isinstance(value, types.ModuleType):
            found[key] = value.__name__
            continue
        if not isinstance(value, (type, types.FunctionType,
                                  types.BuiltinFunctionType)):
            continue
        module = getattr(value, "__module__", None)
        label = getattr(value, "__name__", None)
        if module in ("ndarray", "symbol"):  # MXNet's generated operators
            module = "mxnet." + module
        if isinstance(module, str) and isinstance(label, str) and \
                module not in ("__main__", "builtins") and \
                not module.startswith(("IPython", "ipykernel")):
            found[key] = f"{module}.{label}"
    return found


def _own_functions(fn, namespace):
    """``fn`` and the notebook functions it names, its helpers (their
    helpers too): ``[(name, function)]``."""
    out, todo, seen = [], [fn], set()
    while todo and len(out) < 20:
        f = todo.pop()
        if id(f) in seen:
            continue
        seen.add(id(f))
        out.append(f)
        for label in f.__code__.co_names:
            g = namespace.get(label)
            if isinstance(g, types.FunctionType) and g.__module__ == \
                    "__main__" and g.__name__ != "<lambda>":
                todo.append(g)
    return out


def expect_own_code(part, fn, name=None):
    """Fail ``part`` when the source of ``fn`` (or of a notebook function
    it calls by name) uses a ready implementation of the part
    (:func:`seqmodels.own_code.find_uses`: d2l, Gluon's recurrent layers,
    MXNet's fused operators, the library's own solution). Names resolve
    through the notebook's imports, read from ``fn.__globals__``
    (:func:`notebook_imports`). Anything but a plain Python function with
    a source (the grader's stand-in for a student's function, a lambda of
    a test) is not checked here: the grader checks the submitted cells
    itself."""
    if isinstance(fn, types.MethodType):
        fn = fn.__func__
    if not isinstance(fn, types.FunctionType) or fn.__name__ == "<lambda>":
        return
    rules = _own_code.rules_for(part)
    if not rules:
        return
    namespace = fn.__globals__
    imports = notebook_imports(namespace)
    problems = []
    for f in _own_functions(fn, namespace):
        try:
            source = textwrap.dedent(inspect.getsource(f))
        except (OSError, TypeError):
            continue
        for use in _own_code.find_uses(source, rules=rules, imports=imports):
            shown = (f"`{use.text}`" if use.text == use.dotted
                     else f"`{use.text}` ({use.dotted})")
            problems.append(f"{f.__name__} uses {shown} (line {use.line} "
                            f"of {f.__name__}): {use.why}")
    if problems:
        fail(part, "; ".join(problems) + ". This part asks you to write "
             "it yourself: a ready implementation gets no points.")


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


# What the grader accepts from a training task's description before it
# trains the model itself (a safety bound on its own work, far above what
# any of the tasks needs).
HPARAM_BOUNDS = {"batch_size": (1, 10000), "max_epochs": (1, 1000),
                 "num_hiddens": (1, 1024), "num_layers": (1, 8),
                 "num_heads": (1, 32), "ffn_num_hiddens": (1, 4096),
                 "num_inputs": (1, 4096)}


def type_name(value):
    """The type name of an object, or of the student's object that a
    grader's stand-in (autograder.remote.Remote) stands for."""
    seq = getattr(type(value), "_seq", None)
    if seq is None and "_seq" in getattr(value, "__dict__", {}):
        seq = value.__dict__["_seq"]
    if isinstance(seq, tuple) and len(seq) == 5:
        return seq[1]
    return type(value).__name__


def _setting(part, what, name, value):
    """A constructor argument or hyperparameter read from the student's
    side: a plain number, string, bool or None, within bounds."""
    expect(part, value is None or type(value) in (int, float, bool, str),
           f"{what}.{name} should be a number, got "
           f"{type(value).__name__}")
    low, high = HPARAM_BOUNDS.get(name, (None, None))
    if low is not None and type(value) in (int, float):
        expect(part, low <= value <= high, f"{what}.{name} = {value} is "
               f"outside [{low}, {high}]")
    return value


def _described(part, obj, classes, fixed):
    """``(class, keyword arguments)`` of the class among ``classes`` that
    ``obj`` (the student's object) is, read from its attributes (d2l's
    ``save_hyperparameters`` keeps every constructor argument)."""
    name = type_name(obj)
    found = [c for c in classes if c.__name__ == name]
    expect(part, bool(found), f"the model is a {name}, expected "
           + " or ".join(sorted({c.__name__ for c in classes})))
    cls = found[0]
    kwargs = {}
    for p in list(inspect.signature(cls.__init__).parameters.values())[1:]:
        if p.name in fixed:
            kwargs[p.name] = fixed[p.name]
            continue
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        try:
            value = getattr(obj, p.name)
        except AttributeError:
            expect(part, p.default is not p.empty,
                   f"the {name} has no {p.name}")
            value = p.default
        kwargs[p.name] = _setting(part, name, p.name, value)
    return cls, kwargs


def expect_retrained_within_budget(part, hparams, model, budget_tokens,
                                   target_ppl, models, device=None,
                                   split=(10000, 5000, 32),
                                   safety_seconds=120):
    """Hidden check of a training task, computed by the grader alone.

    ``model`` is the student's model (a stand-in: it stays in the
    student's kernel) and ``hparams`` the student's HPARAMS (data). The
    grader reads which library classes the model is made of and with
    which settings (``models`` maps each allowed model class to its
    allowed recurrent layer classes, or None), builds the same model with
    the library's code, trains it with the course's LMTrainer on the
    course data within ``budget_tokens`` (counted here), and measures the
    validation perplexity here: no number reported by the student's
    kernel counts. Returns the perplexity."""
    from . import set_seed
    from .data import TimeMachine
    num_train, num_val, num_steps = split
    expect(part, isinstance(hparams, dict), "HPARAMS should be a dict")
    for key in ("batch_size", "max_epochs"):
        expect(part, type(hparams.get(key)) is int,
               f"HPARAMS[{key!r}] should be an int")
        _setting(part, "HPARAMS", key, hparams[key])
    clip = hparams.get("gradient_clip_val", 0)
    expect(part, clip is None or type(clip) in (int, float),
           "HPARAMS['gradient_clip_val'] should be a number")
    set_seed()
    data = TimeMachine(hparams["batch_size"], num_steps,
                       num_train=num_train, num_val=num_val)
    vocab_size = len(data.vocab)
    kind, kwargs = _described(part, model, list(models),
                              {"vocab_size": vocab_size, "context": None,
                               "rnn": None})
    if "rnn" in kwargs:
        layers = models[kind] or ()
        try:
            layer = model.rnn
        except AttributeError:
            fail(part, "the model has no recurrent layer (model.rnn)")
        layer_kind, layer_kwargs = _described(
            part, layer, list(layers),
            {"num_inputs": vocab_size} if "LSTMScratch" in {
                c.__name__ for c in layers} else {})
        kwargs["rnn"] = (layer_kind, layer_kwargs)
    kwargs.pop("context", None)
    key = json.dumps([kind.__name__, {k: [v[0].__name__, v[1]]
                                       if k == "rnn" else v
                                       for k, v in kwargs.items()},
                      hparams["batch_size"], hparams["max_epochs"], clip,
                      budget_tokens, split, str(device), safety_seconds],
                     sort_keys=True)
    if key not in _RETRAINED:
        _RETRAINED[key] = _retrain(kind, kwargs, hparams, clip, data,
                                   budget_tokens, device, safety_seconds)
    tokens, val_ppl, cut = _RETRAINED[key]
    expect(part, 0 < tokens <= budget_tokens, f"the grader trained "
           f"{tokens:,} tokens, outside the budget of {budget_tokens:,}")
    why = (" (the grader's training was cut by its safety limit, "
           f"{safety_seconds} s, after {tokens:,} tokens)" if cut else "")
    expect(part, val_ppl <= target_ppl, f"validation perplexity "
           f"{val_ppl:.2f} > {target_ppl} when the grader trains your "
           f"model ({kind.__name__}, {tokens:,} tokens){why}")
    return val_ppl


# The grader's own training runs, by what they trained: the same model,
# settings and budget give the same (seeded) run, so a process that
# grades many variants of one notebook trains each configuration once.
_RETRAINED = {}


def _retrain(kind, kwargs, hparams, clip, data, budget_tokens, device,
             safety_seconds):
    """(tokens trained, validation perplexity, cut by the time limit)."""
    import contextlib
    import io
    if "rnn" in kwargs:
        layer_kind, layer_kwargs = kwargs["rnn"]
        kwargs = {**kwargs, "rnn": layer_kind(**layer_kwargs)}
    rebuilt = kind(**kwargs)
    trainer = _LMTrainer(hparams["max_epochs"], clip or 0, device=device,
                         label="the grader's run", verbose=False,
                         max_seconds=safety_seconds,
                         max_tokens=budget_tokens)
    with contextlib.redirect_stdout(io.StringIO()):
        trainer.fit(rebuilt, data)
    val_ppl = _validation_perplexity(rebuilt, data.val_dataloader(),
                                     trainer.device)
    return (trainer.tokens_trained, val_ppl,
            trainer.history.stop_reason == "seconds")
