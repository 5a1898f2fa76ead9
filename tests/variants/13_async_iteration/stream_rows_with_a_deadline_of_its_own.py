"""Mistake: stream_rows waits for each row with asyncio.wait_for(conn.next_row(), 30), a
deadline the statement never sets: a row slower than that ends the rows in TimeoutError."""

FAILS = {7}
BREAKS = "stream-rows-until-none"


async def stream_rows(pool):
    conn = await pool.acquire()
    try:
        while True:
            row = await asyncio.wait_for(conn.next_row(), 30)
            if row is None:
                return
            yield row
    finally:
        await pool.release(conn)
