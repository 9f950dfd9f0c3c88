#!/bin/sh
# Stop at once, with the fix, unless $1 is a Python that MXNet 1.9.1 serves.
PY="$1"
FIX="Install Python 3.11 (for example 'pyenv install 3.11' or 'apt-get \
install python3.11-venv') and run 'make PYTHON=/path/to/python3.11 ...'."
if ! "$PY" -c "pass" >/dev/null 2>&1; then
  echo "error: '$PY' does not run. The course needs Python 3.11: MXNet" >&2
  echo "1.9.1 has no wheels for newer Pythons. $FIX" >&2
  exit 1
fi
if ! "$PY" -c "import sys; sys.exit(not (3, 8) <= sys.version_info[:2] <= (3, 11))"; then
  echo "error: '$PY' is Python $("$PY" -c 'import platform; print(platform.python_version())'), but MXNet 1.9.1" >&2
  echo "needs Python 3.8 to 3.11 (the course pins and tests 3.11). $FIX" >&2
  exit 1
fi
