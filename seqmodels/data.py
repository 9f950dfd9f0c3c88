"""The Time Machine, read from the copy shipped in ``data/``, never fetched.

:class:`TimeMachine` extends :class:`d2l.TimeMachine` (explained in the book's
section *Text as sequences*): it keeps d2l's preprocessing, vocabulary and
overlapping windows, and replaces the download with a checked read of the
shipped file. The two partitioning schemes of the section *Language models*
(random and sequential) are written here once.
"""
import hashlib
import math
import os
import random
from pathlib import Path

import numpy as onp
from d2l import mxnet as d2l
from mxnet import np

DATA_DIR_VARIABLE = "SEQ_DATA_DIR"
TIMEMACHINE_FILE = "timemachine.txt"
TIMEMACHINE_SHA1 = "090b5e7e70c295757f55df93cb0a180b9691891a"


class DataFileError(RuntimeError):
    """A data file the course ships is missing or not the expected file."""


def data_dir():
    """Folder of the course data: ``$SEQ_DATA_DIR`` or the repo's data/."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "data"


def sha1_of(path):
    """SHA-1 hex digest of a file, read in 1 MiB chunks."""
    digest = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def timemachine_path(folder=None):
    """Path of the verified text; :class:`DataFileError` if absent or altered.

    There is deliberately no download fallback: the course runs offline.
    """
    path = Path(folder or data_dir()) / TIMEMACHINE_FILE
    restore = ("Restore it from the repository (`git checkout -- "
               "data/timemachine.txt`) or set "
               f"{DATA_DIR_VARIABLE} to a folder holding the original file.")
    if not path.is_file():
        raise DataFileError(
            f"The Time Machine text is missing: expected {path} with SHA-1 "
            f"{TIMEMACHINE_SHA1}. {restore}")
    actual = sha1_of(path)
    if actual != TIMEMACHINE_SHA1:
        raise DataFileError(
            f"{path} has SHA-1 {actual}, expected {TIMEMACHINE_SHA1}: the "
            f"file was altered. {restore}")
    return path


def read_time_machine(folder=None):
    """The raw text of *The Time Machine* (checked against its SHA-1)."""
    return timemachine_path(folder).read_text()


class TensorBatches:
    """The minibatches ``gluon.data.DataLoader(ArrayDataset(*tensors),
    batch_size, shuffle=shuffle)`` yields, in the same order and with the
    same values, made with one gather per tensor and batch.

    Gluon's loader stacks a batch from ``batch_size`` single-window slices,
    one Python call each; on this course's character models that took
    about half of every epoch (full profile, 2-core CPU: 0.46 s of
    loading per training epoch of ~1.3 s). The order is drawn exactly as
    Gluon's ``RandomSampler`` draws it (``numpy.random.shuffle`` of
    ``arange(n)`` at the start of each pass), so a seeded run sees the
    same minibatches either way; the last batch is kept even when short
    (Gluon's ``last_batch='keep'``).
    """

    def __init__(self, tensors, batch_size, shuffle):
        self.tensors = list(tensors)
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.num_examples = len(self.tensors[0])

    def __len__(self):
        return math.ceil(self.num_examples / self.batch_size)

    def __iter__(self):
        n, size = self.num_examples, self.batch_size
        if not self.shuffle:
            for start in range(0, n, size):
                yield [t[start:start + size] for t in self.tensors]
            return
        order = onp.arange(n)
        onp.random.shuffle(order)
        for start in range(0, n, size):
            index = np.array(order[start:start + size], dtype="int64")
            yield [np.take(t, index, axis=0) for t in self.tensors]


class FastTensorLoader:
    """Mixin for a d2l ``DataModule``: its loaders are
    :class:`TensorBatches` (same batches as d2l's, much faster)."""

    def get_tensorloader(self, tensors, train, indices=slice(0, None)):
        return TensorBatches([a[indices] for a in tensors], self.batch_size,
                             shuffle=train)


class TimeMachine(FastTensorLoader, d2l.TimeMachine):
    """d2l's character-level Time Machine data module, offline.

    Same arguments as :class:`d2l.TimeMachine`: ``num_train`` and ``num_val``
    windows of ``num_steps`` characters each; the labels are the windows
    shifted by one character.
    """

    def __init__(self, batch_size, num_steps, num_train=10000, num_val=5000,
                 folder=None):
        self._folder = folder
        super().__init__(batch_size, num_steps, num_train, num_val)
        self.root = str(timemachine_path(folder).parent)

    def _download(self):
        # d2l would fetch the file over HTTP when it is absent; we never do.
        return read_time_machine(self._folder)


def text_rules():
    """d2l's text helpers (``_preprocess``, ``_tokenize``, ``build``) of
    :class:`TimeMachine`, without reading the text or cutting windows."""
    return TimeMachine.__new__(TimeMachine)


def load_corpus(folder=None, max_tokens=-1):
    """Character indices of the whole book and its :class:`d2l.Vocab`."""
    corpus, vocab = text_rules().build(read_time_machine(folder))
    if max_tokens > 0:
        corpus = corpus[:max_tokens]
    return corpus, vocab


def seq_data_iter_random(corpus, batch_size, num_steps, rng=random):
    """Random partitioning: minibatches of non-overlapping windows, shuffled.

    A random offset in ``[0, num_steps)`` is dropped first, so every epoch
    cuts the text at different places. Two neighbouring rows of a batch, and
    the same row in two consecutive batches, are not adjacent in the text.
    """
    corpus = corpus[rng.randint(0, num_steps - 1):]
    num_windows = (len(corpus) - 1) // num_steps
    starts = list(range(0, num_windows * num_steps, num_steps))
    rng.shuffle(starts)
    for i in range(0, batch_size * (num_windows // batch_size), batch_size):
        batch = starts[i:i + batch_size]
        X = [corpus[j:j + num_steps] for j in batch]
        Y = [corpus[j + 1:j + 1 + num_steps] for j in batch]
        yield np.array(X), np.array(Y)


def seq_data_iter_sequential(corpus, batch_size, num_steps, offset=None,
                             rng=random):
    """Sequential partitioning: row ``i`` of batch ``k + 1`` continues row
    ``i`` of batch ``k`` in the text, so a hidden state can be carried over.

    ``offset`` (random in ``[0, num_steps)`` when None) is the number of
    leading tokens dropped.
    """
    if offset is None:
        offset = rng.randint(0, num_steps - 1)
    num_tokens = (len(corpus) - offset - 1) // batch_size * batch_size
    Xs = np.array(corpus[offset:offset + num_tokens])
    Ys = np.array(corpus[offset + 1:offset + 1 + num_tokens])
    Xs, Ys = Xs.reshape(batch_size, -1), Ys.reshape(batch_size, -1)
    for i in range(0, Xs.shape[1] // num_steps * num_steps, num_steps):
        yield Xs[:, i:i + num_steps], Ys[:, i:i + num_steps]
