"""Mistake: clean builds a list, so the pipeline reads all its input before the first total."""

FAILS = {7}
BREAKS = "clean-one-line-at-a-time"


def clean(lines):
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]
