"""Mistake: stream_rows reads at most 1000 rows, a cap the statement never sets."""

FAILS = {7}
BREAKS = "stream-rows-until-none"


async def stream_rows(pool):
    conn = await pool.acquire()
    try:
        for _row in range(1000):
            row = await conn.next_row()
            if row is None:
                return
            yield row
    finally:
        await pool.release(conn)
