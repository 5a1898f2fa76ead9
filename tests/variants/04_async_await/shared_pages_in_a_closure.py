"""Mistake: keeps the pages of fetch_all on one namespace in a dict that a closure holds, a new
dict put there when a call starts, so two calls at once put their pages in one dict and a call
reads pages the other fetched."""

import asyncio
import types

FAILS = {6}
BREAKS = "shared-state"


def _fetch_all_on_one_namespace():
    hidden = {"shared": types.SimpleNamespace(pages={})}

    async def fetch_all(urls, fetch):
        shared = hidden["shared"]
        shared.pages = {}

        async def fetch_one(index, url):
            shared.pages[index] = await fetch(url)

        await asyncio.gather(*(fetch_one(index, url) for index, url in enumerate(urls)))
        return [shared.pages.get(index) for index in range(len(urls))]

    return fetch_all


fetch_all = _fetch_all_on_one_namespace()
