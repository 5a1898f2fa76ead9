"""Every text a suite shows a learner goes through the catalog, so it can be translated.

A suite writes its messages as ``_("... {field} ...")`` and passes the values to ``fail``,
``check`` or ``.format``; an English sentence in a literal or an f-string would reach a
Spanish learner untranslated. Test data and labels (a word or two) are not prose.
"""

from __future__ import annotations

import ast
import re

import pytest

from grader.catalog import ROOT

SUITES = sorted((ROOT / "tests").glob("test_[0-9][0-9]_*.py"))
TEXT_ARGUMENTS = {"fail": [0], "check": [1]}  # positional text arguments
TEXT_KEYWORDS = {"expected", "meaning", "message"}
MARKERS = {"_", "N_", "ngettext"}
WORD = re.compile(r"^\W*[A-Za-z][a-z]*'?[a-z]*\W*$")  # prose, not code (no _ ( = . inside)
PROSE_WORDS = 3  # a literal with this many words is a sentence, not a label


def words(node: ast.AST) -> int:
    """How many words the literal parts of a string expression hold."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return sum(1 for token in node.value.split() if WORD.match(token) and "_" not in token)
    if isinstance(node, ast.JoinedStr):
        return sum(words(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return words(node.left) + words(node.right)
    return 0


def is_docstring(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    statement = parents.get(node)
    holder = parents.get(statement)
    return (
        isinstance(statement, ast.Expr)
        and isinstance(holder, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and holder.body[0] is statement
    )


def inside(node: ast.AST, parents: dict[ast.AST, ast.AST], test) -> bool:
    while node in parents:
        node = parents[node]
        if test(node):
            return True
    return False


def is_marker_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS
    )


def is_promises(node: ast.AST) -> bool:
    return isinstance(node, ast.Assign) and any(
        isinstance(target, ast.Name) and target.id == "PROMISES" for target in node.targets
    )


def untranslated_texts(source: str) -> list[str]:
    """``line: text`` for each English sentence a suite would show as written."""
    tree = ast.parse(source)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    found = []

    def report(node: ast.AST) -> None:
        found.append(f"{node.lineno}: {ast.unparse(node)[:90]}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            texts = [node.args[i] for i in TEXT_ARGUMENTS.get(name, ()) if i < len(node.args)]
            texts += [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
            for text in texts:
                if words(text) >= 1:
                    report(text)
        elif (isinstance(node, ast.JoinedStr) and words(node) >= PROSE_WORDS) or (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and words(node) >= PROSE_WORDS
            and not is_docstring(node, parents)
            and not isinstance(parents.get(node), ast.JoinedStr)
            and not inside(node, parents, is_marker_call)
            and not inside(node, parents, is_promises)
            and inside(node, parents, lambda n: isinstance(n, ast.Return | ast.Call))
        ):
            report(node)
    return sorted(set(found), key=lambda line: int(line.split(":")[0]))


@pytest.mark.parametrize("suite", SUITES, ids=lambda path: path.stem)
def test_every_message_of_a_suite_goes_through_the_catalog(suite):
    found = untranslated_texts(suite.read_text(encoding="utf-8"))
    assert not found, (
        f"{suite.name}: write these as _('... {{field}} ...') with the values passed to "
        "fail/check/.format:\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    "source",
    [
        'fail("the result was wrong")',
        'fail(f"got {x}")',
        'check(ok, "it was " + str(x))',
        'expect_result(x, 1, call="f()", meaning="the number of items")',
        'def message(x):\n    return f"it returned {x} too early"',
        'lines.append(" ".join(["it was never", "cancelled at all"]))',
    ],
)
def test_an_untranslated_message_is_found(source):
    assert untranslated_texts(source)


@pytest.mark.parametrize(
    "source",
    [
        'fail(_("the result was wrong"))',
        'fail(_("got {x}"), x=show(x))',
        'check(ok, _("it was {x}").format(x=x))',
        'expect_result(x, 1, call=f"f({arg})", meaning=_("the number of items"))',
        'PROMISES = {1: {"key": "a promise the suite keeps"}}',
        'def f():\n    """A docstring of several words."""',
        'label = f"fetch {url}"',
    ],
)
def test_translated_texts_and_data_pass(source):
    assert not untranslated_texts(source)


def texts_inside_f_strings(source: str) -> list[int]:
    """Lines where ``_("...")`` is written inside an f-string: pybabel extracts it on Python
    3.12 and later only, so the catalogs would differ with the Python that made them."""
    return sorted(
        call.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.JoinedStr)
        for call in ast.walk(node)
        if is_marker_call(call) and any(isinstance(arg, ast.Constant) for arg in call.args)
    )


@pytest.mark.parametrize(
    "path",
    [*SUITES, *sorted((ROOT / "grader").rglob("*.py"))],
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_no_text_to_translate_hides_in_an_f_string(path):
    assert texts_inside_f_strings(path.read_text(encoding="utf-8")) == [], path


def test_a_text_inside_an_f_string_is_found():
    assert texts_inside_f_strings("f\"<b>{_('Well done!')}</b>\"") == [1]
    assert texts_inside_f_strings("done = _('Well done!')\nf'<b>{done}</b>'") == []


FIELD = re.compile(r"(?<!\{)\{[a-z_][a-z_0-9]*(?:[!:][^{}]*)?\}(?!\})")


def unfilled_messages(source: str) -> list[int]:
    """Lines of ``fail``/``check`` calls whose ``_("...{field}...")`` gets no values (the
    learner would read the braces, or ``{{`` doubled), or whose values have no field. The
    text may be written in the call or named before it in its function (``text = _("...")``)."""
    lines = []
    for scope in ast.walk(ast.parse(source)):
        if not isinstance(scope, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        nodes = list(own_nodes(scope))
        for node in nodes:
            name = getattr(node, "func", None) and getattr(
                node.func, "id", getattr(node.func, "attr", "")
            )
            position = TEXT_ARGUMENTS.get(name, [None])[0] if isinstance(node, ast.Call) else None
            if position is None or len(node.args) <= position:
                continue
            text = node.args[position]
            if isinstance(text, ast.Name):
                text = last_binding(nodes, text.id, node.lineno)
            if not (is_marker_call(text) and text.args and isinstance(text.args[0], ast.Constant)):
                continue
            values = [keyword for keyword in node.keywords if keyword.arg not in (None, "draw")]
            if any(keyword.arg is None for keyword in node.keywords):
                continue  # **values: not known here
            message = text.args[0].value
            if bool(FIELD.search(message) or "{{" in message or "}}" in message) != bool(values):
                lines.append(node.lineno)
    return sorted(lines)


def own_nodes(scope: ast.AST):
    """The nodes of a module or function, without those of the functions it defines."""
    for child in ast.iter_child_nodes(scope):
        yield child
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield from own_nodes(child)


def last_binding(nodes: list[ast.AST], name: str, before: int) -> ast.AST | None:
    """What ``name = ...`` last bound ``name`` to above line ``before``, among ``nodes``."""
    bound = [
        (node.lineno, node.value)
        for node in nodes
        if isinstance(node, ast.Assign)
        and any(isinstance(target, ast.Name) and target.id == name for target in node.targets)
        and node.lineno < before
    ]
    return max(bound, key=lambda entry: entry[0])[1] if bound else None


@pytest.mark.parametrize(
    "path",
    [*SUITES, *sorted((ROOT / "grader" / "inside").glob("*.py"))],
    ids=lambda path: path.name,
)
def test_every_message_gets_the_values_of_its_fields(path):
    assert unfilled_messages(path.read_text(encoding="utf-8")) == [], path


def test_a_message_without_its_values_is_found():
    assert unfilled_messages('fail(_("It returned {got}."))') == [1]
    assert unfilled_messages('scene.check(ok, _("Done."), got=1)') == [1]
    assert unfilled_messages('check(ok, _("It returned {got}."), got=1, draw=True)') == []
    assert unfilled_messages('fail(_("A dict: {{a: 1}}."))') == [1]
    assert unfilled_messages('fail(_("A dict: {{a: {n}}}."), n=1)') == []
    named = 'def test():\n    message = _("It returned {got}.")\n    check(ok, message)\n'
    assert unfilled_messages(named) == [3]
    assert unfilled_messages(named.replace("message)", "message, got=1)")) == []
