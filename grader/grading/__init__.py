"""Code that decides and writes grades, in the grading process.

It starts each topic's test process, reads and checks what comes back, scores the tasks
and writes every report and results file. The learner's code never runs here.
"""
