/* map_view.c — the view "map.vehicles": every vehicle where it stands on
 * the site map (position, heading, node, zone, state), and, in an HTML
 * report (`fleetops report map --format html`), the map itself as SVG above
 * the table: zones, edges, the paths traffic control reserved (held solid,
 * the horizon dashed), chargers, parking places and stations, the vehicles
 * as arrows in the colour of their state. */
#include "core.h"
#include "fleet_view.h"
#include "map.h"
#include "report.h"
#include "site.h"
#include "view.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { MC_VEHICLE, MC_FLEET, MC_STATE, MC_X, MC_Y, MC_HEADING, MC_SPEED, MC_NODE, MC_ZONE };

static const fo_column map_cols[] = {
    {"vehicle", "Vehicle", FO_COL_TEXT, 12, false, NULL},
    {"fleet", "Fleet", FO_COL_TEXT, 10, false, NULL},
    {"state", "State", FO_COL_TEXT, 9, false, NULL},
    {"x", "X", FO_COL_NUM, 8, false, "m"},
    {"y", "Y", FO_COL_NUM, 8, false, "m"},
    {"heading", "Heading", FO_COL_NUM, 7, false, "°"},
    {"speed", "Speed", FO_COL_NUM, 6, false, "m/s"},
    {"node", "Last node", FO_COL_TEXT, 12, false, NULL},
    {"zone", "Zone", FO_COL_TEXT, 10, false, NULL},
};

static size_t map_rows(fo_core *core, void *ud)
{
	(void)ud;
	return fo_model_vehicle_count(core->model);
}

static void map_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	(void)ud;
	snprintf(buf, len, "%s", fo_model_vehicle(core->model, row)->id);
}

static void map_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	(void)ud;
	fo_model *m = core->model;
	const fo_vehicle *v = fo_model_vehicle(m, row);
	fo_vstate s = fo_vehicle_state(v);
	switch (col) {
	case MC_VEHICLE:
		fo_cell_text(c, "%s", v->id);
		break;
	case MC_FLEET:
		fo_cell_text(c, "%s", fo_model_fleet(m, v->fleet)->id);
		break;
	case MC_STATE:
		fo_cell_text(c, "%s", fo_vstate_name(s));
		c->style = fo_vstate_style(s);
		break;
	case MC_X:
		fo_cell_num(c, v->x, 2);
		break;
	case MC_Y:
		fo_cell_num(c, v->y, 2);
		break;
	case MC_HEADING: /* degrees counter-clockwise from +x, 0..360 */
		fo_cell_num(c, fmod(fmod(v->theta * 180.0 / M_PI, 360.0) + 360.0, 360.0), 0);
		break;
	case MC_SPEED:
		fo_cell_num(c, v->speed, 2);
		break;
	case MC_NODE:
		fo_cell_text(c, "%s", v->last_node);
		break;
	case MC_ZONE:
		if (v->zone < fo_model_zone_count(m))
			fo_cell_text(c, "%s", fo_model_zone(m, v->zone)->id);
		break;
	default:
		break;
	}
}

/* ---- the SVG figure */

typedef struct {
	double x0, y1, scale, pad; /* px = (x - x0) * scale + pad; py = (y1 - y) * scale + pad */
} proj;

static double px(const proj *p, double x)
{
	return (x - p->x0) * p->scale + p->pad;
}

static double py(const proj *p, double y)
{
	return (p->y1 - y) * p->scale + p->pad;
}

static const char *state_colour(fo_vstate s)
{
	switch (fo_vstate_style(s)) {
	case FO_STYLE_DIM:
		return "#9e9e9e";
	case FO_STYLE_OK:
		return "#2e7d32";
	case FO_STYLE_ACCENT:
		return "#1565c0";
	case FO_STYLE_WARN:
		return "#ef6c00";
	case FO_STYLE_ERROR:
		return "#c62828";
	default:
		return "#455a64";
	}
}

