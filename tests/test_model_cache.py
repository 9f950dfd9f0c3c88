"""The book's model cache: a repeated run is loaded, equal to training it
again; anything that changes the result changes the key."""
import fcntl
import os
import shutil
import subprocess
import sys
import time

import pytest
from mxnet import np

import seqmodels
from seqmodels import data
from seqmodels.gated import GluonLSTM
from seqmodels.model_cache import CACHE_VARIABLE
from seqmodels.rnn import RNNLM, GluonRNN, RNNLMScratch, RNNScratch
from seqmodels.train import LMTrainer, model_params


@pytest.fixture(scope="module")
def tm():
    return data.TimeMachine(64, 8, 256, 128)


def run(tm, make, seed=1, epochs=2, **trainer):
    seqmodels.set_seed(seed)
    model = make(len(tm.vocab))
    history = LMTrainer(epochs, gradient_clip_val=1, verbose=False,
                        **trainer).fit(model, tm)
    return model, history


def gluon_rnn(lr=1):
    return lambda V: RNNLM(GluonRNN(16), V, lr=lr)


def weights(model):
    return [p.asnumpy() for p in model_params(model)]


def same(a, b):
    return all((x == y).all() for x, y in zip(weights(a), weights(b)))


def test_a_repeated_run_is_loaded_and_equals_training(tm, tmp_path,
                                                      monkeypatch):
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    plain, plain_h = run(tm, gluon_rnn())
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    first, first_h = run(tm, gluon_rnn())
    assert len(list(tmp_path.glob("*.pkl"))) == 1
    # caching (which initialises the weights before the first step) does
    # not change what is learnt
    assert first_h.val_ppl == plain_h.val_ppl and same(first, plain)
    second, second_h = run(tm, gluon_rnn())
    assert len(list(tmp_path.glob("*.pkl"))) == 1
    assert second_h.val_ppl == plain_h.val_ppl
    assert second_h.epoch_seconds == first_h.epoch_seconds  # replayed
    assert same(second, plain)
    X = np.array([[1, 2, 3]])
    assert (second(X) == plain(X)).all()


def test_scratch_models_are_cached_too(tm, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))

    def make(V):
        return RNNLMScratch(RNNScratch(V, 16), V, lr=1)
    first, first_h = run(tm, make)
    second, second_h = run(tm, make)
    assert len(list(tmp_path.glob("*.pkl"))) == 1
    assert second_h.epoch_seconds == first_h.epoch_seconds
    assert same(first, second)


@pytest.mark.parametrize("change", [
    dict(make=gluon_rnn(lr=2)), dict(seed=2), dict(epochs=3),
    dict(trainer=dict(max_tokens=1000)),
    dict(make=lambda V: RNNLM(GluonLSTM(16), V, lr=1))])
def test_whatever_changes_the_result_changes_the_key(tm, tmp_path,
                                                     monkeypatch, change):
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    run(tm, gluon_rnn())
    _, history = run(tm, change.get("make", gluon_rnn()),
                     seed=change.get("seed", 1),
                     epochs=change.get("epochs", 2),
                     **change.get("trainer", {}))
    assert len(list(tmp_path.glob("*.pkl"))) == 2
    assert history.epoch_seconds  # trained, not loaded


def test_other_data_changes_the_key(tm, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    run(tm, gluon_rnn())
    seqmodels.set_seed(1)
    other = data.TimeMachine(64, 8, 256, 100)
    run(other, gluon_rnn())
    assert len(list(tmp_path.glob("*.pkl"))) == 2


def test_dropout_and_time_budgets_are_never_cached(tm, tmp_path,
                                                   monkeypatch):
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    for rate in (0, 0.2):
        run(tm, lambda V: RNNLM(GluonLSTM(16, num_layers=2, dropout=rate),
                                V, lr=1))
    run(tm, gluon_rnn(), max_seconds=60)
    assert len(list(tmp_path.glob("*.pkl"))) == 1  # only the one at rate 0


def test_without_the_variable_nothing_is_written(tm, tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    run(tm, gluon_rnn())
    assert not list(tmp_path.iterdir())


# A run in a separate process, as a second kernel of the book's build.
KERNEL = """
import seqmodels
from seqmodels import data
from seqmodels.rnn import RNNLM, GluonRNN
from seqmodels.train import LMTrainer
tm = data.TimeMachine(64, 8, 256, 128)
seqmodels.set_seed(1)
model = RNNLM(GluonRNN(16), len(tm.vocab), lr=1)
history = LMTrainer(2, gradient_clip_val=1).fit(model, tm)
print("VAL", history.val_ppl, flush=True)
"""


def test_a_kernel_waits_for_the_run_another_kernel_is_training(
        tm, tmp_path, monkeypatch):
    """Two kernels of the build reach the same run: the second waits on
    the run's lock and then loads it, it does not train it again. Here
    the test process plays the first kernel, so that the second
    certainly arrives while the run is held."""
    trained = tmp_path / "trained"
    monkeypatch.setenv(CACHE_VARIABLE, str(trained))
    _, history = run(tm, gluon_rnn())
    (stored,) = trained.glob("*.pkl")
    shared = tmp_path / "shared"
    shared.mkdir()
    lock = open(shared / f"{stored.stem}.lock", "a")
    fcntl.flock(lock, fcntl.LOCK_EX)  # "training" the run
    kernel = subprocess.Popen(
        [sys.executable, "-c", KERNEL], stdout=subprocess.PIPE, text=True,
        env=dict(os.environ, **{CACHE_VARIABLE: str(shared)}))
    try:
        lines = []
        for line in kernel.stdout:  # blocks until the kernel says it waits
            lines.append(line)
            if "waiting for it" in line:
                break
        assert "waiting for it" in lines[-1], lines
        time.sleep(1)
        assert kernel.poll() is None  # still waiting, not training
        shutil.copy(stored, shared / stored.name)  # the run is stored ...
        fcntl.flock(lock, fcntl.LOCK_UN)  # ... and released
        out = kernel.communicate(timeout=120)[0]
    finally:
        kernel.kill()
        lock.close()
    assert kernel.returncode == 0, out
    assert "loaded from the model cache" in out
    assert f"VAL {history.val_ppl}" in out
    assert sorted(p.name for p in shared.glob("*.pkl")) == [stored.name]
