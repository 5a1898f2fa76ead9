"""output_of gathers the output line by line: a 1 MB line is over the stream's limit."""

FAILS = {1}
BREAKS = "output-of-whole-output"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    lines = [line async for line in process.stdout]
    await process.wait()
    return b"".join(lines).decode()
