"""nbgrader's Execute step, split in two: the student's cells in the
student's sandboxed kernel, the test cells in the grader's process.

:class:`SplitExecute` takes the place of nbgrader's ``Execute`` in
``Autograde.autograde_preprocessors`` (``nbgrader_config.py``), so
nbgrader still restores the locked and test cells before, and reads the
test cells' outputs and writes the gradebook after, exactly as with its
own executor. What changes is where each cell runs (:mod:`autograder.plan`):

* answer cells and the locked cells that use them: the student's kernel;
* test cells: a namespace in this process, where a name that the
  student's notebook defines is a stand-in (:mod:`autograder.remote`):
  its calls travel to the student's kernel, and only data comes back;
* the other locked cells (imports, helpers): both.

A test cell's outputs are what the grader printed and, when a check
failed, an error whose message is the check's; what the student's code
printed during the grader's calls is not shown (it is kept as a short
excerpt for the instructor's report).
"""
import contextlib
import io
import json
import os
import sys
import traceback

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute

from . import plan as plans
from .agent import WireError
from .misconceptions import (
    Misconception,
    message,
    name_mistakes,
    record_calls,
)
from .remote import KernelGone, StudentError, StudentKernel


class SplitExecute(Execute):
    """Execute a notebook with its tests outside the student's kernel.

    The plan comes from the file named by the environment variable
    ``SEQ_GRADING_PLAN`` ({notebook name: plan}, made from the
    instructor's source notebooks); without it the plan is made from the
    notebook itself (a plain ``nbgrader autograde`` of trusted notebooks,
    and the course's own tests of this class)."""

    def preprocess(self, nb, resources, retries=None):
        # MXNet's default engine runs a custom autograd Function's backward
        # pass (a call into the student's kernel) on a thread of its own,
        # while this thread may be talking to the kernel: the synchronous
        # engine runs it here, in order. Set before the grader's cells
        # import MXNet (a process that imported it already keeps its
        # engine; StudentKernel's lock then keeps calls apart).
        if "mxnet" not in sys.modules:
            os.environ["MXNET_ENGINE_TYPE"] = "NaiveEngine"
        self._plan = self._load_plan(nb, resources)
        self._grader_ns = {"__name__": "__main__"}
        self._student = None
        self._counter = 0
        self._ran = []  # sources of the cells run in the student's kernel
        self._broken = None  # why the student's kernel cannot be used
        try:
            return super().preprocess(nb, resources)
        finally:
            if self._student is not None:
                self._student.close()
                self._student = None

    def _load_plan(self, nb, resources):
        path = os.environ.get("SEQ_GRADING_PLAN")
        name = (resources or {}).get("unique_key", "")
        if path:
            with open(path) as f:
                known = json.load(f)
            for key in (name, name + ".ipynb"):
                if key in known:
                    return plans.Plan.from_dict(known[key])
            if len(known) == 1:
                return plans.Plan.from_dict(next(iter(known.values())))
            raise RuntimeError(f"no grading plan for notebook {name!r}")
        return plans.make(nb)

    # ------------------------------------------------------------ cells
    def preprocess_cell(self, cell, resources, index):
        what = plans.kind(cell)
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get(
            "grade_id")
        if what == "test":
            self._run_in_grader(cell, test=True)
            return cell, self.resources
        if cell.cell_type == "code" and self._broken:
            cell.outputs = [_error("KernelGone", self._broken)]
            return cell, self.resources
        try:
            cell, resources = super().preprocess_cell(cell, resources,
                                                      index)
        except (DeadKernelError, CellTimeoutError) as stopped:
            # the student's own cell ended its kernel or did not finish:
            # that cell shows it, the others run in a new kernel with the
            # cells before
            cell.outputs = [_error(type(stopped).__name__, (
                "the kernel stopped while this cell ran"
                if isinstance(stopped, DeadKernelError) else
                f"this cell did not finish within {self.timeout} s"))]
            self._recover()
            return cell, self.resources
        if any(o.get("ename") == "CellTimeoutError"
               for o in cell.get("outputs", [])):
            # nbclient interrupted it; a new kernel makes sure that the
            # cell is not still running when the next one starts
            cell.outputs = [_error("CellTimeoutError", f"this cell did not "
                                   f"finish within {self.timeout} s")]
            self._recover()
            return cell, self.resources
        if cell.cell_type == "code":
            self._ran.append(cell.source)
        if what == "locked" and grade_id in self._plan.grader_locked:
            self._run_in_grader(cell, test=False)
        return cell, self.resources

    def _student_kernel(self):
        if self._broken:
            raise KernelGone(self._broken)
        if self._student is None:
            student = StudentKernel(self.km.get_connection_info(),
                                    timeout=self.timeout or 300,
                                    interrupt=self._interrupt,
                                    alive=self._kernel_alive)
            student.install_agent()
            self._student = student
        return self._student

    def _recover(self):
        """A new student kernel after one died or hung: restarted (in its
        sandbox, as the first) and given the cells that ran before, so the
        tests after this one grade the parts they test. When that fails,
        the rest of the notebook's tests fail with the reason (and no
        restart is tried again)."""
        from jupyter_core.utils import run_sync
        if self._broken:
            return
        if self._student is not None:
            self._student.close()
            self._student = None
        try:
            run_sync(self.km.restart_kernel)(now=True)
            run_sync(self.kc.wait_for_ready)(timeout=60)
            student = self._student_kernel()
            for source in self._ran:
                student._execute(source, expect_reply=False)
        except Exception as failed:  # noqa: BLE001 (reported per test)
            self._broken = (f"the student's kernel could not be restarted "
                            f"({type(failed).__name__}: {failed})")[:300]
            self.log.warning("%s", self._broken)

    def _kernel_alive(self):
        from jupyter_core.utils import run_sync
        return run_sync(self.km.is_alive)()

    def _interrupt(self):
        client = self._student.client
        client.control_channel.send(client.session.msg(
            "interrupt_request", {}))

    def _name_mistakes(self, entries, calls):
        """The catalogued misconceptions that behave like the student's
        answer on the test's calls (advice: never an error)."""
        try:
            with contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                return name_mistakes(entries, calls, dict(self._grader_ns))
        except Exception as failed:  # noqa: BLE001
            self.log.warning("naming a misconception failed: %s", failed)
            return []

    def _bind(self, source):
        """Bind the student's names that ``source`` reads (stand-ins for
        functions and objects, values for data); names the student's
        notebook does not define stay unbound (a NameError, as in a
        notebook where the cell did not run)."""
        wanted = sorted(plans.read(source) & self._plan.student_names)
        for name in wanted:
            self._grader_ns.pop(name, None)
        if wanted:
            self._grader_ns.update(self._student_kernel().names(wanted))

    def _run_in_grader(self, cell, test):
        """Run ``cell`` in the grader's namespace; for a test cell, its
        outputs replace the cell's."""
        out, err = io.StringIO(), io.StringIO()
        error = None
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", "cell")
        part = gid[:-len("_tests")] if gid.endswith("_tests") else None
        entries = [Misconception(**d) for d in
                   self._plan.misconceptions.get(part, ())] if test else []
        calls, originals = [], {}
        try:
            self._bind(cell.source)
            if entries:  # the stand-ins of the part's functions
                originals = record_calls(self._grader_ns, set().union(
                    *(e.defines() for e in entries)), calls)
            code = compile(cell.source, f"<{gid}>", "exec")
            with contextlib.redirect_stdout(out), \
                    contextlib.redirect_stderr(err):
                exec(code, self._grader_ns)
        except KernelGone as gone:
            error = ("KernelGone", f"the student's kernel stopped answering "
                     f"during this test: {gone}")
            self._recover()
        except StudentError as failed:
            error = (failed.kind, failed.message)
        except WireError as bad:
            error = ("NotData", f"the student's code returned {bad}")
        except Exception as failed:
            error = (type(failed).__name__, str(failed))
        if not test:
            if error:  # the instructor's locked cell failed in the grader
                self.log.warning("locked cell failed in the grader: %s: %s",
                                 *error)
            return
        self._counter += 1
        cell.execution_count = self._counter
        outputs = []
        for name, stream in (("stdout", out), ("stderr", err)):
            text = stream.getvalue()
            if text:
                outputs.append(new_output("stream", name=name, text=text))
        named = []
        if originals:
            self._grader_ns.update(originals)
            if error and error[0] != "KernelGone":
                named = self._name_mistakes(entries, calls)
        if error:
            outputs.append(_error(*error))
        if named:
            text = message(part, named)
            outputs.append(new_output("display_data", data={
                "text/markdown": text, "text/plain": text}))
            cell.metadata.setdefault("seqmodels", {})["misconceptions"] = [
                e.name for e in named]
        cell.outputs = outputs
        if self._student is not None:
            cell.metadata.setdefault("seqmodels", {})[
                "student_printed"] = "".join(self._student.printed)[:1000]
            self._student.printed.clear()


def _error(ename, evalue):
    return new_output("error", ename=ename, evalue=evalue,
                      traceback=[f"{ename}: {evalue}"])


def describe_exception():
    """The current exception as one line (for logs)."""
    return traceback.format_exc().strip().splitlines()[-1]
