"""The Spanish edition: catalogs current and compiled, completeness, glossary, editions."""

from __future__ import annotations

import ast
import csv
import html
import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from submissions import EXERCISES, SOLUTIONS

from grader import i18n
from grader.catalog import ROOT, load_catalog
from grader.commands import gradescope
from grader.commands.stubs import drifted_stubs
from grader.commands.translations import (
    UPDATE_OPTIONS,
    compiled,
    fields,
    main,
    merge_fragments,
    mo_path,
    po_path,
    pybabel,
    read_catalog,
    translated_languages,
    untranslated,
    update_all,
)
from grader.editions import (
    FOLDERS,
    course_lookup,
    edition_stubs,
    untranslated_topics,
    work_in_another_edition,
)
from grader.i18n import DOMAINS, ENVIRONMENT
from grader.i18n_extract import check_description
from grader.stubs import stub_source
from grader.translated_stubs import missing_texts, stub_texts, translated_stub, untranslated_stub
from grader.variants import all_variants, expected_failures, variant_source

KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}


def extracted(domain: str) -> set[str]:
    """Every msgid the extractors find today in the sources of ``domain``."""
    with (ROOT / "locale" / f"{domain}.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _, _, message, _, _ in extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("language", translated_languages())
@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_catalogs_are_up_to_date(language, domain):
    """grader/locale/*.mo is what `nox -s i18n -- compile` makes of the committed .po."""
    assert mo_path(language, domain).read_bytes() == compiled(read_catalog(language, domain)), (
        f"{mo_path(language, domain)} is stale: run `nox -s i18n -- compile`"
    )


@pytest.mark.parametrize("language", translated_languages())
@pytest.mark.parametrize("domain", DOMAINS)
def test_catalogs_hold_every_text_of_the_sources(language, domain):
    """Every text the extractors find is in the .po file: `nox -s i18n` was run after the
    sources changed."""
    known = {message.id if isinstance(message.id, str) else message.id[0]
             for message in read_catalog(language, domain)}  # fmt: skip
    new = sorted(extracted(domain) - known)
    assert not new, f"{po_path(language, domain)} lacks {len(new)} text(s), e.g. {new[:3]}"


def test_updating_the_catalogs_again_changes_nothing(tmp_path):
    """`nox -s i18n` run again on the same sources rewrites no byte of the .po files: no dates
    that move, no fuzzy guesses, no line numbers (and it was run after the sources changed)."""
    for language in translated_languages():
        for domain in DOMAINS:
            copy = tmp_path / language / "LC_MESSAGES" / f"{domain}.po"
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(po_path(language, domain).read_bytes())
    update_all(tmp_path)
    changed = [
        f"{language}/{domain}.po"
        for language in translated_languages()
        for domain in DOMAINS
        if (tmp_path / language / "LC_MESSAGES" / f"{domain}.po").read_bytes()
        != po_path(language, domain).read_bytes()
    ]
    assert not changed, f"`nox -s i18n` would change {changed}: run it and commit the result"


def test_a_changed_text_is_a_new_empty_entry_not_a_fuzzy_guess(tmp_path):
    """The Spanish of an old text is never shown for a new one that merely looks like it."""
    catalog = tmp_path / "es" / "LC_MESSAGES" / "grader.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'
        'msgid "Nothing changed in the folder."\nmsgstr "No ha cambiado nada en la carpeta."\n',
        encoding="utf-8",
    )
    template = tmp_path / "grader.pot"
    template.write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "Nothing changed in the folders."\nmsgstr ""\n'
    )
    pybabel("update", "-i", str(template), "-d", str(tmp_path), "-D", "grader", *UPDATE_OPTIONS)
    with catalog.open("rb") as handle:
        (message,) = [m for m in read_po(handle) if m.id]
    assert message.id == "Nothing changed in the folders."
    assert not message.fuzzy and not message.string


def test_a_fragment_that_is_not_there_is_told_in_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["merge", "grader", str(tmp_path / "absent.po")])
    assert exit_.value.code == 2
    assert "no such fragment file: " in capsys.readouterr().err


