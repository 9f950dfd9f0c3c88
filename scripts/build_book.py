"""Build the HTML book with execution, warnings as errors; print where.

Each profile builds into its own folder (``_build/<profile>``) with its own
jupyter-cache, so quick outputs never stand in for full ones.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def output_dir(profile):
    return ROOT / "_build" / profile


def html_dir(profile):
    return output_dir(profile) / "_build" / "html"


def install_mathjax(profile):
    """Copy the pinned local MathJax next to the pages (no CDN needed)."""
    import jupyter_server_mathjax
    source = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(source, html_dir(profile) / "_static" / "mathjax",
                    dirs_exist_ok=True)


def model_cache_dir(profile):
    """Trained models shared by the pages of one profile's build
    (seqmodels.model_cache): a run repeated on a later page is loaded."""
    return output_dir(profile) / "model_cache"


def page_times(profile):
    """(seconds, page) of every page executed into the build's
    jupyter-cache, slowest first."""
    from jupyter_cache import get_cache
    folder = output_dir(profile) / "_build" / ".jupyter_cache"
    if not folder.is_dir():
        return []
    times = []
    for record in get_cache(folder).list_cache_records():
        seconds = (record.data or {}).get("execution_seconds")
        if seconds is not None:
            page = Path(record.uri).with_suffix("")
            if page.is_relative_to(ROOT):
                page = page.relative_to(ROOT)
            times.append((seconds, str(page)))
    return sorted(times, reverse=True)


def build(profile, extra=()):
    """Run jupyter-book; return (returncode, seconds)."""
    env = dict(os.environ, SEQ_PROFILE=profile)
    env.setdefault("SEQ_MODEL_CACHE", str(model_cache_dir(profile)))
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(ROOT), "--path-output",
           str(output_dir(profile)), "-W", "-n", "--keep-going", *extra]
    start = time.perf_counter()
    code = subprocess.call(cmd, env=env, cwd=ROOT)
    if code == 0:
        install_mathjax(profile)
    return code, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", default=os.environ.get(
        "SEQ_PROFILE", "full"), choices=["full", "quick"])
    parser.add_argument("--all", action="store_true",
                        help="rebuild every page, ignoring Sphinx's cache")
    args = parser.parse_args()
    code, seconds = build(args.profile, ["--all"] if args.all else [])
    if code:
        sys.exit(f"Book build failed (profile {args.profile}) after "
                 f"{seconds:.0f} s; see the messages above.")
    print(f"Book built in {seconds:.0f} s (profile {args.profile}): "
          f"{html_dir(args.profile) / 'index.html'}")
    times = page_times(args.profile)
    if times:
        print("Execution time of each page (seconds, as last executed):")
        for page_seconds, page in times:
            print(f"  {page_seconds:7.1f}  {page}")


if __name__ == "__main__":
    main()
