"""Caps the children at the number of CPUs too: a limit the task does not give (two here)."""


async def run_all(commands, limit):
    import os

    slots = asyncio.Semaphore(min(limit, os.cpu_count() or 1))

    async def run_one(command):
        async with slots:
            process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
            stdout, _ = await process.communicate()
            return stdout.decode()

    return await asyncio.gather(*(run_one(command) for command in commands))


FAILS = {4}
BREAKS = "run-all-cap"
