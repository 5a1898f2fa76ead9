"""Tema 13: iteración asíncrona y gestores de contexto.

Los programas reales hablan con recursos: una API que entrega sus resultados página a página, un
grupo de conexiones a una base de datos que hay que devolver, un stream que hay que cerrar. En
asyncio, tanto obtener el siguiente elemento como devolver un recurso tienen que esperar, así que
Python tiene versiones asíncronas de la iteración (``async for``, movida por ``__aiter__`` y
``__anext__``) y de los gestores de contexto (``async with``, movidos por ``__aenter__`` y
``__aexit__``).

El tutorial de partida empieza por los generadores (``yield``, ``next``, ``StopIteration``) y pasa
después a ``async``/``await``, pero nunca junta las dos cosas: no tiene ningún generador asíncrono,
ningún ``async for`` ni ningún ``async with``. Este tema une las dos mitades.

Tres hechos que conviene recordar:

- Un generador asíncrono (un ``async def`` con un ``yield`` dentro) solo se ejecuta cuando alguien
  pide el siguiente elemento, y puede usar ``await`` entre elementos.
- Un ``finally`` (o un ``async with``) dentro de un generador asíncrono es su forma de limpiar, pero
  cuando su consumidor para antes de tiempo con ``break``, el generador se queda en pausa en su
  ``yield``. Un generador normal se cierra enseguida cuando desaparece la última referencia; uno
  asíncrono no puede, porque su limpieza puede necesitar ``await``. Los ganchos de asyncio programan
  su ``aclose()`` como una tarea para más tarde, o para cuando se apague el bucle: la limpieza queda
  en manos del recolector de basura. ``contextlib.aclosing``, en cambio, lo cierra en el acto.
- ``__aexit__`` recibe la excepción lanzada dentro del bloque ``async with``, si la hay. Devolver un
  valor verdadero se la traga. Una ``CancelledError`` es una ``BaseException``, así que un ``except
  Exception`` no la ve: libera los recursos en ``finally``. Libera solo lo que adquiriste: cuando el
  propio ``await pool.acquire()`` lanza una excepción o lo cancelan, no hay nada que liberar, y ese
  error sigue su camino hasta quien llama tal cual. Adquiere antes del ``try``, no dentro.

El corrector ejecuta tu código con un reloj virtual: dormir 1 s no consume tiempo real, pero el
reloj del bucle dice igualmente que ha pasado 1 s, así que puede saber cuándo llegó cada elemento.

Tarea 1. ``paginate(fetch_page)``: un generador asíncrono sobre una API paginada. ``await
        fetch_page(cursor)`` devuelve ``(items, next_cursor)``; la primera llamada recibe
        ``cursor=None``, y ``next_cursor`` es ``None`` en la última página. Produce los elementos
        uno a uno, y pide una página solo cuando el consumidor pida un elemento más allá de la
        anterior: con páginas que tardan 1 s cada una, el primer elemento llega tras 1 s, no después
        de haber pedido todas las páginas. Una página puede estar vacía.
Tarea 2. ``Countdown(start, interval)``: una clase (no un generador) cuyas instancias funcionan con
        ``async for``: ``async for n in Countdown(3, 1.0)`` duerme 1 s y da 3, duerme 1 s y da 2,
        duerme 1 s y da 1, y después termina enseguida (3 s en total). Un inicio de 0 o menos no da
        ningún número: la iteración termina enseguida, sin esperar. ``__aiter__`` devuelve el propio
        iterador; ``__anext__`` es una corrutina que devuelve el siguiente número o lanza
        ``StopAsyncIteration`` (no ``StopIteration``) al final, y sigue lanzándola si se le vuelve a
        pedir.
Tarea 3. ``select(source, keep)``: ``source`` es cualquier iterable asíncrono y ``keep`` un
        predicado asíncrono. Devuelve, en una lista, los elementos para los que ``await keep(item)``
        es verdadero, en orden (lo hace una sola comprensión asíncrona).
Tarea 4. ``Borrowed(pool)``: una clase gestor de contexto asíncrono. ``async with Borrowed(pool) as
        conn`` espera ``pool.acquire()`` al entrar y da la conexión; ``pool.release(conn)`` se
        espera al salir, termine el bloque como termine: normalmente, con una excepción o cancelado.
        La excepción tiene que seguir hasta quien llama: ``__aexit__`` no debe devolver un valor
        verdadero.
Tarea 5. ``borrowed(pool)``: lo mismo escrito como generador con
        ``@contextlib.asynccontextmanager``. Lo que lance el bloque (también una ``CancelledError``)
        se lanza dentro de tu generador en su ``yield``: libera en ``finally`` y deja que la
        excepción siga su camino.
Tarea 6. ``take(source, n)``: devuelve en una lista los ``n`` primeros elementos del generador
        asíncrono ``source`` (menos si termina antes), sin pedirle ni un elemento más de los que
        necesitas, y ciérralo antes de retornar, para que su limpieza se haya ejecutado cuando
        ``take`` retorne: usa ``contextlib.aclosing``.
Tarea 7. ``stream_rows(pool)``: un generador asíncrono que adquiere una conexión de ``pool``
        (``await pool.acquire()``) y produce ``await conn.next_row()`` hasta que eso dé ``None``. La
        conexión se libera (``await pool.release(conn)``) exactamente una vez, termine como termine
        la iteración: hasta el final, cerrada antes de tiempo por su consumidor, cancelada mientras
        espera una fila o detenida por un error de ``next_row()``, que sigue su camino hasta el
        consumidor. Dos leídos a la vez leen y liberan cada uno solo la conexión que adquirieron.

Cada función de primer nivel deja como estaban las listas, los diccionarios y los conjuntos que
recibe, salvo que su tarea diga otra cosa.

Las llamadas no comparten nada a través del módulo: mientras corren y cuando terminan, las variables
globales del módulo, los atributos de sus clases y los valores por defecto de los parámetros de sus
funciones contienen lo que contenían antes (un conjunto puede mantener vivas tareas en marcha
mientras tanto), salvo que una tarea diga otra cosa.

Ninguna función pone un límite que su tarea no dé: ni un tiempo de espera propio
(``asyncio.timeout``, ``asyncio.wait_for``, un argumento ``timeout=``) ni un tope a cuántas cosas se
ejecutan a la vez, a cuántos pasos dan o a cuántos datos manejan. Espera lo que tarde el trabajo.

Una función ``async`` cuya tarea se cancela termina cancelada: puede limpiar antes, y luego deja que
``asyncio.CancelledError`` siga su camino, sin retornar ni lanzar otro error en su lugar.

Una función ``async`` cancelada no deja en marcha ninguna de las tareas que arrancó, salvo que su
tarea diga otra cosa: antes de dejar que ``asyncio.CancelledError`` siga su camino, las cancela y
espera a que hayan terminado (un ``TaskGroup`` hace ambas cosas; ``gather``, solo con
``return_exceptions=True``).
"""

