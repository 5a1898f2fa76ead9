"""Tema 02: generadores como corrutinas.

En el tema 01 los valores salían de un generador, uno por cada ``next``. Pero un generador también
puede recibir valores: ``yield`` es una expresión, y ``x = yield y`` entrega ``y``, se congela y,
cuando quien lo llama ejecuta ``gen.send(value)``, continúa con ``x`` igual a ``value``. Entonces
``send`` devuelve el siguiente valor que produce el generador. (``next(gen)`` equivale a
``gen.send(None)``.) Un generador usado así, manejado desde fuera, es una corrutina.

Tres reglas del protocolo:

- Cebado. Un generador recién creado no ha llegado todavía a ningún ``yield``, así que un valor
  enviado no tiene adónde ir: ``gen.send(5)`` sobre un generador nuevo lanza ``TypeError: can't send
  non-None value to a just-started generator``. Llama antes una vez a ``next(gen)``.
- ``gen.throw(exc)`` lanza ``exc`` dentro del generador, en el ``yield`` donde está congelado. El
  generador puede capturarla y seguir (``throw`` devuelve entonces el siguiente valor que produzca)
  o dejarla salir. Pasa una instancia de la excepción: la forma de tres argumentos ``throw(type,
  value, traceback)`` está obsoleta desde Python 3.12.
- ``gen.close()`` lanza ``GeneratorExit`` en ese ``yield``. Se ejecutan los bloques ``finally`` del
  generador, que así puede limpiar, y después tiene que terminar: volver a producir un valor lanza
  ``RuntimeError: generator ignored GeneratorExit``. Python también cierra un generador sin terminar
  cuando el recolector de basura lo elimina.

``yield from sub`` delega en otro generador: todo lo que produce ``sub`` sale hacia quien llama,
cada ``send`` y cada ``throw`` de quien llama entra en ``sub``, y cuando ``sub`` retorna, su valor
de retorno pasa a ser el valor de la expresión ``yield from``.

De aquí viene asyncio. Su primera versión (Python 3.4) escribía las corrutinas como generadores con
``yield from``; ``async``/``await`` (3.5) es la misma maquinaria con nombres nuevos, y las
corrutinas basadas en generadores (``@asyncio.coroutine``) desaparecieron en 3.11. Una tarea de
asyncio sigue ejecutando su corrutina con ``coro.send(None)`` y la cancela con
``coro.throw(CancelledError())``.

El tutorial de partida (generadorYcorutina.py) turnaba tres "tareas" generadoras con un bucle
escrito a mano: sacar la primera tarea de una lista, llamar a ``next()`` sobre ella y devolverla al
final salvo que hubiera lanzado ``StopIteration``; una de las tareas delegaba parte de su trabajo
con ``yield from``. Esas tareas solo recibían ``next()``: los valores salían y nunca entraban, y el
valor que retornaba el generador delegado no se usaba nunca. Aquí manejas los generadores en el otro
sentido. (El tema 03 construye el bucle por turnos.)

Tarea 1. ``averager()``: una corrutina que da la media acumulada de los números que se le envían.
        Cebada con ``next``, produce ``None``; después ``send(10)`` devuelve ``10.0``, ``send(20)``
        devuelve ``15.0`` y ``send(30)`` devuelve ``20.0``. Usa ``value = yield average``. Dos
        averager abiertos a la vez promedian cada uno solo sus propios números.
Tarea 2. ``primed(generator_function)``: un decorador con el que la función decorada devuelve su
        generador ya cebado (avanzado hasta su primer ``yield``). Cada llamada crea un generador
        nuevo; los argumentos pasan tal cual; y la función decorada conserva su nombre y su
        docstring (``functools.wraps``).
Tarea 3. ``subtotal()``: una corrutina que suma los números que se le envían. No produce nada útil
        (``None``); cuando se le envía ``None``, retorna la suma, que quien la maneja encuentra en
        la ``StopIteration`` que lanza ``send``. Puede haber dos subtotales abiertos a la vez: cada
        uno suma solo sus propios números.
Tarea 4. ``group_totals(results)``: una corrutina que ejecuta un ``subtotal()`` tras otro con
        ``yield from`` y añade el valor de retorno de cada uno a la lista ``results``. Si se le
        envía ``1, 2, None, 5, None`` (después de cebarla), ``results`` queda ``[3, 5]``. Cada valor
        enviado tiene que llegar al ``subtotal`` en curso, y lo que este produzca tiene que volver a
        salir: eso es lo que hace ``yield from`` y no hace un bucle ``for``. Llama a ``subtotal``
        por su nombre: el corrector pone en su lugar uno que se sabe correcto (que produce ``"ready
        0"``, ``"ready 1"``, ...), para calificar esta tarea por sí sola.
Tarea 5. ``resettable_averager()``: como ``averager``, pero ``throw(Reset())`` le hace olvidar todos
        los números recibidos hasta entonces: ``throw`` devuelve ``None`` (la media de nada) y el
        siguiente ``send(4)`` devuelve ``4.0``. Cualquier otra excepción lanzada dentro tiene que
        salir de ``throw`` como antes. Puede haber dos abiertos a la vez: cada uno guarda sus
        propios números, y reiniciar uno no toca los del otro.
Tarea 6. ``batcher(size, flush)``: una corrutina que recibe elementos con ``send``; cada vez que
        reúne ``size`` elementos llama a ``flush(lista_de_elementos)``. Esa lista pasa a ser de
        ``flush``: empieza una lista nueva para los siguientes elementos en vez de vaciarla. Cuando
        se cierra, vacía los elementos que aún esperan (si los hay) antes de terminar: ``close()``
        no debe perder datos. Usa ``try``/``finally``, o captura ``GeneratorExit``, pero no vuelvas
        a producir ningún valor. Dos batcher abiertos a la vez agrupan cada uno solo los elementos
        que se les envían.

Cada función de primer nivel deja como estaban las listas, los diccionarios y los conjuntos que
recibe, salvo que su tarea diga otra cosa.

Las llamadas no comparten nada a través del módulo: mientras corren y cuando terminan, las variables
globales del módulo, los atributos de sus clases y los valores por defecto de los parámetros de sus
funciones contienen lo que contenían antes (un conjunto puede mantener vivas tareas en marcha
mientras tanto), salvo que una tarea diga otra cosa.
"""

