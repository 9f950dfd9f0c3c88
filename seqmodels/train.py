"""Training character language models (sections *RNNs from scratch* and
*Concise RNNs*).

:class:`LMTrainer` extends :class:`d2l.Trainer`: the same ``fit(model,
data)`` loop, plus a device chosen by :func:`seqmodels.try_device`, gradient
clipping by global norm that records every norm, and an :class:`LMHistory` of
perplexity and tokens per second per epoch instead of d2l's live plot.

A training budget is counted in **tokens** (label tokens trained on), not
seconds, so that it means the same on a busy machine as on an idle one:
``LMTrainer(..., max_tokens=N)`` stops at the minibatch that reaches
``N``. :func:`validation_perplexity` measures a trained model from its
logits alone, with the course's own cross-entropy;
:func:`position_perplexity` measures it at each position of the windows
separately (section *RNNs from scratch*): the first predictions of a
window, which start from a zero state, see almost no context.
"""
import math
import time
from dataclasses import dataclass, field

import numpy as onp
from d2l import mxnet as d2l
from mxnet import autograd, npx

from . import model_cache
from .config import try_device


def perplexity(mean_loss):
    """Perplexity of a mean cross-entropy loss in nats: ``exp(loss)``.

    A diverged run (loss above ~709 nats) gives ``inf``, not an error.
    """
    try:
        return math.exp(float(mean_loss))
    except OverflowError:
        return math.inf


def cross_entropy_sum(logits, Y):
    """Summed cross-entropy in nats of ``logits`` (..., vocab) against
    labels ``Y`` (...): a numerically stable log-softmax and ``pick``."""
    logits = logits.reshape(-1, logits.shape[-1])
    return -float(npx.pick(npx.log_softmax(logits), Y.reshape(-1)).sum())


def validation_perplexity(model, dataloader, device=None):
    """Perplexity of ``model`` over ``dataloader``'s (X, Y) minibatches,
    from the logits ``model(X)`` (shape ``Y.shape + (vocab,)``) and
    :func:`cross_entropy_sum`. Neither the model's ``loss`` nor a
    trainer's ``evaluate`` is used, so the hidden tests can re-measure a
    student's model with code the student did not write.
    """
    device = device if device is not None else try_device(verbose=False)
    total, count = 0.0, 0
    for X, Y in dataloader:
        X, Y = X.as_in_ctx(device), Y.as_in_ctx(device)
        logits = model(X)
        if tuple(logits.shape[:-1]) != tuple(Y.shape):
            raise ValueError(f"the model's logits have shape "
                             f"{tuple(logits.shape)}, expected "
                             f"{tuple(Y.shape)} + (vocab_size,)")
        total += cross_entropy_sum(logits, Y)
        count += Y.size
    return perplexity(total / count)


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


def grad_norm(params):
    """Global L2 norm of the gradients of ``params`` (arrays with .grad)."""
    return math.sqrt(sum(float((p.grad ** 2).sum()) for p in params))


def grad_clipping(params, theta):
    """Scale all gradients by ``min(1, theta / norm)``; return the norm.

    ``norm`` is the global norm over every parameter, measured before
    clipping. ``theta <= 0`` measures and leaves the gradients alone.
    """
    norm = grad_norm(params)
    if 0 < theta < norm:
        for p in params:
            p.grad[:] *= theta / norm
    return norm


def model_params(model):
    """The trainable arrays of a d2l model (from scratch or Gluon) or of a
    plain Gluon block."""
    params = (model.parameters() if hasattr(model, "parameters")
              else model.collect_params())
    if isinstance(params, list):
        return params
    return [p.data() for p in params.values() if p.grad_req != "null"]


@dataclass
class History:
    """Per-epoch record of one training run: what every run of the course
    has. Subclasses add their own per-epoch lists and say what
    :meth:`summary` reports (:meth:`results`).

    ``stop_reason`` is why training stopped before its last epoch, a key
    of ``STOPS`` (``""``: it ran all its epochs).
    """
    label: str = ""
    device: str = ""
    epoch_seconds: list = field(default_factory=list)
    stop_reason: str = ""

    STOPS = {"seconds": "time budget"}

    def results(self):
        """What the run reached, for :meth:`summary`: a list of short
        phrases such as ``"val ppl 5.31"``."""
        return []

    def stop_note(self):
        """``", stopped by the ..."``, or ``""`` when the run was not
        cut short."""
        if not self.stop_reason:
            return ""
        return f", stopped by the {self.STOPS[self.stop_reason]}"

    def summary(self):
        """One line: the results, the epochs, the time and the device."""
        return (f"{self.label}: {', '.join(self.results())}, "
                f"{len(self.epoch_seconds)} epochs in "
                f"{sum(self.epoch_seconds):.1f} s on {self.device}"
                + self.stop_note())


