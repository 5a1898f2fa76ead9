"""Mistake: clean strips only the right side, so '  4 ' comes out as '  4'."""

FAILS = {7}
BREAKS = "clean-strips-lines"


def clean(lines):
    for line in lines:
        line = line.rstrip()
        if line and not line.lstrip().startswith("#"):
            yield line
