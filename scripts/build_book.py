"""Build the HTML book with execution, warnings as errors; print where.

Each profile builds into its own folder (``_build/<profile>``) with its own
jupyter-cache, so quick outputs never stand in for full ones.
"""
import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
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


# Pages whose point is a timing (seqmodels.timing): the pre-execution
# runs them alone, after the others, never beside another kernel. Every
# other page trains for a number of epochs, never against the clock, so
# its figures do not depend on its neighbour; its speed figures (tokens/s)
# are measured while another kernel uses the other core.
RUN_ALONE = ("book/transformer/parallelism",)
# The longest pages start first, and a page that repeats another page's
# run starts after it (seqmodels.model_cache: a kernel that reaches a run
# another kernel is still training waits for it and loads it).
FIRST = ("book/deep_rnn/deep_rnn", "book/gru/comparison",
         "book/rnn/rnn_scratch", "book/lstm/lstm", "book/gru/gru",
         "book/bptt/experiments", "book/attention/attention",
         "book/transformer/transformer", "book/birnn/birnn",
         "book/attention/seq2seq", "book/rnn/rnn_concise")
EXECUTION_TIMEOUT = 1200  # per cell, as execute.timeout in _config.yml


def toc_pages():
    """The pages of _toc.yml, as paths relative to the root, no suffix."""
    import yaml
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    found = [toc["root"]]

    def walk(entries):
        for entry in entries or ():
            if "file" in entry:
                found.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))
    walk(toc.get("parts"))
    return found


def _read_page(page):
    from myst_nb.core.read import read_myst_markdown_notebook
    return read_myst_markdown_notebook((ROOT / f"{page}.md").read_text())


def _execute_page(page, kernel_name=None):
    """Run one page's notebook in a kernel (a worker process)."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution
    nb = _read_page(page)
    extra = {"kernel_name": kernel_name} if kernel_name else {}
    result = single_nb_execution(
        nb, cwd=str((ROOT / page).parent), timeout=EXECUTION_TIMEOUT,
        allow_errors=False, meta_override=True, **extra)
    return nbformat.writes(nb), result.time, result.exc_string


@contextlib.contextmanager
def fork_kernels():
    """The name of a kernelspec whose kernels are forked from a process
    that has imported MXNet (``scripts/forkkernel.py``: 3-5 s less per
    page), while the block runs; None (ordinary kernels) with
    ``SEQ_FORK_KERNELS=0``, on a system without ``os.pidfd_open`` (Linux
    5.3 or later) or if the server does not start."""
    if os.environ.get("SEQ_FORK_KERNELS", "1") == "0" or not hasattr(
            os, "pidfd_open"):
        yield None
        return
    import forkkernel  # beside this file, on sys.path with it
    folder = tempfile.mkdtemp(prefix="seq-kernels-")
    path = os.path.join(folder, "server.sock")
    try:
        server = forkkernel.start_server(path)
    except (OSError, RuntimeError) as e:
        print(f"Ordinary kernels: the kernel fork server failed ({e})",
              flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        yield None
        return
    saved = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [folder] + ([saved] if saved else []))
    try:
        yield forkkernel.kernelspec(folder, path)
    finally:
        if saved is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = saved
        server.kill()
        server.wait()
        shutil.rmtree(folder, ignore_errors=True)


def pre_execute(profile, jobs):
    """Execute the pages that jupyter-cache does not hold yet, ``jobs`` at
    a time, into the cache the build reads: the build then only renders.
    A page that fails is left out, so that the build runs it again and
    reports the error in its usual way. Returns the pages executed."""
    from concurrent.futures import ProcessPoolExecutor

    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    cache = get_cache(output_dir(profile) / "_build" / ".jupyter_cache")
    todo = []
    for page in toc_pages():
        nb = _read_page(page)
        if not any(c.cell_type == "code" for c in nb.cells):
            continue
        try:
            cache.match_cache_notebook(nb)
        except KeyError:
            todo.append(page)
    if not todo:
        return []
    rank = {page: i for i, page in enumerate(FIRST)}
    together = sorted((p for p in todo if p not in RUN_ALONE),
                      key=lambda p: rank.get(p, len(rank)))
    alone = [p for p in RUN_ALONE if p in todo]
    print(f"Executing {len(todo)} pages ({len(together)} of them "
          f"{jobs} at a time, then {len(alone)} one by one)", flush=True)
    done = []

    def store(page, future):
        text, seconds, error = future.result()
        if error:
            print(f"  {page} failed; the build will run it again and "
                  "report the error", flush=True)
            return
        cache.cache_notebook_bundle(
            CacheBundleIn(nbformat.reads(text, 4), str(ROOT / f"{page}.md"),
                          data={"execution_seconds": seconds}),
            check_validity=False, overwrite=True)
        print(f"  {seconds:7.1f} s  {page}", flush=True)
        done.append(page)

    with fork_kernels() as kernel_name:
        for batch, workers in ((together, jobs), (alone, 1)):
            if not batch:
                continue
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = [(page, pool.submit(_execute_page, page,
                                              kernel_name))
                           for page in batch]
                for page, future in futures:
                    store(page, future)
    return done


def build(profile, extra=(), jobs=None):
    """Execute the pages (``jobs`` kernels at a time, default: one per
    core), then run jupyter-book; return (returncode, seconds)."""
    env = dict(os.environ, SEQ_PROFILE=profile)
    env.setdefault("SEQ_MODEL_CACHE", str(model_cache_dir(profile)))
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(ROOT), "--path-output",
           str(output_dir(profile)), "-W", "-n", "--keep-going", *extra]
    start = time.perf_counter()
    saved = dict(os.environ)
    os.environ.update(env)  # the kernels of the pre-execution see them
    try:
        pre_execute(profile, jobs or os.cpu_count() or 1)
    finally:
        os.environ.clear()
        os.environ.update(saved)
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
    parser.add_argument("--jobs", type=int, default=None,
                        help="pages executed at a time (default: one per "
                        "core)")
    args = parser.parse_args()
    code, seconds = build(args.profile, ["--all"] if args.all else [],
                          jobs=args.jobs)
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
