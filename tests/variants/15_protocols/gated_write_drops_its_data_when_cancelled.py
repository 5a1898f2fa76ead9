"""Mistake: GatedWriter.write, cancelled while it waits, catches the CancelledError and
returns, as if its data had been written."""

import asyncio

FAILS = {5}
BREAKS = "cancelled"


class GatedWriter(GatedWriter):
    async def write(self, data):
        try:
            await self.can_write.wait()
        except asyncio.CancelledError:
            return
        if self.lost:
            raise ConnectionResetError("the connection was lost")
        self.transport.write(data)
