"""Jupyter kernels forked from a process that has imported MXNet.

Every page of the book runs in a new kernel, and a new kernel spends
about 5.6 s importing MXNet, pandas and IPython before the page's first
line runs (measured with nbclient: a cell of imports 7.0 s, an empty cell
1.4 s). ``scripts/build_book.py`` starts one *server* that imports them
once; each kernel is then a child forked from it, a fresh process with
those modules already loaded and nothing else: no matplotlib (its backend
is chosen in the kernel, as in any kernel), no course library, no page
state. The kernelspec's command is this file's *client*: it asks the
server for a kernel with the kernel manager's connection file, working
folder and environment, passes interrupts and termination on to it, and
exits when it exits, so that Jupyter manages it like any kernel.

    python scripts/forkkernel.py server SOCKET
    python scripts/forkkernel.py client SOCKET CONNECTION_FILE
"""
import json
import os
import select
import signal
import socket
import sys
import threading
import time

PRELOAD = ("mxnet", "mxnet.gluon", "pandas", "requests",
           "ipykernel.kernelapp", "ipykernel.ipkernel")


def _child(request):
    """In the forked child: become the kernel the client asked for."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    client = request["client_pid"]

    def orphaned():  # the client was killed: the kernel goes with it
        while True:
            time.sleep(1)
            try:
                os.kill(client, 0)
            except ProcessLookupError:
                os._exit(1)
    threading.Thread(target=orphaned, daemon=True).start()
    from ipykernel.kernelapp import IPKernelApp
    IPKernelApp.launch_instance(argv=["-f", request["connection_file"]])
    os._exit(0)


def server(path):
    for name in PRELOAD:
        __import__(name)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children reap themselves
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen()
    print("ready", flush=True)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # nobody reads the pipe any more
    while True:
        conn, _ = listener.accept()
        with conn:
            request = json.loads(conn.makefile().readline())
            pid = os.fork()
            if pid == 0:
                listener.close()
                conn.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                try:
                    _child(request)
                finally:
                    os._exit(1)
            conn.sendall(f"{pid}\n".encode())


def client(path, connection_file):
    with socket.socket(socket.AF_UNIX) as conn:
        conn.connect(path)
        conn.sendall((json.dumps({
            "connection_file": os.path.abspath(connection_file),
            "cwd": os.getcwd(), "env": dict(os.environ),
            "client_pid": os.getpid()}) + "\n").encode())
        pid = int(conn.makefile().readline())

    def forward(signum, frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass
        if signum != signal.SIGINT:
            sys.exit(0)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    fd = os.pidfd_open(pid)
    while True:
        try:
            if select.select([fd], [], [])[0]:
                return 0
        except InterruptedError:
            continue


def start_server(path):
    """Start the server on ``path`` (it inherits this process's
    environment); return its process once it listens."""
    import subprocess
    proc = subprocess.Popen([sys.executable, __file__, "server", path],
                            stdout=subprocess.PIPE, text=True)
    if proc.stdout.readline().strip() != "ready":
        proc.kill()
        raise RuntimeError("the kernel fork server did not start")
    return proc


def kernelspec(folder, path):
    """Write the kernelspec ``seq-fork`` under ``folder`` (add the folder
    to ``JUPYTER_PATH``); return its name."""
    spec = os.path.join(folder, "kernels", "seq-fork")
    os.makedirs(spec, exist_ok=True)
    with open(os.path.join(spec, "kernel.json"), "w") as f:
        json.dump({"argv": [sys.executable, os.path.abspath(__file__),
                            "client", path, "{connection_file}"],
                   "display_name": "Python 3 (forked)", "language": "python",
                   "interrupt_mode": "signal"}, f)
    return "seq-fork"


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(sys.argv[2])
    else:
        sys.exit(client(sys.argv[2], sys.argv[3]))
