#!/usr/bin/env python3
"""The Debian package as a user installs it: its Depends is what dpkg-shlibdeps computes for the
libraries kexit links, lintian reports no error, and the files unpacked with dpkg-deb -x work:
both binaries run, the completions are what the binary prints, and man renders the page.

Usage: deb_package_test.py DEB VERSION
"""
import gzip
import os
import re
import sys
import tempfile

from checks import check, check_version, report, run


def control_fields(deb):
    info = run(["dpkg-deb", "-I", deb])
    check(info.returncode == 0, f"dpkg-deb -I failed: {info.stderr}")
    fields = {}
    for line in info.stdout.splitlines():
        match = re.match(r"^ ([A-Za-z-]+): (.*)$", line)
        if match:
            fields[match.group(1)] = match.group(2)
    return fields


def needed_packages(binary):
    """The Debian packages of the libraries the binary names as NEEDED (not those they need in
    turn), found where ldd resolves them."""
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", run(["readelf", "-d", binary]).stdout)
    resolved = dict(re.findall(r"^\s*(\S+) => (\S+) \(", run(["ldd", binary]).stdout, re.M))
    packages = set()
    for soname in needed:
        # dpkg knows a library by the path its package ships, /lib or /usr/lib (merged /usr):
        # match the multiarch directory and name, wherever it is.
        directory = os.path.basename(os.path.dirname(resolved.get(soname, "")))
        owner = run(["dpkg-query", "-S", f"*/{directory}/{soname}"])
        check(directory and owner.returncode == 0, f"no installed package has {soname}")
        packages.update(line.split(":")[0] for line in owner.stdout.splitlines())
    return packages


def check_depends(fields, binary):
    depends = fields.get("Depends", "")
    names = {re.split(r"[ (]", item.strip())[0] for item in depends.split(",") if item.strip()}
    expected = needed_packages(binary)
    check(expected and expected <= names,
          f"Depends '{depends}' lacks the packages of kexit's libraries {sorted(expected)}")
    # Versioned minimums from the libraries' symbols files: dpkg-shlibdeps' mark.
    check(re.search(r"libc6 \(>= [0-9.]+\)", depends), f"Depends '{depends}' has no libc6 (>= ...)")


def check_lintian(deb):
    lintian = run(["lintian", "--tag-display-limit", "0", deb])
    print(lintian.stdout, end="")
    errors = [line for line in lintian.stdout.splitlines() if line.startswith("E:")]
    check(lintian.returncode in (0, 2) and not errors,
          f"lintian status {lintian.returncode}, errors: {errors}{lintian.stderr}")


def check_binaries(root, version):
    for name in ("kexit", "kubectl-kexit"):
        check_version([os.path.join(root, "usr/bin", name)], version, f"usr/bin/{name}")
    check(os.readlink(os.path.join(root, "usr/bin/kubectl-kexit")) == "kexit",
          "usr/bin/kubectl-kexit is not a symlink to kexit")


def check_completions(root):
    kexit = os.path.join(root, "usr/bin/kexit")
    places = {"bash": "usr/share/bash-completion/completions/kexit",
              "zsh": "usr/share/zsh/vendor-completions/_kexit",
              "fish": "usr/share/fish/vendor_completions.d/kexit.fish"}
    for shell, place in places.items():
        path = os.path.join(root, place)
        if check(os.path.isfile(path), f"no {place}"):
            with open(path, encoding="utf-8") as stream:
                installed = stream.read()
            printed = run([kexit, "completion", shell]).stdout
            check(installed and installed == printed,
                  f"{place} is not what `kexit completion {shell}` prints")


def check_man_page(root):
    page = os.path.join(root, "usr/share/man/man1/kexit.1.gz")
    if not check(os.path.isfile(page), "no usr/share/man/man1/kexit.1.gz"):
        return
    check(os.readlink(os.path.join(root, "usr/share/man/man1/kubectl-kexit.1.gz")) == "kexit.1.gz",
          "usr/share/man/man1/kubectl-kexit.1.gz is not a symlink to kexit.1.gz")
    with gzip.open(page, "rt", encoding="utf-8") as stream:
        check(stream.read().startswith(".\\\" DO NOT MODIFY THIS FILE!"),
              "kexit.1 was not written by help2man")
    environment = dict(os.environ, MANWIDTH="100", LC_ALL="C.UTF-8", MAN_KEEP_FORMATTING="")
    rendered = run(["man", "--warnings", "-l", page], env=environment)
    text = re.sub(r".\x08", "", rendered.stdout)
    check(rendered.returncode == 0, f"man -l failed: {rendered.stderr}")
    check(not rendered.stderr, f"man --warnings: {rendered.stderr}")
    for heading in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS"):
        check(re.search(rf"^{heading}$", text, re.M), f"the rendered page has no {heading}")
    check("kexit - why did this container exit?" in text, "the page's NAME line is not kexit's")
    for command in ("inspect", "explain", "completion", "version"):
        check(re.search(rf"^   {command}$", text, re.M), f"COMMANDS has no {command}")


def main():
    deb, version = sys.argv[1:3]
    with tempfile.TemporaryDirectory() as root:
        extracted = run(["dpkg-deb", "-x", deb, root])
        if check(extracted.returncode == 0, f"dpkg-deb -x failed: {extracted.stderr}"):
            check_depends(control_fields(deb), os.path.join(root, "usr/bin/kexit"))
            check_binaries(root, version)
            check_completions(root)
            check_man_page(root)
    check_lintian(deb)
    return report(deb)


if __name__ == "__main__":
    sys.exit(main())
