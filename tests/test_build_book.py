"""scripts/build_book.py's page list and execution plan (no build here:
tests/test_book.py builds the quick book through the same code)."""
import sys

from conftest import ROOT

import seqmodels

sys.path.insert(0, str(ROOT / "scripts"))
import build_book  # noqa: E402


def test_toc_pages_are_the_books_pages():
    pages = build_book.toc_pages()
    assert pages[0] == "book/index" and len(pages) == len(set(pages))
    on_disk = {p.relative_to(ROOT).with_suffix("").as_posix()
               for p in (ROOT / "book").rglob("*.md")}
    assert set(pages) == on_disk


def test_the_execution_plan_names_real_pages_that_run_code():
    pages = set(build_book.toc_pages())
    for page in build_book.RUN_ALONE + build_book.FIRST:
        assert page in pages, page
        nb = build_book._read_page(page)
        assert any(c.cell_type == "code" for c in nb.cells), page
    assert not set(build_book.RUN_ALONE) & set(build_book.FIRST)


def test_pages_with_wall_clock_figures_run_alone():
    """A page that times something must not share the CPU with another
    kernel while it runs. No page trains against the clock, so every
    other page may share the CPU: only the timing page runs alone."""
    for page in build_book.toc_pages():
        text = (ROOT / f"{page}.md").read_text()
        if "seqmodels.timing import" in text:
            assert page in build_book.RUN_ALONE, page
        assert "max_seconds=" not in text, page
    for name in seqmodels.config.PROFILES:
        assert seqmodels.profile(name).seq2seq.max_seconds is None
    assert build_book.RUN_ALONE == ("book/transformer/parallelism",)
