"""Execute one book page (a MyST markdown notebook) outside the book
build, and print each code cell's time and any error.

    SEQ_PROFILE=quick .venv/bin/python scripts/run_page.py book/x/y.md \
        [--save out.ipynb]

Authors use it to check a page quickly; ``make book`` remains the real
build (it executes every page through jupyter-cache).
"""
import argparse
import sys
import time
from pathlib import Path

import nbformat
from myst_nb.core.read import read_myst_markdown_notebook
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--save", type=Path, help="write the executed "
                        "notebook here")
    parser.add_argument("--timeout", type=int, default=1200)
    args = parser.parse_args(argv)
    nb = read_myst_markdown_notebook(args.page.read_text())
    client = NotebookClient(nb, timeout=args.timeout,
                            resources={"metadata": {"path": str(ROOT)}})
    start, status = time.perf_counter(), 0
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t = time.perf_counter()
            try:
                client.execute_cell(cell, index)
            except Exception as error:  # report and stop, like the build
                print(f"cell {index}: FAILED\n{error}", file=sys.stderr)
                status = 1
                break
            first = cell.source.splitlines()[0] if cell.source else ""
            print(f"cell {index:3d} {time.perf_counter() - t:7.1f} s  "
                  f"{first[:60]}")
    print(f"total {time.perf_counter() - start:.1f} s")
    if args.save:
        nbformat.write(nb, str(args.save))
    return status


if __name__ == "__main__":
    sys.exit(main())
