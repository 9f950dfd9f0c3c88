"""``python -m autograder.guarded MODULE ARGS...``: run ``python -m MODULE
ARGS...`` in a process that the kernel kills (SIGKILL) as soon as the
thread of the grader that started it dies: the grader killed with -9, a
Dask worker lost. Its children (the sandbox, and the kernel inside it,
started with ``--die-with-parent``) go with it, so a killed grader leaves
no job running. On systems without ``prctl`` the time limits still hold.
"""
import ctypes
import os
import runpy
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent():
    """Ask Linux to SIGKILL this process when its parent dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG,
                                                signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def main():
    module, args = sys.argv[1], sys.argv[2:]
    die_with_parent()
    parent = os.environ.get("SEQ_GRADER_PID")
    if parent and os.getppid() != int(parent):  # died before prctl
        sys.exit(137)
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
