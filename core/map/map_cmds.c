/* map_cmds.c — `fleetops map ...`: site layouts in VDMA's LIF 1.0 checked,
 * imported as versioned revisions into the store, listed, shown, put in
 * use and exported (map.h, lif.h). */
#include "config.h"
#include "core.h"
#include "depot_lif.h"
#include "lif_ext.h"
#include "map.h"
#include "model.h"
#include "route.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static fo_store *need_store(fo_core *core, fo_out *out)
{
	if (!core->store)
		fo_out_error(out, "no store is open (see the log, and --store)");
	return core->store;
}

/* "2026-12-05T23:59:01.123Z" as "2026-12-05 23:59:01". */
static void when(const char *iso, char *buf, size_t len)
{
	snprintf(buf, len, "%.19s", iso);
	char *t = strchr(buf, 'T');
	if (t)
		*t = ' ';
}

/* Reads and validates FILE: the document (OWNED) and its diagnostics, or
 * NULL with the reason said (exit 1: the file, not the command line, is
 * wrong). */
static fo_lif *read_layout(const char *path, const char *what, fo_lif_diag *diag, fo_out *out)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fo_out_error(out, "%s: %s: %s", what, path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		fo_out_error(out, "%s: %s: not a regular file", what, path);
		return NULL;
	}
	if ((unsigned long long)st.st_size > FO_LIF_MAX_BYTES) {
		fo_out_error(out, "%s: %s: %lld bytes, more than the %u a layout may have", what,
		             path, (long long)st.st_size, FO_LIF_MAX_BYTES);
		return NULL;
	}
	char err[512];
	size_t len;
	char *text = fo_file_read(path, &len, err, sizeof err);
	if (!text) {
		fo_out_error(out, "%s: %s", what, err);
		return NULL;
	}
	fo_lif *lif = NULL;
	int rc = fo_lif_parse(text, len, &lif, diag);
	free(text);
	fo_lif_ext *ext = NULL; /* fleetops' extension must read too */
	if (rc == 0 && fo_lif_ext_read(lif, &ext, diag) != 0) {
		fo_lif_free(lif);
		lif = NULL;
		rc = -1;
	}
	fo_lif_ext_free(ext);
	if (rc != 0) {
		char *d = fo_lif_diag_text(diag);
		fo_out_error(
		    out, "%s: %s: %zu error%s, %zu warning%s; %s\n%s", what, path, diag->errors,
		    diag->errors == 1 ? "" : "s", diag->warnings, diag->warnings == 1 ? "" : "s",
		    strcmp(what, "map import") == 0 ? "nothing imported" : "not a valid layout", d);
		free(d);
		return NULL;
	}
	return lif;
}

static void print_warnings(fo_out *out, const fo_lif_diag *diag)
{
	if (!diag->warnings)
		return;
	char *d = fo_lif_diag_text(diag);
	fo_out_printf(out, "%s", d);
	free(d);
}

static void counts(const fo_lif *lif, size_t *nodes, size_t *edges, size_t *stations)
{
	*nodes = *edges = *stations = 0;
	for (size_t l = 0; l < lif->nlayouts; l++) {
		*nodes += lif->layouts[l].nnodes;
		*edges += lif->layouts[l].nedges;
		*stations += lif->layouts[l].nstations;
	}
}

static fo_status cmd_check(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)core;
	(void)ud;
	fo_lif_diag diag = {0};
	const char *path = fo_args_str(a, "file", "");
	fo_lif *lif = read_layout(path, "map check", &diag, out);
	if (lif) {
		print_warnings(out, &diag);
		size_t n, e, s;
		counts(lif, &n, &e, &s);
		fo_out_printf(out,
		              "%s: LIF %s, %zu level%s, %zu nodes, %zu edges, %zu stations, %zu "
		              "warning%s\n",
		              path, lif->version, lif->nlayouts, lif->nlayouts == 1 ? "" : "s", n,
		              e, s, diag.warnings, diag.warnings == 1 ? "" : "s");
	}
	fo_lif_diag_free(&diag);
	fo_lif_free(lif);
	return lif ? FO_OK : FO_ERR;
}

