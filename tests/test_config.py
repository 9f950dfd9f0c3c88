"""Profiles, seeds and the device choice."""
import pytest
from mxnet import np

import seqmodels
from seqmodels import config


def test_profile_defaults_to_full(monkeypatch):
    monkeypatch.delenv("SEQ_PROFILE", raising=False)
    assert seqmodels.profile().name == "full"


def test_quick_profile_is_smaller(monkeypatch):
    monkeypatch.setenv("SEQ_PROFILE", "quick")
    quick, full = seqmodels.profile(), config.PROFILES["full"]
    assert quick.name == "quick"
    assert quick.num_train < full.num_train
    assert quick.max_epochs < full.max_epochs


def test_unknown_profile_names_the_choices(monkeypatch):
    monkeypatch.setenv("SEQ_PROFILE", "fast")
    with pytest.raises(ValueError, match=r"\['full', 'quick'\]"):
        seqmodels.profile()


def test_cpu_is_chosen_and_announced_without_gpu(capsys, monkeypatch):
    monkeypatch.setattr(config, "num_gpus", lambda: 0)
    device = seqmodels.try_device()
    assert device.device_type == "cpu"
    assert "cpu" in capsys.readouterr().out


def test_gpu_is_chosen_when_mxnet_sees_one(monkeypatch, capsys):
    monkeypatch.setattr(config, "num_gpus", lambda: 1)
    device = seqmodels.try_device()
    assert device.device_type == "gpu"
    assert "gpu(0)" in capsys.readouterr().out


def test_seed_makes_draws_repeatable():
    seqmodels.set_seed(3)
    a = np.random.normal(size=5)
    seqmodels.set_seed(3)
    assert (np.random.normal(size=5) == a).all()


def test_describe_run_names_profile_and_device(monkeypatch):
    monkeypatch.setenv("SEQ_PROFILE", "quick")
    line = seqmodels.describe_run()
    assert "profile=quick" in line and "device=cpu(0)" in line
