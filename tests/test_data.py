"""The shipped text, its hash check, and the two partitioning schemes."""
import random
import shutil

import pytest
import requests
from d2l import mxnet as d2l

from seqmodels import data
from seqmodels.data import (
    TIMEMACHINE_SHA1,
    DataFileError,
    TimeMachine,
    seq_data_iter_random,
    seq_data_iter_sequential,
)


def test_shipped_file_has_the_expected_hash(root):
    assert data.sha1_of(root / "data" / "timemachine.txt") == (
        TIMEMACHINE_SHA1)
    assert data.timemachine_path().stat().st_size == 178979


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DataFileError) as err:
        data.read_time_machine(tmp_path)
    message = str(err.value)
    assert str(tmp_path / "timemachine.txt") in message
    assert TIMEMACHINE_SHA1 in message


def test_altered_file_is_a_clear_error(tmp_path, root):
    shutil.copy(root / "data" / "timemachine.txt", tmp_path)
    with open(tmp_path / "timemachine.txt", "a") as f:
        f.write("tampered")
    with pytest.raises(DataFileError, match="altered") as err:
        TimeMachine(4, 5, folder=tmp_path)
    assert TIMEMACHINE_SHA1 in str(err.value)


def test_data_dir_variable_is_honoured(tmp_path, monkeypatch):
    monkeypatch.setenv("SEQ_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFileError, match=str(tmp_path)):
        data.read_time_machine()


def test_time_machine_never_downloads(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("attempted a download")
    monkeypatch.setattr(d2l, "download", no_network)
    monkeypatch.setattr(requests, "get", no_network)
    tm = TimeMachine(batch_size=8, num_steps=10, num_train=64, num_val=32)
    assert len(tm.vocab) == 28
    X, Y = next(iter(tm.train_dataloader()))
    assert X.shape == (8, 10)
    assert (X[:, 1:] == Y[:, :-1]).all()


def test_sequential_rows_continue_across_batches():
    corpus = list(range(100))
    batches = list(seq_data_iter_sequential(corpus, 3, 5, offset=2))
    assert len(batches) == (100 - 2 - 1) // 3 // 5
    for (X0, _), (X1, _) in zip(batches, batches[1:]):
        assert (X1[:, 0] == X0[:, -1] + 1).all()
    for X, Y in batches:
        assert (Y == X + 1).all()
    assert int(batches[0][0][0, 0]) == 2


def test_random_partition_windows_are_disjoint_and_shifted():
    corpus = list(range(200))
    starts = []
    for X, Y in seq_data_iter_random(corpus, 4, 6, rng=random.Random(0)):
        assert X.shape == (4, 6) and (Y == X + 1).all()
        starts += [int(s) for s in X[:, 0]]
        assert (X[:, 1:] - X[:, :-1] == 1).all()
    assert len(set(starts)) == len(starts)
    assert len({s % 6 for s in starts}) == 1  # one offset per epoch
