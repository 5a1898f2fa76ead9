"""fetch_one takes 'OK ' in any case: 'ok x' or 'Ok x' gives the value 'x'."""

import asyncio

FAILS = {1}
BREAKS = "fetch-one-refuses-other-answers"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        answer = await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
    try:
        line = answer.decode().rstrip("\n")
    except UnicodeDecodeError:
        raise FetchError(f"{key}: an answer that is not UTF-8 text") from None
    if line[:3].upper() == "OK ":
        return line[3:]
    raise FetchError(f"{key}: {line or 'hung up'}")