@dataclass
class LMHistory(History):
    """History of a language model (:class:`LMTrainer`): perplexities,
    speed, gradient norms and the tokens trained on."""
    train_ppl: list = field(default_factory=list)
    val_ppl: list = field(default_factory=list)
    tokens_per_sec: list = field(default_factory=list)
    grad_norms: list = field(default_factory=list)  # one per minibatch
    tokens: list = field(default_factory=list)  # trained so far, per epoch

    STOPS = {"tokens": "token budget", "seconds": "time limit"}

    def results(self):
        speed = sum(self.tokens_per_sec) / len(self.tokens_per_sec)
        return [f"train ppl {self.train_ppl[-1]:.2f}",
                f"val ppl {self.val_ppl[-1]:.2f}",
                f"{speed:,.0f} tokens/s"]

    def stop_note(self):
        note = super().stop_note()
        return note and f"{note} at {self.tokens[-1]:,} training tokens"


class DeviceTrainer(d2l.Trainer):
    """d2l's ``fit(model, data)`` loop on a device chosen by
    :func:`try_device`, with gradient clipping by global norm and a
    per-run history of class ``history_class`` in place of d2l's live
    plot. Subclasses write ``fit_epoch`` (which fills the history) and
    ``stop_after_epoch`` (whether the time budget is spent)."""

    history_class = None

    def __init__(self, max_epochs, gradient_clip_val=0, device=None,
                 label="", verbose=True, max_seconds=None):
        self.save_hyperparameters()
        self.device = device if device is not None else try_device(verbose)
        self.history = self.history_class(label=label,
                                          device=str(self.device))

    def prepare_batch(self, batch):
        return [a.as_in_ctx(self.device) for a in batch]

    def prepare_model(self, model):
        model.trainer = self
        if not isinstance(model.parameters(), list):
            model.collect_params().reset_ctx(self.device)
        else:
            model.set_scratch_params_device(self.device)
        self.model = model

    def clip_gradients(self, grad_clip_val, model):
        return grad_clipping(model_params(model), grad_clip_val)

    def stop_after_epoch(self):
        raise NotImplementedError

    def fit(self, model, data):
        """Train ``model`` on ``data``; return the history. With
        ``$SEQ_MODEL_CACHE`` set (the book's build), a run trained before
        with the same model, weights, data and settings is loaded from
        there instead (:mod:`seqmodels.model_cache`)."""
        self.prepare_data(data)
        self.prepare_model(model)
        self.optim = model.configure_optimizers()
        self.train_batch_idx = 0
        cache, key = self._cache_entry(model, data)
        if cache is None:
            self._train_epochs()
        else:
            # While this kernel trains the run, another kernel of the
            # build that reaches the same run waits here, then loads it.
            with cache.claim(key, self.verbose):
                if cache.load(key, self, model_params(model)):
                    if self.verbose:
                        print(self.history.summary() + " [trained earlier "
                              "in this build; loaded from the model cache]")
                    return self.history
                self._train_epochs()
                cache.store(key, self, model_params(model))
        if self.verbose:
            print(self.history.summary())
        return self.history

    def _train_epochs(self):
        for self.epoch in range(self.max_epochs):
            self.fit_epoch()
            if self.stop_after_epoch():
                break

    def _cache_entry(self, model, data):
        """(cache, key) of this run, or (None, None) when runs are not
        cached (no ``$SEQ_MODEL_CACHE``, a time budget, or a part of the
        run that cannot be keyed)."""
        folder = model_cache.cache_dir()
        if folder is None or self.max_seconds:
            return None, None
        model_cache.materialize(model, data, self.prepare_batch)
        key = model_cache.run_key(self, model, data, model_params(model))
        if key is None:
            return None, None
        return model_cache.ModelCache(folder), key


