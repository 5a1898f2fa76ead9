"""The lock held across too much: the slow verification is serialized too."""

FAILS = {1}
BREAKS = "deposit-verifies-first-outside-the-lock"


async def deposit(account, amount, lock):
    async with lock:
        await account.verify(amount)
        balance = await account.read()
        await account.write(balance + amount)
