"""Perplexity by position in the window (section *RNNs from scratch*).

d2l's data module cuts the text into windows of ``num_steps`` characters,
and every window starts from a zero hidden state. The first predictions of
a window therefore see almost no context, the last ones see
``num_steps - 1`` characters. :func:`position_perplexity` measures how
much that matters: the validation perplexity at each position separately.
"""
import numpy as onp

from .config import try_device


def position_losses(model, dataloader, device=None):
    """Mean cross-entropy (nats) at each position of the windows.

    Returns a numpy array of length ``num_steps``; its mean is the usual
    validation loss when all windows have the same length.
    """
    device = device if device is not None else try_device(verbose=False)
    total, count = 0.0, 0
    for X, Y in dataloader:
        X, Y = X.as_in_ctx(device), Y.as_in_ctx(device)
        loss = model.loss(model(X), Y, averaged=False).reshape(Y.shape)
        total = total + loss.sum(axis=0).asnumpy().astype(onp.float64)
        count += Y.shape[0]
    if not count:
        raise ValueError("the dataloader yielded no minibatch")
    return total / count


def position_perplexity(model, dataloader, device=None):
    """``exp`` of :func:`position_losses`: one perplexity per position."""
    return onp.exp(position_losses(model, dataloader, device))
