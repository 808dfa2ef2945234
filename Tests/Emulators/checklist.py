"""A minimal check runner shared by the emulator proofs: named checks, one line each, and the
closing `N passed, N failed` line the test tooling reads."""

import sys
import traceback


class Checklist:
    def __init__(self, title):
        self.title = title
        self.passed = 0
        self.failed = 0

    def check(self, name):
        """Decorator: runs the function now, as one check; an exception fails it."""
        def run(fn):
            try:
                fn()
            except Exception as e:  # every failure is reported, the run goes on
                self.failed += 1
                print(f"FAIL {self.title}: {name}: {type(e).__name__}: {e}", flush=True)
                if "-v" in sys.argv:
                    traceback.print_exc()
            else:
                self.passed += 1
                print(f"ok   {self.title}: {name}", flush=True)
            return fn
        return run

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 and self.passed > 0 else 1


def expect(actual, expected, what=""):
    if actual != expected:
        raise AssertionError(f"{what or 'value'}: expected {expected!r}, got {actual!r}")
