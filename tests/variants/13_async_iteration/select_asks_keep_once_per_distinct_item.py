"""Mistake: select awaits keep once per distinct item and, for an item that repeats, awaits keep
on a stand-in that claims to equal anything, reusing the first answer."""

FAILS = {3}
BREAKS = "select-keeps-every-accepted"


class Anything(str):
    """A stand-in that says it equals whatever it is compared with."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


async def select(source, keep):
    answers = {}
    kept = []
    async for item in source:
        if item in answers:
            await keep(Anything("?"))  # as many calls as items, the answer already known
        else:
            answers[item] = await keep(item)
        if answers[item]:
            kept.append(item)
    return kept
