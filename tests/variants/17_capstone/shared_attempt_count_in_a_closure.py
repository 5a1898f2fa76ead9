"""Mistake: counts the attempts of fetch_with_retries on one namespace in a dict that a closure
holds, set back to 0 when a call starts, so of two calls at once one counts the other's attempts
too, waits the wrong backoff and gives up too early."""

import asyncio
import types

FAILS = {5}
BREAKS = "shared-state"


def _fetch_with_retries_on_one_namespace():
    hidden = {"shared": types.SimpleNamespace(attempt=0)}

    async def fetch_with_retries(address, key, attempts, backoff):
        shared = hidden["shared"]
        shared.attempt = 0
        while True:
            shared.attempt += 1
            try:
                return await fetch_one(address, key)
            except FetchError:
                if shared.attempt >= attempts:
                    raise
            await asyncio.sleep(backoff * 2 ** (shared.attempt - 1))

    return fetch_with_retries


fetch_with_retries = _fetch_with_retries_on_one_namespace()
