"""stream_rows loops `while row := ...`: an empty row or a 0 ends it before the None."""

FAILS = {7}
BREAKS = "stream-rows-until-none"


async def stream_rows(pool):
    conn = await pool.acquire()
    try:
        while row := await conn.next_row():
            yield row
    finally:
        await pool.release(conn)
