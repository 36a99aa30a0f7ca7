"""What both packaging tests share: failures collected rather than raised (so one run names
every problem of a package), a subprocess runner, the check that a kexit binary prints its
version, and the summary line that sets the exit status."""
import subprocess

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def run(command, **options):
    return subprocess.run(command, capture_output=True, text=True, **options)


def check_version(command, version, what, **options):
    """`<command> version` exits 0 and prints `kexit <version> ...`, as the user sees it."""
    ran = run(command + ["version"], **options)
    check(ran.returncode == 0 and ran.stdout.startswith(f"kexit {version} "),
          f"{what} version gave {ran.returncode}: {ran.stdout}{ran.stderr}")


def report(subject):
    """Prints every failure and a summary; returns the process's exit status."""
    for failure in failures:
        print(f"FAIL: {failure}")
    print(f"{subject}: {len(failures)} failures")
    return 1 if failures else 0
