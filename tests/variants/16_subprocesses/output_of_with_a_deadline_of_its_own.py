"""output_of gives the child a minute at most (asyncio.wait_for around communicate): a time
limit the statement does not set; run_with_timeout is the one with a limit."""

FAILS = {1}
BREAKS = "output-of-whole-output"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    stdout, _ = await asyncio.wait_for(process.communicate(), 60)
    return stdout.decode()
