"""output_of gives None for a child that wrote nothing (`... if out else None`): '' is an output."""

FAILS = {1}
BREAKS = "output-of-whole-output"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    out, _ = await process.communicate()
    return out.decode() if out else None
