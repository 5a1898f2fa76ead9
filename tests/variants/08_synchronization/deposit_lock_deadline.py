"""Mistake: deposit gives the lock 30 s (asyncio.timeout), though the statement sets no deadline."""

FAILS = {1}
BREAKS = "deposit-holds-the-shared-lock"


async def deposit(account, amount, lock):
    await account.verify(amount)
    async with asyncio.timeout(30), lock:
        balance = await account.read()
        await account.write(balance + amount)
