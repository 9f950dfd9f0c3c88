"""The quick-build banner (book/_ext/profile_banner.py) appears when a
page's output says profile=quick, and only then."""
import sys
from pathlib import Path

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.utils import new_document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "book"
                       / "_ext"))
import profile_banner  # noqa: E402


def page(output):
    doc = new_document("page", get_default_settings())
    section = nodes.section()
    section += nodes.title(text="A chapter")
    section += nodes.paragraph(text="Some prose.")
    section += nodes.literal_block(text=output)
    doc += section
    return doc


def banners(doc):
    return [n for n in doc.findall(nodes.admonition)
            if "quick-build" in n["classes"]]


def test_banner_on_a_quick_page_under_its_title():
    doc = page("profile=quick (set SEQ_PROFILE=full|quick), device=cpu")
    profile_banner.add_banner(None, doc)
    [banner] = banners(doc)
    section = banner.parent
    assert section.index(banner) == 1  # right after the title
    assert "smoke test" in banner.astext()
    assert "full build" in banner.astext()


def test_no_banner_on_a_full_page_or_a_page_without_output():
    for output in ("profile=full (set SEQ_PROFILE=full|quick), device=cpu",
                   "no profile printed"):
        doc = page(output)
        profile_banner.add_banner(None, doc)
        assert banners(doc) == []


class _App:
    """Records what an extension's setup asks of Sphinx."""

    def __init__(self):
        self.calls = []

    def setup_extension(self, name):
        self.calls.append(("extension", name))

    def connect(self, event, handler, **kwargs):
        self.calls.append(("connect", event))

    def add_js_file(self, filename, **kwargs):
        self.calls.append(("js", filename))


def test_the_banner_extension_loads_the_search_snippet_fix():
    """_config.yml lists profile_banner; it brings search_snippets in."""
    app = _App()
    profile_banner.setup(app)
    assert ("extension", "search_snippets") in app.calls
    assert ("connect", "doctree-read") in app.calls


def test_search_snippet_script_only_on_the_search_page():
    import search_snippets
    app = _App()
    for page in ("search", "book/lstm/lstm", "index"):
        search_snippets.add_script(app, page, "page.html", {}, None)
    assert app.calls == [("js", "search_snippets.js")]
    assert "Search.htmlToText" in search_snippets.SCRIPT
