"""Run a student's kernel in a bubblewrap sandbox.

Only the student's code is sandboxed: nbgrader itself (which restores the
test cells, reads the outputs and writes the job's gradebook) runs outside,
and talks to the kernel over Unix sockets (ZeroMQ's ``ipc`` transport) in a
folder of the job, the only folder the two share.

Inside the sandbox the kernel sees a read-only system (``/usr``, ``/etc``),
the Python installation and the course environment (read-only), the course
library and data (read-only) and a private, size-limited ``/tmp``. The
library it sees is the *student view* of its assignment
(:mod:`autograder.library_view`), bound over the real library's path: the
implementations of graded parts are stubs there (the hidden tests, in the
grader's process, keep the real library). It does not see the course's
``solutions/``, any gradebook, other students, the
results folder or anyone's home; it has no network (own network
namespace), its own process namespace (every process it starts dies with
it), and resource limits set with ``prlimit``. When the grader runs as root,
the kernel runs as an unprivileged user so that the process
limit applies (the kernel ignores ``RLIMIT_NPROC`` for root), each
kernel as a user id of its own (:func:`next_uid`).

bubblewrap is packaged by Debian, Ubuntu and Fedora (``bwrap``; see
:data:`INSTALL_HINT`) and needs user namespaces when it is not run as
root.
"""
import itertools
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

INSTALL_HINT = (
    "Grading runs every student's kernel in a bubblewrap sandbox. Install "
    "it: `sudo apt-get install bubblewrap` (Debian, Ubuntu), `sudo dnf "
    "install bubblewrap` (Fedora). bubblewrap needs Linux with user "
    "namespaces (or root). Where it cannot work (macOS, Windows, a "
    "container without user namespaces), grade with --unsandboxed only "
    "if you trust every submission.")

GIB = 2 ** 30


@dataclass
class Limits:
    """Resource limits of one student's kernel (all configurable)."""
    memory: int = 4 * GIB          # address space of each process, bytes
    processes: int = 256           # processes of the sandbox user
    file_size: int = 256 * 2 ** 20  # largest file it may write, bytes
    scratch: int = 512 * 2 ** 20   # size of its private /tmp, bytes
    output: int = 200_000          # characters kept per cell output
    cell_timeout: int = 300        # seconds per cell
    notebook_timeout: int = 1200   # seconds for the whole notebook
    threads: int = 1               # CPU threads (OpenMP, BLAS, MXNet)

    def as_dict(self):
        return asdict(self)


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create a sandbox here."""


def _bwrap():
    path = shutil.which("bwrap")
    if path is None:
        raise SandboxUnavailable(f"bwrap not found. {INSTALL_HINT}")
    return path


def check():
    """Raise :class:`SandboxUnavailable` unless a sandbox starts here."""
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(
            f"the sandbox needs Linux, this is {sys.platform}. "
            f"{INSTALL_HINT}")
    proc = subprocess.run(
        [_bwrap(), "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid",
         "--dev", "/dev", "--proc", "/proc", "true"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode:
        raise SandboxUnavailable(
            f"bwrap could not start a sandbox: {proc.stdout.strip()}. "
            f"{INSTALL_HINT}")


def _with_parents(path, flag, source=None):
    """bwrap arguments that create ``path``'s parents readable by everyone
    (bwrap makes them 0700 otherwise) and then mount it."""
    args = []
    for parent in reversed(Path(path).parents):
        if str(parent) != "/":
            args += ["--perms", "0755", "--dir", str(parent)]
    return args + [flag, str(source or path), str(path)]


def library_path():
    """The real course library's folder (found, not imported: importing
    it loads MXNet)."""
    from .library_view import library_path as path
    return path()


def readonly_paths():
    """What the kernel must read: the Python installation, the course
    environment, the course library and its data."""
    library = library_path()
    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(),
             library, library.parent / "data"}
    return sorted(str(p) for p in paths if p.exists())


def library_view(assignment=None):
    """The student view of the library for ``assignment``'s kernel (any
    notebook's, when None or unknown): built once, then cached."""
    from . import library_view as views
    return views.build(assignment)


_UIDS = itertools.count()
_UID_LOCK = threading.Lock()
FIRST_UID, UIDS = 100_000, 60_000


def next_uid():
    """An unused user id for the next kernel (when grading as root): each
    kernel runs as a user of its own, so the process limit of one job
    (``RLIMIT_NPROC`` counts a user's processes machine-wide) never
    touches another job's. Ids are unique among the jobs of one process
    and, through the process id, among the graders of one machine."""
    with _UID_LOCK:
        n = next(_UIDS)
    return FIRST_UID + (os.getpid() % 600 * 100 + n % 100) % UIDS


