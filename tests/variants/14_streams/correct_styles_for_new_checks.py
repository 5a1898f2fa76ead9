"""Correct in other styles: echo closes in finally, ask_all by TaskGroup, ask_within by wait_for."""

import asyncio

FAILS = set()


async def echo(reader, writer):
    try:
        while True:
            data = await reader.read(1024)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def ask_all(port, questions):
    async with asyncio.TaskGroup() as group:
        asking = [group.create_task(ask(port, question)) for question in questions]
    return [task.result() for task in asking]


async def ask_within(port, question, seconds):
    opened = []

    async def exchange():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        opened.append(writer)
        writer.write(f"{question}\n".encode())
        await writer.drain()
        return (await reader.readline()).decode("utf-8").removesuffix("\n")

    try:
        return await asyncio.wait_for(exchange(), seconds)
    except TimeoutError:
        return None
    finally:
        for writer in opened:
            writer.close()
            await writer.wait_closed()


async def read_frame(reader):
    header = b""
    while len(header) < 4:
        piece = await reader.read(4 - len(header))
        if not piece:
            if header:
                raise asyncio.IncompleteReadError(header, 4)
            return None
        header += piece
    return await reader.readexactly(int.from_bytes(header, "big"))