def test_fragments_fill_empty_translations_and_keep_the_others(tmp_path):
    """`translations merge`: a translator's fragment fills what is empty, never changes a
    translation unless asked, and is refused where its placeholders are not the English's."""
    catalog = tmp_path / "es" / "LC_MESSAGES" / "grader.po"
    catalog.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'
    catalog.write_text(
        header + 'msgid "Took {s} s."\nmsgstr ""\n\nmsgid "Done."\nmsgstr "Hecho."\n\n'
        'msgid "Got {got}."\nmsgstr ""\n',
        encoding="utf-8",
    )
    fragment = tmp_path / "fragment.po"
    fragment.write_text(
        header + 'msgid "Took {s} s."\nmsgstr "Tardó {s} s."\n\nmsgid "Done."\nmsgstr "Listo."\n\n'
        'msgid "Got {got}."\nmsgstr "Se obtuvo {gto}."\n\nmsgid "Gone."\nmsgstr "Ido."\n',
        encoding="utf-8",
    )
    outcome = merge_fragments(catalog, [fragment])
    assert {name: keys for name, keys in outcome.items() if keys} == {
        "filled": ["Took {s} s."],
        "kept": ["Done."],
        "refused": ["Got {got}."],
        "unused": ["Gone."],
    }
    with catalog.open("rb") as handle:
        merged = {m.id: m.string for m in read_po(handle) if m.id}
    assert merged == {"Took {s} s.": "Tardó {s} s.", "Done.": "Hecho.", "Got {got}.": ""}
    assert merge_fragments(catalog, [fragment], replace=True)["replaced"] == ["Done."]


@pytest.mark.parametrize("language", translated_languages())
def test_every_grader_message_is_translated(language):
    """A message of the grader with an empty or fuzzy translation fails here, by name."""
    missing = untranslated(read_catalog(language, "grader"))
    assert not missing, f"{len(missing)} grader message(s) not translated: {missing[:10]}"


def wrong_fields(catalog) -> list[str]:
    """Translations whose ``{fields}`` the English does not fill: formatting them would fail.
    A plural form may leave a field out ("the only hint" for {count})."""
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        given = set().union(*map(fields, ids))
        if any(fields(form) - given for form in forms) or (
            len(forms) == 1 and fields(forms[0]) != given
        ):
            wrong.append(f"{ids[0]!r} -> {forms[0]!r}")
    return wrong


@pytest.mark.parametrize("language", translated_languages())
def test_every_translation_fills_the_fields_of_its_english(language):
    wrong = wrong_fields(read_catalog(language, "grader"))
    assert not wrong, "\n".join(wrong)


def test_a_translation_with_another_field_is_found():
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="es")
    catalog.add("It returned {got}.", "Devolvió {obtenido}.")
    catalog.add("It returned {got}; expected {want}.", "Devolvió {got}.")
    catalog.add("Well done.", "Bien hecho.")
    assert len(wrong_fields(catalog)) == 2


def test_the_remembered_language_file_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".language" in ignored


# The glossary: terms as the Spanish translation of Python's documentation uses them.

GLOSSARY = tomllib.loads((ROOT / "locale" / "es" / "glossary.toml").read_text(encoding="utf-8"))
README_ES = ROOT / "README.es.md"
CODE = re.compile(
    r"``.*?``|`[^`\n]*`|\"[^\"\n]*\"|«[^»]*»|\{[^}]*\}|%\([^)]*\)[sdr]|[\w.]+\([^()]*\)|\((?:\s*\w+\s*,)+\s*\w+\s*\)"
    r"|\w+(?:[./]\w+)+|\w*_\w*|(?<!\w)--?[\w-]+"
)


def prose(text: str) -> str:
    """``text`` without code, quotes, placeholders, calls, options, dotted or snake_case names."""
    return CODE.sub(" ", text)


def spanish_pairs() -> list[tuple[str, str, str]]:
    """(where, English, Spanish) for every translated text of both catalogs."""
    pairs = []
    for domain in DOMAINS:
        for message in read_catalog("es", domain):
            strings = (
                message.string if isinstance(message.string, tuple | list) else [message.string]
            )
            if not message.id or message.fuzzy or not all(strings):
                continue
            english = message.id if isinstance(message.id, str) else " ".join(message.id)
            pairs.append((f"{domain}.po", english, " ".join(strings)))
    return pairs


