"""filter_text encodes the input and decodes the outputs as Latin-1, not UTF-8."""

FAILS = {2}
BREAKS = "filter-text-result"


async def filter_text(command, text):
    process = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await process.communicate(text.encode("latin-1"))
    return process.returncode, stdout.decode("latin-1"), stderr.decode("latin-1")