/* Bounds of the nodes, else of the vehicles; false when nothing is
 * placed. */
static bool bounds(fo_model *m, double *x0, double *y0, double *x1, double *y1)
{
	*x0 = *y0 = INFINITY;
	*x1 = *y1 = -INFINITY;
	size_t n = fo_model_node_count(m);
	for (size_t i = 0; i < n; i++) {
		const fo_map_node *nd = fo_model_node(m, i);
		if (!isfinite(nd->x) || !isfinite(nd->y))
			continue;
		*x0 = fmin(*x0, nd->x), *x1 = fmax(*x1, nd->x);
		*y0 = fmin(*y0, nd->y), *y1 = fmax(*y1, nd->y);
	}
	for (size_t i = 0; !n && i < fo_model_vehicle_count(m); i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		if (!isfinite(v->x) || !isfinite(v->y))
			continue;
		*x0 = fmin(*x0, v->x), *x1 = fmax(*x1, v->x);
		*y0 = fmin(*y0, v->y), *y1 = fmax(*y1, v->y);
	}
	return *x0 <= *x1;
}

static void svg_nodes(fo_out *out, fo_model *m, const proj *p, double r)
{
	static const struct {
		fo_node_kind kind;
		const char *cls, *fill;
	} kinds[] = {{FO_NODE_CHARGER, "charger", "#43a047"},
	             {FO_NODE_PARKING, "parking", "#1e88e5"},
	             {FO_NODE_STATION, "station", "#fb8c00"}};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		fo_out_printf(out, "<g class=\"fo-map-%s\" fill=\"%s\">", kinds[k].cls,
		              kinds[k].fill);
		for (size_t i = 0; i < fo_model_node_count(m); i++) {
			const fo_map_node *n = fo_model_node(m, i);
			if (n->kind != kinds[k].kind || !isfinite(n->x) || !isfinite(n->y))
				continue;
			fo_out_printf(out,
			              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">",
			              px(p, n->x) - r, py(p, n->y) - r, 2 * r, 2 * r);
			fo_out_printf(out, "<title>%s ", kinds[k].cls);
			fo_report_html_text(out, n->id);
			fo_out_printf(out, "</title></rect>");
		}
		fo_out_printf(out, "</g>\n");
	}
}

/* Nodes of a held path or horizon drawn at most (as the Map pane). */
#define RESERVED_MAX 256

/* One polyline of points xy[0..n) in class cls, titled with the vehicle. */
static void svg_polyline(fo_out *out, const proj *p, const double (*xy)[2], size_t n,
                         const char *cls, const char *attr, const char *veh)
{
	fo_out_printf(out, "<polyline class=\"%s\" %s points=\"", cls, attr);
	for (size_t i = 0; i < n; i++)
		fo_out_printf(out, "%s%.1f,%.1f", i ? " " : "", px(p, xy[i][0]), py(p, xy[i][1]));
	fo_out_printf(out, "\"><title>");
	fo_report_html_text(out, veh);
	fo_out_printf(out, " %s</title></polyline>",
	              strcmp(cls, "fo-map-held") == 0 ? "holds" : "wants next");
}

/* The vehicles' reserved paths (fo_site_reserved): held, and the horizon
 * on from the last held node.  With p NULL only counts.  Returns how many
 * vehicles hold more than the node they stand on or want more; -1 when
 * traffic control holds nothing in this process. */
