"""filter_text gives the child two minutes at most (wait_for with timeout=): a time limit the
statement does not set."""

FAILS = {2}
BREAKS = "filter-text-result"


async def filter_text(command, text):
    process = await asyncio.create_subprocess_exec(*command, stdin=PIPE, stdout=PIPE, stderr=PIPE)
    stdout, stderr = await asyncio.wait_for(process.communicate(text.encode()), timeout=120)
    return process.returncode, stdout.decode(), stderr.decode()
