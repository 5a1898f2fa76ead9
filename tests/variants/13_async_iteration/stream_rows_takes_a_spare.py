"""stream_rows acquires a spare connection "just in case" and holds two while rows come."""

FAILS = {7}
BREAKS = "stream-rows-one-connection"


async def stream_rows(pool):
    conn = await pool.acquire()
    spare = await pool.acquire()
    try:
        while (row := await conn.next_row()) is not None:
            yield row
    finally:
        await pool.release(spare)
        await pool.release(conn)
