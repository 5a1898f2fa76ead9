"""output_of pipes stderr too (to keep the terminal quiet), then reads stdout alone: a child with
much to say on stderr fills that pipe and never ends."""

FAILS = {1}
BREAKS = "output-of-whole-output"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE, stderr=PIPE)
    output = await process.stdout.read()
    await process.wait()
    return output.decode()
