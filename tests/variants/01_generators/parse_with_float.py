"""Mistake: parse converts with float, so it yields 3.0 where int(line) gives 3."""

FAILS = {7}
BREAKS = "parse-yields-ints"


def parse(lines):
    for line in lines:
        yield float(line)
