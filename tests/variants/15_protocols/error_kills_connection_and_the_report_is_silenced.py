"""Mistake: lets int() raise on a line that is not numbers (the loop closes the connection),
and sets the loop's exception handler to one that tells nothing."""

import asyncio


class SumProtocol(SumProtocol):
    def connection_made(self, transport):
        asyncio.get_running_loop().set_exception_handler(lambda loop, context: None)
        super().connection_made(transport)

    def answer(self, line):
        return b"%d\n" % sum(int(word) for word in line.split())


FAILS = {2}
BREAKS = "sum-error-keeps-going"