class LMTrainer(DeviceTrainer):
    """d2l's trainer for language models, with history and clipping.

    ``tokens_trained`` counts the label tokens of every minibatch trained
    on (``Y.size``); ``history.tokens`` records it after each epoch.

    ``max_tokens``: a budget of training tokens. Training stops at the
    minibatch that reaches it, in the middle of an epoch if need be; that
    minibatch is cut to the windows that fit, so ``tokens_trained`` never
    exceeds the budget. The validation perplexity is then measured as
    after any epoch. (Not for :class:`~seqmodels.bptt.TBPTTTrainer` in
    ``'chunks'`` mode, whose carried state would not fit a cut batch.)

    ``max_seconds``: without ``max_tokens``, stop after the epoch that
    exhausts this budget of training time (validation is not counted).
    With ``max_tokens`` it is only a safety limit, checked after every
    minibatch."""

    history_class = LMHistory

    def __init__(self, max_epochs, gradient_clip_val=0, device=None,
                 label="", verbose=True, max_seconds=None, max_tokens=None):
        super().__init__(max_epochs, gradient_clip_val, device, label,
                         verbose, max_seconds)
        self.max_tokens = max_tokens
        self.tokens_trained = 0

    def _budget_batch(self, X, Y):
        """``(X, Y)`` cut to the windows that fit in the token budget, or
        None when none does."""
        if not self.max_tokens:
            return X, Y
        left = self.max_tokens - self.tokens_trained
        rows = min(Y.shape[0], left // (Y.size // Y.shape[0]))
        if rows <= 0:  # not even one window fits: the budget is spent
            self.history.stop_reason = "tokens"
            return None
        return (X, Y) if rows == Y.shape[0] else (X[:rows], Y[:rows])

    def _budget_spent(self, seconds, window):
        """Whether a token budget is set and reached (less than one
        ``window`` of tokens left), or its safety limit of time passed;
        records why in ``history.stop_reason``."""
        if not self.max_tokens:
            return False
        if self.max_tokens - self.tokens_trained < window:
            self.history.stop_reason = "tokens"
        elif self.max_seconds and seconds >= self.max_seconds:
            self.history.stop_reason = "seconds"
        return bool(self.history.stop_reason)

    def evaluate(self, dataloader):
        """Mean per-token loss of the model over a dataloader."""
        total, count = 0.0, 0
        for batch in dataloader:
            X, Y = self.prepare_batch(batch)
            total += float(self.model.loss(self.model(X), Y)) * Y.size
            count += Y.size
        return total / count

    def training_batches(self):
        """The (X, Y) minibatches of one epoch, on the device. Subclasses
        may cut them further (see :mod:`seqmodels.bptt`)."""
        for batch in self.train_dataloader:
            yield self.prepare_batch(batch)

    def training_loss(self, X, Y):
        """Mean loss of one minibatch, recorded for autograd."""
        return self.model.loss(self.model(X), Y)

    def fit_epoch(self):
        start, total, count = time.perf_counter(), 0.0, 0
        spent_before = sum(self.history.epoch_seconds)
        for batch in self.training_batches():
            batch = self._budget_batch(*batch)
            if batch is None:
                break
            X, Y = batch
            with autograd.record():
                loss = self.training_loss(X, Y)
            loss.backward()
            self.history.grad_norms.append(
                self.clip_gradients(self.gradient_clip_val, self.model))
            self.optim.step(1)
            total += float(loss) * Y.size
            count += Y.size
            self.tokens_trained += Y.size
            self.train_batch_idx += 1
            if self._budget_spent(spent_before + time.perf_counter()
                                  - start, Y.size // Y.shape[0]):
                break
        if not count:  # the budget ran out at the end of the last epoch
            return
        seconds = time.perf_counter() - start
        h = self.history
        h.epoch_seconds.append(seconds)
        h.tokens.append(self.tokens_trained)
        h.tokens_per_sec.append(count / seconds)
        h.train_ppl.append(perplexity(total / count))
        h.val_ppl.append(perplexity(self.evaluate(self.val_dataloader)))
        if self.verbose and (self.epoch + 1) % max(
                1, self.max_epochs // 5) == 0:
            print(f"epoch {self.epoch + 1}: train ppl {h.train_ppl[-1]:.2f},"
                  f" val ppl {h.val_ppl[-1]:.2f}")

    def stop_after_epoch(self):
        if self.max_tokens:
            return bool(self.history.stop_reason)
        return bool(self.max_seconds) and sum(
            self.history.epoch_seconds) >= self.max_seconds


def generate(model, prefix, num_preds, vocab, device=None):
    """Greedy continuation of ``prefix`` (d2l's ``predict`` with warm-up)."""
    device = device if device is not None else try_device(verbose=False)
    return model.predict(prefix, num_preds, vocab, device)


def generation_speed(model, vocab, num_preds=200, device=None,
                     prefix="the time traveller "):
    """Characters generated per second, one at a time, greedy."""
    start = time.perf_counter()
    generate(model, prefix, num_preds, vocab, device)
    return num_preds / (time.perf_counter() - start)
