"""Mistake: keeps the pages of fetch_all on one namespace inside a read-only mapping proxy that
a closure holds, a new dict put there when a call starts, so two calls at once put their pages
in one dict and a call reads pages the other fetched (the shared-state rule compares the proxy
only as the object it is, and never reads the namespace inside it)."""

import asyncio
import types

FAILS = {6}
BREAKS = "fetch-all-each-call-its-own"


def _fetch_all_on_one_namespace():
    hidden = types.MappingProxyType({"shared": types.SimpleNamespace(pages={})})

    async def fetch_all(urls, fetch):
        shared = hidden["shared"]
        shared.pages = {}

        async def fetch_one(index, url):
            shared.pages[index] = await fetch(url)

        await asyncio.gather(*(fetch_one(index, url) for index, url in enumerate(urls)))
        return [shared.pages.get(index) for index in range(len(urls))]

    return fetch_all


fetch_all = _fetch_all_on_one_namespace()
