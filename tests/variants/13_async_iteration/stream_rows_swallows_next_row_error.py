"""stream_rows releases when next_row() fails, but ends quietly: the consumer never hears."""

FAILS = {7}
BREAKS = "stream-rows-release-on-error"


async def stream_rows(pool):
    conn = await pool.acquire()
    try:
        while (row := await conn.next_row()) is not None:
            yield row
    except Exception:
        return
    finally:
        await pool.release(conn)
