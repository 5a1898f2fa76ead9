"""stream_rows releases at the end and on GeneratorExit, but a cancel skips the release."""

FAILS = {7}
BREAKS = "stream-rows-release-when-cancelled"


async def stream_rows(pool):
    conn = await pool.acquire()
    try:
        while (row := await conn.next_row()) is not None:
            yield row
    except GeneratorExit:
        await pool.release(conn)
        raise
    await pool.release(conn)
