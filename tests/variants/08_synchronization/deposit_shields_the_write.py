"""Mistake: deposit shields its write, so, cancelled in the write, it lets go of the lock while
the write goes on, and the next deposit reads the balance before that write is over."""

import asyncio

FAILS = {1}
BREAKS = "deposit-holds-the-shared-lock"


async def deposit(account, amount, lock):
    await account.verify(amount)
    async with lock:
        balance = await account.read()
        await asyncio.shield(account.write(balance + amount))
