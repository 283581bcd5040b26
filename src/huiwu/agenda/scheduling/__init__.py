"""Multi-track agenda scheduling on the `conf-agenda-instance` v1 interchange format.

`instance.py` reads and checks an instance, `validator.py` checks any solution against every hard
rule (independently of the solver), `solver.py` builds and solves the CP-SAT model.
"""
