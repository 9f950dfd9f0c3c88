"""What the deep_rnn notebook's answers must not use.

Read by the grader (:func:`autograder.tamper.rule_breaks`): an answer cell
that uses one of ``NAMES`` loses its part, with ``WHY`` in the message.
"""
#: Names (a bare name or an attribute) no answer of this notebook may use.
NAMES = {"gluon_layer_params", "copy_from_gluon", "from_gluon_layout"}
WHY = ("this notebook asks you to read Gluon's parameters yourself, not "
       "through the course library's reader")
