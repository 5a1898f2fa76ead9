"""Run the grader: ``python -m grader [TOPIC ...] [--submission DIR] [--json FILE]``."""

import os
import sys

from grader.commands.cli import main

try:
    sys.exit(main())
except BrokenPipeError:
    # The reader went away (``| head``): what is left to print has nowhere to go.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(128 + 13)  # as a shell reports a process ended by SIGPIPE
