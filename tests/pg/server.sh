#!/bin/sh
# A throwaway PostgreSQL server for the tests: initdb and pg_ctl in a folder of its own, a Unix
# socket in that folder and no TCP port, run as an unprivileged user when we are root (CI runs
# as root; PostgreSQL refuses to run as root). Debian's `postgresql` package keeps the server
# programs in /usr/lib/postgresql/NN/bin, outside PATH: found with pg_config --bindir, else that
# glob, else PATH.
#   server.sh start DIR    starts a server in DIR (created); prints its URI on stdout:
#                          postgresql:///postgres?host=DIR/sock&user=counterpart
#                          exit 3 with the reason on stderr when no server can be started
#   server.sh uri DIR [DB] the URI of database DB (default postgres) of the server in DIR
#   server.sh createdb DIR NAME   a fresh database (C collation, UTF-8); prints its URI
#   server.sh restart DIR  pg_ctl restart (fast): every connection is cut, the server comes back
#   server.sh bounce DIR   the same, the stop signalled at once (benches under load)
#   server.sh pause DIR / server.sh resume DIR   stop the server (keeping its data) / start it
#   server.sh standby DIR  stops the server and starts it as a standby that turns every
#                          connection away ("not accepting connections", SQLSTATE 57P03, as a
#                          server starting up or shutting down does) until `promote`
#   server.sh promote DIR  ends that: the server accepts connections again
#   server.sh stop DIR     stops the server and removes DIR
# PG_FSYNC=off (the test runner sets it) turns fsync and synchronous_commit off: a killed server
# process loses nothing still in the page cache, which is all the tests kill; benches keep it on.
# The cluster's superuser is `counterpart`, trusted on the socket; every other role logs in with
# a password (scram-sha-256), which the tests keep in a libpq password file, never on a
# command line.
set -u
cmd=${1:-}
DIR=${2:-}
[ -n "$cmd" ] && [ -n "$DIR" ] || { echo "usage: server.sh start|uri|createdb|restart|bounce|pause|resume|standby|promote|stop DIR [NAME]" >&2; exit 2; }

bindir() {
    for d in "$(pg_config --bindir 2>/dev/null)" /usr/lib/postgresql/*/bin; do
        [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    d=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    return 1
}

# as CMD...: runs CMD as the server's user (the `postgres` account, else nobody) when root.
as() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$RUNAS" -- "$@"
    else
        "$@"
    fi
}

RUNAS=postgres
id postgres > /dev/null 2>&1 || RUNAS=nobody
uri() { echo "postgresql:///${1:-postgres}?host=$DIR/sock&user=counterpart"; }

case "$cmd" in
start)
    BINDIR=$(bindir) || { echo "no PostgreSQL server programs (initdb, pg_ctl): install the postgresql package (make deps)" >&2; exit 3; }
    mkdir -p "$DIR/sock" || exit 3
    if [ "$(id -u)" -eq 0 ]; then
        # the server's user must reach DIR: its parent (often a private mktemp folder) is
        # made traversable, not readable
        chmod o+x "$(dirname "$DIR")"
        chmod 755 "$DIR"
        chown -R "$RUNAS" "$DIR" || { echo "cannot hand $DIR to the user $RUNAS" >&2; exit 3; }
    fi
    if ! as "$BINDIR/initdb" -D "$DIR/data" -U counterpart --auth-local=trust --auth-host=reject \
            -E UTF8 --locale=C.UTF-8 --lc-collate=C --no-sync > "$DIR/initdb.log" 2>&1; then
        echo "initdb failed: $(tail -3 "$DIR/initdb.log")" >&2
        exit 3
    fi
    # the superuser is trusted on the socket; every other role gives its password
    cat > "$DIR/data/pg_hba.conf" <<EOF
local all counterpart trust
local all all scram-sha-256
EOF
    cat >> "$DIR/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$DIR/sock'
unix_socket_permissions = 0777
max_connections = 300
shared_buffers = 32MB
fsync = ${PG_FSYNC:-on}
synchronous_commit = ${PG_FSYNC:-on}
EOF
    if ! as "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start > /dev/null 2>&1; then
        echo "the server did not start: $(tail -3 "$DIR/server.log" 2>/dev/null)" >&2
        exit 3
    fi
    echo "$BINDIR" > "$DIR/bindir"
    uri
    ;;
uri)
    uri "${3:-postgres}"
    ;;
createdb)
    name=${3:?createdb DIR NAME}
    psql -X -q -v ON_ERROR_STOP=1 "$(uri)" -c "CREATE DATABASE \"$name\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'" > /dev/null || exit 1
    uri "$name"
    ;;
restart)
    BINDIR=$(cat "$DIR/bindir") || exit 1
    as "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -m fast restart > /dev/null 2>&1
    ;;
bounce)
    # restart at once: the fast-shutdown signal straight to the server (pg_ctl under a heavy
    # load can take many seconds to send it), then started again when it has stopped
    pid=$(head -1 "$DIR/data/postmaster.pid" 2>/dev/null) || exit 1
    kill -INT "$pid" || exit 1
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    BINDIR=$(cat "$DIR/bindir") || exit 1
    as "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start > /dev/null 2>&1
    ;;
pause)
    BINDIR=$(cat "$DIR/bindir") || exit 1
    as "$BINDIR/pg_ctl" -D "$DIR/data" -w -t 60 -m fast stop > /dev/null 2>&1
    ;;
resume)
    BINDIR=$(cat "$DIR/bindir") || exit 1
    as "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start > /dev/null 2>&1
    ;;
standby)
    BINDIR=$(cat "$DIR/bindir") || exit 1
    as "$BINDIR/pg_ctl" -D "$DIR/data" -w -t 60 -m fast stop > /dev/null 2>&1
    as touch "$DIR/data/standby.signal" || exit 1
    grep -q '^hot_standby = off' "$DIR/data/postgresql.conf" || echo 'hot_standby = off' >> "$DIR/data/postgresql.conf"
    as "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -W start > /dev/null 2>&1
    i=0   # until it answers, turning connections away (pg_isready: 1)
    while [ $i -lt 200 ]; do
        pg_isready -q -h "$DIR/sock" -U counterpart -d postgres; [ $? = 1 ] && exit 0
        sleep 0.05; i=$((i + 1))
    done
    echo "the standby did not come up" >&2; exit 1
    ;;
promote)
    BINDIR=$(cat "$DIR/bindir") || exit 1
    as "$BINDIR/pg_ctl" -D "$DIR/data" -w -t 60 promote > /dev/null 2>&1
    ;;
stop)
    if [ -f "$DIR/bindir" ]; then
        BINDIR=$(cat "$DIR/bindir")
        as "$BINDIR/pg_ctl" -D "$DIR/data" -w -t 60 -m immediate stop > /dev/null 2>&1
    fi
    rm -rf "$DIR"
    ;;
*)
    echo "server.sh: unknown command $cmd" >&2
    exit 2
    ;;
esac
