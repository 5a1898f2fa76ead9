"""The stub's deposit: no lock, so concurrent deposits overwrite each other."""

FAILS = {1}
BREAKS = "deposit-holds-the-shared-lock"


async def deposit(account, amount, lock):
    await account.verify(amount)
    balance = await account.read()
    await account.write(balance + amount)
