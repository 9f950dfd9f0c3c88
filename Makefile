# Sequence Models with MXNet: every command a user or CI runs.
#   make book   build the HTML book (SEQ_PROFILE=full by default)
#   make test   run the whole test suite (unit, notebooks, autograde, book)
#   make test-fast  the quick tier for authors (no kernels, grader, book)
# Both create .venv with the pinned packages first if it is missing.

PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SEQ_PROFILE ?= full
# pytest-xdist workers of `make test` (tests/conftest.py keeps the tests
# that share an expensive fixture in one worker); TEST_WORKERS=0 runs the
# suite in one process.
TEST_WORKERS ?= 2
export SEQ_PROFILE

.PHONY: install book test test-fast check-exercise lint grade release student-release lock clean

$(STAMP): requirements.lock pyproject.toml
	@sh scripts/check_python.sh "$(PYTHON)"
	@if [ -x "$(PY)" ] && ! sh scripts/check_python.sh "$(PY)" 2>/dev/null; \
	then echo "Removing $(VENV): it was made with an unsupported Python."; \
	rm -rf "$(VENV)"; fi
	@[ -x "$(PY)" ] || "$(PYTHON)" -m venv "$(VENV)"
	$(PY) -m pip install --quiet --disable-pip-version-check \
		-r requirements.lock
	@# rfc3987-syntax (with lark) is an optional extra of jsonschema that
	@# jupyter-events asks for; it compiles 38 grammars whenever nbformat
	@# is imported: 2.7 s for every grader, nbgrader or fork-server
	@# process. Nothing here uses it, pip check passes without it.
	$(PY) -m pip uninstall --quiet -y rfc3987-syntax lark
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps \
		--no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP)

book: $(STAMP)
	$(PY) scripts/build_book.py --profile $(SEQ_PROFILE)

test: $(STAMP)
	@command -v bwrap >/dev/null || { echo "The grading tests need bubblewrap (bwrap): sudo apt-get install bubblewrap (Debian, Ubuntu) or sudo dnf install bubblewrap (Fedora)."; exit 2; }
	$(PY) -m pytest -n $(TEST_WORKERS) --durations=25 $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow" $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check seqmodels autograder authoring assignments tests scripts

# make grade SUBMISSIONS=path/to/folder-or.zip ASSIGNMENT=rnn [WORKERS=2]
grade: $(STAMP)
	@[ -n "$(ASSIGNMENT)" ] || { echo "Set ASSIGNMENT=<name of a folder of solutions/>"; exit 2; }
	$(PY) -m autograder grade "$(SUBMISSIONS)" --assignment $(ASSIGNMENT) \
		$(if $(WORKERS),--workers $(WORKERS))

# Regenerate solutions/<a> from its source assignments/<a>/source.py, then
# exercises/ from solutions/ (instructors, after editing the source).
release: $(STAMP)
	@[ -n "$(ASSIGNMENT)" ] || { echo "Set ASSIGNMENT=<name of a folder of solutions/>"; exit 2; }
	$(PY) -m authoring.nbsource $(ASSIGNMENT)
	$(PY) -m autograder release --assignment $(ASSIGNMENT)

# After editing assignments/<a>/source.py: regenerate, then show the
# solution, the blank, every wrong fixture, every catalogued misconception
# and every mutant (of PART only, if set) against the tests, in-process.
check-exercise: $(STAMP)
	@[ -n "$(ASSIGNMENT)" ] || { echo "Set ASSIGNMENT=<name of a folder of solutions/>"; exit 2; }
	$(PY) -m authoring.nbsource $(ASSIGNMENT)
	$(PY) -m autograder release --assignment $(ASSIGNMENT)
	$(PY) -m authoring.catalogue $(ASSIGNMENT) $(if $(PART),--part $(PART))
	$(PY) -m authoring.mutants $(ASSIGNMENT) --fixtures $(if $(PART),--part $(PART)) --report tests/MUTANTS.md

# What students receive: exercises, library, data, set-up (no solutions,
# hidden tests, fixtures, authoring scripts or grader).
student-release: $(STAMP)
	$(PY) scripts/student_release.py

lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf _build autograder/workspace
