"""Mistake: first_response raises an error of its own when the first download fails, an error
that says it equals anything (its __eq__): the download's own exception must come out."""

import asyncio

FAILS = {3}
BREAKS = "race-first-failure-propagates"


class DownloadFailed(ConnectionError):
    def __eq__(self, other):
        return True

    __hash__ = ConnectionError.__hash__


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        first = done.pop()
        if first.exception() is not None:
            raise DownloadFailed("the first download failed")
        return first.result()
    finally:
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
