"""GatedWriter fails the pause's Future when the connection goes; unpaused, the loss goes unseen."""

import asyncio

FAILS = {5}
BREAKS = "gated-raises-once-lost"


class GatedWriter(asyncio.Protocol):
    def __init__(self):
        self.transport = None
        self.gate = None  # a Future while paused

    def connection_made(self, transport):
        self.transport = transport
        transport.set_write_buffer_limits(high=HIGH_WATER)

    def pause_writing(self):
        self.gate = asyncio.get_running_loop().create_future()

    def resume_writing(self):
        if self.gate is not None and not self.gate.done():
            self.gate.set_result(None)
        self.gate = None

    def connection_lost(self, exc):
        if self.gate is not None and not self.gate.done():
            self.gate.set_exception(ConnectionResetError("the connection was lost"))

    async def write(self, data):
        if self.gate is not None:
            await asyncio.shield(self.gate)
        self.transport.write(data)
