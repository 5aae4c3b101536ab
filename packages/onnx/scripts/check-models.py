"""Runs ONNX's own checker, with shape inference (full_check), on every model
that scripts/export-models.mjs wrote into a folder.

Run with Debian's python3-onnx (apt-get install -y python3-onnx):
    /usr/bin/python3 scripts/check-models.py <folder>
Exits 1 naming each model the checker refuses.
"""

import os
import sys

import onnx


def main():
    if len(sys.argv) != 2:
        print("usage: check-models.py <folder>", file=sys.stderr)
        return 2
    folder = sys.argv[1]
    names = sorted(n for n in os.listdir(folder) if n.endswith(".onnx"))
    failed = []
    for name in names:
        try:
            onnx.checker.check_model(onnx.load(os.path.join(folder, name)), full_check=True)
        except Exception as error:  # the checker raises several error types
            failed.append((name, str(error).splitlines()[0]))
    for name, reason in failed:
        print(f"{name}: {reason}")
    print(f"onnx {onnx.__version__}: {len(names) - len(failed)} of {len(names)} models pass the checker")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
