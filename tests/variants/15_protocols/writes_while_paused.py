"""write ignores pause_writing: a cap that does not cap, the buffer grows without bound."""


class GatedWriter(GatedWriter):
    async def write(self, data):
        if self.lost:
            raise ConnectionResetError("the connection was lost")
        self.transport.write(data)


FAILS = {5}
BREAKS = "gated-waits-while-paused"
