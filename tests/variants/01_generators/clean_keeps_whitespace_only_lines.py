"""Mistake: clean tests the raw line for emptiness, so a whitespace-only line gives ''."""

FAILS = {7}
BREAKS = "clean-skips-blank-lines"


def clean(lines):
    for line in lines:
        stripped = line.strip()
        if line and not stripped.startswith("#"):
            yield stripped
