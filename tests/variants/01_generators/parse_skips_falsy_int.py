"""Mistake: parse yields only the lines whose int is truthy: 0 is lost."""

FAILS = {7}
BREAKS = "parse-yields-ints"


def parse(lines):
    for line in lines:
        value = int(line)
        if value:
            yield value
