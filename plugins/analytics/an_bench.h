/* an_bench.h — `history bench`: what history costs at fleet scale (issue
 * 14's budget), measured through the writer's own code on the store the
 * process opened.  N synthetic vehicles are sampled at 1 Hz for H
 * simulated hours (no waiting) through an_acc_sample, an_series_put and
 * an_hist_flush, with a store batch every analytics.flush_s of simulated
 * time; then D days of fleet history are written and a 30-day trend of
 * one fleet is read back through an_read.  It prints the CPU per
 * simulated second (rollup, flush, store thread), the encoders' memory,
 * the bytes written and the query times (min, median).
 *
 * It writes under subjects of its own, never a live vehicle's: vehicles
 * "bench/v/veh-NNNNN", their fleets "bench/f/fleet-NN" and zones
 * "bench/z/zone-NN", the trend's fleets "bench/t/fleet-NN", in the
 * history series (AN_SERIES), so the real read path reads them.  It
 * refuses to run when the store already holds any of the subjects it
 * would write, and it leaves what it wrote (for measuring the store's
 * size): run it on a scratch store (tests/bench/history.sh does). */
#ifndef AN_BENCH_H
#define AN_BENCH_H

#include "analytics.h"

#include <stddef.h>

/* Registers `history bench` (ud: h, borrowed for the process's life).
 * 0, or -1 with err. */
int an_bench_register(an_hist *h, char *err, size_t errlen);

#endif
