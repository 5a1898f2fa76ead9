"""stream_rows acquires inside the try: a failed acquire ends in UnboundLocalError from finally."""

FAILS = {7}
BREAKS = "stream-rows-acquire-fails"


async def stream_rows(pool):
    try:
        conn = await pool.acquire()
        while (row := await conn.next_row()) is not None:
            yield row
    finally:
        await pool.release(conn)
