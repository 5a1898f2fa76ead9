"""output_of decodes the output as Latin-1: any letter that is not ASCII comes out garbled."""

FAILS = {1}
BREAKS = "output-of-text"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    stdout, _ = await process.communicate()
    return stdout.decode("latin-1")
