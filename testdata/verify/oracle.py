"""Independent check of strata's Verify findings on PostgreSQL.

For every migration of a directory, in version order, it applies the up
section with psql, copies the database (CREATE DATABASE ... TEMPLATE),
runs the down section and the up section again on the copy with psql, and
compares `pg_dump --schema-only` before and after each step. It prints the
findings as JSON: [{"version", "kind"}], with the kinds Verify uses.

This is how testdata/verify/*.golden were checked: the (version, kind)
pairs must be the same as Verify's. pg_dump sees a few things strata's model
leaves out (grants, comments, storage settings); on kratos-postgres and
cratesio it found nothing more.

usage: python3 oracle.py <migrations dir> <out.json> <database name prefix>
Needs psql and pg_dump on PATH and a server at 127.0.0.1:5432 (user
postgres). For cratesio, copy the directory and rename the duplicate
version first, as cratesioFS in corpus_test.go does.
"""
import json, os, re, subprocess, sys

DIR, OUT, P = sys.argv[1], sys.argv[2], sys.argv[3]
H = ['-h', '127.0.0.1', '-U', 'postgres']


def psql(db, sql=None, f=None, single=True):
    args = ['psql', *H, '-d', db, '-X', '-q', '-v', 'ON_ERROR_STOP=1']
    if single:
        args.append('-1')
    args += ['-f', f] if f else ['-c', sql]
    p = subprocess.run(args, capture_output=True, text=True)
    return p.returncode == 0, p.stderr.strip()


def dump(db):
    p = subprocess.run(['pg_dump', *H, '-s', '-d', db], capture_output=True, text=True, check=True)
    # Comments and the per-run \restrict key differ between any two dumps.
    return '\n'.join(l for l in p.stdout.splitlines()
                     if l.strip() and not l.startswith('--') and not l.startswith('\\restrict') and not l.startswith('\\unrestrict'))


def admin(sql):
    ok, err = psql('postgres', sql, single=False)
    if not ok:
        raise Exception(err)


def version(f):
    return int(re.match(r'\d+', f).group())


live, copy = P + '_live', P + '_copy'
for d in [live, copy]:
    admin('DROP DATABASE IF EXISTS ' + d)
admin('CREATE DATABASE ' + live)
files = sorted(f for f in os.listdir(DIR) if f.endswith('.sql'))
files.sort(key=version)
up_file, down_file = '/tmp/' + P + '_up.sql', '/tmp/' + P + '_down.sql'
res = []
before = dump(live)
for f in files:
    up, down, cur, has_down = [], [], None, False
    cur = up
    for l in open(os.path.join(DIR, f)).read().split('\n'):
        s = l.strip()
        if s == '-- strata:down':
            cur, has_down = down, True
            continue
        if s != '-- strata:up':
            cur.append(l)
    up, down = '\n'.join(up), '\n'.join(down)
    open(up_file, 'w').write(up)
    open(down_file, 'w').write(down)
    tx_up = '-- strata:no-transaction' not in up
    tx_down = '-- strata:no-transaction' not in down
    v = str(version(f))
    ok, err = psql(live, f=up_file, single=tx_up)
    if not ok:
        res.append({'version': v, 'kind': 'up-failed', 'detail': err})
        break
    after_up = dump(live)
    if not has_down:
        res.append({'version': v, 'kind': 'no-down'})
        before = after_up
        continue
    admin('CREATE DATABASE ' + copy + ' TEMPLATE ' + live)
    ok, err = psql(copy, f=down_file, single=tx_down)
    if not ok:
        res.append({'version': v, 'kind': 'down-failed', 'detail': err})
    else:
        if dump(copy) != before:
            res.append({'version': v, 'kind': 'not-undone'})
        ok, err = psql(copy, f=up_file, single=tx_up)
        if not ok:
            res.append({'version': v, 'kind': 'up-again-failed', 'detail': err})
        elif dump(copy) != after_up:
            res.append({'version': v, 'kind': 'not-reproduced'})
    admin('DROP DATABASE ' + copy)
    before = after_up
admin('DROP DATABASE ' + live)
json.dump(res, open(OUT, 'w'), indent=1)
print(len(res), 'findings')
