#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image: it installs
# Python 3.13 (task 09.5 needs it: every task is graded) and the grader's pinned requirements
# into /autograder/venv, whatever Python the base image ships.
set -euo pipefail
cd /autograder/source

apt-get update
# bubblewrap: every submission runs confined (python -m grader.commands.gradescope run).
apt-get install -y python3 python3-venv python3-pip ca-certificates bubblewrap
# uv fetches a standalone CPython 3.13 from its own builds; deadsnakes is the fallback.
python3 -m venv /autograder/uv
/autograder/uv/bin/python -m pip install --quiet uv==0.13.9
if /autograder/uv/bin/uv python install 3.13; then
    /autograder/uv/bin/uv venv --python 3.13 /autograder/venv
    /autograder/uv/bin/uv pip install --python /autograder/venv/bin/python -r requirements.txt
else
    apt-get install -y software-properties-common
    add-apt-repository -y ppa:deadsnakes/ppa
    apt-get update
    apt-get install -y python3.13 python3.13-venv
    python3.13 -m venv /autograder/venv
    /autograder/venv/bin/python -m pip install -r requirements.txt
fi
/autograder/venv/bin/python -c 'import sys; assert sys.version_info >= (3, 13), sys.version'
