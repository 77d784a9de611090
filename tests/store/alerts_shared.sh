#!/usr/bin/env bash
# alerts_shared.sh — tests/cli/alerts_shared.sh (one process evaluates the
# alert rules of a store, the others follow; acknowledgements and silences
# reach every process) on PostgreSQL: the lease is an advisory lock there,
# the change feed LISTEN/NOTIFY.  Needs FO_PG_URL (tests/run_store.sh).
cd "$(dirname "$0")/../.." || exit 2
if [ -z "${FO_PG_URL:-}" ]; then
	echo "alerts_shared: FO_PG_URL is not set (run through tests/run_store.sh)"
	exit 1
fi
FO_SHARED_STORE_URL=$FO_PG_URL exec bash tests/cli/alerts_shared.sh
