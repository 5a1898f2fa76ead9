"""deposit catches CancelledError and returns as if nothing happened."""

import asyncio

FAILS = {1}
BREAKS = "deposit-cancellation-propagates"


async def deposit(account, amount, lock):
    await account.verify(amount)
    async with lock:
        try:
            balance = await account.read()
            await account.write(balance + amount)
        except asyncio.CancelledError:
            return