def test_spanish_texts_avoid_the_alternatives_the_docs_do_not_use():
    texts = [(where, spanish) for where, _, spanish in spanish_pairs()]
    if README_ES.is_file():
        texts.append(("README.es.md", README_ES.read_text(encoding="utf-8")))
    texts = [(where, prose(spanish)) for where, spanish in texts]
    found = []
    for term in GLOSSARY["terms"]:
        for pattern in term["avoid"]:
            regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)
            for where, spanish in texts:
                if match := regex.search(spanish):
                    found.append(f"{where}: {match.group()!r} instead of {term['es']!r}")
    assert not found, "\n".join(found[:20])


def test_spanish_texts_use_the_glossary_terms():
    """Where the English says "coroutine", the Spanish says "corrutina", and so on."""
    found = []
    pairs = [
        (where, prose(source), prose(translation)) for where, source, translation in spanish_pairs()
    ]
    for term in GLOSSARY["terms"]:
        english = re.compile(rf"(?<!\w)(?:{term['english']})(?!\w)", re.IGNORECASE)
        spanish = re.compile(rf"(?<!\w)(?:{term['spanish']})", re.IGNORECASE)
        for where, source, translation in pairs:
            if english.search(source) and not spanish.search(translation):
                found.append(f"{where}: {term['es']!r} missing from {translation[:90]!r}")
    assert not found, "\n".join(found[:20])


def test_the_glossary_catches_an_alternative():
    """The check can fail: a text with "co-rutina" or "loop de eventos" is caught."""
    avoided = [
        re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)
        for term in GLOSSARY["terms"]
        for pattern in term["avoid"]
    ]
    for bad in ("Una co-rutina espera.", "El loop de eventos se congela.", "Cada hebra."):
        assert any(regex.search(prose(bad)) for regex in avoided), bad


# Completeness: which topics the Spanish edition covers, and that they stay whole.

EJERCICIOS = ROOT / FOLDERS["es"]


def test_every_spanish_stub_is_translated_whole():
    """A topic that loses a text (a statement or TODO changed in its solution, a msgstr
    emptied or made fuzzy) fails here with the texts it lacks: `nox -s i18n` lists them."""
    missing = untranslated_topics("es")
    assert not missing, "\n".join(
        f"{stem} lacks the Spanish of: " + "; ".join(repr(text[:70]) for text in texts)
        for stem, texts in missing.items()
    )


def test_translated_topics_have_their_titles_in_spanish():
    lookup = course_lookup("es")
    untranslated_titles = [
        f"{topic.stem}: {title!r}"
        for topic in load_catalog()
        for title in (topic.title, *(task.title for task in topic.tasks))
        if not lookup(title)
    ]
    assert not untranslated_titles, "\n".join(untranslated_titles)


def test_every_hint_has_its_spanish():
    """Each hint of every task, up to the worked explanation, with its code lines as written."""
    lookup = course_lookup("es")
    missing, code_changed = [], []
    for topic in load_catalog():
        for task in topic.tasks:
            for number, hint in enumerate(task.hints, start=1):
                spanish = lookup(hint)
                if not spanish:
                    missing.append(f"{task.label} hint {number}: {hint[:60]!r}")
                elif [line for line in hint.splitlines()[1:] if line.startswith(" ")] != [
                    line for line in spanish.splitlines()[1:] if line.startswith(" ")
                ]:
                    code_changed.append(f"{task.label} hint {number}")
    assert not missing, "run `nox -s i18n`, then translate:\n" + "\n".join(missing)
    assert not code_changed, f"indented code lines differ from the English: {code_changed}"


