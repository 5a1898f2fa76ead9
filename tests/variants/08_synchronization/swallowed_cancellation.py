"""deposit catches CancelledError and returns as if nothing happened."""

import asyncio

FAILS = {1}


async def deposit(account, amount, lock):
    await account.verify(amount)
    async with lock:
        try:
            balance = await account.read()
            await account.write(balance + amount)
        except asyncio.CancelledError:
            return
