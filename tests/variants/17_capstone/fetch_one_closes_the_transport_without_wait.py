"""Mistake: fetch_one closes its connection through writer.transport.close(), past
writer.close(), and never waits for it to be closed."""

FAILS = {1}
BREAKS = "fetch-one-closes"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        answer = await reader.readline()
    finally:
        writer.transport.close()
    try:
        line = answer.decode().rstrip("\n")
    except UnicodeDecodeError:
        raise FetchError(f"{key}: an answer that is not UTF-8 text") from None
    if line.startswith("OK "):
        return line.removeprefix("OK ")
    if line.startswith("ERR"):
        raise FetchError(f"{key}: {line.removeprefix('ERR').strip()}")
    if not line:
        raise FetchError(f"{key}: the server hung up without answering")
    raise FetchError(f"{key}: unexpected answer {line!r}")
