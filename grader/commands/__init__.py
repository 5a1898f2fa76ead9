"""The commands people run: grading and reports, the learner's tools, the teacher's exports,
and the maintainer's benchmarks. Each module is ``python -m grader.commands.<name>``.
"""
