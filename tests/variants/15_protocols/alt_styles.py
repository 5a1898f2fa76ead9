"""A correct alternative: keyword arguments, a bytearray buffer, abort on cancel, a Future gate."""


async def start_shout_server(host, port):
    return await asyncio.get_running_loop().create_server(
        lambda: ShoutProtocol(), host=host, port=port
    )


class SumProtocol(asyncio.Protocol):
    def __init__(self):
        self.pending = bytearray()

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.pending.extend(data)
        *lines, rest = self.pending.split(b"\n")
        self.pending = bytearray(rest)
        answers = []
        for line in lines:
            words = line.split()
            if all(word.removeprefix(b"-").isdigit() for word in words):
                answers.append(f"{sum(map(int, words))}\n".encode())
            else:
                answers.append(b"error\n")
        self.transport.writelines(answers)


class ChatProtocol(asyncio.Protocol):
    def __init__(self, clients):
        self.clients = clients

    def connection_made(self, transport):
        self.transport = transport
        self.clients.add(transport)

    def data_received(self, data):
        for transport in [t for t in self.clients if t is not self.transport]:
            transport.write(data)

    def connection_lost(self, exc):
        self.clients.remove(self.transport)
        for transport in self.clients:
            transport.write(b"* a client left\n")


class CollectProtocol(asyncio.Protocol):
    def __init__(self, done):
        self.done = done
        self.received = bytearray()

    def data_received(self, data):
        self.received += data

    def connection_lost(self, exc):
        if self.done.cancelled():
            return
        if exc is not None:
            self.done.set_exception(exc)
        else:
            self.done.set_result(bytes(self.received))


async def request(host, port, message):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    transport, _ = await loop.create_connection(lambda: CollectProtocol(done), host, port)
    transport.write(message)
    try:
        return await done
    except asyncio.CancelledError:
        transport.abort()
        raise


class GatedWriter(asyncio.Protocol):
    def __init__(self):
        self.gate = None  # a Future while paused
        self.error = None

    def connection_made(self, transport):
        self.transport = transport
        transport.set_write_buffer_limits(HIGH_WATER)

    def pause_writing(self):
        self.gate = asyncio.get_running_loop().create_future()

    def resume_writing(self):
        if self.gate is not None and not self.gate.done():
            self.gate.set_result(None)
        self.gate = None

    def connection_lost(self, exc):
        self.error = ConnectionResetError("connection lost")
        if self.gate is not None and not self.gate.done():
            self.gate.set_result(None)

    async def write(self, data):
        if self.gate is not None:
            await asyncio.shield(self.gate)
        if self.error is not None:
            raise self.error
        self.transport.write(data)


FAILS = set()
