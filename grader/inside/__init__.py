"""Code that runs inside the test process, beside the learner's code.

The pytest plugin, the helpers the hidden suites import, and the guard. Nothing here decides
or writes a grade: the process it runs in only reports outcomes to the grading process.
"""
