"""Mistake: parse yields int(float(line)), which takes '2.5' for 2 and rounds a 20-digit number."""

FAILS = {7}
BREAKS = "parse-yields-ints"


def parse(lines):
    for line in lines:
        yield int(float(line))
