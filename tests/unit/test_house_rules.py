# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The house rules of plugins/, read from the code: short functions, thin module mains, private
helpers marked private and never imported by name from outside their module, and the core
package free of Ansible (it runs on the router without it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / 'plugins'
SOURCES = sorted(path for path in PLUGINS.rglob('*.py') if '__pycache__' not in path.parts)
COLLECTION = 'ansible_collections.homelab.ipv6.'
LONGEST_FUNCTION = 60
LONGEST_MAIN = 15


def _tree(path):
    return ast.parse(path.read_text(encoding='utf-8'))


def _name(path):
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize('path', SOURCES, ids=_name)
def test_no_function_is_longer_than_a_screen(path):
    long = ['%s (%d lines)' % (node.name, node.end_lineno - node.lineno + 1) for node in ast.walk(_tree(path))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > LONGEST_FUNCTION]
    assert not long


@pytest.mark.parametrize('path', sorted((PLUGINS / 'modules').glob('*.py')), ids=_name)
def test_a_modules_main_is_its_argument_spec_and_a_call(path):
    for node in _tree(path).body:
        if isinstance(node, ast.FunctionDef) and node.name == 'main':
            assert node.end_lineno - node.lineno + 1 <= LONGEST_MAIN


@pytest.mark.parametrize('path', SOURCES, ids=_name)
def test_no_module_imports_a_private_name_of_another(path):
    private = ['%s from %s' % (alias.name, node.module) for node in ast.walk(_tree(path))
               if isinstance(node, ast.ImportFrom) and (node.module or '').startswith(COLLECTION)
               for alias in node.names if alias.name.startswith('_')]
    assert not private


@pytest.mark.parametrize('path', sorted((PLUGINS / 'module_utils').rglob('*.py')), ids=_name)
def test_module_utils_say_they_are_private(path):
    assert 'PRIVATE to the homelab.ipv6 collection' in path.read_text(encoding='utf-8')


@pytest.mark.parametrize('path', sorted((PLUGINS / 'module_utils' / '_core').rglob('*.py')), ids=_name)
def test_the_core_runs_without_ansible(path):
    imported = [node.module if isinstance(node, ast.ImportFrom) else alias.name for node in ast.walk(_tree(path))
                if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names]
    assert not [name for name in imported if name and (name == 'ansible' or name.startswith('ansible.'))]
