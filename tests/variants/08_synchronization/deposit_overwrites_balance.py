"""Mistake: the amount is written as the new balance instead of being added to it."""

FAILS = {1}
BREAKS = "deposit-adds-amount"


async def deposit(account, amount, lock):
    await account.verify(amount)
    async with lock:
        await account.read()
        await account.write(amount)
