"""Tema 12: bucles de eventos.

Cada ``asyncio.run(main())`` hasta ahora escondía un bucle de eventos: un objeto con una cola de
retrollamadas listas para ejecutarse y un montículo de temporizadores. Ejecuta las retrollamadas
listas de una en una, en un solo hilo; cuando no hay ninguna lista, duerme en el ``select`` del
sistema operativo hasta que vence el siguiente temporizador o llegan datos a un socket. Las tareas
se construyen sobre él: cada paso de una corrutina, hasta su siguiente ``await``, es una
retrollamada. Aquí manejas un bucle a mano, como hace ``asyncio.run`` por debajo, para que el código
de bucles de programas más antiguos (el del tutorial de partida incluido) deje de parecer magia y
sepas qué llamadas son trampas.

Las piezas:

- ``asyncio.new_event_loop()`` crea un bucle. Todavía no se ejecuta nada.
- ``loop.run_until_complete(coro)`` ejecuta el bucle hasta que esa corrutina (o ese Future) termina,
  y después devuelve su resultado o lanza su excepción.
- ``loop.run_forever()`` ejecuta el bucle hasta que algo llame a ``loop.stop()``. Mientras se
  ejecuta, tu código está atrapado dentro de ``run_forever``, así que ese algo tiene que ser una
  retrollamada (o una tarea) del propio bucle. ``stop()`` deja terminar la vuelta en curso y después
  ``run_forever`` retorna.
- ``loop.call_soon(f, *args)`` ejecuta ``f(*args)`` en la siguiente vuelta del bucle,
  ``loop.call_later(delay, f, *args)`` dentro de ``delay`` segundos, y ``loop.call_at(when, f,
  *args)`` cuando ``loop.time()`` llega a ``when``. ``loop.time()`` es el reloj monótono propio del
  bucle, con un origen arbitrario: no es ni ``time.time()`` ni ``time.monotonic()``, así que da a
  ``call_at`` solo tiempos calculados a partir de ``loop.time()``. Cada una devuelve un asa cuyo
  ``cancel()`` anula la llamada.
- ``loop.close()`` libera el selector y los descriptores de archivo del bucle. Un bucle cerrado no
  puede volver a ejecutarse; uno que nunca se cierra los pierde (Python avisa "unclosed event
  loop"). Ciérralo en un ``finally``, para que una excepción no pueda saltárselo.
- ``asyncio.Runner`` (3.11+) es el envoltorio moderno: ``with asyncio.Runner() as runner:`` y luego
  ``runner.run(coro)`` tantas veces como quieras, todas en un mismo bucle. Al salir del bloque
  ``with`` se cancelan las tareas que sigan en marcha, se terminan los generadores asíncronos, se
  apaga el ejecutor por omisión y se cierra el bucle. ``loop_factory=`` elige el bucle (uvloop, o el
  bucle con reloj virtual de una prueba). ``asyncio.run(coro)`` es un Runner que se usa una vez.

Lo que mostraba el tutorial de partida. En su sección introToLoops el autor solo miraba tres
llamadas: ``loop.run_until_complete(future)``, ``loop.run_forever()`` y ``loop.stop()``. Su
futures.py toma ``asyncio.get_event_loop()``, crea tareas en él y llama a ``loop.run_forever()``
desde dentro de una corrutina que ya se está ejecutando en ese mismo bucle. Eso lanza
``RuntimeError: This event loop is already running``: la corrutina que llama a ``run_forever`` es
ella misma la retrollamada que el bucle está ejecutando en ese momento, y un bucle no puede volver a
arrancar debajo de su propia retrollamada. ``run_forever`` y ``run_until_complete`` son para el
código síncrono, fuera de cualquier bucle. Dentro de una corrutina ya estás en el bucle: arranca
tareas y espéralas (tema 05).

Por qué ``get_event_loop()`` no es el camino. Es anterior a ``asyncio.run``. Llamada sin ningún
bucle en marcha, devuelve un "bucle actual" guardado para el hilo; cuando no hay ninguno, crea y
guarda uno sin avisar en el hilo principal (salvo que algo ya haya fijado o quitado el bucle actual:
entonces lanza una excepción), y en otros hilos lanza una excepción. Ese bucle escondido lo
comparten todos los que llaman en el hilo y no es de nadie, así que nadie lo cierra; y cuando
alguien lo hace, el siguiente ``get_event_loop()`` entrega el bucle cerrado y la siguiente ejecución
falla con "Event loop is closed". Desde 3.12 la llamada avisa cuando no hay bucle actual
(``DeprecationWarning: There is no current event loop``), y desde 3.14 lanza ``RuntimeError`` en
lugar de crear uno. En código síncrono crea un bucle que sea tuyo (``asyncio.run``, un ``Runner``, o
``new_event_loop`` y ``close``); dentro de una corrutina, ``asyncio.get_running_loop()`` devuelve el
bucle que te está ejecutando y nunca crea uno.

El ``asyncio.new_event_loop()`` del corrector (al que también llaman ``Runner`` y ``asyncio.run``)
te da un bucle con reloj virtual: cuando no hay nada listo, su reloj salta directamente al siguiente
temporizador, así que ``call_later(1, ...)`` no consume tiempo real mientras ``loop.time()`` avanza
exactamente 1.0. Crea tus bucles con ``asyncio.new_event_loop()``, no nombrando una clase de bucle,
y cierra cada bucle que crees. Deja el bucle actual del hilo como lo encontraste: si conviertes un
bucle en el actual con ``asyncio.set_event_loop(loop)``, restablécelo con
``asyncio.set_event_loop(None)`` antes de retornar, como hace ``asyncio.run``; un bucle cerrado que
se queda como actual es lo que entregará el siguiente ``get_event_loop()`` en ese hilo.

Tarea 1. ``run_once(coro)``: a mano, ejecuta la corrutina ``coro`` hasta el final en un bucle nuevo
        creado con ``new_event_loop()`` (``run_until_complete`` la ejecuta hasta el final) y
        devuelve su resultado. Cierra el bucle pase lo que pase: cuando ``coro`` lanza una
        excepción, esta llega a quien llama y el bucle se cierra igualmente. No uses
        ``asyncio.run``: eso es lo que estás reconstruyendo.
Tarea 2. ``countdown(start, interval, say)``: un programa hecho solo de retrollamadas, sin
        corrutinas. En un bucle nuevo, ``say(start)`` se ejecuta enseguida (eso hace ``call_soon``),
        ``say(start - 1)`` ``interval`` segundos después (``call_later``), y así hasta ``say(0)``;
        el bucle se detiene en cuanto se dice 0 (la retrollamada que dice 0 puede llamar a
        ``loop.stop()``). Ejecuta el bucle con ``loop.run_forever()`` y ciérralo cuando retorne.
Tarea 3. ``metronome(beats, interval, on_beat)``: en un bucle nuevo, llama a ``on_beat(0)``
        enseguida, a ``on_beat(1)`` ``interval`` segundos después del inicio, y así hasta
        ``on_beat(beats - 1)`` en ``start + (beats - 1) * interval``; detén el bucle con ese último
        pulso y ciérralo. ``on_beat`` tarda un rato (el del corrector tarda 0.3 s de tiempo del
        bucle por llamada), así que programar cada pulso siguiente con ``call_later(interval, ...)``
        desde dentro de un pulso se desvía: cada pulso empieza tarde por el trabajo de todos los
        anteriores. Lee ``start = loop.time()`` una sola vez y programa el pulso ``i`` para ``start
        + i * interval`` en el reloj del bucle (``loop.call_at(start + i * interval, ...)`` lo
        hace): los pulsos se mantienen en la rejilla. Con ``beats`` igual a 0 no hay pulso que
        llamar: retorna enseguida.
Tarea 4. ``run_steps(steps, loop_factory=None)``: ``steps`` es una lista de funciones asíncronas sin
        argumentos. Ejecútalas una tras otra desde código síncrono y devuelve sus resultados en una
        lista. Comparten cosas que pertenecen a un mismo bucle (una tarea que arranca un paso y que
        espera un paso posterior), así que todos los pasos tienen que ejecutarse en el mismo bucle:
        usa un único ``asyncio.Runner(loop_factory=loop_factory)`` para todos, cerrado al final
        incluso si falla un paso (su excepción llega a quien llama; los pasos posteriores no se
        ejecutan). Esta tarea trata del Runner: aquí no vale un bucle que crees y manejes tú (con
        ``new_event_loop()`` y ``run_until_complete``). La versión que te damos llama a
        ``asyncio.run`` para cada paso, lo que crea un bucle nuevo cada vez. Arréglala.
Tarea 5. ``run_report(make_report)``: la versión que te damos es el patrón del tutorial de partida,
        ``loop = asyncio.get_event_loop()`` y luego ``return
        loop.run_until_complete(make_report())``. Avisa en 3.12 y 3.13, falla en 3.14 y nunca cierra
        el bucle. Reescríbela sin ``get_event_loop()``, para que cada llamada ejecute
        ``make_report()`` en un bucle propio y deje ese bucle cerrado, también cuando
        ``make_report()`` lanza una excepción (esa excepción llega a quien llama). Tiene que
        funcionar aunque se llame una y otra vez.

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

import asyncio


# Tarea 1
def run_once(coro):
    """Ejecuta ``coro`` en un bucle nuevo, a mano, y cierra el bucle pase lo que pase."""
    # TODO: crea un bucle con asyncio.new_event_loop(), ejecuta coro con loop.run_until_complete y
    # devuelve su resultado; cierra el bucle en un finally.
    raise NotImplementedError("tarea 1: escribe run_once")


# Tarea 2
def countdown(start, interval, say):
    """Di ``start``, ``start - 1``, ... ``0``, uno cada ``interval`` segundos, con retrollamadas."""
    # TODO: en un bucle nuevo, programa con call_soon una retrollamada que diga un número y, o bien
    # programe la siguiente con call_later, o bien, tras decir 0, llame a loop.stop(). Después
    # loop.run_forever() y cierra el bucle.
    raise NotImplementedError("tarea 2: escribe countdown")


# Tarea 3
def metronome(beats, interval, on_beat):
    """Llama a ``on_beat(i)`` en ``start + i * interval`` para cada pulso, sin desviarse."""
    # TODO: en un bucle nuevo, lee start = loop.time() una sola vez, programa cada pulso con
    # loop.call_at(start + i * interval, ...), detén el bucle tras el último pulso y ciérralo.
    raise NotImplementedError("tarea 3: escribe metronome")


# Tarea 4
def run_steps(steps, loop_factory=None):
    """Ejecuta todos los pasos en el bucle de un mismo Runner, uno tras otro; devuelve sus
    resultados.
    """
    # TODO: asyncio.run crea un bucle nuevo para cada paso, así que lo que arranca un paso ha
    # desaparecido en el siguiente. Usa un único asyncio.Runner(loop_factory=loop_factory) para
    # todos los pasos, en un bloque with.
    return [asyncio.run(step()) for step in steps]


# Tarea 5
def run_report(make_report):
    """Ejecuta ``make_report()`` en un bucle propio, que se cierra después."""
    # TODO: el patrón del tutorial de partida: get_event_loop() avisa (3.12+), falla (3.14+) y el
    # bucle nunca se cierra. Ejecuta make_report() en un bucle nuevo que se cierre.
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(make_report())