/* A layout name: 1..127 printable characters. */
static bool name_ok(const char *name, fo_out *out, const char *what)
{
	size_t n = strlen(name);
	bool ok = n > 0 && n < sizeof((fo_layout_info *)0)->name;
	for (size_t i = 0; ok && i < n; i++)
		ok = (unsigned char)name[i] >= 0x20 && name[i] != 0x7f;
	if (!ok)
		fo_out_error(out,
		             "%s: a layout name has 1 to 127 printable characters; '%.40s%s' "
		             "does not (give one with --name)",
		             what, name, n > 40 ? "..." : "");
	return ok;
}

static void print_revision(fo_out *out, const char *verb, const fo_layout_info *x)
{
	fo_out_printf(out,
	              "%s %s revision %ld: %ld level%s, %ld nodes, %ld edges, %ld stations, "
	              "%ld warning%s\n",
	              verb, x->name, x->revision, x->levels, x->levels == 1 ? "" : "s", x->nodes,
	              x->edges, x->stations, x->warnings, x->warnings == 1 ? "" : "s");
}

static fo_status cmd_import(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	fo_store *s = need_store(core, out);
	if (!s)
		return FO_ERR;
	const char *path = fo_args_str(a, "file", "");
	const char *given = fo_args_str(a, "name", NULL);
	if (given && !name_ok(given, out, "map import"))
		return FO_EUSAGE;
	fo_lif_diag diag = {0};
	fo_lif *lif = read_layout(path, "map import", &diag, out);
	if (!lif) {
		fo_lif_diag_free(&diag);
		return FO_ERR;
	}
	fo_status st = FO_OK;
	const char *name = given ? given : lif->project;
	char *text = NULL;
	if (!name_ok(name, out, "map import")) {
		st = FO_EUSAGE;
		goto done;
	}
	print_warnings(out, &diag);
	text = fo_lif_write(lif);
	fo_layout_info x;
	fo_layout_outcome oc;
	char err[512];
	const char *base = strrchr(path, '/');
	if (fo_layouts_add(s, lif, text, name, base ? base + 1 : path, diag.warnings, &x, &oc, err,
	                   sizeof err) != 0) {
		fo_out_error(out, "map import: %s", err);
		st = FO_ERR;
		goto done;
	}
	print_revision(out, oc == FO_LAYOUT_ADDED ? "imported" : "unchanged: already have", &x);
	if (fo_args_flag(a, "activate")) {
		if (fo_layouts_activate(s, &x, fo_args_str(a, "note", NULL), err, sizeof err) !=
		    0) {
			fo_out_error(out, "map import: imported, not activated: %s", err);
			st = FO_ERR;
			goto done;
		}
		fo_out_printf(out, "active: %s revision %ld\n", x.name, x.revision);
	}
done:
	free(text);
	fo_lif_diag_free(&diag);
	fo_lif_free(lif);
	return st;
}

static fo_status cmd_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	fo_store *s = need_store(core, out);
	if (!s)
		return FO_ERR;
	fo_layout_info *v;
	size_t n;
	char err[512];
	if (fo_layouts_list(s, fo_args_str(a, "name", NULL), &v, &n, err, sizeof err) != 0) {
		fo_out_error(out, "map list: %s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "%-24s %4s %-6s %6s %7s %7s %8s %8s %-19s %-12s %s\n", "NAME", "REV",
	              "ACTIVE", "LEVELS", "NODES", "EDGES", "STATIONS", "WARNINGS", "IMPORTED",
	              "BY", "SOURCE");
	for (size_t i = 0; i < n; i++) {
		char t[32];
		when(v[i].imported_at, t, sizeof t);
		fo_out_printf(out, "%-24s %4ld %-6s %6ld %7ld %7ld %8ld %8ld %-19s %-12s %s\n",
		              v[i].name, v[i].revision, v[i].active ? "yes" : "", v[i].levels,
		              v[i].nodes, v[i].edges, v[i].stations, v[i].warnings, t,
		              v[i].imported_by, v[i].source);
	}
	fo_out_printf(out, "%zu revision%s\n", n, n == 1 ? "" : "s");
	free(v);
	return FO_OK;
}

/* The revision NAME [--revision N] names, or the active one without NAME:
 * 1, or 0/-1 with the error said. */
