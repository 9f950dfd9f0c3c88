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
def html(quick_book):
    pages = {}
    for f in toc_files():
        path = quick_book / f"{f}.html"
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


def _sources():
    return {f: (ROOT / f"{f}.md").read_text() for f in toc_files()}


def _bib_keys():
    return re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib")
                      .read_text(), re.M)


def test_works_are_cited_not_named_in_plain_text():
    """A work a page names goes through {cite}, so it is in the
    bibliography; every entry of references.bib is cited somewhere."""
    plain = re.compile(r"[A-Z][a-z]+ (?:et al\.|and [A-Z][a-z]+),? "
                       r"\(?(?:19|20)\d\d|[A-Z][a-z]+ \((?:19|20)\d\d[,)]")
    cited = set()
    for name, text in _sources().items():
        assert not plain.search(text), (name, plain.search(text).group())
        for keys in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text):
            cited.update(k.strip() for k in keys.split(","))
    keys = _bib_keys()
    assert len(keys) == len(set(keys)) >= 20
    assert cited == set(keys), (cited ^ set(keys))


def test_bibliography_page_lists_every_work(html):
    soup = html["book/references"]
    entries = soup.select("div.citation, dl.citation > dt")
    assert len(entries) == len(_bib_keys()), len(entries)
    assert "Hochreiter" in soup.get_text()
    links = html["book/lstm/lstm"].select('a[href*="references.html#"]')
    assert links, "the LSTM page does not link its citation"


def test_pages_offer_notebook_repository_and_launch(html):
    for name, soup in html.items():
        if not soup.select(".cell_input"):
            continue
        hrefs = [a.get("href", "")
                 for a in soup.select(".bd-header-article a")]
        assert any(h.endswith(f"_sources/{name}.ipynb") for h in hrefs), name
        assert any(h.startswith("https://mybinder.org/v2/gh/")
                   for h in hrefs), name
        assert any("git-pull?repo=" in h for h in hrefs), name
        assert any(h.startswith("https://github.com/") for h in hrefs), name
        notebook = build_book.html_dir(PROFILE) / "_sources" / f"{name}.ipynb"
        assert notebook.is_file(), notebook


def test_exercise_pages_link_the_student_notebook(html):
    for assignment in ASSIGNMENTS:
        soup = html[f"book/{assignment}/exercise"]
        [link] = [a for a in soup.select("a.download")
                  if a.get("href", "").endswith(f"/{assignment}.ipynb")]
        path = build_book.html_dir(PROFILE) / link["href"].replace("../", "")
        assert path.is_file(), path
        assert path.read_bytes() == (ROOT / "exercises" / assignment /
                                     f"{assignment}.ipynb").read_bytes()


def test_tables_print_whole_numbers_and_spaced_columns(html):
    """Counts print as integers (not 2908.0) and styled tables pad their
    cells (an unpadded Styler table printed 0.0537.9e-08)."""
    whole = {"parameters", "params", "epochs", "best epoch"}
    checked = 0
    for name, soup in html.items():
        for table in soup.select(".cell_output table"):
            header = [th.get_text(strip=True)
                      for th in table.select("thead tr:last-child th")]
            for row in table.select("tbody tr"):
                cells = [c.get_text(strip=True) for c in row.find_all(
                    ["th", "td"])]
                for column, text in zip(header, cells):
                    if column in whole and text not in ("", "<NA>"):
                        checked += 1
                        assert re.fullmatch(r"[\d,]+", text), (
                            name, column, text)
            if (table.get("id") or "").startswith("T_"):
                style = table.find_previous("style")
                assert style and "padding" in style.get_text(), (
                    name, "styled table without cell padding")
    assert checked >= 5, checked


# --- Numbers in prose come from the build that printed them -------------

# Pages whose prose quotes measured figures only through myst-nb's glue.
GLUED_PAGES = ["book/lstm/lstm", "book/transformer/transformer"]
GLUED = "\u27e8G\u27e9"  # stands for a glued value in the patterns below

