"""Instructor tooling: release exercises and autograde a cohort.

Run ``python -m autograder --help`` (or ``make grade SUBMISSIONS=...``).
"""
