# Copyright: (c) 2026, homelab.ipv6 contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the variables table of each role's README from its meta/argument_specs.yml.

The spec is the one place a variable is described: ``ansible-doc -t role`` and the role's
argument validation read it, and this script copies it into ``roles/<role>/README.md``
between two markers (the text around them is the role's own). ``--check`` changes nothing
and fails when a README differs from what its spec gives; a unit test runs it.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
BEGIN = '<!-- BEGIN variables: generated from meta/argument_specs.yml by tools/role_docs.py (make docs) -->'
END = '<!-- END variables -->'
_MARKUP = re.compile(r'\b([CVOMIBPEU])\(([^()]*(?:\([^()]*\)[^()]*)*)\)')


def plain(text):
    """Ansible's documentation markup as Markdown: C(x) `x`, I(x) *x*, B(x) **x**, P(a#b) `a`."""
    def replace(match):
        kind, body = match.groups()
        if kind == 'I':
            return '*%s*' % body
        if kind == 'B':
            return '**%s**' % body
        if kind == 'P':
            body = body.split('#')[0]
        if kind == 'U':
            return body
        return '`%s`' % body
    return _MARKUP.sub(replace, text)


def _cell(text):
    return plain(text).replace('|', '\\|').replace('\n', ' ')


def _description(option):
    text = option.get('description', '')
    return ' '.join(text) if isinstance(text, list) else text


def _default(name, option, defaults):
    if option.get('required'):
        return 'required'
    if 'default' in option:
        value = option['default']
    elif name in defaults:
        value = defaults[name]
    else:
        return ''
    if isinstance(value, str) and '{{' in value:
        return '*computed*'
    return '`%s`' % json.dumps(value)


def variables_section(role_dir):
    """The README's generated section for one role."""
    spec = yaml.safe_load((role_dir / 'meta' / 'argument_specs.yml').read_text())['argument_specs']['main']
    defaults_file = role_dir / 'defaults' / 'main.yml'
    defaults = (yaml.safe_load(defaults_file.read_text()) or {}) if defaults_file.exists() else {}
    lines = [BEGIN, '', '| Variable | Type | Default | Description |', '|---|---|---|---|']
    lines += _rows(spec.get('options', {}), '', defaults)
    lines += ['', END]
    return '\n'.join(lines)


def _rows(options, parent, defaults):
    """One row per option, then one per suboption under its path (``homelab_site.lans[].name``)."""
    rows = []
    for name, option in options.items():
        kind = option.get('type', 'str')
        if kind == 'list' and option.get('elements'):
            kind = 'list of %s' % option['elements']
        if option.get('choices'):
            kind += ': ' + ', '.join('`%s`' % choice for choice in option['choices'])
        path = parent + name
        rows.append('| `%s` | %s | %s | %s |' % (path, kind, _default(name, option, defaults if not parent else {}),
                                                 _cell(_description(option))))
        if option.get('options'):
            rows += _rows(option['options'], path + ('[].' if option.get('type') == 'list' else '.'), {})
    return rows


def updated(readme_text, section):
    """The README with its generated section replaced (appended when it has none)."""
    if BEGIN in readme_text and END in readme_text:
        head, rest = readme_text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        return head + section + tail
    return readme_text.rstrip('\n') + '\n\n## Variables\n\n' + section + '\n'


def main(argv):
    check = '--check' in argv
    stale = []
    for role_dir in sorted((ROOT / 'roles').iterdir()):
        readme = role_dir / 'README.md'
        before = readme.read_text() if readme.exists() else '# homelab.ipv6.%s\n' % role_dir.name
        after = updated(before, variables_section(role_dir))
        if after != before:
            stale.append(str(readme.relative_to(ROOT)))
            if not check:
                readme.write_text(after)
    if check and stale:
        print('Out of date with meta/argument_specs.yml (run make docs): ' + ', '.join(stale))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
