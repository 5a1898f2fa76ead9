#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image: it installs a
# Python 3.11 or newer and the grader's pinned requirements into /autograder/venv.
set -euo pipefail
cd /autograder/source

apt-get update
apt-get install -y python3 python3-venv python3-pip
python=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    # Older base images ship an older Python: take 3.12 from the deadsnakes archive.
    apt-get install -y software-properties-common
    add-apt-repository -y ppa:deadsnakes/ppa
    apt-get update
    apt-get install -y python3.12 python3.12-venv
    python=python3.12
fi
"$python" -m venv /autograder/venv
/autograder/venv/bin/python -m pip install --upgrade pip
/autograder/venv/bin/python -m pip install -r requirements.txt
