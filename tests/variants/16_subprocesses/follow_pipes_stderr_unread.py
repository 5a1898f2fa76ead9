"""follow pipes stderr too and never reads it: a child with much to say on stderr fills that
pipe and waits, and its lines never come."""

FAILS = {3}
BREAKS = "follow-lines-as-printed"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE, stderr=PIPE)
    async for line in process.stdout:
        on_line(line.decode().removesuffix("\n"))
    return await process.wait()
