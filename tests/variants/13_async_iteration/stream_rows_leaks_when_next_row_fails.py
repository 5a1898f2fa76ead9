"""stream_rows releases on GeneratorExit and CancelledError only: an error from next_row() leaks."""

FAILS = {7}
BREAKS = "stream-rows-release-on-error"


async def stream_rows(pool):
    conn = await pool.acquire()
    try:
        while (row := await conn.next_row()) is not None:
            yield row
    except (GeneratorExit, asyncio.CancelledError):
        await pool.release(conn)
        raise
    await pool.release(conn)
