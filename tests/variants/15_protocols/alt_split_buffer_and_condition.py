"""A correct solution in other styles: a buffer split on newlines kept as a list, a set
difference for the others, a Condition that the writer waits on."""

import asyncio

FAILS = set()


class SumProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.pending = []

    def data_received(self, data):
        *lines, rest = data.split(b"\n")
        if lines:
            lines[0] = b"".join(self.pending) + lines[0]
            self.pending = []
        for line in lines:
            self.transport.write(self.answer(line))
        if rest:
            self.pending.append(rest)

    def answer(self, line):
        total = 0
        for word in line.split():
            try:
                total += int(word)
            except ValueError:
                return b"error\n"
        return f"{total}\n".encode()


class ChatProtocol(asyncio.Protocol):
    def __init__(self, clients):
        self.clients = clients
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        self.clients.add(self)

    def data_received(self, data):
        others = self.clients - {self}
        for o in others:
            o.transport.write(data)

    def connection_lost(self, exc):
        self.clients -= {self}
        for o in self.clients:
            o.transport.write(b"* a client left\n")


class GatedWriter(asyncio.Protocol):
    def __init__(self):
        self.transport = None
        self.cond = asyncio.Condition()
        self.wakers = set()
        self.paused = False
        self.lost = False

    def connection_made(self, transport):
        self.transport = transport
        transport.set_write_buffer_limits(high=HIGH_WATER, low=HIGH_WATER // 4)

    def _wake(self):
        async def notify():
            async with self.cond:
                self.cond.notify_all()

        waking = asyncio.ensure_future(notify())
        self.wakers.add(waking)
        waking.add_done_callback(self.wakers.discard)

    def pause_writing(self):
        self.paused = True

    def resume_writing(self):
        self.paused = False
        self._wake()

    def connection_lost(self, exc):
        self.lost = True
        self._wake()

    async def write(self, data):
        async with self.cond:
            await self.cond.wait_for(lambda: self.lost or not self.paused)
        if self.lost:
            raise ConnectionResetError("lost")
        self.transport.write(data)
