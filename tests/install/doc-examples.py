#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Builds and runs every C example of the documents, so that none can rot.

    doc-examples.py [--cc CC] [--list] WORKDIR DOC...

Examples are, in a Markdown file, each block fenced as ```c, and in a C header each block between
`@code` and `@endcode` in a comment (the leading ` * ` of the comment stripped). Every example
must be a whole program (it has main()); one that is not is an error: fence a fragment as
```text instead. Each is written to WORKDIR/<document>-<line>.c, built with
`CC -Wall -Wextra -Werror ... $(pkg-config --cflags --libs srtpo)` (so PKG_CONFIG_PATH /
PKG_CONFIG_SYSROOT_DIR choose the installed tree) and run; it must exit 0. Exits nonzero when any
example fails to build or run, or when a Markdown document has no example at all.
"""
import argparse
import os
import re
import subprocess
import sys


def markdown_examples(path, text):
    examples, block, start = [], None, 0
    for n, line in enumerate(text.splitlines(), 1):
        if block is None:
            if re.match(r'^```c\s*$', line):
                block, start = [], n + 1
        elif line.startswith('```'):
            examples.append((start, '\n'.join(block) + '\n'))
            block = None
        else:
            block.append(line)
    if block is not None:
        sys.exit(f'{path}:{start}: unterminated ```c block')
    return examples


def header_examples(path, text):
    examples, block, start = [], None, 0
    for n, line in enumerate(text.splitlines(), 1):
        body = re.sub(r'^\s*\*( |$)', '', line)
        if block is None:
            if re.search(r'@code\b', line):
                block, start = [], n + 1
        elif re.search(r'@endcode\b', line):
            examples.append((start, '\n'.join(block) + '\n'))
            block = None
        else:
            block.append(body)
    if block is not None:
        sys.exit(f'{path}:{start}: @code without @endcode')
    return examples


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--cc', default=os.environ.get('CC', 'cc'))
    ap.add_argument('--list', action='store_true', help='only list the examples found')
    ap.add_argument('workdir')
    ap.add_argument('docs', nargs='+')
    args = ap.parse_args()

    os.makedirs(args.workdir, exist_ok=True)
    failed, total = 0, 0
    for doc in args.docs:
        with open(doc, encoding='utf-8') as f:
            text = f.read()
        is_md = doc.endswith('.md')
        examples = markdown_examples(doc, text) if is_md else header_examples(doc, text)
        if is_md and not examples:
            print(f'{doc}: no ```c example found', file=sys.stderr)
            failed += 1
        if not examples:
            print(f'doc-examples: {doc}: no examples')
        for line, code in examples:
            total += 1
            where = f'{doc}:{line}'
            if not re.search(r'\bmain\s*\(', code):
                print(f'{where}: a C example without main(): make it a whole program, or '
                      'fence it as ```text', file=sys.stderr)
                failed += 1
                continue
            stem = re.sub(r'[^A-Za-z0-9]+', '-', os.path.basename(doc)) + f'-{line}'
            src = os.path.join(args.workdir, stem + '.c')
            exe = os.path.join(args.workdir, stem)
            with open(src, 'w', encoding='utf-8') as f:
                f.write(f'#line {line} "{doc}"\n' + code)
            if args.list:
                print(f'{where}: {src}')
                continue
            build = (f'{args.cc} -Wall -Wextra -Werror -o "{exe}" "{src}" '
                     '$(pkg-config --cflags --libs srtpo)')
            r = subprocess.run(['sh', '-c', build], capture_output=True, text=True)
            if r.returncode != 0:
                print(f'{where}: does not build:\n  {build}\n{r.stdout}{r.stderr}',
                      file=sys.stderr)
                failed += 1
                continue
            r = subprocess.run([exe], capture_output=True, text=True, timeout=60)
            out = (r.stdout + r.stderr).strip()
            if r.returncode != 0:
                print(f'{where}: exited {r.returncode}:\n{out}', file=sys.stderr)
                failed += 1
                continue
            print(f'doc-examples: {where}: ok: {out}')
    if failed:
        print(f'doc-examples: {failed} of the examples failed', file=sys.stderr)
        return 1
    print(f'doc-examples: {total} example(s) built and run')
    return 0


if __name__ == '__main__':
    sys.exit(main())
