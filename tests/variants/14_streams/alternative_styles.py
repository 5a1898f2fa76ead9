"""A correct alternative: async for over lines, struct, wait_for, TaskGroup, async with."""

import struct

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


async def start_echo_server():
    return await asyncio.start_server(echo, host="127.0.0.1", port=0)


async def ask(port, question):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"{question}\n".encode())
    await writer.drain()
    line = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return line.decode().removesuffix("\n")


async def greet_lines(reader, writer):
    async for line in reader:
        writer.write(b"Hello, " + line.strip() + b"!\n")
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def read_frame(reader):
    header = await reader.read(1)
    if not header:
        return None
    header += await reader.readexactly(3)
    (size,) = struct.unpack("!I", header)
    return await reader.readexactly(size)


async def write_frame(writer, payload):
    writer.writelines([struct.pack("!I", len(payload)), payload])
    await writer.drain()


async def ask_all(port, questions):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(ask(port, question)) for question in questions]
    return [task.result() for task in tasks]


async def _exchange(port, question, opened):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    opened.append(writer)
    writer.write(question.encode() + b"\n")
    await writer.drain()
    return (await reader.readline()).decode().rstrip("\n")


async def ask_within(port, question, seconds):
    opened = []
    try:
        return await asyncio.wait_for(_exchange(port, question, opened), seconds)
    except TimeoutError:
        return None
    finally:
        for writer in opened:
            writer.close()
            await writer.wait_closed()


async def serve_until(handler, stop, ready):
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    async with server:
        ready(server.sockets[0].getsockname()[1])
        await stop.wait()
