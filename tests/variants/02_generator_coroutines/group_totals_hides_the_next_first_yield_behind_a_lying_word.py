"""Mistake: once a subtotal has ended, group_totals starts the next one but gives back a word of
its own (a str subclass whose == says it equals anything) instead of that subtotal's first
yield."""

FAILS = {4}
BREAKS = "group-totals-runs-one-subtotal-after-another"


class _Said(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def group_totals(results):
    sub = subtotal()
    reply = next(sub)
    while True:
        value = yield reply
        try:
            reply = sub.send(value)
        except StopIteration as stop:
            results.append(stop.value)
            sub = subtotal()
            next(sub)
            reply = _Said("ready")
