"""Train each model once per build: a cache of trained language models.

Several pages of the book train the same model on the same data with the
same settings (the Gluon RNN, LSTM and GRU of their chapters come back in
the comparison of the GRU chapter and beside the Transformer). With
``$SEQ_MODEL_CACHE`` set to a folder, :meth:`LMTrainer.fit
<seqmodels.train.LMTrainer.fit>` looks the run up there first and, when
the same run was trained before, loads its trained weights and its
:class:`~seqmodels.train.History` instead of training again. The book's
build (``scripts/build_book.py``) sets the variable to a folder of its own
output, per profile; nothing else does, so the exercises, the grader and
the tests always train.

Two runs are "the same" when everything that decides the result is equal,
so the key is a hash of:

* the source of the course library and the versions of MXNet and d2l;
* the model's class, its printed structure and simple hyperparameters
  (learning rate, sizes), and its **initial weights** (which stand for the
  seed and the initialiser);
* the trainer's class and settings (epochs, clipping, budgets, truncation);
* the data module's class, settings and arrays;
* the state of Python's and NumPy's generators (which order the
  minibatches).

A model or trainer class defined outside the library (in a notebook) is
keyed by its source when it can be read, and not cached when it cannot;
neither is a model with dropout (its masks come from MXNet's generator,
which cannot be read). After a replayed run the NumPy and Python
generators are left where the original run left them; MXNet's is reseeded
from the key, so later unseeded MXNet draws on a page are reproducible
build to build but not equal to those of an uncached build (every page
reseeds before it trains a model).
"""
import contextlib
import fcntl
import hashlib
import inspect
import os
import pickle
import random
from pathlib import Path

import d2l as d2l_package
import mxnet as mx
import numpy as onp
from mxnet import autograd, np

CACHE_VARIABLE = "SEQ_MODEL_CACHE"
LIBRARY = Path(__file__).resolve().parent
SIMPLE = (bool, int, float, str, type(None))
# Trainer attributes that do not change what is learnt.
TRAINER_COSMETIC = {"label", "verbose", "device", "history"}


def cache_dir():
    """The cache folder (``$SEQ_MODEL_CACHE``), or None: no caching."""
    folder = os.environ.get(CACHE_VARIABLE)
    return Path(folder) if folder else None


def _library_digest():
    digest = hashlib.sha256()
    for path in sorted(LIBRARY.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    digest.update(f"mxnet {mx.__version__} d2l "
                  f"{d2l_package.__version__}".encode())
    return digest.hexdigest()


def _class_id(cls):
    """Module and name of a library (or d2l/MXNet) class; its source for a
    class defined elsewhere; None when that source cannot be read."""
    ident = f"{cls.__module__}.{cls.__qualname__}"
    if cls.__module__.split(".")[0] in ("seqmodels", "d2l", "mxnet"):
        return ident
    try:
        return ident + inspect.getsource(cls)
    except (OSError, TypeError):
        return None


def _simple(values):
    return sorted((k, repr(v)) for k, v in values.items()
                  if isinstance(v, SIMPLE + (tuple,)) and not
                  k.startswith("_"))


def _blocks(block):
    yield block
    for child in block._children.values():
        yield from _blocks(child)


def _has_dropout(model):
    for block in _blocks(model):
        rate = getattr(block, "_rate", 0) or getattr(block, "_dropout", 0)
        if rate:
            return True
    return False


def _arrays_digest(digest, arrays):
    for a in arrays:
        a = a.asnumpy()
        digest.update(f"{a.dtype}{a.shape}".encode())
        digest.update(onp.ascontiguousarray(a).tobytes())


def _rng_state():
    return pickle.dumps((onp.random.get_state(), random.getstate()))


def run_key(trainer, model, data, params):
    """The hash of everything that decides a run's result, or None when a
    part of it cannot be known (then the run is not cached)."""
    classes = [type(trainer), *(type(b) for b in _blocks(model)),
               type(data)]
    ids = [_class_id(c) for c in classes]
    if None in ids or _has_dropout(model):
        return None
    digest = hashlib.sha256(_library_digest().encode())
    digest.update(repr(ids).encode())
    digest.update(repr(model).encode())
    for block in _blocks(model):
        digest.update(repr(_simple(getattr(block, "hparams", {}))).encode())
    digest.update(repr(_simple({k: v for k, v in vars(trainer).items()
                                if k not in TRAINER_COSMETIC})).encode())
    digest.update(repr(_simple(getattr(data, "hparams", {}))).encode())
    for name in ("X", "Y", "M", "arrays"):
        value = getattr(data, name, None)
        if value is not None:
            _arrays_digest(digest, value if isinstance(value, (list, tuple))
                           else [value])
    _arrays_digest(digest, params)
    digest.update(_rng_state())
    return digest.hexdigest()


def materialize(model, data, prepare_batch):
    """Run one validation batch through the model so that Gluon's deferred
    initialisation draws the weights now, in the same order as the first
    training step would (no other draw comes in between)."""
    batch = prepare_batch(next(iter(data.val_dataloader())))
    with autograd.predict_mode():
        model(*batch[:-1])  # as d2l's training_step: all but the labels


class ModelCache:
    """Trained weights and histories in a folder, one file per run key."""

    def __init__(self, folder):
        self.folder = Path(folder)

    def path(self, key):
        return self.folder / f"{key}.pkl"

    @contextlib.contextmanager
    def claim(self, key, verbose=True):
        """Hold the run ``key`` for this process: the book executes pages
        in several kernels at once, and a second kernel that reaches a run
        while the first is still training it waits for it (an exclusive
        ``flock`` on ``<key>.lock``, released when the holder finishes or
        dies) and then loads it, instead of training it a second time."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / f"{key}.lock", "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if verbose:
                    print("Another kernel of this build is training the "
                          "same run; waiting for it.", flush=True)
                fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def load(self, key, trainer, params):
        """Load a stored run into ``params`` and ``trainer``; False if
        there is none."""
        path = self.path(key)
        if not path.is_file():
            return False
        with open(path, "rb") as f:
            stored = pickle.load(f)
        if len(stored["params"]) != len(params):
            return False
        for target, value in zip(params, stored["params"]):
            target[:] = np.array(value, dtype=target.dtype,
                                 ctx=target.ctx)
        history = stored["history"]
        history.label = trainer.history.label
        history.device = trainer.history.device
        trainer.history = history
        for name, value in stored["trainer"].items():
            setattr(trainer, name, value)
        onp.random.set_state(stored["rng"][0])
        random.setstate(stored["rng"][1])
        mx.random.seed(int(key[:8], 16))
        return True

    def store(self, key, trainer, params):
        """Write a finished run (atomically: a killed build leaves no
        half-written entry)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stored = {
            "params": [p.asnumpy() for p in params],
            "history": trainer.history,
            "trainer": {k: getattr(trainer, k) for k in
                        ("epoch", "train_batch_idx", "tokens_trained")
                        if hasattr(trainer, k)},
            "rng": (onp.random.get_state(), random.getstate()),
        }
        tmp = self.path(key).with_suffix(f".tmp{os.getpid()}")
        with open(tmp, "wb") as f:
            pickle.dump(stored, f)
        os.replace(tmp, self.path(key))
