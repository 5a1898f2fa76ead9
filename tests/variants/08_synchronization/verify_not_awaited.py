"""Mistake: a forgotten await: account.verify(amount) makes a coroutine that never runs."""

FAILS = {1}
BREAKS = "deposit-verifies-first-outside-the-lock"


async def deposit(account, amount, lock):
    account.verify(amount)
    async with lock:
        balance = await account.read()
        await account.write(balance + amount)
