"""A new Lock made inside each deposit: nobody else shares it, so it protects nothing."""

import asyncio

FAILS = {1}
BREAKS = "deposit-holds-the-shared-lock"


async def deposit(account, amount, lock):
    await account.verify(amount)
    async with asyncio.Lock():
        balance = await account.read()
        await account.write(balance + amount)
