#!/bin/sh
# `make bench-centre`: bench_seats on a throwaway PostgreSQL server (tests/pg/server.sh) -
# SEATS seats x 8 replies at once for each SEATS in the list, then the largest with 10% of the
# seats killed mid-session and resumed, then the largest with the server restarted once 1 s into
# the replies, then the largest with the server restarted while half the seats are still opening
# (connecting, reading the schema: they wait and open again); and the same room on one SQLite
# file for comparison. The list's runs and the killed run are done twice: with the seats
# logged in as the server's owner, and as a centre's seats (BENCH_SEAT_LOGINS=1: one login per
# seat, row-level security on every statement, as on a centre's PCs). Prints one line per run.
# usage: bench_centre_pg.sh BENCH_SEATS_BINARY "50 100 200"
set -u
B=$1; LIST=${2:-"50 100 200"}
T=$(mktemp -d)
trap 'sh tests/pg/server.sh stop "$T/srv" > /dev/null 2>&1; rm -rf "$T"' EXIT
sh tests/pg/server.sh start "$T/srv" > /dev/null || { echo "bench-centre: no PostgreSQL server could be started"; exit 1; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# the seats' logins' password (bench_seats grants it), in a libpq password file
printf '*:*:*:*:bench-seat-pw\n' > "$T/pgpass"
chmod 600 "$T/pgpass"
export PGPASSFILE="$T/pgpass"
max=0
for n in $LIST; do
    U=$(sh tests/pg/server.sh createdb "$T/srv" "seats$n")
    "$B" "$U" "$n" 8 || exit 1
    U=$(sh tests/pg/server.sh createdb "$T/srv" "logins$n")
    BENCH_SEAT_LOGINS=1 "$B" "$U" "$n" 8 || exit 1
    max=$n
done
U=$(sh tests/pg/server.sh createdb "$T/srv" killed)
"$B" "$U" "$max" 8 10 || exit 1
U=$(sh tests/pg/server.sh createdb "$T/srv" killed_logins)
BENCH_SEAT_LOGINS=1 "$B" "$U" "$max" 8 10 || exit 1
U=$(sh tests/pg/server.sh createdb "$T/srv" restart)
echo "(the server restarts 1 s into the replies)"
BENCH_AT_GO="sleep 1; sh tests/pg/server.sh bounce '$T/srv'" "$B" "$U" "$max" 8 || exit 1
U=$(sh tests/pg/server.sh createdb "$T/srv" restart_open)
echo "(the server restarts when half of the seats have opened, the rest still opening)"
BENCH_AT_OPEN="sh tests/pg/server.sh bounce '$T/srv'" "$B" "$U" "$max" 8 || exit 1
"$B" "$T/seats.db" "$max" 8 || exit 1
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
