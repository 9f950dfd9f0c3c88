"""What the lstm notebook's answers must not use.

Read by the grader (:func:`autograder.tamper.rule_breaks`): an answer cell
that uses one of ``NAMES`` loses its part, with ``WHY`` in the message.
"""
#: Names (a bare name or an attribute) no answer of this notebook may use.
NAMES = set()
WHY = ""