static long svg_reserved(fo_core *core, fo_out *out, const proj *p, double r)
{
	/* the held path solid and wide, the horizon dashed, thinner and paler */
	char held_attr[96], want_attr[128];
	snprintf(held_attr, sizeof held_attr, "stroke-width=\"%.1f\"", fmax(2, r * 0.8));
	snprintf(want_attr, sizeof want_attr,
	         "stroke-width=\"%.1f\" stroke-dasharray=\"%.1f %.1f\" stroke-opacity=\"0.6\"",
	         fmax(1.5, r * 0.5), fmax(3, r), fmax(2, r * 0.6));
	double held[RESERVED_MAX][2], want[RESERVED_MAX + 1][2];
	size_t nv = fo_model_vehicle_count(core->model);
	long busy = 0;
	if (p)
		fo_out_printf(out, "<g class=\"fo-map-reserved\" fill=\"none\" stroke=\"#8e24aa\" "
		                   "stroke-linecap=\"round\" stroke-linejoin=\"round\">");
	for (size_t i = 0; i < nv; i++) {
		size_t nh, nw;
		if (!fo_site_reserved(core, i, held, &nh, want + 1, &nw, RESERVED_MAX)) {
			busy = -1;
			break;
		}
		if (nh < 2 && nw == 0)
			continue;
		busy++;
		if (!p)
			continue;
		const char *id = fo_model_vehicle(core->model, i)->id;
		bool joined = nh > 0 && nh < RESERVED_MAX;
		if (joined) {
			want[0][0] = held[nh - 1][0];
			want[0][1] = held[nh - 1][1];
		}
		if (nw + joined >= 2)
			svg_polyline(out, p, (const double(*)[2])(joined ? want : want + 1),
			             nw + joined, "fo-map-want", want_attr, id);
		if (nh >= 2)
			svg_polyline(out, p, (const double(*)[2])held, nh, "fo-map-held", held_attr,
			             id);
	}
	if (p)
		fo_out_printf(out, "</g>\n");
	return busy;
}

static void svg_vehicles(fo_out *out, fo_model *m, const proj *p, double r)
{
	fo_out_printf(out, "<g class=\"fo-map-vehicles\" stroke=\"#fff\" stroke-width=\"0.5\">");
	for (size_t i = 0; i < fo_model_vehicle_count(m); i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		if (!isfinite(v->x) || !isfinite(v->y) || !isfinite(v->theta))
			continue;
		double cx = px(p, v->x), cy = py(p, v->y);
		/* an arrow along theta (counter-clockwise from +x; screen y down) */
		double c = cos(v->theta), s = sin(v->theta);
		fo_vstate st = fo_vehicle_state(v);
		fo_out_printf(out,
		              "<polygon class=\"fo-map-vehicle\" fill=\"%s\" points=\"%.1f,%.1f "
		              "%.1f,%.1f %.1f,%.1f\"><title>",
		              state_colour(st), cx + 1.6 * r * c, cy - 1.6 * r * s,
		              cx - r * c - r * s, cy + r * s - r * c, cx - r * c + r * s,
		              cy + r * s + r * c);
		fo_report_html_text(out, v->id);
		fo_out_printf(out, " %s</title></polygon>", fo_vstate_name(st));
	}
	fo_out_printf(out, "</g>\n");
}

