"""The grader's records: what a grading job is given, what it returns,
and the row a submission gets in ``grades.csv``.

A :class:`JobSpec` travels to wherever the job runs (a thread here, a
Dask worker elsewhere: it is plain data, picklable); a
:class:`JobResult` comes back and is cached as JSON
(:meth:`JobResult.as_dict`, :meth:`JobResult.from_dict`); a :class:`Row`
is made for every entry of the cohort and filled from its result.
"""
import dataclasses
from dataclasses import dataclass, field


@dataclass
class JobSpec:
    """Everything one grading job needs, as data.

    ``notebooks``: {release name: notebook text}; ``template``: a
    gradebook holding only the assignment (base64); ``files``: {name:
    base64} of the assignment's data files beside its notebooks;
    ``plan``: {notebook name: grading plan} (:mod:`autograder.plan`);
    ``limits``: :class:`autograder.sandbox.Limits` fields; ``jobs_dir``:
    where to make the job's folder (None: the system's temporary one).
    """
    assignment: str
    student: str
    notebooks: dict
    template: str
    files: dict
    plan: dict
    limits: dict
    sandboxed: bool = True
    jobs_dir: str | None = None

    def cache_fields(self):
        """What decides whether a cached result still holds (besides the
        assignment's version)."""
        return {"notebooks": self.notebooks, "limits": self.limits,
                "sandboxed": self.sandboxed, "student": self.student}


@dataclass
class JobResult:
    """What a grading job returns. ``parts``: {grade_id: [score, max]};
    ``messages``: {grade_id: the failure message}; ``seconds``: {step:
    seconds}; ``feedback``: the feedback page (HTML); ``log``: the end of
    nbgrader's log when grading failed."""
    student: str = ""
    status: str = "not graded"
    parts: dict = field(default_factory=dict)
    messages: dict = field(default_factory=dict)
    misconceptions: dict = field(default_factory=dict)
    feedback: str = ""
    problems: list = field(default_factory=list)
    seconds: dict = field(default_factory=dict)
    log: str = ""

    def as_dict(self):
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data):
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Row:
    """A cohort entry's row: ``status`` is ``graded`` or ``not graded``
    (with the reason in ``problems``); ``parts``: {grade_id: (score,
    max)}; ``flags``: code that reaches beyond its answers (advice, no
    effect on scores); ``rule_breaks``: {test grade_id: why} for answers
    that break the assignment's rule (those parts score 0)."""
    student: str
    name: str = ""
    status: str = "not graded"
    problems: list = field(default_factory=list)
    parts: dict = field(default_factory=dict)
    messages: dict = field(default_factory=dict)
    misconceptions: dict = field(default_factory=dict)
    flags: list = field(default_factory=list)
    rule_breaks: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    score: float | None = None
    max_score: float | None = None

    def take(self, result):
        """Fill the row from its job's :class:`JobResult`."""
        self.problems += result.problems
        self.seconds = result.seconds
        if result.status == "graded":
            self.status = "graded"
            self.messages = result.messages
            self.misconceptions = result.misconceptions
            self.parts = {k: tuple(v) for k, v in result.parts.items()}

    def total(self):
        if self.parts:
            self.score = sum(s for s, _ in self.parts.values())
            self.max_score = sum(m for _, m in self.parts.values())
