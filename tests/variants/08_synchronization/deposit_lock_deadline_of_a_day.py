"""Mistake: deposit gives the lock a day (asyncio.timeout(86400)): longer than any test waits,
but still a deadline the statement does not set."""

FAILS = {1}
BREAKS = "deposit-holds-the-shared-lock"


async def deposit(account, amount, lock):
    await account.verify(amount)
    async with asyncio.timeout(86400), lock:
        balance = await account.read()
        await account.write(balance + amount)
