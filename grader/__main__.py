"""Run the grader: ``python -m grader [TOPIC ...] [--submission DIR] [--json FILE]``."""

import sys

from grader.cli import main

sys.exit(main())
