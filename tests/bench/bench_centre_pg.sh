#!/bin/sh
# `make bench-centre`: bench_seats on a throwaway PostgreSQL server (tests/pg/server.sh) -
# SEATS seats x 8 replies at once for each SEATS in the list, then the largest with 10% of the
# seats killed mid-session and resumed, then the largest with the server restarted once mid-run;
# and the same room on one SQLite file for comparison. Prints one line per run.
# usage: bench_centre_pg.sh BENCH_SEATS_BINARY "50 100 200"
set -u
B=$1; LIST=${2:-"50 100 200"}
T=$(mktemp -d)
trap 'sh tests/pg/server.sh stop "$T/srv" > /dev/null 2>&1; rm -rf "$T"' EXIT
sh tests/pg/server.sh start "$T/srv" > /dev/null || { echo "bench-centre: no PostgreSQL server could be started"; exit 1; }
max=0
for n in $LIST; do
    U=$(sh tests/pg/server.sh createdb "$T/srv" "seats$n")
    "$B" "$U" "$n" 8 || exit 1
    max=$n
done
U=$(sh tests/pg/server.sh createdb "$T/srv" killed)
"$B" "$U" "$max" 8 10 || exit 1
U=$(sh tests/pg/server.sh createdb "$T/srv" restart)
( sleep 2; sh tests/pg/server.sh restart "$T/srv"; echo "(server restarted mid-run)" ) &
"$B" "$U" "$max" 8 || exit 1
wait
"$B" "$T/seats.db" "$max" 8 || exit 1
