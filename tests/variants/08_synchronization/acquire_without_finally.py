"""acquire() and release() without try/finally: a cancelled deposit leaves the lock held."""

FAILS = {1}
BREAKS = "deposit-cancelled-releases-the-lock"


async def deposit(account, amount, lock):
    await account.verify(amount)
    await lock.acquire()
    balance = await account.read()
    await account.write(balance + amount)
    lock.release()