static int pick(fo_core *core, const fo_args *a, fo_out *out, const char *what, fo_layout_info *x)
{
	fo_store *s = need_store(core, out);
	if (!s)
		return -1;
	long rev = fo_args_int(a, "revision", 0);
	if (fo_args_has(a, "revision") && rev < 1) {
		fo_out_error(out, "%s: --revision takes a whole number >= 1, not %ld", what, rev);
		return 0;
	}
	const char *name = fo_args_str(a, "name", NULL);
	if (!name && fo_args_has(a, "revision")) {
		fo_out_error(out, "%s: --revision needs a layout NAME", what);
		return 0;
	}
	char err[512];
	int rc = fo_layouts_find(s, name, rev, x, err, sizeof err);
	if (rc <= 0)
		fo_out_error(out, "%s: %s", what, err);
	return rc;
}

static fo_status picked_status(int rc)
{
	return rc < 0 ? FO_ERR : FO_EUSAGE;
}

static void bounds(const fo_lif_layout *l, double *x0, double *y0, double *x1, double *y1)
{
	*x0 = *y0 = INFINITY;
	*x1 = *y1 = -INFINITY;
	for (size_t i = 0; i < l->nnodes; i++) {
		*x0 = fmin(*x0, l->nodes[i].x);
		*y0 = fmin(*y0, l->nodes[i].y);
		*x1 = fmax(*x1, l->nodes[i].x);
		*y1 = fmax(*y1, l->nodes[i].y);
	}
}

/* The stored document of x, read (OWNED), with its text in *textp when
 * wanted (OWNED); NULL with the error said. */
static fo_lif *load(fo_core *core, const fo_layout_info *x, const char *what, char **textp,
                    fo_out *out)
{
	char err[512];
	char *text = fo_layouts_document(core->store, x, err, sizeof err);
	if (!text) {
		fo_out_error(out, "%s: %s", what, err);
		return NULL;
	}
	fo_lif *lif = NULL;
	fo_lif_diag diag = {0};
	if (fo_lif_parse(text, strlen(text), &lif, &diag) != 0)
		fo_out_error(out, "%s: %s revision %ld: the stored document no longer reads: %s",
		             what, x->name, x->revision, diag.n ? diag.msgs[0].reason : "?");
	fo_lif_diag_free(&diag);
	if (textp && lif)
		*textp = text;
	else
		free(text);
	return lif;
}

static fo_status cmd_show(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	fo_layout_info x;
	int rc = pick(core, a, out, "map show", &x);
	if (rc != 1)
		return picked_status(rc);
	char *text = NULL;
	fo_lif *lif = load(core, &x, "map show", &text, out);
	if (!lif)
		return FO_ERR;
	char t[32];
	when(x.imported_at, t, sizeof t);
	fo_out_printf(out, "layout      %s revision %ld (id %s)\n", x.name, x.revision, x.id);
	if (x.active) {
		char at[32];
		when(x.activated_at, at, sizeof at);
		fo_out_printf(out, "active      since %s, by %s\n", at, x.activated_by);
	} else {
		fo_out_printf(out, "active      no\n");
	}
	fo_out_printf(out, "imported    %s by %s from %s (%ld warning%s)\n", t, x.imported_by,
	              *x.source ? x.source : "-", x.warnings, x.warnings == 1 ? "" : "s");
	fo_out_printf(out, "document    LIF %s, project %s, creator %s, exported %s, %zu bytes\n",
	              lif->version, lif->project, lif->creator, lif->timestamp, strlen(text));
	fo_out_printf(out, "vehicles    %s\n", *x.vehicle_types ? x.vehicle_types : "(no type)");
	fo_out_printf(out, "\n%-20s %-24s %-8s %7s %7s %8s  %s\n", "LAYOUT", "NAME", "LEVEL",
	              "NODES", "EDGES", "STATIONS", "EXTENT (m)");
	for (size_t i = 0; i < lif->nlayouts; i++) {
		const fo_lif_layout *l = &lif->layouts[i];
		double x0, y0, x1, y1;
		bounds(l, &x0, &y0, &x1, &y1);
		char ext[96] = "-";
		if (l->nnodes)
			snprintf(ext, sizeof ext, "x %.1f..%.1f, y %.1f..%.1f", x0, x1, y0, y1);
		fo_out_printf(out, "%-20s %-24s %-8s %7zu %7zu %8zu  %s\n", l->id, l->name,
		              l->level_id, l->nnodes, l->nedges, l->nstations, ext);
	}
	fo_lif_free(lif);
	free(text);
	return FO_OK;
}