# Phrases that must be followed (or preceded) by a glued value, not by a
# typed-in number. Each fails if the figure is written in the source.
MUST_BE_GLUED = {
    "book/lstm/lstm": [
        f"processed {GLUED} times as many tokens per second as the fused "
        "LSTM",
        f"validation perplexity is {GLUED}, {GLUED} than the RNN's {GLUED}",
        f"best validation perplexity, {GLUED}, came at epoch {GLUED}",
        f"forget gate averaged {GLUED}",
        f"input and output gates averaged {GLUED} and {GLUED}",
        f"reached a validation perplexity of {GLUED} against the RNN's "
        f"{GLUED}",
    ],
    "book/transformer/transformer": [
        f"it processed {GLUED} times as many tokens per second",
        f"the LSTM stands at {GLUED} (best {GLUED}) and the Transformer at "
        f"{GLUED} (best {GLUED})",
        f"generated {GLUED} times as many characters per second",
        f"the LSTM's pass went from {GLUED} ms to {GLUED} ms",
        f"the Transformer's from {GLUED} ms to {GLUED} ms",
        f"the Transformer was {GLUED}",
    ],
}

# Decimal numbers a glued page may write in its prose, with the reason.
ALLOWED_DECIMALS = {
    ("book/lstm/lstm", "0.9"): "a threshold the page chooses, not a result",
    ("book/transformer/transformer", "0.01"): "the learning rate, a setting",
}

_DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+")


def _prose_with_glue_marked(soup):
    """The article's paragraphs and list items, outside code cells and
    maths, with every glued value replaced by GLUED."""
    soup = BeautifulSoup(str(soup.select_one("main, article") or soup),
                         "html.parser")
    for span in soup.select("span.pasted-text"):
        span.replace_with(GLUED)
    for junk in soup.select(".cell, .math, script, style, pre, code, "
                            ".admonition.quick-build, table"):
        junk.decompose()
    # Sphinx prints apostrophes as typographic quotes
    return [" ".join(el.get_text(" ").replace("\u2019", "'").split())
            for el in soup.select("p, li")]


def test_glued_pages_quote_figures_through_glue(html):
    for name in GLUED_PAGES:
        source = (ROOT / f"{name}.md").read_text()
        roles = re.findall(r"\{glue:text\}`[^`]+`", source)
        spans = html[name].select("span.pasted-text")
        # every role rendered to a glued value (a failed one is an error
        # in the -W build, but a role written as plain text is not)
        assert len(spans) == len(roles) >= 10, (name, len(spans), len(roles))
        assert all(s.get_text(strip=True) for s in spans), name
        prose = " ".join(_prose_with_glue_marked(html[name]))
        prose = re.sub(r"\s+([,.;:)])", r"\1", prose)
        for phrase in MUST_BE_GLUED[name]:
            assert phrase in prose, (name, phrase)


def test_no_unglued_decimal_in_the_prose_of_glued_pages(html):
    for name in GLUED_PAGES:
        for text in _prose_with_glue_marked(html[name]):
            for number in _DECIMAL.findall(text):
                assert (name, number) in ALLOWED_DECIMALS, (
                    f"{name}: {number} in prose is not glued: {text[:200]}")


def test_quick_build_shows_the_smoke_test_banner_on_training_pages(html):
    printed = [n for n, s in html.items()
               if f"profile={PROFILE}" in " ".join(
                   o.get_text() for o in s.select(".cell_output"))]
    training = {n for n, s in html.items()
                if any("Trainer(" in cell.get_text()
                       for cell in s.select(".cell_input"))}
    assert training and training <= set(printed), training - set(printed)
    for name in printed:
        banners = html[name].select(".admonition.quick-build")
        assert len(banners) == 1, (name, len(banners))
        text = " ".join(banners[0].get_text(" ").split())
        assert "smoke test" in text and "full build" in text, text
        # under the page title, before any output
        assert not banners[0].find_previous(class_="cell"), name
    for name in set(html) - set(printed):
        assert not html[name].select(".admonition.quick-build"), name
