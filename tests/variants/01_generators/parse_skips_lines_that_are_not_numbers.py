"""Mistake: parse catches the ValueError of a line that is not a number and skips the line."""

FAILS = {7}
BREAKS = "parse-yields-ints"


def parse(lines):
    for line in lines:
        try:
            yield int(line)
        except ValueError:
            continue
