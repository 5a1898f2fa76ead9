"""GatedWriter.write raises ConnectionError, not the ConnectionResetError the statement asks for."""

FAILS = {5}
BREAKS = "gated-raises-once-lost"


class GatedWriter(GatedWriter):
    async def write(self, data):
        try:
            await super().write(data)
        except ConnectionResetError:
            raise ConnectionError("the connection was lost") from None
