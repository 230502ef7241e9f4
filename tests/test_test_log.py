"""The test runner's reading of Odoo logs: what counts as passed and failed."""

from run_tests import Run, print_fault_reports
from test_log import parse_odoo_log

HEAD = "2026-11-27 07:00:00,000 4242 {level} cc_test_db {logger}: {message}"


def log(*records):
    return "\n".join(HEAD.format(level=lv, logger=lg, message=msg) for lv, lg, msg in records)


SUMMARY_OK = (
    "INFO",
    "odoo.tests.result",
    "0 failed, 0 error(s) of 5 tests when loading database 'x'",
)


def test_all_passed():
    result = parse_odoo_log(log(SUMMARY_OK), 0)
    assert (result.passed, result.failed, result.skipped) == (5, 0, 0)


def test_failures_and_errors_are_counted_once():
    text = log(
        ("ERROR", "odoo.addons.cc_base.tests.test_a", "FAIL: TestA.test_x\nTraceback ..."),
        ("ERROR", "odoo.addons.cc_base.tests.test_a", "ERROR: TestA.test_y\nTraceback ..."),
        (
            "ERROR",
            "odoo.service.server",
            "1 failed, 1 error(s) of 5 tests when loading database 'x'",
        ),
    )
    result = parse_odoo_log(text, 1)
    assert (result.passed, result.failed) == (3, 2)
    assert [problem.splitlines()[0] for problem in result.problems] == [
        "FAIL: TestA.test_x",
        "ERROR: TestA.test_y",
    ]


def test_skipped_browser_test_is_a_failure():
    text = log(
        (
            "INFO",
            "odoo.addons.cc_base.tests.test_t",
            "skipped TestT.test_tour : Chrome executable not found",
        ),
        ("INFO", "odoo.addons.cc_base.tests.test_t", "skipped TestT.test_other : needs a licence"),
        SUMMARY_OK,
    )
    result = parse_odoo_log(text, 0)
    assert (result.passed, result.failed, result.skipped) == (3, 1, 1)
    assert "browser test skipped" in result.problems[0]


def test_warning_outside_tests_fails_the_run():
    text = log(
        (
            "WARNING",
            "odoo.modules.loading",
            "Module cc_base demo data failed to install\nTraceback",
        ),
        SUMMARY_OK,
    )
    result = parse_odoo_log(text, 0)
    assert result.failed == 1
    assert result.problems == [
        "WARNING odoo.modules.loading: Module cc_base demo data failed to install\nTraceback"
    ]


def test_crash_before_the_summary_fails():
    result = parse_odoo_log(
        log(("INFO", "odoo", "Loading module cc_base")) + "\nSegmentation fault", -11
    )
    assert result.failed == 1
    assert result.passed == 0


def test_non_zero_exit_fails_even_with_passing_tests():
    result = parse_odoo_log(log(SUMMARY_OK), 1)
    assert result.failed == 1


def test_fault_reports_are_collected_in_order():
    text = log(
        ("INFO", "odoo.addons.cc_base.tests.fault", "FAULT SEED meta bad input: 42"),
        (
            "INFO",
            "odoo.addons.cc_base.tests.fault",
            "FAULT REPORT meta bad input: stored 9, lost 0",
        ),
        ("INFO", "odoo.addons.cc_base.tests.test_x", "a line that says FAULT REPORT in passing"),
        ("INFO", "odoo.addons.cc_base.tests.fault", "FAULT REPORT sandbox bad input: lost 0"),
        SUMMARY_OK,
    )
    result = parse_odoo_log(text, 0)
    assert result.fault_reports == ["meta bad input: stored 9, lost 0", "sandbox bad input: lost 0"]
    assert (result.passed, result.failed) == (5, 0)


def test_fault_reports_print_together_under_a_heading(capsys, monkeypatch):
    monkeypatch.setenv("CC_FAULT_SCALE", "full")
    alone = Run("cc_base alone", "db1", ["cc_base"], "/cc_base")
    alone.result = parse_odoo_log(
        log(
            ("INFO", "odoo.addons.cc_base.tests.fault", "FAULT REPORT sandbox: lost 0"), SUMMARY_OK
        ),
        0,
    )
    quiet = Run("cc_scripts alone", "db2", ["cc_scripts"], "/cc_scripts")
    quiet.result = parse_odoo_log(log(SUMMARY_OK), 0)
    print_fault_reports([alone, quiet, Run("not run", "db3", [], "")])
    assert capsys.readouterr().out.splitlines() == [
        "Fault reports (CC_FAULT_SCALE=full):",
        "    [cc_base alone] sandbox: lost 0",
    ]


def test_no_fault_reports_no_heading(capsys):
    quiet = Run("cc_scripts alone", "db2", ["cc_scripts"], "/cc_scripts")
    quiet.result = parse_odoo_log(log(SUMMARY_OK), 0)
    print_fault_reports([quiet])
    assert capsys.readouterr().out == ""
