"""``nox -s bench -- --tests`` times the README's test command and prints nox's figures."""

from __future__ import annotations

import sys

from grader.catalog import ROOT
from grader.commands import bench

NOX_SAYS = (
    "import sys\n"
    "print('nox > Running session tests-3.13')\n"
    "print('nox > Session tests-3.13 was successful in 2 minutes.', file=sys.stderr)\n"
    "raise SystemExit({code})\n"
)


def fake_nox(monkeypatch, code: int) -> None:
    command = [sys.executable, "-c", NOX_SAYS.format(code=code)]
    monkeypatch.setattr(bench, "test_command", lambda: command)


def test_the_tests_figure_reports_each_session_and_the_total(monkeypatch, capsys):
    fake_nox(monkeypatch, 0)
    assert bench.main(["--tests"]) == 0
    printed = capsys.readouterr().out
    assert "  Session tests-3.13 was successful in 2 minutes." in printed
    assert "  Running session" not in printed  # only the sessions' results
    assert "s in all (passed; target under 300 s: met)" in printed


def test_a_figure_says_whether_it_met_its_target_and_a_busy_machine_is_told(monkeypatch):
    assert bench.against(0.4, 0.5) == "target under 0.5 s: met"
    assert bench.against(0.63, 0.5) == "target under 0.5 s: MISSED by 0.13 s"
    monkeypatch.setattr(bench.os, "getloadavg", lambda: (9.0, 1.0, 1.0))
    assert "busy with other work" in bench.busy_warning()
    monkeypatch.setattr(bench.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert bench.busy_warning() == ""


def test_failed_tests_are_reported_and_fail_the_bench(monkeypatch, capsys):
    fake_nox(monkeypatch, 3)
    assert bench.main(["--tests"]) == 3
    assert "FAILED, exit status 3" in capsys.readouterr().out


def test_the_timed_command_is_the_readmes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = bench.test_command()
    assert " ".join(["pipx run nox", *command[-2:]]) in readme
    assert command[-3].endswith("nox")
