"""A correct alternative: write polls a paused flag with short sleeps instead of an Event."""


class GatedWriter(asyncio.Protocol):
    def __init__(self):
        self.paused = False
        self.lost = False

    def connection_made(self, transport):
        self.transport = transport
        transport.set_write_buffer_limits(high=HIGH_WATER)

    def pause_writing(self):
        self.paused = True

    def resume_writing(self):
        self.paused = False

    def connection_lost(self, exc):
        self.lost = True

    async def write(self, data):
        while self.paused and not self.lost:
            await asyncio.sleep(0.001)
        if self.lost:
            raise ConnectionResetError
        self.transport.write(data)


FAILS = set()
