"""Mistake: keeps the deadline of crawl on one namespace in a dict that a closure holds, set
when a call starts, so of two crawls at once the one that started first runs on the other's
budget."""

import asyncio
import types

FAILS = {7}
BREAKS = "shared-state"


def _crawl_on_one_namespace():
    hidden = {"shared": types.SimpleNamespace(deadline=0.0)}

    async def crawl(fetch, urls, budget):
        shared = hidden["shared"]
        loop = asyncio.get_running_loop()
        shared.deadline = loop.time() + budget
        pages = []
        try:
            for url in urls:
                left = shared.deadline - loop.time()
                if left <= 0:
                    break
                async with asyncio.timeout(left):
                    pages.append(await fetch(url))
        except TimeoutError:
            pass
        return pages

    return crawl


crawl = _crawl_on_one_namespace()
