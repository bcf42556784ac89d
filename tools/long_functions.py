"""List the functions and methods of plugins/ longer than a limit (default 60 lines)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def long_functions(root, limit):
    for path in sorted(Path(root).rglob('*.py')):
        if '__pycache__' in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > limit:
                    yield path, node.name, length


def main():
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    found = list(long_functions('plugins', limit))
    for path, name, length in found:
        print('%s: %s is %d lines' % (path, name, length))
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
