"""filter_text gives None for an output the child left empty (`err or None`): '' is an output."""

FAILS = {2}
BREAKS = "filter-text-result"


async def filter_text(command, text):
    process = await asyncio.create_subprocess_exec(*command, stdin=PIPE, stdout=PIPE, stderr=PIPE)
    out, err = await process.communicate(text.encode())
    return process.returncode, out.decode() or None, err.decode() or None
