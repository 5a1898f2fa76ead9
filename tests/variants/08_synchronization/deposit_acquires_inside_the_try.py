"""Mistake: deposit acquires the lock inside its try, so a deposit cancelled while it waits
for the lock releases the lock another deposit holds."""

FAILS = {1}
BREAKS = "deposit-cancelled-releases-the-lock"


async def deposit(account, amount, lock):
    await account.verify(amount)
    try:
        await lock.acquire()
        balance = await account.read()
        await account.write(balance + amount)
    finally:
        lock.release()
