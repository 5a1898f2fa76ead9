"""Mistake: the deposit is written first and verified afterwards; verify must come first."""

FAILS = {1}
BREAKS = "deposit-verifies-first-outside-the-lock"


async def deposit(account, amount, lock):
    async with lock:
        balance = await account.read()
        await account.write(balance + amount)
    await account.verify(amount)
