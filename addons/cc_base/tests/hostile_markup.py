"""Texts that only harm when a view renders them as HTML, for the escaping
probes (issue #11). The tours' shownLiterally() (cc_base's
static/tests/tours/tour_steps.js) fails on any trace of them in a page."""

import re
from pathlib import Path

from .fault import fault_report

# The steps of a tour that check a view: shownLiterally() and the steps
# made of it (graphTooltip() of cc_dashboard's report_steps.js).
CHECK_STEP = re.compile(r"\b(?:shownLiterally|graphTooltip)\(")


def hostile(word):
    """word inside an element of class cc-injected, then an image whose
    error handler and a script that set window.__ccInjected. Shown as text,
    it starts with hostileText(word) of tour_steps.js."""
    return (
        f'<i class="cc-injected">{word}</i>'
        '<img src=x onerror="window.__ccInjected=1">'
        "<script>window.__ccInjected=1</script>"
    )


def report_escaping(scenario, tour_file):
    """The probe's FAULT REPORT line, once its tour passed: each view its
    tour checked showed the hostile texts as text."""
    views = len(CHECK_STEP.findall(Path(tour_file).read_text()))
    fault_report(f"security: HTML shown as text, {scenario}", views=views, rendered_as_html=0)
