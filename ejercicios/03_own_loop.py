"""Tema 03: un bucle propio.

Un bucle de eventos tiene menos magia de lo que parece: es una cola de tareas en pausa y un bucle
que las reanuda de una en una. Antes de tocar asyncio construyes uno con generadores, como hace la
charla "Understanding asyncio without asyncio" (que recomienda el tutorial de partida): cada
``yield`` es un punto en el que una tarea devuelve el control al bucle, justo lo que será ``await``
en asyncio.

Lo que mostraba el tutorial de partida. En generadorYcorutina.py, tres "tareas" generadoras imprimen
sus pasos (leer un sitio, leer otro, una "subida superlenta") y un bucle de una docena de líneas las
ejecuta: saca la primera tarea de una lista, llama a ``next()`` sobre ella y la vuelve a añadir
salvo que haya lanzado ``StopIteration``. Sus pasos salen intercalados: por turnos. En
corutinaAvanzado.py una tarea hace su subida con un ``time.sleep`` bloqueante: mientras duerme,
ninguna otra tarea avanza, porque el bucle solo recupera el control en un ``yield``. Su remedio
arranca el trabajo bloqueante en un ``threading.Thread`` y, en un generador, produce valores
mientras ``thread.is_alive()``, de modo que las demás siguen avanzando. Pero el ejemplo, por error,
también vuelve a llamar a la función lenta dentro de ese bucle de espera: cada vuelta bloquea otra
vez todo el programa y vuelve a subir, con lo que regresa justo la congelación que el hilo debía
eliminar. Arranca el trabajo una sola vez, en el hilo, y limítate a ceder el control mientras
esperas.

El bucle de asyncio hace lo que construyes aquí. Su cola de listas es un deque de retrollamadas que
se ejecutan por turno; ``asyncio.sleep`` aparca una tarea en un montículo de temporizadores ordenado
por hora de despertar, y cuando no hay nada listo el bucle espera (en ``select``) hasta que vence el
temporizador más próximo; el resultado de una tarea es lo que retorna su corrutina, que sale en una
``StopIteration`` igual que aquí; y ``await asyncio.to_thread(work)`` es tu tarea 5, bien hecha.

En este módulo una tarea es un generador. Produce ``None`` (un ``yield`` solo) para dejar que
avancen las demás, o ``Sleep(seconds)`` para quedar aparcada hasta que el reloj haya avanzado
``seconds``. Su resultado es su valor de ``return``. ``Sleep``, ``real_wait_until`` y el
``blocking_upload`` del tutorial de partida ya vienen dados. Tus bucles ejecutan las tareas desde
una cola propia: la lista o el diccionario de tareas que reciben queda tal como está.

Tarea 1. ``round_robin(tasks)``: ejecuta hasta el final una lista de tareas generadoras, un paso de
        cada una por turno: saca la primera tarea, hazla avanzar con ``next`` y devuélvela al final
        salvo que haya lanzado ``StopIteration``. Tres tareas de 3, 1 y 2 pasos se ejecutan como a0
        b0 c0 a1 c1 a2. No captures nada más: cuando una tarea lanza otra excepción, esa misma
        excepción sale de ``round_robin`` (y de los bucles de las tareas 2 y 3), nunca se oculta.
Tarea 2. ``run_and_collect(tasks)``: el mismo bucle sobre un dict ``{name: task}``, que devuelve
        ``{name: result}``. El valor de ``return`` de un generador llega como
        ``StopIteration.value``; guárdalo para cada tarea, aunque sea ``None``. Una tarea que delega
        con ``yield from`` no necesita nada especial.
Tarea 3. ``run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until)``: el bucle
        de la tarea 2, que además entiende ``Sleep(seconds)``. Aparca cada tarea dormida hasta su
        hora de despertar, ``clock() + seconds``: un montículo (``heapq``) ordenado por esa hora
        encuentra al instante la más temprana. Sigue ejecutando por turnos las que están listas;
        cuando no quede ninguna lista, llama una sola vez a ``wait_until(hora de despertar más
        temprana)`` (nunca consultes el reloj en un bucle activo) y después devuelve a la cola de
        listas todas las tareas cuya hora haya llegado. Las tareas que despiertan a la vez lo hacen
        en el orden en que se durmieron (en un montículo, pon un contador en las entradas, como
        aconseja la documentación de heapq: así además el montículo nunca compara dos generadores).
        Tareas dormidas 3, 1 y 2 s despiertan a los 1, 2 y 3 s: 3 s en total, no 6. El corrector
        maneja tu bucle con un reloj falso, así que no pasa tiempo real.
Tarea 4. ``heartbeat(stamps, beats, interval, clock=time.perf_counter)``: una tarea que añade
        ``clock()`` a ``stamps`` ``beats`` veces, produciendo ``Sleep(interval)`` entre dos latidos
        (uno más tras el último no hace daño), y retorna ``beats``. ``longest_gap(stamps)``: el
        mayor tiempo entre dos marcas consecutivas (el float 0.0 si hay menos de dos); deja la lista
        ``stamps`` tal como está. Si ejecutas un latido junto al ``blocking_upload`` del tutorial de
        partida con un reloj real, el hueco es la subida entera: la tarea bloqueante dejó sin turno
        a todas las demás.
Tarea 5. ``threaded_upload(work, poll=0.01)``: el remedio del tutorial de partida, sin su error. Una
        tarea que ejecuta ``work()`` una sola vez en otro hilo (un ``threading.Thread``, por
        ejemplo), produce ``Sleep(poll)`` mientras ese hilo sigue ocupado con ella, espera a que
        termine y retorna lo que retornó ``work()``. Si ``work()`` lanzó una excepción, la tarea
        lanza la misma (la excepción de un hilo se pierde si no la traes tú). Un latido a su lado
        sigue latiendo, y dos tareas así pueden ejecutarse a la vez, cada una con su propio ``work``
        y su propio resultado.
Tarea 6. ``upload_with_heartbeat(work, beats, interval)``: con tu propio ``run_with_sleeps`` y el
        reloj real, ejecuta ``heartbeat`` (``beats`` latidos cada ``interval`` s) junto a
        ``threaded_upload(work)``; devuelve ``(resultado de la subida, mayor hueco entre latidos)``.
        Con una subida de 0.2 s y latidos cada 0.02 s, el mayor hueco queda muy por debajo de 0.1 s.
        Llama a ``heartbeat``, ``threaded_upload`` y ``longest_gap`` por sus nombres: el corrector
        los sustituye por versiones correctas, para que esta tarea se califique por sí sola.

Cada función de primer nivel deja como estaban las listas, los diccionarios y los conjuntos que
recibe, salvo que su tarea diga otra cosa.

Las llamadas no comparten nada a través del módulo: mientras corren y cuando terminan, las variables
globales del módulo, los atributos de sus clases y los valores por defecto de los parámetros de sus
funciones contienen lo que contenían antes (un conjunto puede mantener vivas tareas en marcha
mientras tanto), salvo que una tarea diga otra cosa.

Ninguna función pone un límite que su tarea no dé: ni un tiempo de espera propio
(``asyncio.timeout``, ``asyncio.wait_for``, un argumento ``timeout=``) ni un tope a cuántas cosas se
ejecutan a la vez, a cuántos pasos dan o a cuántos datos manejan. Espera lo que tarde el trabajo.
"""

