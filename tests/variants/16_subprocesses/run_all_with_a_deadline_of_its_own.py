"""run_all gives each child five minutes at most (asyncio.timeout inside the slot): a time limit
the statement does not set."""

FAILS = {4}
BREAKS = "run-all-outputs-in-order"


async def run_all(commands, limit):
    slots = asyncio.Semaphore(limit)

    async def run_one(command):
        async with slots:
            process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
            async with asyncio.timeout(300):
                stdout, _ = await process.communicate()
            return stdout.decode()

    return await asyncio.gather(*(run_one(command) for command in commands))
