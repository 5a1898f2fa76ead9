"""ask_within gives None for an empty reply line in time (`reply or None`): only the limit does."""

FAILS = {6}
BREAKS = "ask-within-returns-the-reply"

_ask_within = ask_within


async def ask_within(port, question, seconds):
    return await _ask_within(port, question, seconds) or None
