"""Mistake: parse returns a list, so it reads every line before the first number."""

FAILS = {7}
BREAKS = "parse-one-line-at-a-time"


def parse(lines):
    return [int(line) for line in lines]
