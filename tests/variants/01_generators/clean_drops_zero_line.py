"""Mistake: clean drops a line '0', as if it were blank."""

FAILS = {7}
BREAKS = "clean-skips-blank-lines"


def clean(lines):
    for line in lines:
        s = line.strip()
        if s and not s.startswith("#") and s != "0":
            yield s
