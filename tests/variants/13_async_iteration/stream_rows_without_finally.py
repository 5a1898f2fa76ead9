"""stream_rows releases only after the last row: closed early or cancelled, it never does."""

FAILS = {7}
BREAKS = "stream-rows-release-when-closed"


async def stream_rows(pool):
    conn = await pool.acquire()
    while (row := await conn.next_row()) is not None:
        yield row
    await pool.release(conn)