import functools


# Tarea 1
def averager():
    """Recibe números con send(); produce la media acumulada (None antes del primer número)."""
    # TODO: lleva una suma y una cuenta; repite sin fin `value = yield average` y actualiza la media
    # tras cada valor (es None hasta que llega el primer número).
    raise NotImplementedError("tarea 1: escribe averager")


# Tarea 2
def primed(generator_function):
    """Decora una función generadora para que lo que devuelva ya esté cebado."""
    # TODO: devuelve una función (envuelta con functools.wraps(generator_function)) que llame a
    # generator_function con sus argumentos, llame una vez a next() sobre el generador y lo
    # devuelva.
    raise NotImplementedError("tarea 2: escribe primed")


# Tarea 3
def subtotal():
    """Suma los números enviados; al recibir None, retorna la suma."""
    # TODO: repite `value = yield`; suma cada valor a un total; cuando value sea None, retorna el
    # total.
    raise NotImplementedError("tarea 3: escribe subtotal")


# Tarea 4
def group_totals(results):
    """Ejecuta un subtotal() tras otro con yield from; guarda el valor de retorno de cada uno."""
    while True:
        # TODO: este bucle for deja salir lo que produce subtotal, pero no lo que se le envía, y
        # pierde el valor que retorna subtotal. Usa `yield from subtotal()` en su lugar y añade a
        # results el valor que da.
        for value in subtotal():
            yield value


# Tarea 5
class Reset(Exception):
    """Se lanza dentro de ``resettable_averager`` para que empiece de cero."""


def resettable_averager():
    """Como averager; throw(Reset()) olvida todos los números recibidos hasta entonces."""
    # TODO: como averager, pero con el yield dentro de un try: en `except Reset`, olvida la suma y
    # la cuenta, y vuelve al principio del bucle para producir None otra vez.
    raise NotImplementedError("tarea 5: escribe resettable_averager")


# Tarea 6
def batcher(size, flush):
    """Recibe elementos con send(); llama a flush(batch) cada ``size`` elementos, y con el resto
    en close().
    """
    batch = []
    # TODO: close() lanza GeneratorExit en el yield de abajo, y se pierde lo que quede en batch.
    # Envuelve el bucle en try/finally y vacía lo que quede (si queda algo).
    while True:
        batch.append((yield))
        if len(batch) == size:
            flush(batch)
            batch = []
