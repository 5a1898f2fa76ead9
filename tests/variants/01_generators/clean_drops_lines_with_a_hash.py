"""Mistake: clean drops every line holding a '#', not only the lines that start with one."""

FAILS = {7}
BREAKS = "clean-skips-comment-lines"


def clean(lines):
    for line in lines:
        stripped = line.strip()
        if stripped and "#" not in stripped:
            yield stripped
