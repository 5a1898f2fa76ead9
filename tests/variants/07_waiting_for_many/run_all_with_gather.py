"""Mistake: plain gather: a bare error, not an ExceptionGroup, and the others run on."""

import asyncio

FAILS = {5}
BREAKS = "run-all-failure-raises-group"


async def run_all(jobs):
    return await asyncio.gather(*(job() for job in jobs))
