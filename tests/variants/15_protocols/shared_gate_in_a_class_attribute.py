"""Mistake: keeps what GatedWriter.write waits on in a namespace in a dict that a class
attribute holds, set up afresh by each new writer, so every GatedWriter waits on one gate and a
pause of one holds up the writes of the others."""

import asyncio
import types

FAILS = {5}
BREAKS = "shared-state"


class GatedWriter(asyncio.Protocol):
    _hidden = {"gate": types.SimpleNamespace(can_write=None, lost=False)}  # noqa: RUF012

    def __init__(self):
        self.transport = None
        gate = GatedWriter._hidden["gate"]
        gate.can_write = asyncio.Event()
        gate.can_write.set()
        gate.lost = False

    def connection_made(self, transport):
        self.transport = transport
        transport.set_write_buffer_limits(high=HIGH_WATER)

    def pause_writing(self):
        GatedWriter._hidden["gate"].can_write.clear()

    def resume_writing(self):
        GatedWriter._hidden["gate"].can_write.set()

    def connection_lost(self, exc):
        gate = GatedWriter._hidden["gate"]
        gate.lost = True
        gate.can_write.set()

    async def write(self, data):
        gate = GatedWriter._hidden["gate"]
        await gate.can_write.wait()
        if gate.lost:
            raise ConnectionResetError("the connection is lost")
        self.transport.write(data)
