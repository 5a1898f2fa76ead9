"""Tema 08: sincronización.

Las tareas de un mismo bucle de eventos nunca se ejecutan en el mismo instante: en cada momento solo
se ejecuta una, y sigue hasta llegar a un ``await``. Así que el código sin ningún ``await`` no
necesita Lock. Pero un ``await`` en mitad de una lectura-modificación-escritura deja que otras
tareas se ejecuten entretanto, y pueden leer el mismo valor antiguo: la actualización de una tarea
sobrescribe entonces la de la otra (una actualización perdida). asyncio tiene las mismas
herramientas que ``threading`` para coordinar tareas: ``Lock``, ``Event``, ``Condition``,
``Semaphore`` y, desde Python 3.11, ``Barrier``. Se usan con await (``await lock.acquire()``,
``async with lock:``), solo funcionan entre tareas de un mismo bucle (no son seguras entre hilos) y
ya no aceptan el argumento ``loop=`` (se eliminó en 3.10): créalas dentro del código en marcha, o
deja que te las pase el código que te llama.

El tutorial de partida no tiene ningún ejemplo de estas herramientas. Su nota sobre la concurrencia
sí da el motivo por el que hacen falta: si sacas una foto en cualquier instante, solo hay una
corrutina ejecutándose. Lo que no dice es que eso solo se cumple entre dos ``await``. Su ejemplo de
productor y consumidor comparte datos mediante ``asyncio.Queue``, que hace su propia sincronización
(eso es el tema 09).

El corrector inyecta objetos simulados que anotan cuándo empieza y termina cada llamada en un reloj
virtual, así que ve cuántas se ejecutaron a la vez; ahí, dormir 1 s no consume tiempo real.

Las listas que reciben tus funciones (``names``, ``urls``) son de quien las llama: léelas y déjalas
como estaban (no saques elementos de ellas ni las ordenes).

Tarea 1. ``deposit(account, amount, lock)``: la versión que te damos pierde actualizaciones: lee el
        saldo con ``await account.read()`` y escribe ``balance + amount`` con ``await
        account.write(...)``; si ejecutas cuatro ingresos a la vez, se pierden tres. Mantén ``lock``
        (compartido por todos los ingresos, te lo pasan) desde la lectura hasta la escritura.
        Primero va ``await account.verify(amount)``; es lento y se puede ejecutar sin peligro a la
        vez que otros ingresos, así que déjalo fuera del Lock: cuatro ingresos tienen que seguir
        verificando a la vez. Un ingreso cancelado mientras tiene el Lock debe liberarlo y terminar
        igualmente cancelado (deja que la ``CancelledError`` siga su camino).
Tarea 2. ``worker(name, ready, handle)`` espera hasta que el ``asyncio.Event`` ``ready`` esté
        activado y después devuelve ``await handle(name)``. ``start_service(names, load_config,
        handle)`` crea el evento, arranca una tarea ``worker`` por cada nombre, espera
        ``load_config()``, activa el evento para que todos los trabajadores empiecen a la vez y
        devuelve una lista con los resultados de los trabajadores en el orden de ``names``.
Tarea 3. ``poll_until_stopped(stop, poll, interval)``: llama a ``await poll()`` y después haz una
        pausa de ``interval`` segundos, una y otra vez hasta que se active el evento ``stop``;
        devuelve cuántas veces se llamó a ``poll``. La pausa tiene que terminar en cuanto se active
        ``stop``, no cuando acabe el intervalo: espera al evento con un tiempo de espera en lugar de
        dormir. Si ``stop`` ya está activado, devuelve 0 enseguida. Si la cancelan, durante un
        sondeo o una pausa, no sondea más y termina cancelada: deja que la ``CancelledError`` siga
        su camino. No deja atrás ninguna tarea suya (ninguna esperando todavía a ``stop``).
Tarea 4. Un estante (un objeto con un contador ``items``) compartido mediante una
        ``asyncio.Condition``. ``take(shelf, condition, count)`` espera hasta que el estante tenga
        al menos ``count`` elementos y después los quita. ``put(shelf, condition, count)`` añade
        elementos y despierta a todos los ``take`` que esperan: cada uno comprueba si ahora hay
        bastante para él. El estante nunca baja de cero. Las dos mantienen la condición adquirida
        mientras miran o cambian el estante, y la sueltan al retornar.
Tarea 5. ``fetch_capped(urls, fetch, limit)``: espera ``fetch(url)`` para cada URL con como mucho
        ``limit`` descargas en curso a la vez, y devuelve una lista con los resultados en el orden
        de ``urls``. Nueve descargas de 1 s con un límite de 3 tardan exactamente 3 s: nunca más de
        tres a la vez, y siempre tres mientras quede alguna esperando, de modo que una descarga
        nueva empieza en cuanto termina otra (no por tandas). Dos llamadas a la vez se limitan por
        separado, cada una con su propio ``limit``.
Tarea 6. ``player(name, rounds, barrier, play, announce)``: juega ``rounds`` rondas, numeradas desde
        0, con ``await play(name, round)``. Tras cada ronda, espera en la ``asyncio.Barrier`` para
        que ningún jugador empiece una ronda antes de que todos hayan terminado la anterior.
        ``barrier.wait()`` devuelve un número distinto a cada jugador; el que recibe 0 llama a
        ``await announce(round)``, así que cada ronda se anuncia una sola vez.

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
async def deposit(account, amount, lock):
    """Suma ``amount`` al saldo de la cuenta sin perder un ingreso concurrente."""
    await account.verify(amount)
    # TODO: en cada await de abajo puede ejecutarse otro ingreso, leer el mismo saldo antiguo, y
    # entonces su actualización se sobrescribe. Mantén `lock` desde la lectura hasta la escritura
    # (solo esas dos).
    balance = await account.read()
    await account.write(balance + amount)


# Tarea 2
async def worker(name, ready, handle):
    """Espera hasta que ``ready`` esté activado y después atiende ``name``."""
    # TODO: espera al evento `ready` y después devuelve await handle(name).
    raise NotImplementedError("tarea 2: escribe worker")


async def start_service(names, load_config, handle):
    """Arranca los trabajadores, carga la configuración y después deja salir a todos a la vez."""
    # TODO: crea un asyncio.Event, arranca una tarea worker por nombre, espera load_config(), activa
    # el evento y devuelve los resultados de los trabajadores en el orden de names. Si te cancelan,
    # cancela los trabajadores y espéralos (en un bloque finally).
    raise NotImplementedError("tarea 2: escribe start_service")


# Tarea 3
async def poll_until_stopped(stop, poll, interval):
    """Sondea cada ``interval`` segundos hasta que se active ``stop``; devuelve el número de
    sondeos.
    """
    # TODO: hasta que stop esté activado: espera poll(), cuéntalo y después espera a stop como mucho
    # `interval` segundos (asyncio.timeout o asyncio.wait_for), para que activar stop termine la
    # pausa enseguida.
    raise NotImplementedError("tarea 3: escribe poll_until_stopped")


# Tarea 4
async def take(shelf, condition, count):
    """Espera hasta que el estante tenga ``count`` elementos y después tómalos."""
    # TODO: con la condición adquirida, espera hasta que shelf.items >= count y después quita count
    # elementos.
    raise NotImplementedError("tarea 4: escribe take")


async def put(shelf, condition, count):
    """Añade ``count`` elementos al estante y despierta a todos los que esperan para tomar."""
    # TODO: con la condición adquirida, añade count elementos y despierta a todos los que esperan
    # para tomar.
    raise NotImplementedError("tarea 4: escribe put")


# Tarea 5
async def fetch_capped(urls, fetch, limit):
    """Descarga todas las URL, como mucho ``limit`` a la vez; resultados en el orden de ``urls``."""
    # TODO: espera fetch(url) para cada URL, nunca más de `limit` a la vez (un solo
    # asyncio.Semaphore(limit) compartido por todas las descargas); resultados en el orden de urls.
    raise NotImplementedError("tarea 5: escribe fetch_capped")


# Tarea 6
async def player(name, rounds, barrier, play, announce):
    """Juega ``rounds`` rondas al paso de los demás jugadores; uno de ellos anuncia cada una."""
    # TODO: en cada ronda: espera play(name, round) y después espera en la barrera; si la espera
    # devolvió 0, espera announce(round).
    raise NotImplementedError("tarea 6: escribe player")
