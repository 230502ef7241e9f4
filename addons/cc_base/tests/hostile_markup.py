"""Texts that only harm when a view renders them as HTML, for the escaping
probes (issue #11). The tours' shownLiterally() (cc_base's
static/tests/tours/tour_steps.js) fails on any trace of them in a page."""


def hostile(word):
    """word inside an element of class cc-injected, then an image whose
    error handler and a script that set window.__ccInjected. Shown as text,
    it starts with hostileText(word) of tour_steps.js."""
    return (
        f'<i class="cc-injected">{word}</i>'
        '<img src=x onerror="window.__ccInjected=1">'
        "<script>window.__ccInjected=1</script>"
    )
