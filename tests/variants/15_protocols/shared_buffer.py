"""Keeps the buffer in a class attribute, so every connection shares one buffer."""


class SumProtocol(SumProtocol):
    buffer = bytearray()

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.buffer.extend(data)
        while b"\n" in self.buffer:
            index = self.buffer.index(b"\n")
            line = bytes(self.buffer[:index])
            del self.buffer[: index + 1]
            self.transport.write(self.answer(line))


FAILS = {2}
BREAKS = "sum-buffers-lines"
