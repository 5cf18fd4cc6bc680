import datetime, re, sys, os
# Rebuilds docs/counselors-guide.md from counselors-guide.tmpl.md and the captures that
# capture.sh left in $OUT (default /tmp/csec-guide-captures, as in capture.sh).
#   {{name}} alone on a line   the capture $OUT/name.txt, in a ```text block (or inside the
#                              fence around it, for command output)
#   {{=NAME}} inside a line    a value of this run: T0 (when the information was received),
#                              T1, T2, T3 (call times of the main case), T4 (the written report
#                              sent), from $OUT/times.txt; PHONE, RECEIVED and DUE (from the
#                              report screen)
import os
here = os.path.dirname(os.path.abspath(__file__))
tmpl = open(os.path.join(here, 'counselors-guide.tmpl.md')).read()
d = os.environ.get('OUT', '/tmp/csec-guide-captures')
used = []


def block(name):
    t = open(os.path.join(d, name + '.txt')).read().split('\n')
    t = [l.rstrip() for l in t]
    if t and t[-1] == "":
        t.pop()  # the final newline; a screen keeps all its rows
    return '\n'.join(t)


values = {}
for line in open(os.path.join(d, 'times.txt')):
    k, _, v = line.strip().partition('=')
    values[k] = v
report = block('a28-report-top')
m = re.search(r'Phone report recorded: (\d{4}-\d\d-\d\d \d\d:\d\d)', report)
values['PHONE'] = m.group(1)
m = re.search(r'Written report due: (\d{4}-\d\d-\d\d \d\d:\d\d)', report)
values['DUE'] = m.group(1)
# The phone report is the first report taken once the information was received: the call at T3
# on the disclosure, not the at-risk report at T1 made before it.
assert values['PHONE'] == values['T3'], (values['PHONE'], values['T3'])


def instant(label):
    """The time after `label` in the report screen's panel, with its offset: 2026-12-06 17:24 PST (UTC-08:00)."""
    m = re.search(label + r'\s+(\d{4}-\d\d-\d\d \d\d:\d\d) [A-Z]+\s+\(UTC([+-]\d\d:\d\d)\)', report)
    return m.group(1), datetime.datetime.fromisoformat(m.group(1).replace(' ', 'T') + ':00' + m.group(2))


values['RECEIVED'], received = instant('Information received')
assert values['RECEIVED'] == values['T0'], (values['RECEIVED'], values['T0'])
# The written report is due 36 hours after the information was received (PC 11166(a)).
shown, due = instant('Written report due')
assert shown == values['DUE'] and due - received == datetime.timedelta(hours=36), (values['RECEIVED'], shown)


def subst(line):
    return re.sub(r'\{\{=([A-Z0-9]+)\}\}', lambda m: values[m.group(1)], line)


out = []
lines = tmpl.split('\n')
fenced = False  # inside a ``` block of the template (command output around a capture)
for i, l in enumerate(lines):
    if l.strip().startswith('```'):
        fenced = not fenced
    m = re.fullmatch(r'(\s*)\{\{([a-z0-9-]+)\}\}', l)
    if m:
        ind, name = m.groups()
        used.append(name)
        body = [(ind + x if x else x) for x in block(name).split('\n')]
        if fenced:
            out.extend(body)
        else:
            out.append(ind + '```text')
            out.extend(body)
            out.append(ind + '```')
    else:
        l = subst(l)
        assert '{{' not in l, l
        out.append(l)
open(os.path.join(here, '..', '..', 'docs', 'counselors-guide.md'), 'w').write('\n'.join(out).rstrip('\n') + '\n')
print(len(used), 'captures:', ' '.join(used))
dups = {n for n in used if used.count(n) > 1}
if dups:
    print('used twice:', ' '.join(sorted(dups)))
unused = sorted(f[:-4] for f in os.listdir(d) if f.endswith('.txt') and f[:-4] not in used
                and not f.startswith(('csec-summary', 'last-protocol', 'times', 's0')))
if unused:
    print('not used:', ' '.join(unused))
