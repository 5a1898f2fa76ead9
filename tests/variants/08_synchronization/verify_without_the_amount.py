"""Mistake: every deposit verifies 0 instead of its own amount."""

FAILS = {1}
BREAKS = "deposit-verifies-first-outside-the-lock"


async def deposit(account, amount, lock):
    await account.verify(0)
    async with lock:
        balance = await account.read()
        await account.write(balance + amount)
