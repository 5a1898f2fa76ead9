"""Mistake: run_all holds the semaphore only while starting a child, not while it runs."""

FAILS = {4}
BREAKS = "run-all-cap"


async def run_all(commands, limit):
    slots = asyncio.Semaphore(limit)

    async def run_one(command):
        async with slots:
            process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
        stdout, _ = await process.communicate()
        return stdout.decode()

    return await asyncio.gather(*(run_one(command) for command in commands))
