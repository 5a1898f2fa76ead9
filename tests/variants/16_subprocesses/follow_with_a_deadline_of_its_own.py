"""follow follows the child for a minute at most (asyncio.timeout): a time limit the statement
does not set; a child may print for longer."""

FAILS = {3}
BREAKS = "follow-lines-as-printed"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    async with asyncio.timeout(60):
        async for line in process.stdout:
            on_line(line.decode().removesuffix("\n"))
        return await process.wait()
