"""Mistake: a for loop over subtotal(), which drops what is sent and what subtotal returns."""

FAILS = {4}
BREAKS = "group-totals-passes-sends-in"


def group_totals(results):
    while True:
        for value in subtotal():  # noqa: UP028 (the mistake)
            yield value