static fo_status cmd_activate(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	fo_layout_info x;
	int rc = pick(core, a, out, "map activate", &x);
	if (rc != 1)
		return picked_status(rc);
	if (x.active) {
		fo_out_printf(out, "already active: %s revision %ld\n", x.name, x.revision);
		return FO_OK;
	}
	char err[512];
	if (fo_layouts_activate(core->store, &x, fo_args_str(a, "note", NULL), err, sizeof err) !=
	    0) {
		fo_out_error(out, "map activate: %s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "active: %s revision %ld\n", x.name, x.revision);
	return FO_OK;
}

/* Writes text to path through a temporary file beside it, so a reader never
 * sees half a layout. */
static int write_file(const char *path, const char *text, char *err, size_t errlen)
{
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= sizeof tmp) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	size_t n = strlen(text);
	bool ok = fwrite(text, 1, n, f) == n;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* The LIF text to standard output, or to path through write_file; what
 * was written said as "VERB ... to PATH (N bytes)". */
static fo_status emit(fo_out *out, const char *what, const char *text, const char *path,
                      const char *said)
{
	char err[512];
	if (!path) {
		fo_out_printf(out, "%s", text);
		return FO_OK;
	}
	if (write_file(path, text, err, sizeof err) != 0) {
		fo_out_error(out, "%s: %s", what, err);
		return FO_ERR;
	}
	fo_out_printf(out, "%s to %s (%zu bytes)\n", said, path, strlen(text));
	return FO_OK;
}

static fo_status cmd_export(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	fo_layout_info x;
	int rc = pick(core, a, out, "map export", &x);
	if (rc != 1)
		return picked_status(rc);
	char err[512];
	char *text = fo_layouts_document(core->store, &x, err, sizeof err);
	if (!text) {
		fo_out_error(out, "map export: %s", err);
		return FO_ERR;
	}
	char said[256];
	snprintf(said, sizeof said, "exported %s revision %ld", x.name, x.revision);
	fo_status st = emit(out, "map export", text, fo_args_str(a, "out", NULL), said);
	free(text);
	return st;
}

static void print_path(fo_out *out, const fo_route_graph *g, const fo_lif *lif,
                       const fo_route_path *p)
{
	fo_out_printf(out, "%-4s %-24s %10s %10s %-12s %-24s %9s %9s %9s\n", "SEQ", "NODE", "X",
	              "Y", "LEVEL", "EDGE", "LENGTH_M", "MAX_MPS", "TIME_S");
	for (size_t i = 0; i < p->nnodes; i++) {
		uint32_t layout;
		const fo_lif_node *n = fo_route_node_ref(g, p->nodes[i], &layout, NULL);
		const char *level = lif->layouts[layout].level_id;
		if (i == 0) {
			fo_out_printf(out, "%-4zu %-24s %10.3f %10.3f %s\n", i, n->id, n->x, n->y,
			              level);
			continue;
		}
		const fo_lif_edge_type *et = NULL;
		const fo_lif_edge *e = fo_route_edge_ref(g, p->edges[i - 1], NULL, NULL, &et);
		char speed[16] = "-";
		if (et && !isnan(et->max_speed))
			snprintf(speed, sizeof speed, "%.2f", et->max_speed);
		fo_out_printf(out, "%-4zu %-24s %10.3f %10.3f %-12s %-24s %9.2f %9s %9.1f\n", i,
		              n->id, n->x, n->y, level, e->id,
		              fo_route_edge_length(g, p->edges[i - 1]), speed,
		              fo_route_edge_time(g, p->edges[i - 1]));
	}
}

static fo_status cmd_route(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	double speed = fo_args_has(a, "speed") ? fo_args_double(a, "speed", 0)
	                                       : fo_config_double(core, "map.top_speed");
	if (!(speed > 0) || !isfinite(speed)) {
		fo_out_error(out, "map route: --speed takes metres per second > 0");
		return FO_EUSAGE;
	}
	fo_layout_info x;
	int rc = pick(core, a, out, "map route", &x);
	if (rc != 1)
		return picked_status(rc);
	fo_lif *lif = load(core, &x, "map route", NULL, out);
	if (!lif)
		return FO_ERR;
	const char *type = fo_args_str(a, "type", fo_config_str(core, "map.vehicle_type"));
	fo_route_opts o = {.vehicle_type = type && *type ? type : NULL,
	                   .top_speed = speed,
	                   .level_change_s = fo_config_double(core, "map.level_change_s")};
	fo_route_graph *g = NULL;
	fo_route_query *q = NULL;
	fo_status st = FO_ERR;
	char err[512];
	if (fo_route_graph_new(lif, &o, &g, err, sizeof err) != 0) {
		fo_out_error(out, "map route: %s revision %ld: %s", x.name, x.revision, err);
		st = FO_EUSAGE;
		goto done;
	}
	const char *from = fo_args_str(a, "from", ""), *to = fo_args_str(a, "to", "");
	const uint32_t *fv, *tv;
	uint32_t f1, t1;
	size_t nf = fo_route_end_nodes(g, from, &fv, &f1), nt = fo_route_end_nodes(g, to, &tv, &t1);
	if (!nf || !nt) {
		fo_out_error(out, "map route: %s revision %ld has no node or station '%s'", x.name,
		             x.revision, !nf ? from : to);
		st = FO_EUSAGE;
		goto done;
	}
	q = fo_route_query_new(g);
	const fo_route_path *p;
	fo_route_info gi = fo_route_graph_info(g);
	if (fo_route_find_any(q, fv, nf, tv, nt, &p) != 0) {
		fo_out_error(out,
		             "map route: no route from %s to %s for vehicle type %s on %s "
		             "revision %ld (%u of %u edges usable by that type)",
		             from, to, gi.vehicle_type, x.name, x.revision, gi.usable_edges,
		             gi.edges);
		goto done;
	}
	fo_out_printf(out,
	              "route %s -> %s on %s revision %ld, vehicle type %s at %.2f m/s: %zu "
	              "nodes, %.1f m, %.1f s\n",
	              from, to, x.name, x.revision, gi.vehicle_type, speed, p->nnodes, p->length,
	              p->time);
	print_path(out, g, lif, p);
	st = FO_OK;
done:
	fo_route_query_free(q);
	fo_route_graph_free(g);
	fo_lif_free(lif);
	return st;
}

/* The simulator's depot for `vehicles` vehicles as LIF text (OWNED), or
 * NULL with err filled.  The layout depends on the vehicle count alone. */
static char *depot_text(long vehicles, const char *project, char *err, size_t errlen)
{
	fo_model *m = fo_model_new();
	uint64_t rng = 1;
	fo_depot_spec spec = {.vehicles = vehicles, .fleets = 1, .tenants = 1, .manufacturer = "x"};
	fo_depot *d = fo_depot_build(m, &spec, &rng, err, errlen);
	char *text = NULL;
	if (d) {
		fo_lif *lif = fo_depot_lif(m, d, project, err, errlen);
		if (lif)
			text = fo_lif_write(lif);
		fo_lif_free(lif);
	}
	fo_depot_free(d);
	fo_model_free(m);
	return text;
}

static fo_status cmd_depot(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	long vehicles = fo_config_find(core->config, "sim.vehicles")
	                    ? fo_config_int(core, "sim.vehicles")
	                    : 200;
	vehicles = fo_args_int(a, "vehicles", vehicles);
	if (vehicles < 1 || vehicles > 10000) {
		fo_out_error(out, "map depot: --vehicles takes 1 to 10000, not %ld", vehicles);
		return FO_EUSAGE;
	}
	char name[64], err[512];
	snprintf(name, sizeof name, "fleetops-depot-%ld", vehicles);
	char *text = depot_text(vehicles, name, err, sizeof err);
	if (!text) {
		fo_out_error(out, "map depot: %s", err);
		return FO_ERR;
	}
	char said[256];
	snprintf(said, sizeof said, "wrote %s, the depot of %ld vehicles,", name, vehicles);
	fo_status st = emit(out, "map depot", text, fo_args_str(a, "out", NULL), said);
	free(text);
	return st;
}

static const fo_arg_spec file_arg[] = {
    {"file", FO_ARG_STRING, true, NULL, "a LIF 1.0 layout file (JSON)"},
};
static const fo_arg_spec import_args[] = {
    {"file", FO_ARG_STRING, true, NULL, "a LIF 1.0 layout file (JSON)"},
    {"name", FO_ARG_STRING, false, NULL, "store it under this name (default: its project)"},
    {"activate", FO_ARG_BOOL, false, NULL, "put the imported revision in use"},
    {"note", FO_ARG_STRING, false, NULL, "why it is activated"},
};
static const fo_arg_spec list_args[] = {
    {"name", FO_ARG_STRING, false, NULL, "only the revisions of this layout"},
};
static const fo_arg_spec pick_args[] = {
    {"name", FO_ARG_STRING, false, NULL, "layout name (default: the active layout)"},
    {"revision", FO_ARG_INT, false, NULL, "which revision (default: the latest)"},
};
static const fo_arg_spec activate_args[] = {
    {"name", FO_ARG_STRING, true, NULL, "layout name"},
    {"revision", FO_ARG_INT, false, NULL, "which revision (default: the latest)"},
    {"note", FO_ARG_STRING, false, NULL, "why"},
};
static const fo_arg_spec export_args[] = {
    {"name", FO_ARG_STRING, false, NULL, "layout name (default: the active layout)"},
    {"revision", FO_ARG_INT, false, NULL, "which revision (default: the latest)"},
    {"out", FO_ARG_STRING, false, NULL, "write to this file (default: standard output)"},
};

static const fo_arg_spec route_args[] = {
    {"from", FO_ARG_STRING, true, NULL, "node or station id"},
    {"to", FO_ARG_STRING, true, NULL, "node or station id"},
    {"name", FO_ARG_STRING, false, NULL, "layout name (default: the active layout)"},
    {"revision", FO_ARG_INT, false, NULL, "which revision (default: the latest)"},
    {"type", FO_ARG_STRING, false, NULL, "LIF vehicle type (default: map.vehicle_type)"},
    {"speed", FO_ARG_DOUBLE, false, NULL, "vehicle top speed, m/s (default: map.top_speed)"},
};

static const fo_arg_spec depot_args[] = {
    {"vehicles", FO_ARG_INT, false, NULL,
     "the depot for this many vehicles (default: sim.vehicles)"},
    {"out", FO_ARG_STRING, false, NULL, "write to this file (default: standard output)"},
};

static const fo_cmd_spec cmds[] = {
    {"map", "check", "validate a LIF layout file without storing it", file_arg, FO_NELEMS(file_arg),
     FO_CMD_READONLY_SAFE, cmd_check},
    {"map", "import", "validate a LIF layout file and store it as the next revision", import_args,
     FO_NELEMS(import_args), 0, cmd_import},
    {"map", "list", "stored layout revisions, the active one marked", list_args,
     FO_NELEMS(list_args), FO_CMD_READONLY_SAFE, cmd_list},
    {"map", "show", "one layout revision: levels, counts, vehicle types, extent", pick_args,
     FO_NELEMS(pick_args), FO_CMD_READONLY_SAFE, cmd_show},
    {"map", "activate", "put a layout revision in use", activate_args, FO_NELEMS(activate_args),
     FO_CMD_DANGEROUS, cmd_activate},
    {"map", "export", "a stored layout revision as LIF", export_args, FO_NELEMS(export_args),
     FO_CMD_READONLY_SAFE, cmd_export},
    {"map", "depot", "the built-in simulator's depot as a LIF layout", depot_args,
     FO_NELEMS(depot_args), FO_CMD_READONLY_SAFE, cmd_depot},
    {"map", "route", "the fastest route between two nodes or stations of a layout", route_args,
     FO_NELEMS(route_args), FO_CMD_READONLY_SAFE, cmd_route},
};

void fo_map_cmds_register(fo_core *core)
{
	char err[256];
	if (fo_cmds_register(core, cmds, FO_NELEMS(cmds), NULL, err, sizeof err) != 0)
		fo_log(core, FO_LOG_ERROR, "map: %s", err);
}
