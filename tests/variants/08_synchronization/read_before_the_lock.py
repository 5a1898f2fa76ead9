"""Mistake: the balance is read before taking the lock; only the write is locked.

Two deposits read the same old balance, then take turns writing: one update is lost.
"""

FAILS = {1}
BREAKS = "deposit-holds-the-shared-lock"


async def deposit(account, amount, lock):
    await account.verify(amount)
    balance = await account.read()
    async with lock:
        await account.write(balance + amount)
