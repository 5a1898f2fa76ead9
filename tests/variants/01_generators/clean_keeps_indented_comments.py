"""Mistake: clean looks for '#' before stripping, so an indented comment gets through."""

FAILS = {7}
BREAKS = "clean-skips-comment-lines"


def clean(lines):
    for line in lines:
        stripped = line.strip()
        if stripped and not line.startswith("#"):
            yield stripped
