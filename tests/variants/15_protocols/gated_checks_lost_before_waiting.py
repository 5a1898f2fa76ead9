"""GatedWriter.write checks for a lost connection before waiting, not after waking."""

FAILS = {5}
BREAKS = "gated-raises-once-lost"


class GatedWriter(GatedWriter):
    async def write(self, data):
        if self.lost:
            raise ConnectionResetError("the connection was lost")
        await self.can_write.wait()
        self.transport.write(data)
