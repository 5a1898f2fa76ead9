"""Mistake: fetch_one connects with loop.create_connection and a Protocol of its own instead of
asyncio.open_connection, and ends with transport.close() without waiting until the connection
is closed: its socket is still open when fetch_one returns."""

FAILS = {1}
BREAKS = "fetch-one-closes"


async def fetch_one(address, key):
    loop = asyncio.get_running_loop()
    line_done = loop.create_future()

    class _Line(asyncio.Protocol):
        def __init__(self):
            self.buffer = b""

        def data_received(self, data):
            self.buffer += data
            if b"\n" in self.buffer and not line_done.done():
                line_done.set_result(self.buffer[: self.buffer.index(b"\n") + 1])

        def connection_lost(self, exc):
            if not line_done.done():
                line_done.set_result(self.buffer)

    transport, _protocol = await loop.create_connection(_Line, *address)
    try:
        transport.write(f"GET {key}\n".encode())
        answer = await line_done
    finally:
        transport.close()
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