# TODO: necesitarás algunos de heapq, itertools, threading y collections.deque: impórtalos.
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Sleep:
    """Lo que produce una tarea para quedar aparcada ``seconds`` segundos: ``yield Sleep(0.5)``."""

    seconds: float


def real_wait_until(deadline, clock=time.perf_counter):
    """Bloquea todo el programa hasta que ``clock()`` llegue a ``deadline``: la espera de un
    bucle sin nada que hacer.
    """
    delay = deadline - clock()
    if delay > 0:
        time.sleep(delay)


def blocking_upload(work):
    """La tarea lenta del tutorial de partida: su segundo paso llama a ``work()`` y, mientras, no
    avanza nada más.
    """
    yield  # el primer paso solo anuncia la subida
    return work()


# Tarea 1
def round_robin(tasks):
    """Ejecuta tareas generadoras, un paso de cada una por turno, hasta que terminen todas."""
    # TODO: mantén una cola de tareas; saca la primera, llama a next() sobre ella y devuélvela al
    # final salvo que haya lanzado StopIteration.
    raise NotImplementedError("tarea 1: escribe round_robin")


# Tarea 2
def run_and_collect(tasks):
    """Ejecuta ``{name: task}`` por turnos; devuelve ``{name: lo que retornó la tarea}``."""
    # TODO: el bucle de la tarea 1 sobre pares (nombre, tarea); cuando una tarea lance
    # StopIteration, guarda su .value bajo su nombre (aunque sea None) y devuelve el dict al final.
    raise NotImplementedError("tarea 2: escribe run_and_collect")


# Tarea 3
def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    """Ejecuta ``{name: task}`` por turnos, aparcando las tareas que producen ``Sleep``."""
    # TODO: una cola de tareas listas y un montículo de (hora de despertar, contador, nombre,
    # tarea). Una tarea que produce Sleep(s) va al montículo con hora clock() + s; cualquier otro
    # yield la devuelve a la cola. Cuando no hay ninguna lista, llama una sola vez a wait_until(la
    # hora de despertar más temprana); después pasa a la cola de listas todas las tareas cuya hora
    # ha llegado. Devuelve {nombre: resultado}.
    raise NotImplementedError("tarea 3: escribe run_with_sleeps")


# Tarea 4
def heartbeat(stamps, beats, interval, clock=time.perf_counter):
    """Añade ``clock()`` a ``stamps`` ``beats`` veces, durmiendo ``interval`` entre una y otra."""
    # TODO: un generador: añade clock() a stamps, beats veces, con `yield Sleep(interval)` entre dos
    # latidos; retorna beats.
    raise NotImplementedError("tarea 4: escribe heartbeat")


def longest_gap(stamps):
    """El mayor tiempo entre dos marcas consecutivas; 0.0 si hay menos de dos."""
    # TODO: la mayor diferencia entre dos marcas vecinas, o 0.0.
    raise NotImplementedError("tarea 4: escribe longest_gap")


# Tarea 5
def threaded_upload(work, poll=0.01):
    """Ejecuta ``work()`` en un hilo; cede el control mientras dura; retorna su resultado o lanza
    su error.
    """
    # TODO: un generador: arranca un threading.Thread que llame una vez a work() y guarde su
    # resultado o su excepción; `yield Sleep(poll)` mientras el hilo siga vivo (no vuelvas a llamar
    # a work() en ese bucle: ese era el error del tutorial de partida); espéralo con join; retorna
    # el resultado o lanza la excepción.
    raise NotImplementedError("tarea 5: escribe threaded_upload")


# Tarea 6
def upload_with_heartbeat(work, beats, interval):
    """Ejecuta un latido junto a ``threaded_upload(work)``; devuelve (resultado, mayor hueco)."""
    # TODO: ejecuta {"heartbeat": heartbeat(...), "upload": threaded_upload(work)} con tu
    # run_with_sleeps sobre el reloj real (time.perf_counter, real_wait_until); devuelve el
    # resultado de la subida y longest_gap de las marcas del latido.
    raise NotImplementedError("tarea 6: escribe upload_with_heartbeat")
