# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The docs beside the code: the roles' variables tables match their specs, links resolve,
and the top README stays a page a newcomer reads in one sitting."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_SPEC = importlib.util.spec_from_file_location('role_docs', ROOT / 'tools' / 'role_docs.py')
role_docs = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(role_docs)

ROLES = sorted(path.name for path in (ROOT / 'roles').iterdir())
DOCS = [ROOT / 'README.md', *sorted((ROOT / 'docs').glob('*.md')), *(ROOT / 'roles' / role / 'README.md' for role in ROLES),
        ROOT / 'lab' / 'README.md', ROOT / 'molecule' / 'README.md', ROOT / 'bench' / 'README.md']
_LINK = re.compile(r'\]\(([^)#\s]+)(#[^)]*)?\)')


@pytest.mark.parametrize('role', ROLES)
def test_each_role_readme_shows_its_spec(role):
    role_dir = ROOT / 'roles' / role
    readme = (role_dir / 'README.md').read_text()
    section = role_docs.variables_section(role_dir)
    assert section in readme, 'roles/%s/README.md differs from meta/argument_specs.yml: run make docs' % role


def test_every_variable_of_a_spec_is_in_its_readme_table():
    for role in ROLES:
        readme = (ROOT / 'roles' / role / 'README.md').read_text()
        spec = (ROOT / 'roles' / role / 'meta' / 'argument_specs.yml').read_text()
        for name in re.findall(r'^      (%s_\w+|homelab_site):$' % role, spec, re.MULTILINE):
            assert '| `%s` |' % name in readme, (role, name)


def test_the_generator_reads_ansible_markup_as_markdown():
    assert role_docs.plain('C(a) V(b) O(c) I(d) B(e) P(homelab.ipv6.site#role) U(https://x)') == \
        '`a` `b` `c` *d* **e** `homelab.ipv6.site` https://x'
    assert role_docs.updated('# r\n\ntext\n', 'S') == '# r\n\ntext\n\n## Variables\n\nS\n'
    assert role_docs.updated('a\n%s\nold\n%s\nz\n' % (role_docs.BEGIN, role_docs.END), 'NEW') == 'a\nNEW\nz\n'


@pytest.mark.parametrize('doc', DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_links_between_the_docs_resolve(doc):
    for target, _anchor in _LINK.findall(doc.read_text()):
        if '://' in target:
            continue
        assert (doc.parent / target).exists(), '%s links to %s, which does not exist' % (doc.relative_to(ROOT), target)


def test_the_top_readme_is_read_in_one_sitting():
    assert len((ROOT / 'README.md').read_text().splitlines()) <= 250


def test_the_docs_use_no_undefined_jargon():
    for doc in DOCS:
        text = doc.read_text()
        assert not re.search(r'\b[Ss]eed \d{3}\b|\btrap T\d+', text), doc.relative_to(ROOT)
