"""Mistake: save_within waits at most min(seconds, 30), a limit of its own."""

FAILS = {6}
BREAKS = "save-within-true-when-quick"


async def save_within(save, record, seconds):
    task = asyncio.ensure_future(save(record))
    _keep.add(task)
    task.add_done_callback(_keep.discard)
    try:
        async with asyncio.timeout(min(seconds, 30)):
            await asyncio.shield(task)
        return True
    except TimeoutError:
        return False


_keep = set()
