"""Mistake: keeps the connection of stream_rows on one namespace in a dict that a closure holds,
so of two stream_rows read at once the first reads and releases the connection the second
acquired."""

import types

FAILS = {7}
BREAKS = "shared-state"


def _stream_rows_on_one_namespace():
    hidden = {"shared": types.SimpleNamespace(conn=None)}

    async def stream_rows(pool):
        shared = hidden["shared"]
        shared.conn = await pool.acquire()
        try:
            while (row := await shared.conn.next_row()) is not None:
                yield row
        finally:
            await pool.release(shared.conn)

    return stream_rows


stream_rows = _stream_rows_on_one_namespace()
