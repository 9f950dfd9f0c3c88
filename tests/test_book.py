"""The book builds in the quick profile, executed, with no warning, and
shows no solution or hidden test."""
import re
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from notebooks import ASSIGNMENTS, ROOT, notebooks_of, secret_lines

sys.path.insert(0, str(ROOT / "scripts"))
import build_book  # noqa: E402

PROFILE = "quick"


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for e in entries:
            files.append(e["file"])
            walk(e.get("sections", []))
    for part in toc["parts"]:
        walk(part["chapters"])
    return files


@pytest.fixture(scope="module")
def html():
    code, seconds = build_book.build(PROFILE)
    assert code == 0, "jupyter-book build failed (warnings are errors)"
    print(f"quick book build: {seconds:.0f} s")
    pages = {}
    for f in toc_files():
        path = build_book.html_dir(PROFILE) / f"{f}.html"
        assert path.is_file(), f"{f} was not built"
        pages[f] = BeautifulSoup(path.read_text(), "html.parser")
    return pages


def test_every_page_is_built_without_errors(html):
    for name, soup in html.items():
        text = soup.get_text()
        assert "Traceback (most recent call last)" not in text, name
        assert not soup.select(".output.traceback"), name


def test_pages_that_train_state_profile_and_device(html):
    training = [n for n, s in html.items()
                if any("Trainer(" in cell.get_text()
                       for cell in s.select(".cell_input"))]
    assert training, "no page trains a model"
    for name in training:
        text = html[name].get_text()
        assert f"profile={PROFILE}" in text, name
        assert "device=cpu" in text or "device=gpu" in text, name


def test_pages_have_executed_outputs_and_figures(html):
    code_pages = [s for s in html.values() if s.select(".cell_input")]
    assert code_pages
    for soup in code_pages:
        assert soup.select(".cell_output"), "a code page has no outputs"
    figures = sum(len(s.select(".cell_output img")) for s in html.values())
    assert figures >= 4


def test_no_solution_or_hidden_test_in_the_html(html):
    everything = " ".join(" ".join(s.get_text().split())
                          for s in html.values())
    for path in build_book.html_dir(PROFILE).rglob("*"):
        assert not re.search(r"solutions?/.*\.ipynb$", str(path.relative_to(
            build_book.html_dir(PROFILE)))), f"solution copied: {path}"
    for assignment in ASSIGNMENTS:
        for notebook in notebooks_of(assignment):
            leaked = [s for s in secret_lines(assignment, notebook)
                      if s in everything]
            assert not leaked, f"solution lines in the book: {leaked}"
    assert "BEGIN HIDDEN TESTS" not in everything
    assert "BEGIN SOLUTION" not in everything


def test_output_path_is_per_profile():
    assert build_book.output_dir("quick") != build_book.output_dir("full")
    assert Path(build_book.html_dir("full")).parts[-1] == "html"


def test_math_renders_offline(html):
    """MathJax is served from the build, not from a CDN."""
    for name, soup in html.items():
        for script in soup.find_all("script", src=True):
            assert not script["src"].startswith(("http:", "https:", "//")), (
                f"{name} loads {script['src']} from the network")
    mathjax = build_book.html_dir(PROFILE) / "_static" / "mathjax"
    assert (mathjax / "MathJax.js").is_file()
    assert (mathjax / "config" / "TeX-AMS-MML_HTMLorMML-full.js").is_file()