static void map_figure(fo_core *core, void *ud, fo_out *out)
{
	(void)ud;
	fo_model *m = core->model;
	double x0, y0, x1, y1;
	if (!bounds(m, &x0, &y0, &x1, &y1)) {
		fo_out_printf(out, "<p class=\"empty\"><em>No map: no layout is loaded and no "
		                   "vehicle has a position.</em></p>\n");
		return;
	}
	const double width = 960, pad = 12;
	double w = fmax(x1 - x0, 1e-3), h = fmax(y1 - y0, 1e-3);
	proj p = {.x0 = x0, .y1 = y1, .scale = (width - 2 * pad) / w, .pad = pad};
	if (h * p.scale > 3 * width) /* a tall site: keep the figure on a page */
		p.scale = 3 * width / h;
	double height = h * p.scale + 2 * pad;
	size_t nn = fo_model_node_count(m), ne = fo_model_edge_count(m);
	/* marks about a third of the spacing of the nodes, 2..6 px */
	double r = nn ? sqrt(w * h / (double)nn) * p.scale / 3 : 4;
	r = fmax(2, fmin(6, r));
	long reserved = svg_reserved(core, out, NULL, r);
	char held_note[256];
	if (reserved < 0)
		snprintf(held_note, sizeof held_note,
		         "no reserved paths: traffic control holds nothing in this process");
	else
		snprintf(
		    held_note, sizeof held_note,
		    "reserved paths of %ld vehicle%s: <span style=\"color:#8e24aa\">&#9473;</span> "
		    "held <span style=\"color:#8e24aa;opacity:0.6\">&#9477;</span> horizon "
		    "(wanted next)",
		    reserved, reserved == 1 ? "" : "s");
	fo_out_printf(out,
	              "<figure class=\"fo-map\"><figcaption>Site map: %zu nodes, %zu edges, %zu "
	              "vehicles — <span style=\"color:#43a047\">&#9632;</span> charger "
	              "<span style=\"color:#1e88e5\">&#9632;</span> parking "
	              "<span style=\"color:#fb8c00\">&#9632;</span> station &#9650; vehicle "
	              "(<span style=\"color:#2e7d32\">moving</span>, "
	              "<span style=\"color:#455a64\">idle</span>, "
	              "<span style=\"color:#1565c0\">charging</span>, "
	              "<span style=\"color:#ef6c00\">paused</span>, "
	              "<span style=\"color:#c62828\">error</span>, "
	              "<span style=\"color:#9e9e9e\">offline</span>); %s</figcaption>\n"
	              "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fo-map-svg\" "
	              "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
	              "style=\"max-width:100%%;height:auto\">\n",
	              nn, ne, fo_model_vehicle_count(m), held_note, width, height, width, height);
	fo_out_printf(out, "<g class=\"fo-map-zones\" fill=\"#eceff1\" stroke=\"#cfd8dc\">");
	for (size_t i = 0; i < fo_model_zone_count(m); i++) {
		const fo_map_zone *z = fo_model_zone(m, i);
		if (!isfinite(z->x0) || !isfinite(z->x1) || z->x1 < z->x0 || z->y1 < z->y0)
			continue;
		fo_out_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">",
		              px(&p, z->x0) - r, py(&p, z->y1) - r,
		              (z->x1 - z->x0) * p.scale + 2 * r, (z->y1 - z->y0) * p.scale + 2 * r);
		fo_out_printf(out, "<title>zone ");
		fo_report_html_text(out, z->name);
		fo_out_printf(out, "</title></rect>");
	}
	fo_out_printf(out, "</g>\n<g class=\"fo-map-edges\" stroke=\"#90a4ae\" "
	                   "stroke-width=\"1\">");
	for (size_t i = 0; i < ne; i++) {
		const fo_map_edge *e = fo_model_edge(m, i);
		if (e->from >= nn || e->to >= nn)
			continue;
		const fo_map_node *a = fo_model_node(m, e->from), *b = fo_model_node(m, e->to);
		fo_out_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
		              px(&p, a->x), py(&p, a->y), px(&p, b->x), py(&p, b->y));
	}
	fo_out_printf(out, "</g>\n");
	if (reserved > 0) /* over the edges, under the nodes and vehicles */
		svg_reserved(core, out, &p, r);
	svg_nodes(out, m, &p, r);
	svg_vehicles(out, m, &p, r * 1.2);
	fo_out_printf(out, "</svg></figure>\n");
}

static const fo_view_spec map_view = {
    .name = "map.vehicles",
    .title = "Site map",
    .summary = "every vehicle where it stands on the site map (HTML reports draw the map as SVG)",
    .cols = map_cols,
    .ncols = FO_NELEMS(map_cols),
    .row_count = map_rows,
    .cell = map_cell,
    .row_key = map_key,
    .generation = fo_view_model_generation,
    .empty_text = "no vehicles",
};

void fo_map_view_register(fo_core *core)
{
	if (fo_view_register(core, &map_view, NULL) != 0 ||
	    fo_views_set_figure(core->views, &map_view, map_figure) != 0)
		fo_log(core, FO_LOG_ERROR, "map: the map view could not be registered");
}