def kernel_argv(runtime_dir, limits, uid=None, view=None):
    """The kernel spec's argv: ipykernel inside bwrap, under prlimit, as
    the user ``uid`` when the grader runs as root. ``view`` is the
    library folder that the kernel sees at the library's path (default:
    the student view of :func:`library_view`)."""
    runtime_dir = str(Path(runtime_dir).resolve())
    library = str(library_path())
    view = Path(view or library_view()).resolve()
    args = [_bwrap(), "--die-with-parent", "--new-session",
            "--unshare-net", "--unshare-pid", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try",
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for link in ("bin", "sbin", "lib", "lib64", "lib32", "libx32"):
        target = Path("/") / link
        if target.is_symlink():
            args += ["--symlink", os.readlink(target), str(target)]
        elif target.is_dir():
            args += ["--ro-bind", str(target), str(target)]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(limits.scratch),
             "--tmpfs", "/tmp", "--perms", "0777", "--dir", "/tmp/work"]
    for path in readonly_paths():
        # the view goes over the library's own path: the package finder
        # of the environment (an editable install) still finds it there
        args += _with_parents(path, "--ro-bind",
                              view if path == library else None)
    args += _with_parents(runtime_dir, "--bind")
    env = {"HOME": "/tmp/work", "MPLCONFIGDIR": "/tmp/work/.mpl",
           "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
           "TMPDIR": "/tmp", **thread_env(limits),
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1"}
    # Nothing of the grader's environment (workspace, gradebook paths)
    # reaches the kernel.
    args += ["--clearenv"]
    for key, value in env.items():
        args += ["--setenv", key, value]
    args += ["--chdir", "/tmp/work"]
    limit = (f"prlimit --nproc={limits.processes} --as={limits.memory} "
             f"--fsize={limits.file_size} --core=0")
    uid = next_uid() if uid is None else uid
    drop = (f"setpriv --reuid={uid} --regid={uid} --clear-groups "
            "--inh-caps=-all --bounding-set=-all "
            if os.geteuid() == 0 else "")
    # The connection file is the grader's (mode 0600): open it to the
    # kernel's user, then drop privileges and start the kernel.
    script = (f'chmod 0644 "$0" && exec {drop}{limit} '
              f'{sys.executable} -m ipykernel_launcher -f "$0"')
    return args + ["/bin/sh", "-c", script, "{connection_file}"]


def unsandboxed_argv():
    return [sys.executable, "-m", "ipykernel_launcher", "-f",
            "{connection_file}"]


def thread_env(limits):
    """Thread counts of MXNet, OpenMP and BLAS for one job."""
    n = str(limits.threads)
    return {"OMP_NUM_THREADS": n, "MKL_NUM_THREADS": n,
            "OPENBLAS_NUM_THREADS": n, "MXNET_CPU_WORKER_NTHREADS": n,
            "MXNET_OMP_MAX_THREADS": n}


def job_assignment(job_dir):
    """The assignment a grading job grades: the only folder of
    ``job_dir/course/solutions`` (:func:`autograder.job.run` writes the
    instructor's notebook there), or None."""
    found = [p.name for p in (Path(job_dir) / "course" / "solutions").glob(
        "*") if p.is_dir()]
    return found[0] if len(found) == 1 else None


def write_kernel(job_dir, limits, sandboxed=True, assignment=None):
    """Write the job's kernel spec (named ``python3`` so it replaces the
    default for nbgrader) and return the environment variables that make
    nbgrader use it over Unix sockets in ``job_dir/runtime``. The
    sandboxed kernel sees the library view of ``assignment`` (default:
    :func:`job_assignment`)."""
    job_dir = Path(job_dir).resolve()
    runtime = job_dir / "runtime"
    runtime.mkdir(parents=True, exist_ok=True)
    os.chmod(runtime, 0o777)  # the kernel's user creates its sockets here
    spec_dir = job_dir / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True, exist_ok=True)
    view = library_view(assignment or job_assignment(job_dir))
    # Unsandboxed, the view comes first on the kernel's path (before the
    # environment's package finder): the same library, without a sandbox.
    path = [str(view.parent)] + [p for p in os.environ.get(
        "PYTHONPATH", "").split(os.pathsep) if p]
    env = {} if sandboxed else {**thread_env(limits),
                                "PYTHONPATH": os.pathsep.join(path)}
    argv = (kernel_argv(runtime, limits, view=view) if sandboxed
            else unsandboxed_argv())
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": argv, "display_name": "Python 3 (sandboxed)",
        "env": env,
        "language": "python", "interrupt_mode": "message"}, indent=1))
    return {"JUPYTER_PATH": str(job_dir / "jupyter"),
            "JUPYTER_RUNTIME_DIR": str(runtime),
            "SEQ_KERNEL_DIR": str(runtime)}
