"""filter_text writes and drains all of stdin before communicate() reads a byte: a child that
answers as it reads fills its output pipes and stops reading, and both sides wait forever."""

FAILS = {2}
BREAKS = "filter-text-full-pipes"


async def filter_text(command, text):
    process = await asyncio.create_subprocess_exec(*command, stdin=PIPE, stdout=PIPE, stderr=PIPE)
    process.stdin.write(text.encode())
    await process.stdin.drain()
    process.stdin.close()
    stdout, stderr = await process.communicate()
    return process.returncode, stdout.decode(), stderr.decode()
