"""Time one training pass of a language model against sequence length.

A recurrent layer must compute step ``t`` before step ``t + 1``: a
window of ``T`` characters is ``T`` sequential steps per layer, whatever
the hardware. A Transformer block computes all positions at once, so its
critical path is one step per block, and its work grows as ``T**2``
(the attention scores) instead of ``T``. :func:`sequential_steps` gives
the first count and :func:`time_pass` measures what a given machine makes
of it: the median wall time of one forward and backward pass.
"""
import statistics
import time

import mxnet as mx
from mxnet import autograd, np, npx


def sequential_steps(model, num_steps):
    """Operations that must run one after another in one forward pass.

    A model with ``blocks`` (a Transformer) needs one step per block; a
    recurrent model (``model.rnn``) ``num_steps`` per layer, since a
    fused kernel runs its layers one after another.
    """
    if hasattr(model, "blocks"):
        return len(model.blocks)
    layers = getattr(model.rnn, "num_layers", 1) if hasattr(
        model, "rnn") else None
    if layers is None:
        raise TypeError(f"{type(model).__name__} is neither a Transformer "
                        "(blocks) nor a recurrent model (rnn)")
    return num_steps * layers


def time_pass(model, vocab_size, num_steps, batch_size, repeats=3,
              device=None, seed=0):
    """Median seconds of one forward and backward pass of ``model`` on a
    random batch of ``batch_size`` windows of ``num_steps`` tokens.

    One untimed pass first pays for memory allocation and, for a
    hybridized model, graph construction; ``npx.waitall`` makes MXNet's
    asynchronous engine finish before the clock stops.
    """
    if repeats < 1:
        raise ValueError("repeats must be at least 1")
    device = device or npx.cpu()
    mx.random.seed(seed)
    X = np.random.randint(0, vocab_size, (batch_size, num_steps), ctx=device)
    Y = np.random.randint(0, vocab_size, (batch_size, num_steps), ctx=device)

    def one_pass():
        with autograd.record():
            loss = model.loss(model(X), Y)
        loss.backward()
        npx.waitall()

    one_pass()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        one_pass()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def scaling(models, vocab_size, lengths, batch_size, repeats=3,
            device=None):
    """Rows ``{model, length, seconds, sequential steps, tokens/s}`` for
    every model in ``models`` (a ``{name: model}`` dict) and length."""
    rows = []
    for name, model in models.items():
        for T in lengths:
            s = time_pass(model, vocab_size, T, batch_size, repeats, device)
            rows.append({"model": name, "length": T, "seconds": s,
                         "sequential steps": sequential_steps(model, T),
                         "tokens/s": batch_size * T / s})
    return rows
