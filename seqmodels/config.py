"""Run settings shared by the book, the exercises and the tests.

* **Profile**: ``SEQ_PROFILE=full`` (the default, publication settings) or
  ``SEQ_PROFILE=quick`` (continuous integration: few epochs, fewer training
  windows). Every training call in the book reads its sizes from
  :func:`profile`, so one variable switches the whole book.
* **Device**: :func:`try_device` picks the first GPU MXNet can see and the
  CPU otherwise, and says which.
* **Seeds**: :func:`set_seed` seeds Python, numpy and MXNet, so a rebuild
  draws the same initial weights and the same minibatches.
"""
import os
import random
from dataclasses import asdict, dataclass

import mxnet as mx
import numpy as np
from mxnet import npx

# d2l and the course use MXNet's numpy interface everywhere.
npx.set_np()

PROFILE_VARIABLE = "SEQ_PROFILE"
DEFAULT_SEED = 1895  # the year The Time Machine was published


@dataclass(frozen=True)
class Seq2SeqSizes:
    """Sizes of the two training runs of the chapter *Attention*
    (:mod:`seqmodels.seq2seq`): both models get the same data and the same
    number of epochs, so they see the same examples.

    ``max_seconds`` (a wall-clock budget; the run's summary says when it
    cut a run) is None in both profiles: the book's runs stop after
    ``max_epochs`` only, so its figures do not depend on how fast or how
    busy the machine that built it was, and a repeated run can be loaded
    from the model cache (:mod:`seqmodels.model_cache`).
    """
    num_train: int
    num_val: int
    max_epochs: int
    max_seconds: float | None
    batch_size: int = 128
    embed_size: int = 32
    num_hiddens: int = 64
    attention_size: int = 32
    lr: float = 0.005
    grad_clip: float = 1.0

    def as_dict(self):
        """The keywords of :func:`seqmodels.seq2seq.train`, in the order
        the chapter prints them."""
        keys = ("num_train", "num_val", "batch_size", "embed_size",
                "num_hiddens", "attention_size", "max_epochs",
                "max_seconds", "lr", "grad_clip")
        values = asdict(self)
        return {key: values[key] for key in keys}


@dataclass(frozen=True)
class Profile:
    """Sizes of the book's experiments.

    ``num_train`` and ``num_val`` count training windows of ``num_steps``
    characters, as in :class:`d2l.TimeMachine`; ``seq2seq`` holds the
    sizes of the date-translation models, which train on examples, not
    windows.
    """
    name: str
    num_train: int
    num_val: int
    batch_size: int
    num_steps: int
    num_hiddens: int
    max_epochs: int
    seq2seq: Seq2SeqSizes
    # Sequence lengths at which the Transformer page times one training
    # pass of the LSTM and the Transformer (seqmodels.timing).
    timing_lengths: tuple = (16, 32, 64, 128, 256, 512)


# In "full" the slower seq2seq model (attention) trains its 3 epochs in
# about 2 minutes on one core of the 2-core machine the book is built on.
PROFILES = {
    "full": Profile("full", num_train=10000, num_val=5000, batch_size=1024,
                    num_steps=32, num_hiddens=32, max_epochs=100,
                    seq2seq=Seq2SeqSizes(num_train=15000, num_val=2000,
                                         max_epochs=3, max_seconds=None)),
    "quick": Profile("quick", num_train=1024, num_val=512, batch_size=256,
                     num_steps=32, num_hiddens=32, max_epochs=2,
                     seq2seq=Seq2SeqSizes(num_train=1000, num_val=250,
                                          max_epochs=2, max_seconds=None),
                     timing_lengths=(16, 32, 64, 128)),
}


def profile(name=None):
    """Return the active :class:`Profile` (``$SEQ_PROFILE``, default full)."""
    name = name or os.environ.get(PROFILE_VARIABLE, "full")
    try:
        return PROFILES[name.strip().lower()]
    except KeyError:
        raise ValueError(
            f"{PROFILE_VARIABLE}={name!r} is not a profile; use one of "
            f"{sorted(PROFILES)}") from None


def set_seed(seed=DEFAULT_SEED):
    """Seed Python's, numpy's and MXNet's random generators."""
    random.seed(seed)
    np.random.seed(seed)
    mx.random.seed(seed)


def num_gpus():
    """Number of GPUs MXNet can use (0 on a CPU-only build)."""
    try:
        return mx.context.num_gpus()
    except mx.base.MXNetError:  # a CUDA build on a machine with no driver
        return 0


def try_device(verbose=True):
    """Return ``gpu(0)`` if MXNet sees a GPU, else ``cpu()``; say which."""
    if num_gpus() > 0:
        device, why = npx.gpu(0), "MXNet sees a GPU"
    else:
        device, why = npx.cpu(), "no GPU visible to MXNet"
    if verbose:
        print(f"Training on {device} ({why})")
    return device


def describe_run(device=None):
    """One line for a page: which profile and device made its figures."""
    p = profile()
    device = device if device is not None else try_device(verbose=False)
    return (f"profile={p.name} (set {PROFILE_VARIABLE}=full|quick), "
            f"device={device}, mxnet {mx.__version__}, seed {DEFAULT_SEED}")