def test_translated_topics_say_what_each_check_checks_in_spanish():
    """The first line of each test's docstring ("Checking: ...") of a translated topic."""
    lookup = course_lookup("es")
    untranslated_checks = []
    for topic in load_catalog():
        tree = ast.parse(topic.test_file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                line = check_description(ast.get_docstring(node))
                if node.name.startswith("test_") and line and not lookup(line):
                    untranslated_checks.append(f"{topic.stem}: {line!r}")
    assert not untranslated_checks, "run `nox -s i18n`, then translate:\n" + "\n".join(
        untranslated_checks
    )


def test_ejercicios_is_what_the_generator_makes():
    """`nox -s stubs -- --check` covers the Spanish edition too."""
    assert drifted_stubs(edition_stubs("es"), EJERCICIOS) == []


def test_a_topic_not_translated_whole_is_the_english_stub_under_a_spanish_note():
    """Never half English, half Spanish: with one text missing from the catalog, the
    Spanish edition of topic 01 is the whole English stub, said so in Spanish."""
    solution = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")
    full = course_lookup("es")
    dropped = stub_texts(solution)[0]
    lookup = lambda text: None if text == dropped else full(text)  # noqa: E731
    assert translated_stub(solution, full) is not None
    assert translated_stub(solution, lookup) is None
    assert missing_texts(solution, lookup) == [dropped]
    note, _, rest = untranslated_stub(stub_source(solution), lookup).partition('"""')
    assert note.startswith("# Este tema aún no está traducido")
    assert '"""' + rest == stub_source(solution)


def _definitions(text: str) -> list[tuple[str, list[str]]]:
    return [
        (node.name, [arg.arg for arg in node.args.args] if hasattr(node, "args") else [])
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    ]


@pytest.mark.parametrize("topic", load_catalog(), ids=lambda topic: topic.stem)
def test_spanish_stubs_keep_every_name_and_signature(topic):
    """The grader imports the same names from ejercicios/ as from exercises/."""
    english = stub_source((ROOT / "solutions" / topic.filename).read_text(encoding="utf-8"))
    spanish = (EJERCICIOS / topic.filename).read_text(encoding="utf-8")
    assert _definitions(spanish) == _definitions(english)


# Grading in Spanish: the grader's own words are all Spanish, and the verdicts do not change.


def grade_in(language: str, *args: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, ENVIRONMENT: language}
    return subprocess.run(
        [sys.executable, "-m", "grader", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )


def message_english() -> list[str]:
    """The fixed English pieces of every message the grader and the suites show, those their
    Spanish does not keep as they are (code, names)."""
    spanish = {
        message.id if isinstance(message.id, str) else message.id[0]: message.string
        for message in read_catalog("es", "grader")
    }
    with (ROOT / "locale" / "grader.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    pieces = set()
    for _, _, message, _, _ in extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS):
        key = message if isinstance(message, str) else message[0]
        translation = spanish.get(key) or ""
        translation = translation if isinstance(translation, str) else " ".join(translation)
        for text in [message] if isinstance(message, str) else message:
            for piece in re.split(r"\{[^}]*\}|%\([^)]*\)[sdr]|%s|%r", text):
                if len(piece.strip()) >= 12 and piece.strip() not in translation:
                    pieces.add(piece.strip())
    return sorted(pieces)


def english_in(texts: list[str]) -> list[str]:
    fragments = message_english()
    assert len(fragments) > 1000
    return sorted({piece for piece in fragments for text in texts if piece in text})


def test_a_spanish_teachers_gradebook_and_results_files_hold_no_english(tmp_path):
    """`--class` in Spanish: the gradebook's columns and review notes, every student's results
    file and the progress lines say nothing in the grader's English."""
    solution = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")
    students = {
        "ana": solution,  # everything right
        "bo": (EJERCICIOS / "01_generators.py").read_text(encoding="utf-8"),  # the stub
        "cy": "import sys\nsys._getframe()\n" + solution,  # flagged for review
        "di": None,  # submitted nothing
    }
    class_dir, out = tmp_path / "clase", tmp_path / "notas"
    for name, source in students.items():
        (class_dir / name).mkdir(parents=True)
        if source is not None:
            (class_dir / name / "01_generators.py").write_text(source, encoding="utf-8")
    run = grade_in("es", "01", "--class", str(class_dir), "--out", str(out))
    assert run.returncode == 0, run.stderr
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["estudiante", "01_generators", "total", "total_máximo", "revisión"]
    review = {row[0]: row[-1] for row in rows[1:]}
    assert "lee los marcos de la pila de llamadas" in review["cy"]
    assert "línea 2)" in review["cy"]
    assert review["ana"] == review["bo"] == review["di"] == ""
    texts = [run.stderr, run.stdout, (out / "gradebook.csv").read_text(encoding="utf-8")]
    for name in students:
        document = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        texts += [document["output"], *(t["name"] + t["output"] for t in document["tests"])]
    texts = [html.unescape(text) for text in texts]
    assert not english_in(texts), f"English in a Spanish teacher's files: {english_in(texts)}"


def test_a_spanish_gradescope_bundle_reports_in_spanish(tmp_path):
    """A bundle built with `--lang es`, run as Gradescope runs it on the Spanish stub of 01:
    the results' summary, task names and outputs hold none of the grader's English."""
    bundle = gradescope.build(tmp_path / "gradescope.zip", ["01"], "visible", "es")
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    (root / "submission").mkdir()
    (root / "results").mkdir()
    stub = (EJERCICIOS / "01_generators.py").read_text(encoding="utf-8")
    (root / "submission" / "01_generators.py").write_text(stub, encoding="utf-8")
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    env.pop(ENVIRONMENT, None)  # the bundle's own setting decides
    run = subprocess.run(
        ["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
        text=True, timeout=180,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    document = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    (topic,) = [topic for topic in load_catalog() if topic.stem.startswith("01")]
    points = sum(task.points for task in topic.tasks)
    assert document["output"].startswith(f"0 de {points} puntos")
    assert any("Aún sin hacer" in test["output"] for test in document["tests"])
    texts = [document["output"], *(t["name"] + t["output"] for t in document["tests"])]
    texts = [html.unescape(text) for text in texts]
    assert not english_in(texts), f"English in a Spanish Gradescope result: {english_in(texts)}"


def test_the_guards_words_reach_a_spanish_learner_in_spanish(tmp_path):
    """What the test process itself says (the guard's refusal, what a test left running) is
    translated there too: a 01 that opens the reference solution, and one that leaves a
    thread behind, graded in Spanish."""
    solution = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")
    reader, leaver = tmp_path / "reader", tmp_path / "leaver"
    reader.mkdir()
    leaver.mkdir()
    peek = f"\ntry:\n    open({str(ROOT / 'solutions' / '01_generators.py')!r}).read()\n"
    (reader / "01_generators.py").write_text(solution + peek + "except OSError:\n    pass\n")
    start_thread = (
        "    import threading\n"
        "    threading.Thread(target=threading.Event().wait, args=(30,), daemon=True,"
        " name='eco').start()\n"
    )
    left = solution.replace('    """Yield n, n - 1, ..., 1."""\n', start_thread, 1)
    assert left != solution
    (leaver / "01_generators.py").write_text(left)
    texts = []
    for folder in (reader, leaver):
        run = grade_in("es", "01", "-v", "--submission", str(folder))
        assert run.returncode == 0, run.stderr
        texts.append(run.stdout)
    assert "tu código intentó cambiar su nota: abrió la solución de referencia" in texts[0]
    assert "tu código había dejado un hilo (eco) todavía en marcha" in " ".join(texts[1].split())
    assert not english_in(texts), f"English from the test process: {english_in(texts)}"


def console_commands(text: str) -> list[str]:
    """The commands of a README: its console blocks' lines and its inline `nox ...` ones,
    comments dropped, ``--lang es`` (the Spanish README's own choice) left out."""
    lines = [
        line
        for block in re.findall(r"```console\n(.*?)```", text, re.DOTALL)
        for line in block.splitlines()
    ]
    lines += re.findall(r"`((?:pipx run |uvx )?nox [^`]*)`", text)
    commands = []
    for line in lines:
        command = line.split("#")[0].replace("--lang es", "").strip().removesuffix(" --")
        if command:
            commands.append(command)
    return commands


def test_the_spanish_readme_gives_the_readmes_commands():
    """Every command README.es.md shows is one the English README shows, and the two set-up
    commands come first in both."""
    english = console_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    spanish = console_commands(README_ES.read_text(encoding="utf-8"))
    assert spanish[:2] == english[:2] == ["pipx run nox -s grade", "pipx run nox -s tests"]
    assert len(spanish) > 5
    assert sorted(set(spanish) - set(english)) == []


def test_a_spanish_grade_has_no_english_from_the_grader(tmp_path):
    """The Spanish stubs of 01 and 04 graded in Spanish: the report, the progress lines, the
    results file's outputs and the HTML report hold none of the grader's or the suites' English
    phrases."""
    results, page = tmp_path / "results.json", tmp_path / "report.html"
    run = grade_in("es", "01", "04", "-v", "--json", str(results), "--html", str(page))
    assert run.returncode == 0, run.stderr
    assert "Nota de ejercicios" in run.stdout
    assert "Aún sin hacer: countdown sigue lanzando NotImplementedError" in run.stdout
    document = json.loads(results.read_text(encoding="utf-8"))
    texts = [run.stdout, run.stderr, document["output"], *(t["output"] for t in document["tests"])]
    texts = [html.unescape(text) for text in [*texts, page.read_text(encoding="utf-8")]]
    assert not english_in(texts), f"English in a Spanish grade: {english_in(texts)}"


def most_failing_variants() -> dict[str, Path]:
    """For each topic, the known-wrong variant that fails the most tasks (the most messages)."""
    chosen: dict[str, Path] = {}
    for variant in all_variants():
        stem = variant.parent.name
        if len(expected_failures(variant)) > len(expected_failures(chosen.get(stem, variant))):
            chosen[stem] = variant
        chosen.setdefault(stem, variant)
    return chosen


def test_wrong_code_is_told_in_spanish_with_the_same_verdicts(tmp_path):
    """A wrong variant of every topic, graded in Spanish: the verdicts its English grade gives
    (the tasks it declares failing, proved by test_reference), and failure messages that hold
    none of the suites' or the grader's English."""
    chosen = most_failing_variants()
    assert len(chosen) == len(load_catalog())
    for stem, variant in chosen.items():
        (tmp_path / f"{stem}.py").write_text(variant_source(variant), encoding="utf-8")
    run = grade_in("es", "-v", "--submission", str(tmp_path))
    assert run.stdout, run.stderr
    expected = {stem: expected_failures(variant) for stem, variant in chosen.items()}
    assert verdicts(run.stdout) == declared_verdicts(expected)
    assert "Se esperaba" in run.stdout or "se esperaba" in run.stdout
    found = english_in([run.stdout])
    assert not found, f"English in a Spanish grade of wrong code: {found}"


def test_english_grades_stay_english():
    run = grade_in("en", "01", "-q")
    assert "Grade for exercises" in run.stdout
    assert "Not done yet: countdown still raises NotImplementedError" in run.stdout


def verdicts(stdout: str) -> list[tuple[str, str, str]]:
    """Each topic's line of a report: its number, the tasks and the points it earned."""
    return re.findall(r"^[✔✘] (\d\d) .*?(\d+/\d+)\s+(\d+/\d+)", stdout, re.MULTILINE)


def declared_verdicts(failing: dict[str, set[int]]) -> list[tuple[str, str, str]]:
    """The report lines of topics whose given tasks fail and the others pass, as this Python
    counts them (a task it is too old for is left out)."""
    lines = []
    for topic in load_catalog():
        if topic.stem not in failing:
            continue
        counted = [t for t in topic.tasks if not t.min_python or sys.version_info >= t.min_python]
        passed = [task for task in counted if task.number not in failing[topic.stem]]
        points = (sum(task.points for task in group) for group in (passed, counted))
        lines.append((topic.number, f"{len(passed)}/{len(counted)}", "{}/{}".format(*points)))
    return lines


def test_spanish_grades_give_the_verdicts_of_english_ones():
    """The solutions pass and the Spanish stubs fail every task, graded in Spanish, as their
    English counterparts do in English (test_reference)."""
    topics = ["01_generators", "02_generator_coroutines", "03_own_loop", "04_async_await"]
    for folder, failing in (("solutions", set()), ("ejercicios", None)):
        run = grade_in("es", *(stem[:2] for stem in topics), "-q", "--submission", folder)
        assert run.returncode == 0, run.stderr
        all_tasks = {t.stem: {task.number for task in t.tasks} for t in load_catalog()}
        expected = {stem: all_tasks[stem] if failing is None else failing for stem in topics}
        assert verdicts(run.stdout) == declared_verdicts(expected)


def test_a_spanish_gradescope_bundle_grades_in_spanish(tmp_path):
    """`nox -s gradescope -- --lang es` bakes the language and the catalogs into the zip."""
    bundle = gradescope.build(tmp_path / "gradescope.zip", ["01"], "visible", "es")
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        settings = json.loads(archive.read(gradescope.SETTINGS_FILE))
    assert settings["language"] == "es"
    assert {f"grader/locale/es/LC_MESSAGES/{domain}.mo" for domain in DOMAINS} <= names


# Choosing the language once.


@pytest.fixture
def language_state(tmp_path, monkeypatch):
    """A remembered-language file of the test's own, and no inherited choice."""
    monkeypatch.setattr(i18n, "REMEMBERED", tmp_path / ".language")
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    yield tmp_path / ".language"
    i18n.activate("en")


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "es_ES.UTF-8"}, "es"),
        ({"LANG": "es_MX"}, "es"),
        ({"LC_ALL": "es_AR.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_locale_chooses_the_default_language(environ, language):
    assert i18n.locale_language(environ) == language


def test_the_chosen_language_is_remembered_for_the_next_commands(language_state, monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.choose_language(None) == "en"
    assert not language_state.exists()
    assert i18n.choose_language("es") == "es"
    assert language_state.read_text().strip() == "es"
    monkeypatch.delenv(ENVIRONMENT)  # a later command, in a new process
    assert i18n.choose_language(None) == "es"
    assert i18n._("Nothing changed.") == "No se ha cambiado nada."
    assert i18n.choose_language("en") == "en"
    monkeypatch.delenv(ENVIRONMENT)
    monkeypatch.setenv("LANG", "es_ES.UTF-8")  # the remembered choice beats the locale
    assert i18n.choose_language(None) == "en"
    assert i18n._("Nothing changed.") == "Nothing changed."


def test_a_spanish_locale_without_a_remembered_choice_speaks_spanish(language_state, monkeypatch):
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert i18n.choose_language(None) == "es"
    assert not language_state.exists()  # only an explicit --lang is remembered


def test_lang_is_read_before_the_parser_is_built():
    assert i18n.language_requested(["04", "--lang", "es"]) == "es"
    assert i18n.language_requested(["--lang=en", "-v"]) == "en"
    assert i18n.language_requested(["--lang", "xx"]) is None
    assert i18n.language_requested(["--", "--lang", "es"]) is None


def test_the_grader_help_and_argparse_errors_are_in_spanish():
    help_text = grade_in("es", "--help").stdout
    assert "uso:" in help_text and "muestra este mensaje de ayuda y termina" in help_text
    assert "califica solo estos temas" in help_text
    error = grade_in("es", "--no-such-option").stderr
    assert "argumentos no reconocidos: --no-such-option" in error


def test_work_in_the_other_editions_folder_is_found(tmp_path):
    """A learner who switched --lang grades the new folder's stubs: the work is elsewhere."""
    topic = next(topic for topic in load_catalog() if topic.stem == "04_async_await")
    (tmp_path / "exercises").mkdir()
    (tmp_path / "ejercicios").mkdir()
    stub = (EXERCISES / topic.filename).read_text(encoding="utf-8")
    (tmp_path / "exercises" / topic.filename).write_text(stub, encoding="utf-8")
    assert work_in_another_edition("es", [topic], root=tmp_path) is None  # a stub is no work
    solution = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    (tmp_path / "exercises" / topic.filename).write_text(solution, encoding="utf-8")
    assert work_in_another_edition("es", [topic], root=tmp_path) == ("en", [topic])
    assert work_in_another_edition("en", [topic], root=tmp_path) is None  # its own folder
