"""stream_rows releases with `if conn:`: a connection that is false is never given back."""

FAILS = {7}
BREAKS = "stream-rows-release-at-end"


async def stream_rows(pool):
    conn = await pool.acquire()
    try:
        while (row := await conn.next_row()) is not None:
            yield row
    finally:
        if conn:
            await pool.release(conn)
