"""Mistake: filter_text writes all of stdin, then reads stdout, then stderr, one after another."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {2}
BREAKS = "filter-text-full-pipes"


async def filter_text(command, text):
    process = await asyncio.create_subprocess_exec(*command, stdin=PIPE, stdout=PIPE, stderr=PIPE)
    process.stdin.write(text.encode())
    await process.stdin.drain()
    process.stdin.close()
    stdout = await process.stdout.read()
    stderr = await process.stderr.read()
    await process.wait()
    return process.returncode, stdout.decode(), stderr.decode()
