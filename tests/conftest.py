"""Shared fixtures: the repository root and a small Time Machine corpus."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def corpus_and_vocab():
    from seqmodels.data import load_corpus
    return load_corpus()
