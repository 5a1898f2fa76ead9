"""GatedWriter.write waits for the gate with asyncio.wait_for(..., 5), a deadline the statement
does not set: paused longer than that, the write raises TimeoutError instead of waiting."""

FAILS = {5}
BREAKS = "gated-waits-while-paused"


async def _write_within_five_seconds(self, data):
    await asyncio.wait_for(self.can_write.wait(), 5)
    if self.lost:
        raise ConnectionResetError("the connection was lost")
    self.transport.write(data)


GatedWriter.write = _write_within_five_seconds
