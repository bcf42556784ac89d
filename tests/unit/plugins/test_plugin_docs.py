# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every plugin's DOCUMENTATION, EXAMPLES and RETURN is YAML, as ansible-doc and ansible-test's
yamllint read it; a stray ': ' in a description breaks ansible-doc for every filter at once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

PLUGINS = Path(__file__).resolve().parents[3] / 'plugins'
DOC_BLOCKS = ('DOCUMENTATION', 'EXAMPLES', 'RETURN')


def _blocks():
    for path in sorted(PLUGINS.glob('*/*.py')):
        for node in ast.parse(path.read_text(encoding='utf-8')).body:
            if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
                    and node.targets[0].id in DOC_BLOCKS and isinstance(node.value, ast.Constant)):
                yield pytest.param(node.value.value, id='%s:%s' % (path.relative_to(PLUGINS), node.targets[0].id))


def _sidecars():
    """The filters' documentation, one YAML file per filter beside the family that holds it."""
    for path in sorted(PLUGINS.glob('filter/*.yml')):
        docs = yaml.safe_load(path.read_text(encoding='utf-8'))
        assert sorted(docs) == sorted(DOC_BLOCKS), path
        # EXAMPLES is YAML in a string, as in a .py file's EXAMPLES.
        for block in DOC_BLOCKS:
            text = docs[block] if isinstance(docs[block], str) else yaml.safe_dump(docs[block])
            yield pytest.param(text, id='%s:%s' % (path.relative_to(PLUGINS), block))


@pytest.mark.parametrize('text', list(_blocks()) + list(_sidecars()))
def test_each_documentation_block_is_yaml(text):
    assert yaml.safe_load(text) is not None
