"""Mistake: keeps what GatedWriter.write waits on in a namespace held by a class attribute,
set up afresh by each new writer, so every GatedWriter waits on one gate and a pause of one
holds up the writes of the others (the shared-state rule sees only which object a class
attribute holds)."""

import asyncio
import types

FAILS = {5}
BREAKS = "gated-each-its-own"


class GatedWriter(asyncio.Protocol):
    _gate = types.SimpleNamespace(can_write=None, lost=False)

    def __init__(self):
        self.transport = None
        GatedWriter._gate.can_write = asyncio.Event()
        GatedWriter._gate.can_write.set()
        GatedWriter._gate.lost = False

    def connection_made(self, transport):
        self.transport = transport
        transport.set_write_buffer_limits(high=HIGH_WATER)

    def pause_writing(self):
        GatedWriter._gate.can_write.clear()

    def resume_writing(self):
        GatedWriter._gate.can_write.set()

    def connection_lost(self, exc):
        GatedWriter._gate.lost = True
        GatedWriter._gate.can_write.set()

    async def write(self, data):
        await GatedWriter._gate.can_write.wait()
        if GatedWriter._gate.lost:
            raise ConnectionResetError("the connection is lost")
        self.transport.write(data)