import asyncio
import contextlib


# Tarea 1
async def paginate(fetch_page):
    """Produce cada elemento de cada página, pidiendo cada página solo cuando hace falta."""
    # TODO: empieza con cursor None; espera fetch_page(cursor) para obtener (items, next_cursor);
    # produce cada elemento; para tras la página cuyo next_cursor sea None.
    raise NotImplementedError("tarea 1: escribe paginate")
    yield  # el yield convierte esta función en un generador asíncrono; conserva uno en la tuya


# Tarea 2
class Countdown:
    """``async for n in Countdown(3, 1.0)`` da 3, 2, 1, uno cada segundo."""

    def __init__(self, start, interval):
        self.next_number = start
        self.interval = interval

    def __aiter__(self):
        # TODO: aquí un iterador se devuelve a sí mismo.
        raise NotImplementedError("tarea 2: escribe Countdown.__aiter__")

    async def __anext__(self):
        # TODO: al final, lanza StopAsyncIteration (antes de dormir); si no, duerme self.interval
        # con asyncio.sleep y devuelve el siguiente número, en cuenta atrás.
        raise NotImplementedError("tarea 2: escribe Countdown.__anext__")


# Tarea 3
async def select(source, keep):
    """Los elementos de ``source`` para los que ``await keep(item)`` es verdadero, en una lista."""
    # TODO: devuelve una sola comprensión asíncrona: async for sobre source, con await keep(item)
    # dentro.
    raise NotImplementedError("tarea 3: escribe select")


# Tarea 4
class Borrowed:
    """``async with Borrowed(pool) as conn``: una conexión adquirida y siempre liberada."""

    def __init__(self, pool):
        self.pool = pool
        self.conn = None

    async def __aenter__(self):
        # TODO: espera self.pool.acquire(), guarda la conexión y devuélvela.
        raise NotImplementedError("tarea 4: escribe Borrowed.__aenter__")

    async def __aexit__(self, exc_type, exc, traceback):
        # TODO: espera self.pool.release(self.conn); no devuelvas nada verdadero, para que una
        # excepción lanzada en el bloque llegue a quien llama.
        raise NotImplementedError("tarea 4: escribe Borrowed.__aexit__")


# Tarea 5
@contextlib.asynccontextmanager
async def borrowed(pool):
    """``async with borrowed(pool) as conn``, escrito como generador."""
    # TODO: adquiere una conexión, prodúcela con yield y libérala en un finally.
    raise NotImplementedError("tarea 5: escribe borrowed")
    yield  # el yield convierte esta función en un generador asíncrono; conserva uno en la tuya


# Tarea 6
async def take(source, n):
    """Los ``n`` primeros elementos de ``source``; el generador se cierra antes de retornar."""
    # TODO: itera dentro de `async with contextlib.aclosing(source)`; para en cuanto tengas n
    # elementos (no pidas uno más a source).
    raise NotImplementedError("tarea 6: escribe take")


# Tarea 7
async def stream_rows(pool):
    """Produce las filas de una conexión prestada; devuélvela termine como termine la iteración."""
    # TODO: conn = await pool.acquire(); produce await conn.next_row() hasta que dé None; await
    # pool.release(conn) en un finally.
    raise NotImplementedError("tarea 7: escribe stream_rows")
    yield  # el yield convierte esta función en un generador asíncrono; conserva uno en la tuya
