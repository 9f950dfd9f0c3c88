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


@pytest.fixture(scope="session")
def quick_book():
    """Build the book once per session in the quick profile (executed,
    warnings as errors); return its HTML folder. ``tests/test_book.py``
    reads the files, ``tests/test_browser.py`` opens them in Chromium."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_book
    code, seconds = build_book.build("quick")
    assert code == 0, "jupyter-book build failed (warnings are errors)"
    print(f"quick book build: {seconds:.0f} s")
    return build_book.html_dir("quick")
