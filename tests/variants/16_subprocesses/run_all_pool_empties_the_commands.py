"""run_all's workers pop commands off the caller's list: it returns with the list emptied."""

FAILS = {4}
BREAKS = "run-all-outputs-in-order"


async def run_all(commands, limit):
    outputs = {}
    count = len(commands)

    async def worker():
        while commands:
            index = count - len(commands)
            command = commands.pop(0)
            outputs[index] = await output_of(command)

    await asyncio.gather(*(worker() for _ in range(limit)))
    return [outputs[index] for index in range(count)]
