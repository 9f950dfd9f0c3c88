"""The course's fast loaders yield exactly d2l's (Gluon DataLoader)
batches, in the same seeded order: a faster build changes no figure."""
import pytest
from d2l import mxnet as d2l

import seqmodels
from seqmodels import data
from seqmodels.birnn import MaskedChars
from seqmodels.dates import DateTranslation


def gluon_batches(module, train):
    """What d2l's own get_tensorloader would yield for ``module``."""
    module.get_tensorloader = lambda tensors, train, indices=slice(0, None): \
        d2l.DataModule.get_tensorloader(module, tensors, train, indices)
    try:
        return list(module.get_dataloader(train))
    finally:
        del module.get_tensorloader


@pytest.mark.parametrize("make", [
    lambda: data.TimeMachine(100, 8, 650, 230),
    lambda: MaskedChars(64, 8, num_train=300, num_val=130),
    lambda: DateTranslation(50, num_train=220, num_val=70),
], ids=["timemachine", "masked", "dates"])
@pytest.mark.parametrize("train", [True, False], ids=["train", "val"])
def test_same_batches_as_gluon_dataloader(make, train):
    module = make()
    seqmodels.set_seed(7)
    expected = gluon_batches(module, train)
    seqmodels.set_seed(7)
    loader = module.get_dataloader(train)
    got = list(loader)
    assert len(loader) == len(got) == len(expected) > 1
    assert got[-1][0].shape[0] < got[0][0].shape[0]  # short last batch kept
    for ours, theirs in zip(got, expected):
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            assert a.dtype == b.dtype and a.shape == b.shape
            assert (a == b).all()


def test_each_pass_draws_a_new_order():
    tm = data.TimeMachine(50, 8, 200, 50)
    seqmodels.set_seed(3)
    first = [X[0, 0].item() for X, _ in tm.train_dataloader()]
    second = [X[0, 0].item() for X, _ in tm.train_dataloader()]
    assert first != second
