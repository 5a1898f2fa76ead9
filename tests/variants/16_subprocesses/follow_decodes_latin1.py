"""follow decodes each line as Latin-1, not UTF-8: letters that are not ASCII come out garbled."""

FAILS = {3}
BREAKS = "follow-line-text"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    async for line in process.stdout:
        on_line(line.decode("latin-1").removesuffix("\n"))
    return await process.wait()
