"""Tema 10: código bloqueante.

Un bucle de eventos ejecuta una sola cosa cada vez. Una corrutina retiene el bucle solo hasta su
siguiente ``await`` de algo que no está listo; una llamada que bloquea (``time.sleep``, la lectura
de un archivo o de un socket, un cálculo largo en Python puro) lo retiene mientras dura la llamada,
y todas las demás tareas, temporizadores y conexiones esperan. Nada te avisa: el programa
simplemente llega tarde. Por eso el bloqueo se mide, no se adivina: una tarea de latido que anota la
hora cada pocos milisegundos muestra la congelación como un hueco entre dos latidos.

El tutorial de partida muestra la congelación (blockingCodeDemo/): una corrutina de mantenimiento
imprime una línea cada pocos segundos mientras se ejecuta un trabajo largo. Su primera versión tiene
dos errores. ``main`` espera directamente a la corrutina de mantenimiento, que no termina nunca, así
que ninguna línea posterior llega a ejecutarse; y el trabajo largo repite ``time.sleep`` en un
bucle, lo que congela el bucle de eventos, mantenimiento incluido. Sus arreglos: arrancar el
mantenimiento con ``asyncio.create_task`` para que se ejecute junto al trabajo, y hacer que el
trabajo use ``await asyncio.sleep(...)`` para que deje al bucle ejecutar a los demás mientras
espera. Un tercer arreglo, ejecutar el trabajo bloqueante en un ejecutor, se menciona pero falta su
archivo: lo escribes tú aquí (``asyncio.to_thread`` y ``loop.run_in_executor``, con un grupo de
hilos y con un grupo de procesos). El MotivationExample.py del tutorial de partida defiende lo mismo
con un juego: un bucle de pygame que dibuja 30 fotogramas por segundo tiene 33 ms por fotograma, y
cualquier paso que tarde más es un tirón visible. Un programa de asyncio es un bucle así.

Qué arreglo y cuándo: la espera (dormir, E/S) se vuelve cooperativa con la versión de asyncio de la
llamada; una llamada bloqueante de una biblioteca que no puedes cambiar va a un hilo (``to_thread``,
o ``run_in_executor`` con un ``ThreadPoolExecutor``); el código Python que consume CPU va a un
``ProcessPoolExecutor``, porque los hilos de un mismo proceso se turnan para tener el GIL y por eso
no calculan en paralelo. Crea los grupos una sola vez, fuera de las corrutinas que los usan, y
pásaselos: salir de un bloque ``with ThreadPoolExecutor() as pool:`` dentro de una corrutina espera,
en el hilo del bucle, a que se detengan los hilos del grupo.

(El modo de depuración de asyncio, ``asyncio.run(main(), debug=True)``, registra cada paso que
retiene el bucle más de 100 ms: otra forma de encontrar la congelación.)

Tarea 1. ``keep_alive(beat, interval)``: llama a ``beat()`` (una función corriente) enseguida y
        después cada ``interval`` segundos, para siempre. Cuando la cancelan, se detiene: deja pasar
        la ``CancelledError``.
Tarea 2. ``run_with_keep_alive(job, beat, interval)``: el ``main`` del tutorial de partida,
        arreglado. Ejecuta ``keep_alive(beat, interval)`` como tarea mientras esperas ``job()``;
        cuando el trabajo termine, sea como sea (devuelve algo, falla, o te cancelan mientras lo
        esperas), detén el mantenimiento (cancélalo y espera a que termine) y devuelve lo que
        devolvió el trabajo.
Tarea 3. ``longest_gap(work, interval)``: mide la congelación. Mientras esperas ``work()``, ejecuta
        una tarea de latido que anote la hora del bucle (``loop.time()``) cada ``interval``
        segundos. Anota también la hora al empezar y cuando ``work()`` retorne; devuelve la mayor
        diferencia entre dos tiempos consecutivos, en segundos. Detén el latido antes de retornar.
        Un trabajo que solo espera da cerca de ``interval``; uno que bloquea durante 0.25 s da al
        menos 0.25, aunque bloquee justo al principio o justo al final.
Tarea 4. ``long_job(steps, seconds, progress)``: el trabajo largo del tutorial de partida. La
        versión que te damos espera con ``time.sleep``, que congela el bucle. Hazla cooperativa:
        tras cada espera de ``seconds``, llama a ``progress(step)`` con step 1, 2, ..., ``steps``,
        mientras las demás tareas siguen avanzando. Espera con ``await asyncio.sleep(seconds)``: una
        espera no necesita ningún hilo.
Tarea 5. ``total_weight(items, weigh, every)``: devuelve la suma de ``weigh(item)`` para cada
        elemento. ``weigh`` es rápida pero hay muchos elementos, así que el bucle está ocupado
        calculando: un bucle que consume CPU nunca espera nada y por eso nunca deja avanzar a otras
        tareas. Déjalas avanzar con ``await asyncio.sleep(0)`` una vez cada ``every`` elementos (no
        tras cada elemento: cada vuelta por el bucle de eventos cuesta tiempo).
Tarea 6. ``read_all(paths, read)``: ``read(path)`` es una función bloqueante (piensa en un disco
        lento, o en una biblioteca sin soporte asíncrono). Ejecútala para cada ruta en un hilo con
        ``asyncio.to_thread``, todas a la vez, y devuelve una lista con los resultados en el orden
        de ``paths``.
Tarea 7. ``resize_all(images, resize, pool)``: lo mismo con un grupo de hilos que te dan (un
        ``concurrent.futures.ThreadPoolExecutor``): ejecuta ``resize(image)`` para cada imagen en
        ese grupo con ``loop.run_in_executor(pool, ...)``, todas enviadas a la vez (el tamaño del
        grupo limita cuántas se ejecutan juntas), y devuelve una lista con los resultados en el
        orden de ``images``. El grupo es de quien llama: déjalo abierto (sin ``with pool:`` ni
        ``pool.shutdown()``).
Tarea 8. ``crunch_all(job, numbers, pool, effort)``: ``job`` consume CPU, así que se ejecuta en los
        procesos de ``pool`` (un ``ProcessPoolExecutor``) para calcular en paralelo mientras el
        bucle sigue libre. Ejecuta ``job(n, effort=effort)`` para cada número, todos enviados a la
        vez (cada uno una vez), y devuelve una lista con los resultados en el orden de ``numbers``.
        ``run_in_executor`` solo pasa argumentos posicionales: fija el argumento por palabra clave
        con ``functools.partial``. Una lambda o una función definida dentro de la tuya no sirven: lo
        que se ejecuta en otro proceso se envía allí con ``pickle``, que solo sabe nombrar funciones
        definidas en el nivel superior de un módulo. Como en la tarea 7, el grupo es de quien llama:
        déjalo abierto.

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
import functools
import itertools
import time


# Tarea 1
async def keep_alive(beat, interval):
    """Llama a ``beat()`` ahora y cada ``interval`` segundos, hasta que la cancelen."""
    # TODO: para siempre: llama a beat() y después await asyncio.sleep(interval). Deja pasar
    # CancelledError.
    raise NotImplementedError("tarea 1: escribe keep_alive")


# Tarea 2
async def run_with_keep_alive(job, beat, interval):
    """Espera ``job()`` con ``keep_alive(beat, interval)`` ejecutándose a su lado."""
    # TODO: el error del tutorial de partida: keep_alive no termina nunca, así que esperarla aquí
    # nunca pasa de esta línea. En su lugar, arráncala como tarea, espera job() y, cuando el trabajo
    # termine (en un finally), cancela la tarea y espera a que termine. Devuelve lo que devolvió
    # job().
    await keep_alive(beat, interval)
    return await job()


# Tarea 3
async def longest_gap(work, interval):
    """Espera ``work()``; devuelve el mayor tiempo que pasó el bucle sin un latido."""
    # TODO: anota loop.time() ahora; ejecuta una tarea de latido que lo anote cada interval mientras
    # esperas work(); anótalo otra vez cuando work() retorne; detén el latido; devuelve la mayor
    # diferencia entre dos tiempos consecutivos.
    raise NotImplementedError("tarea 3: escribe longest_gap")


# Tarea 4
async def long_job(steps, seconds, progress):
    """Espera ``seconds`` antes de cada uno de los ``steps`` avisos de progreso, dejando avanzar
    a las demás.
    """
    for step in range(1, steps + 1):
        # TODO: time.sleep congela todo el bucle mientras espera. Espera de forma cooperativa.
        time.sleep(seconds)
        progress(step)


# Tarea 5
async def total_weight(items, weigh, every):
    """Suma ``weigh(item)``, dejando avanzar a otras tareas una vez cada ``every`` elementos."""
    # TODO: suma weigh(item) para cada elemento; cada `every` elementos, da un turno al bucle con
    # `await asyncio.sleep(0)`.
    raise NotImplementedError("tarea 5: escribe total_weight")


# Tarea 6
async def read_all(paths, read):
    """Ejecuta el ``read(path)`` bloqueante para cada ruta en hilos, a la vez."""
    # TODO: ejecuta read(path) con asyncio.to_thread para cada ruta, todas a la vez; devuelve los
    # resultados en el orden de paths.
    raise NotImplementedError("tarea 6: escribe read_all")


# Tarea 7
async def resize_all(images, resize, pool):
    """Ejecuta ``resize(image)`` para cada imagen en el grupo de hilos ``pool``."""
    # TODO: envía resize(image) para cada imagen con loop.run_in_executor(pool, ...) y después
    # espéralas todas; devuelve los resultados en el orden de images.
    raise NotImplementedError("tarea 7: escribe resize_all")


# Tarea 8
async def crunch_all(job, numbers, pool, effort):
    """Ejecuta el ``job(n, effort=effort)`` que consume CPU para cada número en el grupo de
    procesos.
    """
    # TODO: envía job(n, effort=effort) para cada número al grupo de procesos con
    # loop.run_in_executor y functools.partial (nada de lambda: no se puede serializar con pickle) y
    # después espéralos todos; devuelve los resultados en el orden de numbers.
    raise NotImplementedError("tarea 8: escribe crunch_all")
