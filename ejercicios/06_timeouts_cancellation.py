"""Tema 06: tiempos de espera y cancelación.

Arrancar trabajo es la mitad fácil. Un programa también tiene que detenerlo: dejar de esperar a un
servidor que no responde, apagar a los trabajadores, dejar que el usuario pulse Ctrl-C y, en todos
los casos, no dejar nada a medias (una conexión aún prestada, un archivo escrito a medias, una tarea
todavía en marcha que nadie esperará nunca).

En asyncio todo esto descansa sobre un único mecanismo: ``task.cancel()`` pide a una tarea que se
detenga lanzando ``asyncio.CancelledError`` dentro de ella, en el ``await`` donde está esperando. La
tarea puede limpiar (los bloques ``finally`` y las salidas de ``async with`` se ejecutan como
siempre, y pueden usar ``await``), y después tiene que dejar que el error siga su camino, para que
quien la canceló vea que terminó "cancelada". Un tiempo de espera es una cancelación con
despertador: ``asyncio.timeout(s)`` cancela el bloque que protege pasados ``s`` segundos y convierte
esa cancelación en un ``TimeoutError`` al salir del bloque. Desde 3.11, ``asyncio.TimeoutError`` es
el ``TimeoutError`` predefinido, y ``CancelledError`` es una ``BaseException``, no una
``Exception``, así que ``except Exception`` no la captura (a propósito).

Lo que mostraba el tutorial de partida: nunca detiene nada a propósito. Su ejemplo de productor y
consumidor (consumer_producer_Flow.py) deja a diez consumidores bloqueados para siempre en
``queue.get()`` una vez hecho el trabajo; su otro ejemplo de colas (bloquear_asyncQueue.py) sí
cancela a sus consumidores al final, que es la idea correcta, pero cancelar es solo una petición:
nada se ha detenido hasta que la tarea cancelada ha terminado, y de esa segunda mitad trata este
tema. El tutorial es además anterior a ``asyncio.timeout`` (3.11): el código más antiguo usaba
``wait_for`` en todas partes, o ``loop.call_later(s, task.cancel)`` sobre un bucle obtenido con
``get_event_loop()``, un patrón obsoleto fuera de un bucle en marcha.

El corrector ejecuta tu código con un reloj virtual: los plazos son exactos (un tiempo de espera de
2 s salta a los 2.000 s de tiempo del bucle) y no consumen tiempo real. Sus objetos simulados anotan
qué se canceló, qué terminó y qué se limpió.

Tarea 1. ``fetch_or_default(fetch, seconds, default)``: espera ``fetch()``, pero como mucho
        ``seconds``, con ``async with asyncio.timeout(seconds):``. Si es demasiado lenta, devuelve
        ``default`` (el tiempo de espera ya ha cancelado la descarga); si no, devuelve su respuesta
        tal cual, aunque esté vacía. Un error de ``fetch()`` no es un tiempo de espera agotado:
        llega a quien llama (un ``TimeoutError`` propio de ``fetch()`` puede pasar por uno). Tampoco
        lo es una cancelación de quien te llama: entonces ``fetch_or_default`` termina cancelada
        (captura solo ``TimeoutError``).
Tarea 2. ``fetch_with_retries(fetch, seconds, attempts)``: da a cada llamada a ``fetch()``
        ``seconds`` para responder, con ``asyncio.wait_for``. Un intento que agota su tiempo se
        repite, hasta ``attempts`` intentos en total (``attempts`` vale 1 o más); devuelve la
        primera respuesta. Si todos los intentos agotaron su tiempo, lanza ``TimeoutError``. Aquí
        cada intento tiene su propio tiempo de espera nuevo: eso es reintentar. Solo se reintenta
        cuando se agota el tiempo: cualquier otro error de ``fetch()`` llega enseguida a quien
        llama, y una cancelación de quien te llama hace que ``fetch_with_retries`` termine
        cancelada.
Tarea 3. ``stop_all(tasks)``: pide a cada tarea que se detenga con ``task.cancel()`` y espera
        después a que todas hayan terminado de verdad (su limpieza puede llevar un rato: cancélalas
        todas primero y luego espéralas juntas, para que las limpiezas se solapen). No dejes escapar
        su ``CancelledError``. Devuelve cuántas terminaron canceladas: una tarea que ya había
        terminado, o una que capturó la cancelación y retornó, no cuenta (lo dice
        ``task.cancelled()``); sin ninguna tarea, da 0.
Tarea 4. ``use_connection(pool, work)``: toma una conexión con ``await pool.acquire()`` y se la da a
        ``await work(conn)``. La versión que te damos solo libera la conexión cuando el trabajo sale
        bien. Haz que siempre ejecute ``await pool.release(conn)``, exactamente una vez: tras un
        éxito, tras un error (que aun así tiene que llegar a quien llama) y tras una cancelación
        (que también). Si el propio ``pool.acquire()`` falla o se cancela, no hay conexión: no
        liberes nada.
Tarea 5. ``keep_polling(probe, interval, log)``: un trabajador que nunca termina por sí solo: añade
        ``await probe()`` a ``log`` cada ``interval`` segundos hasta que lo cancelan, y entonces
        añade ``"stopped"``. La versión que te damos captura la ``CancelledError`` y retorna, lo que
        parece ordenado pero engaña a su dueño: la tarea termina "hecha" en lugar de "cancelada", y
        un ``asyncio.timeout`` a su alrededor nunca lanza su ``TimeoutError``. Arréglala: vuelve a
        lanzar la ``CancelledError``.
Tarea 6. ``save_within(save, record, seconds)``: arranca ``save(record)`` y espérala como mucho
        ``seconds``; devuelve ``True`` si terminó a tiempo y ``False`` si no. Un guardado cortado a
        medias es peor que uno lento, así que quedarte sin paciencia (o que te cancele quien te
        llama) no debe cancelar el guardado: protégelo con ``asyncio.shield`` y guarda una
        referencia a la tarea del guardado hasta que termine.
Tarea 7. ``crawl(fetch, urls, budget)``: descarga las urls una tras otra (un rastreador educado) y
        devuelve la lista de páginas; ``urls`` es la lista de quien llama: léela y déjala como
        estaba. Todo el rastreo tiene UN solo presupuesto de ``budget`` segundos, no ``budget`` por
        página: cuando se agota, se cancela la descarga en curso y ``crawl`` devuelve las páginas
        que consiguió hasta entonces. (Un solo ``asyncio.timeout`` alrededor de todo el bucle lo
        consigue; también un plazo ``loop.time() + budget`` en el que cada paso recibe solo lo que
        queda.) Cancelada por quien la llama, ``crawl`` termina cancelada: eso no es que se agote su
        presupuesto. Dos rastreos a la vez conservan cada uno su propio presupuesto y devuelven solo
        sus propias páginas.

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


# Tarea 1
async def fetch_or_default(fetch, seconds, default):
    """Devuelve ``await fetch()``, o ``default`` si tarda más de ``seconds``."""
    # TODO: espera fetch() dentro de `async with asyncio.timeout(seconds):`; si salta TimeoutError,
    # devuelve default.
    raise NotImplementedError("tarea 1: escribe fetch_or_default")


# Tarea 2
async def fetch_with_retries(fetch, seconds, attempts):
    """Llama a ``fetch()`` hasta ``attempts`` veces, cada una limitada a ``seconds``."""
    # TODO: prueba `await asyncio.wait_for(fetch(), seconds)` hasta `attempts` veces; devuelve la
    # primera respuesta; lanza TimeoutError si todos los intentos agotaron su tiempo.
    raise NotImplementedError("tarea 2: escribe fetch_with_retries")


# Tarea 3
async def stop_all(tasks):
    """Cancela todas las tareas, espera a que terminen todas y devuelve cuántas acabaron
    canceladas.
    """
    # TODO: cancela primero todas las tareas; después espéralas todas juntas sin dejar salir su
    # CancelledError; devuelve cuántas tienen task.cancelled() verdadero.
    raise NotImplementedError("tarea 3: escribe stop_all")


# Tarea 4
async def use_connection(pool, work):
    """Presta a ``work`` una conexión del grupo y devuélvela siempre."""
    conn = await pool.acquire()
    result = await work(conn)
    # TODO: esta liberación se omite cuando work lanza una excepción o se cancela. Haz que se
    # ejecute siempre, exactamente una vez, y que el error o la cancelación sigan llegando a quien
    # llama.
    await pool.release(conn)
    return result


# Tarea 5
async def keep_polling(probe, interval, log):
    """Añade ``await probe()`` a ``log`` cada ``interval`` s hasta que lo cancelen."""
    try:
        while True:
            log.append(await probe())
            await asyncio.sleep(interval)
    except asyncio.CancelledError:
        log.append("stopped")
        # TODO: retornar aquí se traga la cancelación. En su lugar, vuelve a lanzarla.
        return


# Tarea 6
async def save_within(save, record, seconds):
    """Espera ``save(record)`` como mucho ``seconds``; el guardado sigue adelante pase lo que
    pase.
    """
    # TODO: arranca save(record) como tarea y guarda una referencia a ella hasta que termine; espera
    # asyncio.shield(task) con un tiempo de espera de `seconds`; devuelve True si terminó a tiempo y
    # False si salta TimeoutError.
    raise NotImplementedError("tarea 6: escribe save_within")


# Tarea 7
async def crawl(fetch, urls, budget):
    """Descarga ``urls`` una tras otra dentro de un solo presupuesto; devuelve las páginas
    descargadas.
    """
    # TODO: espera fetch(url) para cada url por turno, todo bajo UN solo tiempo de espera de
    # `budget` segundos; cuando se agote, devuelve las páginas descargadas hasta entonces.
    raise NotImplementedError("tarea 7: escribe crawl")
