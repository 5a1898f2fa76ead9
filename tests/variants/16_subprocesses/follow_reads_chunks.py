"""follow reads chunks of 4096 bytes and splits each one into lines: a line cut between two
reads reaches on_line as two."""

FAILS = {3}
BREAKS = "follow-line-text"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    while chunk := await process.stdout.read(4096):
        for line in chunk.decode().splitlines():
            on_line(line)
    return await process.wait()
