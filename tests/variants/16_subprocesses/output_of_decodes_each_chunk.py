"""output_of reads the output in chunks and decodes each on its own: a character whose bytes
fall in two chunks comes out as two replacement marks."""

FAILS = {1}
BREAKS = "output-of-text"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    pieces = []
    while chunk := await process.stdout.read(4096):
        pieces.append(chunk.decode(errors="replace"))
    await process.wait()
    return "".join(pieces)
