"""stream_rows releases after the loop and again in finally: twice when it runs to the end."""

FAILS = {7}
BREAKS = "stream-rows-release-at-end"


async def stream_rows(pool):
    conn = await pool.acquire()
    try:
        while (row := await conn.next_row()) is not None:
            yield row
        await pool.release(conn)
    finally:
        await pool.release(conn)
