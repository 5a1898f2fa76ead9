"""Mistake: totals parses before cleaning, so comment lines reach int()."""

FAILS = {7}
BREAKS = "totals-chains-the-stages"


def totals(lines):
    return running_total(clean(parse(lines)))
