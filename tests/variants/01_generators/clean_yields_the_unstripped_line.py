"""Mistake: clean tests the stripped line but yields the original one, spaces and all."""

FAILS = {7}
BREAKS = "clean-strips-lines"


def clean(lines):
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield line
