"""Run the grader: ``python -m grader [TOPIC ...] [--submission DIR] [--json FILE]``."""

import sys

from grader.commands.cli import main

sys.exit(main())
