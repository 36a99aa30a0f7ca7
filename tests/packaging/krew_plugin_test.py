#!/usr/bin/env python3
"""The krew release as a user installs it: the plugin manifest (build/package/krew/plugins/
kexit.yaml) has every field krew's validation requires, its sha256 is the archive's, the archive
unpacks to the bin it names, and with that directory on PATH the real kubectl finds the plugin
and runs it.

Usage: krew_plugin_test.py MANIFEST ARCHIVE VERSION
"""
import hashlib
import os
import pathlib
import re
import shutil
import sys
import tarfile
import tempfile

import yaml

from checks import check, check_version, report, run

# What sigs.k8s.io/krew internal/index/validation/validate.go (ValidatePlugin,
# validatePlatform, validateSelector) refuses, each as one check.
KREW_API_VERSION = "krew.googlecontainertools.github.com/v1alpha2"
SHA256 = re.compile(r"^[a-f0-9]{64}$")
# krew parses spec.version as semver with its leading "v" (internal/installation/semver).
SEMVER = re.compile(r"^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
SAFE_NAME = re.compile(r"^[\w-]+$")

def check_platform(index, platform):
    where = f"spec.platforms[{index}]"
    check(platform.get("uri"), f"{where}.uri is missing")
    check(SHA256.match(str(platform.get("sha256", ""))), f"{where}.sha256 is not 64 hex digits")
    check(platform.get("bin"), f"{where}.bin is missing")
    selector = platform.get("selector") or {}
    labels = selector.get("matchLabels") or {}
    expressions = selector.get("matchExpressions") or []
    check(labels or expressions, f"{where}.selector is empty")
    keys = set(labels) | {expression.get("key") for expression in expressions}
    check(keys <= {"os", "arch"}, f"{where}.selector uses keys other than os and arch: {keys}")
    for operation in platform.get("files") or []:
        check(operation.get("from") and operation.get("to"), f"{where}.files needs from and to")


def check_manifest(manifest_path, manifest, version):
    name = pathlib.Path(manifest_path).stem
    check(manifest.get("apiVersion") == KREW_API_VERSION, f"apiVersion is not {KREW_API_VERSION}")
    check(manifest.get("kind") == "Plugin", "kind is not Plugin")
    check(SAFE_NAME.match(name), f"file name {name} is not a safe plugin name")
    check(manifest.get("metadata", {}).get("name") == name, f"metadata.name is not {name}")
    spec = manifest.get("spec", {})
    short = spec.get("shortDescription", "")
    check(short and "\n" not in short and "\r" not in short,
          "spec.shortDescription is missing or has a line break")
    check(SEMVER.match(str(spec.get("version", ""))), "spec.version is not a v-prefixed semver")
    check(spec.get("version") == f"v{version}", f"spec.version is not v{version}")
    platforms = spec.get("platforms") or []
    check(platforms, "spec.platforms is empty")
    for index, platform in enumerate(platforms):
        check_platform(index, platform)
    return platforms


def linux_amd64_platform(platforms):
    for platform in platforms:
        labels = platform.get("selector", {}).get("matchLabels", {})
        if labels.get("os") == "linux" and labels.get("arch") == "amd64":
            return platform
    return None


def unpack(archive, directory):
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            check(not member.name.startswith("/") and ".." not in member.name.split("/"),
                  f"archive member {member.name} would land outside the plugin's directory")
        tar.extractall(directory)
    return sorted(os.listdir(directory))


def run_plugin_through_kubectl(directory, bin_name, version):
    kubectl = shutil.which("kubectl")
    if not check(kubectl, "kubectl is not on PATH (scripts/setup.sh installs it)"):
        return
    # Only the unpacked directory and kubectl's own: build/kubectl-kexit must not be found.
    environment = {"PATH": f"{directory}:{os.path.dirname(kubectl)}", "HOME": directory}
    listed = run([kubectl, "plugin", "list"], env=environment)
    plugin_path = os.path.join(directory, bin_name)
    check(plugin_path in listed.stdout.splitlines(),
          f"kubectl plugin list does not list {plugin_path}:\n{listed.stdout}{listed.stderr}")
    check_version([kubectl, "kexit"], version, "kubectl kexit", env=environment)


def main():
    manifest_path, archive, version = sys.argv[1:4]
    with open(manifest_path, encoding="utf-8") as stream:
        manifest = yaml.safe_load(stream)
    platforms = check_manifest(manifest_path, manifest, version)
    platform = linux_amd64_platform(platforms)
    if check(platform, "no platform has the selector os: linux, arch: amd64"):
        digest = hashlib.sha256(pathlib.Path(archive).read_bytes()).hexdigest()
        check(platform.get("sha256") == digest,
              f"sha256 {platform.get('sha256')} is not the archive's {digest}")
        check(platform.get("uri", "").endswith("/" + os.path.basename(archive)),
              f"uri {platform.get('uri')} does not name {os.path.basename(archive)}")
        with tempfile.TemporaryDirectory() as directory:
            files = unpack(archive, directory)
            check(files == ["LICENSE", "README.md", "kubectl-kexit"],
                  f"the archive holds {files}, not kubectl-kexit, LICENSE and README.md")
            bin_path = os.path.join(directory, platform["bin"])
            if check(os.path.isfile(bin_path) and os.access(bin_path, os.X_OK),
                     f"the archive has no executable {platform['bin']}"):
                run_plugin_through_kubectl(directory, platform["bin"], version)
    return report(manifest_path)


if __name__ == "__main__":
    sys.exit(main())
