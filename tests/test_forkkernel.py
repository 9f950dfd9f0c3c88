"""Kernels forked from a process that has imported MXNet
(``scripts/forkkernel.py``, used by the book build) behave like ordinary
kernels: the page's working folder and environment, figures drawn by the
inline backend, the same printed numbers; and a kernel whose client is
killed does not outlive it."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from jupyter_client.connect import write_connection_file
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import build_book  # noqa: E402

CELLS = [
    "import os\nfrom d2l import mxnet as d2l\nimport seqmodels\n"
    "print(os.getcwd(), os.environ.get('SEQ_PROBE'))",
    "seqmodels.set_seed()\nfrom mxnet import np\n"
    "print(float(np.random.uniform(size=3).sum()))",
    "d2l.plot(list(range(5)), [list(range(5))])",
    "import matplotlib\nprint(matplotlib.get_backend())",
]


def new_servers(before):
    """Fork servers this process started that are not in ``before``."""
    return [p for p in psutil.Process().children() if p.pid not in before
            and any("forkkernel" in a for a in p.cmdline())]


@pytest.fixture(scope="module")
def fork_spec():
    """(kernelspec name, server process) of the book build's own set-up."""
    before = {p.pid for p in psutil.Process().children()}
    with build_book.fork_kernels() as name:
        [server] = new_servers(before)
        yield name, server


def outputs(kernel_name, cwd, monkeypatch):
    monkeypatch.setenv("SEQ_PROBE", f"probe-{kernel_name}")
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    NotebookClient(nb, kernel_name=kernel_name, timeout=120,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    cells = []
    for c in nb.cells:
        # a print may arrive in one stream message or several (how the
        # kernel flushes is a matter of timing): consecutive stream
        # texts are joined
        got = []
        for o in c.outputs:
            if o.get("output_type") == "stream" and got and \
                    isinstance(got[-1], str):
                got[-1] += o["text"]
            else:
                got.append(o.get("text") or sorted(o.get("data", {})))
        cells.append(got)
    return cells


def test_a_forked_kernel_runs_a_page_as_an_ordinary_one(fork_spec, tmp_path,
                                                         monkeypatch):
    fork_spec, _ = fork_spec
    forked = outputs(fork_spec, tmp_path, monkeypatch)
    ordinary = outputs("python3", tmp_path, monkeypatch)
    assert forked[0] == [f"{tmp_path} probe-{fork_spec}\n"]
    assert ordinary[0] == [f"{tmp_path} probe-python3\n"]
    assert forked[1:] == ordinary[1:]
    assert "image/svg+xml" in forked[2][0]
    assert forked[3] == ["module://matplotlib_inline.backend_inline\n"]


def test_a_kernel_dies_with_its_client(fork_spec, tmp_path):
    """The kernel manager may kill the client (its kernel process) with
    SIGKILL; the forked kernel then ends by itself."""
    name, server = fork_spec
    folder = os.environ["JUPYTER_PATH"].split(os.pathsep)[0]
    spec = Path(folder) / "kernels" / name
    argv = json.loads((spec / "kernel.json").read_text())["argv"]
    connection = tmp_path / "kernel.json"
    write_connection_file(str(connection))
    client = subprocess.Popen(
        [a.replace("{connection_file}", str(connection)) for a in argv])
    deadline = time.monotonic() + 120
    while not server.children() and time.monotonic() < deadline:
        time.sleep(0.1)
    kernels = server.children()
    assert len(kernels) == 1, "no forked kernel appeared"
    client.send_signal(signal.SIGKILL)
    client.wait()
    _, alive = psutil.wait_procs(kernels, timeout=60)
    assert alive == []


def test_the_build_starts_and_stops_the_server(monkeypatch, tmp_path):
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    before = {p.pid for p in psutil.Process().children()}
    with build_book.fork_kernels() as name:
        folder = Path(os.environ["JUPYTER_PATH"].split(os.pathsep)[0])
        assert (folder / "kernels" / name / "kernel.json").is_file()
        servers = new_servers(before)
        assert len(servers) == 1
    assert os.environ["JUPYTER_PATH"] == str(tmp_path)
    assert not servers[0].is_running() and not folder.exists()
    monkeypatch.setenv("SEQ_FORK_KERNELS", "0")
    with build_book.fork_kernels() as name:
        assert name is None
