/* test_map_canvas.c — the map canvas (core/map/map_canvas.c) on
 * hand-built models: lines on the braille dots and in ASCII, the braille
 * bit layout, fit, zoom, pan and follow, heading glyphs, vehicles sharing
 * a cell, tiny grids, huge coordinates and an empty model; reserved paths
 * (held and horizon) over the edges and under the vehicles, and in the SVG
 * map of HTML reports (core/map/map_view.c). */
#include "helpers.h"

#include "braille.h"
#include "core.h"
#include "fleet_view.h"
#include "map.h"
#include "map_canvas.h"
#include "model.h"
#include "registry.h"
#include "site.h"
#include "view.h"

#include <math.h>

/* ---- helpers */

static int add_node(fo_model *m, const char *id, double x, double y, fo_node_kind kind)
{
	fo_map_node n;
	memset(&n, 0, sizeof n);
	snprintf(n.id, sizeof n.id, "%s", id);
	n.x = x;
	n.y = y;
	n.kind = kind;
	char err[128];
	int i = fo_model_node_add(m, &n, err, sizeof err);
	assert_true(i >= 0);
	return i;
}

static void add_edge(fo_model *m, const char *id, int from, int to)
{
	fo_map_edge e;
	memset(&e, 0, sizeof e);
	snprintf(e.id, sizeof e.id, "%s", id);
	e.from = (uint32_t)from;
	e.to = (uint32_t)to;
	char err[128];
	assert_true(fo_model_edge_add(m, &e, err, sizeof err) >= 0);
}

static fo_vehicle *add_vehicle(fo_model *m, const char *id, double x, double y, double theta)
{
	char err[128];
	if (fo_model_fleet_count(m) == 0) {
		assert_int_equal(fo_model_tenant_add(m, "t", "T", err, sizeof err), 0);
		assert_int_equal(fo_model_fleet_add(m, "f", "F", 0, err, sizeof err), 0);
	}
	fo_vehicle *v = fo_model_vehicle_add(m, id, 0, err, sizeof err);
	assert_non_null(v);
	v->x = x;
	v->y = y;
	v->theta = theta;
	fo_model_touch(m, v);
	return v;
}

/* The view used by the line tests: 4 x 2 cells, 2 m per cell, so 8 x 8
 * dots of 1 m with dot (i, j) covering x in [i, i+1), y in (7-j, 8-j]. */
static fo_map_view fixed_view(void)
{
	fo_map_view v;
	fo_map_view_init(&v);
	v.fit = false;
	v.cx = 4;
	v.cy = 4;
	v.mpc = 2;
	return v;
}

/* The dot bits of a braille cell; -1 when the cell is no braille pattern. */
static int bits(const fo_map_canvas *c, int col, int row)
{
	const fo_map_cell *cell = fo_map_canvas_cell(c, col, row);
	assert_non_null(cell);
	const unsigned char *s = (const unsigned char *)cell->text;
	if (strcmp(cell->text, " ") == 0)
		return 0;
	if (s[0] != 0xe2 || (s[1] & 0xfc) != 0xa0 || s[3] != '\0')
		return -1;
	unsigned cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
	return (int)(cp - 0x2800u);
}

static const char *text(const fo_map_canvas *c, int col, int row)
{
	const fo_map_cell *cell = fo_map_canvas_cell(c, col, row);
	assert_non_null(cell);
	return cell->text;
}

/* ---- braille */

static void test_braille_bit_layout(void **state)
{
	(void)state;
	/* Unicode: dots 1 2 3 7 down the left column, 4 5 6 8 down the right */
	assert_int_equal(fo_braille_bit(0, 0), 0x01);
	assert_int_equal(fo_braille_bit(0, 1), 0x02);
	assert_int_equal(fo_braille_bit(0, 2), 0x04);
	assert_int_equal(fo_braille_bit(0, 3), 0x40);
	assert_int_equal(fo_braille_bit(1, 0), 0x08);
	assert_int_equal(fo_braille_bit(1, 1), 0x10);
	assert_int_equal(fo_braille_bit(1, 2), 0x20);
	assert_int_equal(fo_braille_bit(1, 3), 0x80);
	char u[4];
	fo_braille_utf8(0x01, u);
	assert_string_equal(u, "\u2801");
	fo_braille_utf8(0xff, u);
	assert_string_equal(u, "\u28ff");

	/* one node alone: its one dot.  Node at (2.5, 5.5): dot (2, 2), the
	 * left column, third row of cell (1, 0) */
	fo_model *m = fo_model_new();
	add_node(m, "A", 2.5, 5.5, FO_NODE_PLAIN);
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v = fixed_view();
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	assert_int_equal(bits(c, 1, 0), 0x04);
	assert_int_equal(fo_map_canvas_cell(c, 1, 0)->kind, FO_MAP_CELL_NODE);
	assert_int_equal(bits(c, 0, 0), 0);
	assert_int_equal(bits(c, 1, 1), 0);
	fo_map_canvas_free(c);
	fo_model_free(m);
}

/* ---- lines */

static void test_line_horizontal_and_vertical(void **state)
{
	(void)state;
	fo_model *m = fo_model_new();
	int a = add_node(m, "A", 0.5, 7.5, FO_NODE_PLAIN); /* dot (0, 0) */
	int b = add_node(m, "B", 7.5, 7.5, FO_NODE_PLAIN); /* dot (7, 0) */
	int d = add_node(m, "D", 0.5, 0.5, FO_NODE_PLAIN); /* dot (0, 7) */
	add_edge(m, "AB", a, b);
	add_edge(m, "AD", a, d);
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v = fixed_view();
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	/* the top row of dots in every cell of row 0; the left column of
	 * dots in cells (0, 0) and (0, 1) */
	assert_int_equal(bits(c, 0, 0), 0x01 | 0x08 | 0x02 | 0x04 | 0x40);
	assert_int_equal(bits(c, 1, 0), 0x09);
	assert_int_equal(bits(c, 2, 0), 0x09);
	assert_int_equal(bits(c, 3, 0), 0x09);
	assert_int_equal(bits(c, 0, 1), 0x47);
	assert_int_equal(bits(c, 1, 1), 0);
	const fo_map_stats *st = fo_map_canvas_stats(c);
	assert_int_equal(st->edges_in, 2);
	assert_int_equal(st->nodes_in, 3);
	fo_map_canvas_free(c);
	fo_model_free(m);
}

static void test_line_bresenham_slope(void **state)
{
	(void)state;
	/* dot (0, 0) to dot (7, 3): Bresenham steps y every second x:
	 * (0,0) (1,0) (2,1) (3,1) (4,2) (5,2) (6,3) (7,3) -- the same dots
	 * either way round */
	for (int dir = 0; dir < 2; dir++) {
		fo_model *m = fo_model_new();
		int a = add_node(m, "A", 0.5, 7.5, FO_NODE_PLAIN);
		int b = add_node(m, "B", 7.5, 4.5, FO_NODE_PLAIN);
		add_edge(m, "E", dir ? b : a, dir ? a : b);
		fo_map_canvas *c = fo_map_canvas_new();
		fo_map_view v = fixed_view();
		assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
		assert_int_equal(bits(c, 0, 0), 0x01 | 0x08);
		assert_int_equal(bits(c, 1, 0), 0x02 | 0x10);
		assert_int_equal(bits(c, 2, 0), 0x04 | 0x20);
		assert_int_equal(bits(c, 3, 0), 0x40 | 0x80);
		for (int col = 0; col < 4; col++)
			assert_int_equal(bits(c, col, 1), 0);
		fo_map_canvas_free(c);
		fo_model_free(m);
	}
	/* 45 degrees: dot (i, i) */
	fo_model *m = fo_model_new();
	int a = add_node(m, "A", 0.5, 7.5, FO_NODE_PLAIN);
	int b = add_node(m, "B", 7.5, 0.5, FO_NODE_PLAIN);
	add_edge(m, "E", a, b);
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v = fixed_view();
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	assert_int_equal(bits(c, 0, 0), 0x01 | 0x10);
	assert_int_equal(bits(c, 1, 0), 0x04 | 0x80);
	assert_int_equal(bits(c, 2, 1), 0x01 | 0x10);
	assert_int_equal(bits(c, 3, 1), 0x04 | 0x80);
	assert_int_equal(bits(c, 1, 1), 0);
	assert_int_equal(bits(c, 2, 0), 0);
	fo_map_canvas_free(c);
	fo_model_free(m);
}

static void test_line_clipped(void **state)
{
	(void)state;
	fo_model *m = fo_model_new();
	/* far beyond both sides: clipped to the row of dot y 0 */
	int a = add_node(m, "A", -1e9, 7.5, FO_NODE_PLAIN);
	int b = add_node(m, "B", 1e9, 7.5, FO_NODE_PLAIN);
	/* wholly outside: nothing */
	int p = add_node(m, "P", 100, 100, FO_NODE_PLAIN);
	int q = add_node(m, "Q", 200, -50, FO_NODE_PLAIN);
	add_edge(m, "AB", a, b);
	add_edge(m, "PQ", p, q);
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v = fixed_view();
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	for (int col = 0; col < 4; col++) {
		assert_int_equal(bits(c, col, 0), 0x09);
		assert_int_equal(bits(c, col, 1), 0);
	}
	assert_int_equal(fo_map_canvas_stats(c)->edges_in, 1);
	assert_int_equal(fo_map_canvas_stats(c)->nodes_in, 0);
	fo_map_canvas_free(c);
	fo_model_free(m);
}

/* ---- ASCII */

static void test_ascii_glyphs(void **state)
{
	(void)state;
	/* 8 x 4 cells of 1 m across, 2 m down, centred on (4, 4): cell (i, j)
	 * covers x in [i, i+1), y in (8-2j-2, 8-2j] */
	fo_model *m = fo_model_new();
	int a = add_node(m, "A", 0.5, 7.5, FO_NODE_PLAIN);   /* cell (0, 0) */
	int b = add_node(m, "B", 7.5, 7.5, FO_NODE_CHARGER); /* cell (7, 0) */
	int d = add_node(m, "D", 0.5, 0.5, FO_NODE_PARKING); /* cell (0, 3) */
	int e = add_node(m, "E", 3.5, 5.5, FO_NODE_STATION); /* cell (3, 1) */
	add_edge(m, "AB", a, b);
	add_edge(m, "AD", a, d);
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v;
	fo_map_view_init(&v);
	v.fit = false;
	v.cx = 4;
	v.cy = 4;
	v.mpc = 1;
	assert_true(fo_map_canvas_render(c, m, &v, 8, 4, FO_MAP_ASCII));
	assert_string_equal(text(c, 0, 0), "+");
	assert_string_equal(text(c, 1, 0), "-");
	assert_string_equal(text(c, 6, 0), "-");
	assert_string_equal(text(c, 7, 0), "C");
	assert_string_equal(text(c, 0, 1), "|");
	assert_string_equal(text(c, 0, 2), "|");
	assert_string_equal(text(c, 0, 3), "P");
	assert_string_equal(text(c, 3, 1), "S");
	assert_string_equal(text(c, 5, 2), " ");
	assert_int_equal(fo_map_canvas_cell(c, 1, 0)->kind, FO_MAP_CELL_EDGE);
	assert_int_equal(fo_map_canvas_cell(c, 1, 0)->style, FO_STYLE_DIM);
	assert_int_equal(fo_map_canvas_cell(c, 7, 0)->kind, FO_MAP_CELL_NODE);
	(void)e;
	fo_map_canvas_free(c);
	fo_model_free(m);

	/* diagonals: 6 cells across and 3 rows down look 45 degrees (a cell
	 * is twice as tall as wide): down-right is \, up-right is / */
	m = fo_model_new();
	a = add_node(m, "A", 0.5, 7.5, FO_NODE_PLAIN); /* cell (0, 0) */
	b = add_node(m, "B", 6.5, 1.5, FO_NODE_PLAIN); /* cell (6, 3): 6 across, 3 down */
	d = add_node(m, "D", 0.5, 1.5, FO_NODE_PLAIN); /* cell (0, 3) */
	e = add_node(m, "E", 6.5, 7.5, FO_NODE_PLAIN); /* cell (6, 0) */
	add_edge(m, "AB", a, b);
	add_edge(m, "DE", d, e);
	c = fo_map_canvas_new();
	assert_true(fo_map_canvas_render(c, m, &v, 8, 4, FO_MAP_ASCII));
	assert_string_equal(text(c, 2, 1), "\\");
	assert_string_equal(text(c, 2, 2), "/");
	assert_string_equal(text(c, 3, 1), "/");
	assert_string_equal(text(c, 3, 2), "\\");
	fo_map_canvas_free(c);
	fo_model_free(m);

	/* two edges through one cell: + (an edge cell, no node there) */
	m = fo_model_new();
	a = add_node(m, "A", 0.5, 3.5, FO_NODE_PLAIN); /* row 2 across */
	b = add_node(m, "B", 7.5, 3.5, FO_NODE_PLAIN);
	d = add_node(m, "D", 3.5, 7.5, FO_NODE_PLAIN); /* column 3 down */
	e = add_node(m, "E", 3.5, 0.5, FO_NODE_PLAIN);
	add_edge(m, "AB", a, b);
	add_edge(m, "DE", d, e);
	c = fo_map_canvas_new();
	assert_true(fo_map_canvas_render(c, m, &v, 8, 4, FO_MAP_ASCII));
	assert_string_equal(text(c, 3, 2), "+");
	assert_int_equal(fo_map_canvas_cell(c, 3, 2)->kind, FO_MAP_CELL_EDGE);
	assert_string_equal(text(c, 2, 2), "-");
	assert_string_equal(text(c, 3, 1), "|");
	fo_map_canvas_free(c);
	fo_model_free(m);
}

static void test_node_kinds_utf8(void **state)
{
	(void)state;
	fo_model *m = fo_model_new();
	add_node(m, "C", 0.5, 7.5, FO_NODE_CHARGER);
	add_node(m, "P", 2.5, 7.5, FO_NODE_PARKING);
	add_node(m, "S", 4.5, 7.5, FO_NODE_STATION);
	/* two special nodes in one cell: no glyph, the dots show */
	add_node(m, "S2", 6.2, 3.5, FO_NODE_STATION);
	add_node(m, "C2", 7.5, 3.5, FO_NODE_CHARGER);
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v = fixed_view();
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	assert_string_equal(text(c, 0, 0), "\u25c6");
	assert_string_equal(text(c, 1, 0), "\u25a1");
	assert_string_equal(text(c, 2, 0), "\u25a0");
	assert_int_equal(fo_map_canvas_cell(c, 0, 0)->style, FO_STYLE_ACCENT);
	assert_true(bits(c, 3, 1) > 0);
	fo_map_canvas_free(c);
	fo_model_free(m);
}

/* ---- vehicles */

static void test_heading_glyphs(void **state)
{
	(void)state;
	assert_string_equal(fo_map_heading_glyph(0, FO_MAP_BRAILLE), "\u2192");
	assert_string_equal(fo_map_heading_glyph(M_PI / 4, FO_MAP_BRAILLE), "\u2197");
	assert_string_equal(fo_map_heading_glyph(M_PI / 2, FO_MAP_BRAILLE), "\u2191");
	assert_string_equal(fo_map_heading_glyph(3 * M_PI / 4, FO_MAP_BRAILLE), "\u2196");
	assert_string_equal(fo_map_heading_glyph(M_PI, FO_MAP_BRAILLE), "\u2190");
	assert_string_equal(fo_map_heading_glyph(-M_PI, FO_MAP_BRAILLE), "\u2190");
	assert_string_equal(fo_map_heading_glyph(-3 * M_PI / 4, FO_MAP_BRAILLE), "\u2199");
	assert_string_equal(fo_map_heading_glyph(-M_PI / 2, FO_MAP_BRAILLE), "\u2193");
	assert_string_equal(fo_map_heading_glyph(-M_PI / 4, FO_MAP_BRAILLE), "\u2198");
	assert_string_equal(fo_map_heading_glyph(2 * M_PI + 0.1, FO_MAP_BRAILLE), "\u2192");
	assert_string_equal(fo_map_heading_glyph(0.3, FO_MAP_BRAILLE), "\u2192");
	assert_string_equal(fo_map_heading_glyph(0.5, FO_MAP_BRAILLE), "\u2197");
	assert_string_equal(fo_map_heading_glyph(NAN, FO_MAP_BRAILLE), "\u2022");
	assert_string_equal(fo_map_heading_glyph(INFINITY, FO_MAP_ASCII), "o");
	assert_string_equal(fo_map_heading_glyph(0, FO_MAP_ASCII), ">");
	assert_string_equal(fo_map_heading_glyph(M_PI / 2, FO_MAP_ASCII), "^");
	assert_string_equal(fo_map_heading_glyph(M_PI, FO_MAP_ASCII), "<");
	assert_string_equal(fo_map_heading_glyph(-M_PI / 2, FO_MAP_ASCII), "v");
	assert_string_equal(fo_map_heading_glyph(3 * M_PI / 2, FO_MAP_ASCII), "v");
	assert_string_equal(fo_map_heading_glyph(1e300, FO_MAP_ASCII),
	                    fo_map_heading_glyph(fmod(1e300, 2 * M_PI), FO_MAP_ASCII));
}

static void test_vehicles_drawn_and_shared_cells(void **state)
{
	(void)state;
	fo_model *m = fo_model_new();
	add_node(m, "A", 0.5, 7.5, FO_NODE_PLAIN);
	fo_vehicle *v1 = add_vehicle(m, "V1", 2.5, 7.5, M_PI / 2); /* cell (1, 0) */
	/* cell (3, 1): an idle one and one in e-stop */
	add_vehicle(m, "V2", 6.5, 1.5, 0);
	fo_vehicle *v3 = add_vehicle(m, "V3", 7.5, 0.5, 0);
	v3->estop = FO_ESTOP_MANUAL;
	fo_model_touch(m, v3);
	/* outside */
	add_vehicle(m, "V4", 100, 100, 0);
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v = fixed_view();
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	const fo_map_cell *cell = fo_map_canvas_cell(c, 1, 0);
	assert_int_equal(cell->kind, FO_MAP_CELL_VEHICLE);
	assert_string_equal(cell->text, "\u2191");
	assert_int_equal(cell->count, 1);
	assert_int_equal(cell->style, fo_vstate_style(FO_VS_IDLE));
	cell = fo_map_canvas_cell(c, 3, 1);
	assert_int_equal(cell->count, 2);
	assert_string_equal(cell->text, "2");
	assert_int_equal(cell->style, FO_STYLE_ERROR); /* the most severe */
	assert_int_equal(fo_map_canvas_stats(c)->vehicles_in, 3);
	assert_int_equal(fo_map_canvas_stats(c)->vehicles, 4);

	/* moving a vehicle redraws it, not the layer under it */
	v1->x = 4.5;
	fo_model_touch(m, v1);
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	assert_false(fo_map_canvas_stats(c)->static_redrawn);
	assert_int_equal(fo_map_canvas_cell(c, 2, 0)->kind, FO_MAP_CELL_VEHICLE);
	assert_int_equal(fo_map_canvas_cell(c, 1, 0)->kind, FO_MAP_CELL_EMPTY);

	/* ten and more in a cell: "+"; ASCII heading */
	char id[16];
	for (int i = 0; i < 10; i++) {
		snprintf(id, sizeof id, "W%d", i);
		add_vehicle(m, id, 0.6, 0.6, 0);
	}
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_ASCII));
	assert_string_equal(text(c, 0, 1), "+");
	assert_int_equal(fo_map_canvas_cell(c, 0, 1)->count, 10);
	assert_string_equal(text(c, 2, 0), "^");
	assert_true(fo_map_canvas_stats(c)->static_redrawn);
	fo_map_canvas_free(c);
	fo_model_free(m);
}

/* ---- viewport */

static void test_fit_zoom_pan(void **state)
{
	(void)state;
	fo_model *m = fo_model_new();
	add_node(m, "A", 0, 0, FO_NODE_PLAIN);
	add_node(m, "B", 100, 50, FO_NODE_PLAIN);
	fo_map_view v;
	fo_map_view_init(&v);
	assert_true(v.fit);
	/* 52 x 27 cells, a cell of margin each side: 50 x 25 for 100 x 50 m,
	 * rows are 2 * mpc tall: max(100 / 50, 50 / 50) */
	fo_map_view_fit(&v, m, 52, 27);
	assert_near(v.mpc, 2.0, 1e-9);
	assert_near(v.cx, 50, 1e-9);
	assert_near(v.cy, 25, 1e-9);
	/* the height decides */
	fo_map_view_fit(&v, m, 202, 12);
	assert_near(v.mpc, 2.5, 1e-9);

	fo_map_view_zoom(&v, 2);
	assert_false(v.fit);
	assert_near(v.mpc, 1.25, 1e-9);
	fo_map_view_zoom(&v, 0.5);
	assert_near(v.mpc, 2.5, 1e-9);
	fo_map_view_zoom(&v, 0); /* ignored */
	fo_map_view_zoom(&v, NAN);
	assert_near(v.mpc, 2.5, 1e-9);
	fo_map_view_zoom(&v, 1e12);
	assert_near(v.mpc, FO_MAP_MPC_MIN, 1e-12);
	fo_map_view_zoom(&v, 1e-40);
	assert_near(v.mpc, FO_MAP_MPC_MAX, 1);

	v.mpc = 1;
	v.cx = v.cy = 0;
	snprintf(v.follow, sizeof v.follow, "X");
	fo_map_view_pan(&v, 0.25, 0, 40, 10);
	assert_near(v.cx, 10, 1e-9);
	assert_near(v.cy, 0, 1e-9);
	assert_string_equal(v.follow, ""); /* panning stops following */
	fo_map_view_pan(&v, 0, -0.5, 40, 10);
	assert_near(v.cy, -10, 1e-9); /* half of 10 rows of 2 m */

	/* fit again through the render: v.fit makes it fit */
	v.fit = true;
	fo_map_canvas *c = fo_map_canvas_new();
	assert_true(fo_map_canvas_render(c, m, &v, 52, 27, FO_MAP_BRAILLE));
	assert_near(v.mpc, 2.0, 1e-9);
	assert_near(v.cx, 50, 1e-9);
	assert_int_equal(fo_map_canvas_stats(c)->nodes_in, 2);

	/* a single point: 1 m per cell around it */
	fo_model *one = fo_model_new();
	add_node(one, "A", 7, 9, FO_NODE_PLAIN);
	fo_map_view_fit(&v, one, 40, 10);
	assert_near(v.mpc, 1, 1e-9);
	assert_near(v.cx, 7, 1e-9);
	assert_near(v.cy, 9, 1e-9);
	fo_model_free(one);
	fo_map_canvas_free(c);
	fo_model_free(m);
}

static void test_follow(void **state)
{
	(void)state;
	fo_model *m = fo_model_new();
	add_node(m, "A", 0, 0, FO_NODE_PLAIN);
	add_node(m, "B", 100, 100, FO_NODE_PLAIN);
	fo_vehicle *a = add_vehicle(m, "AGV-1", 10, 20, 0);
	add_vehicle(m, "AGV-2", 30, 40, 0);
	add_vehicle(m, "AGV-3", 50, 60, 0);
	fo_map_view v;
	fo_map_view_init(&v);
	assert_int_equal(fo_map_view_follow_next(&v, m), 0);
	assert_string_equal(v.follow, "AGV-1");
	assert_false(v.fit);
	assert_near(v.cx, 10, 1e-9);
	assert_near(v.cy, 20, 1e-9);
	assert_int_equal(fo_map_view_follow_next(&v, m), 1);
	assert_string_equal(v.follow, "AGV-2");
	assert_int_equal(fo_map_view_follow_next(&v, m), 2);
	assert_int_equal(fo_map_view_follow_next(&v, m), 0); /* wraps */

	/* the render keeps it in the centre and marks its cell */
	v.mpc = 1;
	a->x = 12;
	a->y = 22;
	fo_model_touch(m, a);
	fo_map_canvas *c = fo_map_canvas_new();
	assert_true(fo_map_canvas_render(c, m, &v, 41, 11, FO_MAP_BRAILLE));
	assert_near(v.cx, 12, 1e-9);
	assert_near(v.cy, 22, 1e-9);
	const fo_map_cell *mid = fo_map_canvas_cell(c, 20, 5);
	assert_true(mid->followed);
	assert_int_equal(mid->kind, FO_MAP_CELL_VEHICLE);
	assert_false(fo_map_canvas_stats(c)->follow_missing);

	fo_map_view_unfollow(&v);
	assert_string_equal(v.follow, "");
	assert_true(fo_map_canvas_render(c, m, &v, 41, 11, FO_MAP_BRAILLE));
	assert_false(fo_map_canvas_cell(c, 20, 5)->followed);

	/* an id the model does not have */
	snprintf(v.follow, sizeof v.follow, "GONE");
	assert_true(fo_map_canvas_render(c, m, &v, 41, 11, FO_MAP_BRAILLE));
	assert_true(fo_map_canvas_stats(c)->follow_missing);

	fo_model *empty = fo_model_new();
	fo_map_view_init(&v);
	assert_int_equal(fo_map_view_follow_next(&v, empty), -1);
	assert_string_equal(v.follow, "");
	fo_model_free(empty);
	fo_map_canvas_free(c);
	fo_model_free(m);
}

/* ---- edge cases */

static void test_tiny_grids(void **state)
{
	(void)state;
	fo_model *m = fo_model_new();
	int a = add_node(m, "A", 0, 0, FO_NODE_CHARGER);
	int b = add_node(m, "B", 50, 50, FO_NODE_PLAIN);
	add_edge(m, "AB", a, b);
	add_vehicle(m, "V", 25, 25, 1);
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v;
	fo_map_view_init(&v);
	for (int cols = 0; cols <= 3; cols++)
		for (int rows = 0; rows <= 3; rows++) {
			assert_true(fo_map_canvas_render(c, m, &v, cols, rows, FO_MAP_BRAILLE));
			assert_true(fo_map_canvas_render(c, m, &v, cols, rows, FO_MAP_ASCII));
			assert_int_equal(fo_map_canvas_cols(c), cols);
			assert_int_equal(fo_map_canvas_rows(c), rows);
			if (cols && rows)
				assert_non_null(fo_map_canvas_cell(c, cols - 1, rows - 1));
			assert_null(fo_map_canvas_cell(c, cols, 0));
			assert_null(fo_map_canvas_cell(c, -1, 0));
		}
	assert_true(fo_map_canvas_render(c, m, &v, -5, -5, FO_MAP_BRAILLE));
	assert_int_equal(fo_map_canvas_cols(c), 0);
	fo_map_canvas_free(c);
	fo_model_free(m);
}

static void test_no_map(void **state)
{
	(void)state;
	fo_model *m = fo_model_new();
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v;
	fo_map_view_init(&v);
	assert_false(fo_map_canvas_render(c, m, &v, 20, 5, FO_MAP_BRAILLE));
	assert_contains(fo_map_canvas_message(c), "no map: ");
	assert_string_equal(text(c, 0, 0), " ");
	double x0, y0, x1, y1;
	assert_false(fo_map_extent(m, &x0, &y0, &x1, &y1));
	/* vehicles but no layout: the vehicles alone */
	add_vehicle(m, "V1", 0, 0, 0);
	add_vehicle(m, "V2", 10, 10, M_PI);
	assert_true(fo_map_canvas_render(c, m, &v, 20, 5, FO_MAP_BRAILLE));
	assert_string_equal(fo_map_canvas_message(c), "");
	assert_int_equal(fo_map_canvas_stats(c)->vehicles_in, 2);
	/* only vehicles without a position */
	fo_model *nan = fo_model_new();
	add_vehicle(nan, "V", NAN, 0, 0);
	assert_false(fo_map_canvas_render(c, nan, &v, 20, 5, FO_MAP_BRAILLE));
	assert_contains(fo_map_canvas_message(c), "no map: ");
	fo_model_free(nan);
	fo_map_canvas_free(c);
	fo_model_free(m);
}

static void test_huge_coordinates(void **state)
{
	(void)state;
	fo_model *m = fo_model_new();
	int a = add_node(m, "A", -1e15, -1e15, FO_NODE_PLAIN);
	int b = add_node(m, "B", 1e15, 1e15, FO_NODE_PLAIN);
	add_node(m, "N", NAN, 0, FO_NODE_PLAIN);
	add_edge(m, "AB", a, b);
	add_vehicle(m, "V", 1e15, 1e15, 0);
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v;
	fo_map_view_init(&v);
	assert_true(fo_map_canvas_render(c, m, &v, 80, 20, FO_MAP_BRAILLE));
	assert_true(isfinite(v.mpc) && v.mpc > 2e15 / 80);
	assert_int_equal(fo_map_canvas_stats(c)->edges_in, 1);
	assert_int_equal(fo_map_canvas_stats(c)->nodes_in, 2);
	assert_int_equal(fo_map_canvas_stats(c)->vehicles_in, 1);
	/* zoomed right in far from everything: the edge still crosses */
	fo_map_view_zoom(&v, 1e20);
	v.cx = v.cy = 0;
	assert_true(fo_map_canvas_render(c, m, &v, 80, 20, FO_MAP_BRAILLE));
	assert_int_equal(fo_map_canvas_stats(c)->edges_in, 1);

	/* beyond what a difference of doubles holds */
	fo_model *far = fo_model_new();
	a = add_node(far, "A", -1e308, 0, FO_NODE_PLAIN);
	b = add_node(far, "B", 1e308, 0, FO_NODE_PLAIN);
	add_edge(far, "AB", a, b);
	fo_map_view_init(&v);
	assert_true(fo_map_canvas_render(c, far, &v, 80, 20, FO_MAP_ASCII));
	assert_near(v.mpc, FO_MAP_MPC_MAX, 1);
	fo_model_free(far);
	fo_map_canvas_free(c);
	fo_model_free(m);
}

/* ---- reserved paths */

static void path2(fo_map_canvas *c, double x0, double y0, double x1, double y1, fo_map_path_kind k)
{
	const double xy[2][2] = {{x0, y0}, {x1, y1}};
	fo_map_canvas_path_add(c, xy, 2, k);
}

static void test_paths_braille(void **state)
{
	(void)state;
	/* the fixed view: 4 x 2 cells, dots of 1 m; an edge along the top row
	 * of dots; a held path along the bottom row (dot row 7: the lowest
	 * dots 0x40 0x80 of every cell of row 1); a horizon down the right
	 * column of dots of cell (3, 0), where the edge's dots are too */
	fo_model *m = fo_model_new();
	int a = add_node(m, "A", 0.5, 7.5, FO_NODE_PLAIN);
	int b = add_node(m, "B", 7.5, 7.5, FO_NODE_PLAIN);
	add_edge(m, "AB", a, b);
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v = fixed_view();
	assert_true(v.paths); /* shown by default */
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	assert_int_equal(bits(c, 0, 1), 0);
	const double held[3][2] = {{0.5, 0.5}, {4.5, 0.5}, {7.5, 0.5}};
	fo_map_canvas_path_add(c, held, 3, FO_MAP_PATH_HELD);
	path2(c, 7.5, 7.5, 7.5, 4.5, FO_MAP_PATH_WANTED);
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	const fo_map_stats *st = fo_map_canvas_stats(c);
	assert_false(st->static_redrawn); /* paths never redraw the static layer */
	assert_int_equal(st->segments, 3);
	assert_int_equal(st->segments_in, 3);
	for (int col = 0; col < 4; col++) {
		const fo_map_cell *cell = fo_map_canvas_cell(c, col, 1);
		assert_int_equal(bits(c, col, 1), 0x40 | 0x80);
		assert_int_equal(cell->kind, FO_MAP_CELL_HELD);
		assert_int_equal(cell->style, FO_STYLE_ACCENT);
	}
	/* the horizon's dots joined to the edge's and node B's in the cell */
	assert_int_equal(bits(c, 3, 0), 0x09 | 0x10 | 0x20 | 0x80);
	assert_int_equal(fo_map_canvas_cell(c, 3, 0)->kind, FO_MAP_CELL_WANTED);
	assert_int_equal(fo_map_canvas_cell(c, 3, 0)->style, FO_STYLE_NORMAL);
	/* the edge elsewhere as it was */
	assert_int_equal(bits(c, 1, 0), 0x09);
	assert_int_equal(fo_map_canvas_cell(c, 1, 0)->kind, FO_MAP_CELL_EDGE);
	assert_int_equal(fo_map_canvas_cell(c, 1, 0)->style, FO_STYLE_DIM);

	/* held wins a cell both cross; its dots are both's */
	path2(c, 2.5, 3.5, 2.5, 0.5, FO_MAP_PATH_WANTED); /* dot column 2: cell (1, 1) */
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	assert_int_equal(fo_map_canvas_cell(c, 1, 1)->kind, FO_MAP_CELL_HELD);
	assert_int_equal(bits(c, 1, 1), 0x40 | 0x80 | 0x01 | 0x02 | 0x04);

	/* a vehicle stays on top of a path */
	add_vehicle(m, "V", 4.5, 0.5, 0);
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	assert_int_equal(fo_map_canvas_cell(c, 2, 1)->kind, FO_MAP_CELL_VEHICLE);
	assert_string_equal(text(c, 2, 1), "\u2192");
	assert_int_equal(fo_map_canvas_cell(c, 2, 1)->style, fo_vstate_style(FO_VS_IDLE));
	assert_int_equal(fo_map_canvas_cell(c, 3, 1)->kind, FO_MAP_CELL_HELD);

	/* hidden: the static layer and the vehicle only */
	v.paths = false;
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	assert_int_equal(fo_map_canvas_stats(c)->segments_in, 0);
	assert_int_equal(bits(c, 0, 1), 0);
	assert_int_equal(bits(c, 3, 0), 0x09);
	assert_int_equal(fo_map_canvas_cell(c, 3, 0)->kind, FO_MAP_CELL_NODE);
	assert_int_equal(fo_map_canvas_cell(c, 2, 1)->kind, FO_MAP_CELL_VEHICLE);

	/* cleared: nothing left behind from the frames before */
	v.paths = true;
	fo_map_canvas_paths_clear(c);
	path2(c, 0.5, 3.5, 0.5, 0.5, FO_MAP_PATH_HELD); /* dot column 0 of cell (0, 1) */
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	assert_int_equal(fo_map_canvas_stats(c)->segments, 1);
	assert_int_equal(bits(c, 0, 1), 0x01 | 0x02 | 0x04 | 0x40);
	assert_int_equal(bits(c, 1, 1), 0);
	assert_int_equal(fo_map_canvas_cell(c, 1, 1)->kind, FO_MAP_CELL_EMPTY);
	assert_int_equal(bits(c, 3, 0), 0x09);
	/* a polyline of fewer than two points adds nothing */
	fo_map_canvas_paths_clear(c);
	fo_map_canvas_path_add(c, held, 1, FO_MAP_PATH_HELD);
	fo_map_canvas_path_add(c, held, 0, FO_MAP_PATH_WANTED);
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	assert_int_equal(fo_map_canvas_stats(c)->segments, 0);
	assert_int_equal(bits(c, 0, 1), 0);
	fo_map_canvas_free(c);
	fo_model_free(m);
}

static void test_paths_ascii(void **state)
{
	(void)state;
	/* 8 x 4 cells of 1 m across, 2 m down (as test_ascii_glyphs) */
	fo_model *m = fo_model_new();
	int a = add_node(m, "A", 0.5, 7.5, FO_NODE_PLAIN);
	int b = add_node(m, "B", 7.5, 7.5, FO_NODE_CHARGER);
	add_node(m, "S", 3.5, 5.5, FO_NODE_STATION); /* cell (3, 1) */
	add_edge(m, "AB", a, b);
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v;
	fo_map_view_init(&v);
	v.fit = false;
	v.cx = 4;
	v.cy = 4;
	v.mpc = 1;
	path2(c, 0.5, 1.5, 7.5, 1.5, FO_MAP_PATH_HELD);   /* row 3 */
	path2(c, 5.5, 7.5, 5.5, 1.5, FO_MAP_PATH_WANTED); /* column 5, rows 0..3 */
	path2(c, 0.5, 5.5, 3.5, 5.5, FO_MAP_PATH_HELD);   /* row 1 to the station */
	add_vehicle(m, "V", 6.5, 1.5, M_PI / 2);          /* cell (6, 3) */
	assert_true(fo_map_canvas_render(c, m, &v, 8, 4, FO_MAP_ASCII));
	for (int col = 0; col < 8; col++)
		if (col != 6)
			assert_string_equal(text(c, col, 3), "#");
	assert_string_equal(text(c, 6, 3), "^");
	assert_int_equal(fo_map_canvas_cell(c, 6, 3)->kind, FO_MAP_CELL_VEHICLE);
	assert_int_equal(fo_map_canvas_cell(c, 0, 3)->style, FO_STYLE_ACCENT);
	/* the horizon, over the edge on row 0; held wins row 3 */
	for (int row = 0; row < 3; row++) {
		assert_string_equal(text(c, 5, row), ":");
		assert_int_equal(fo_map_canvas_cell(c, 5, row)->kind, FO_MAP_CELL_WANTED);
		assert_int_equal(fo_map_canvas_cell(c, 5, row)->style, FO_STYLE_NORMAL);
	}
	assert_string_equal(text(c, 5, 3), "#");
	assert_string_equal(text(c, 4, 0), "-"); /* the edge beside it */
	/* the station on a held path keeps its glyph in the path's style */
	assert_string_equal(text(c, 0, 1), "#");
	assert_string_equal(text(c, 2, 1), "#");
	assert_string_equal(text(c, 3, 1), "S");
	assert_int_equal(fo_map_canvas_cell(c, 3, 1)->kind, FO_MAP_CELL_NODE);
	assert_int_equal(fo_map_canvas_cell(c, 3, 1)->style, FO_STYLE_ACCENT);
	assert_string_equal(text(c, 4, 1), " ");
	fo_map_canvas_free(c);
	fo_model_free(m);
}

static void test_paths_culled_and_huge(void **state)
{
	(void)state;
	fo_model *m = fo_model_new();
	add_node(m, "A", 0.5, 7.5, FO_NODE_PLAIN);
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v = fixed_view();
	/* ten thousand segments off the view on every side: none drawn */
	for (int i = 0; i < 2500; i++) {
		path2(c, -100 - i, 0, -50, 7, FO_MAP_PATH_HELD);
		path2(c, 20, i, 30 + i, 5, FO_MAP_PATH_WANTED);
		path2(c, 0, 50 + i, 7, 60, FO_MAP_PATH_HELD);
		path2(c, 1, -10 - i, 6, -1e9, FO_MAP_PATH_WANTED);
	}
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	assert_int_equal(fo_map_canvas_stats(c)->segments, 10000);
	assert_int_equal(fo_map_canvas_stats(c)->segments_in, 0);
	for (int row = 0; row < 2; row++)
		for (int col = 0; col < 4; col++) {
			int k = fo_map_canvas_cell(c, col, row)->kind;
			assert_true(k == FO_MAP_CELL_EMPTY || k == FO_MAP_CELL_NODE);
		}
	/* non-finite ends: not drawn; ends beyond a difference of doubles, and
	 * a huge segment through the view: drawn, clipped */
	fo_map_canvas_paths_clear(c);
	path2(c, NAN, 4, 4, 4, FO_MAP_PATH_HELD);
	path2(c, 4, INFINITY, 4, 4, FO_MAP_PATH_HELD);
	path2(c, -1e308, 1e308, 1e308, -1e308, FO_MAP_PATH_WANTED);
	path2(c, -1e15, 4.5, 1e15, 4.5, FO_MAP_PATH_HELD); /* dot row 3 */
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_BRAILLE));
	assert_int_equal(fo_map_canvas_stats(c)->segments, 4);
	assert_int_equal(fo_map_canvas_stats(c)->segments_in, 1);
	for (int col = 0; col < 4; col++) {
		assert_int_equal(fo_map_canvas_cell(c, col, 0)->kind, FO_MAP_CELL_HELD);
		assert_int_equal(bits(c, col, 0) & (0x40 | 0x80), 0x40 | 0x80);
	}
	/* zoomed far out and far in, ASCII, a grid of nothing */
	fo_map_view_zoom(&v, 1e-30);
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_ASCII));
	fo_map_view_zoom(&v, 1e40);
	assert_true(fo_map_canvas_render(c, m, &v, 4, 2, FO_MAP_ASCII));
	assert_true(fo_map_canvas_render(c, m, &v, 0, 0, FO_MAP_BRAILLE));
	assert_int_equal(fo_map_canvas_stats(c)->segments_in, 0);
	fo_map_canvas_free(c);
	fo_model_free(m);
}

/* The SVG figure of map.vehicles (map_view.c) for core; OWNED string. */
static char *svg_figure(fo_core *core)
{
	const fo_view_spec *vs = fo_views_find(core->views, "map.vehicles");
	assert_non_null(vs);
	fo_view_figure_fn fig = fo_views_figure(core->views, vs);
	assert_non_null(fig);
	fo_out *out = fo_out_new();
	fig(core, NULL, out);
	char *svg = strdup(fo_out_text(out));
	assert_non_null(svg);
	fo_out_free(out);
	return svg;
}

static size_t count_of(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

static void test_svg_reserved(void **state)
{
	(void)state;
	fo_core *core = fo_test_core(NULL);
	fo_map_view_register(core);
	fo_depot_spec spec = {.vehicles = 4, .fleets = 1, .tenants = 1, .manufacturer = "t"};
	uint64_t rng = 1;
	char err[256];
	fo_depot *d = fo_depot_build(core->model, &spec, &rng, err, sizeof err);
	assert_non_null(d);
	/* a site, traffic control not used yet: nothing reserved */
	assert_int_equal(fo_site_use_depot(core, d, err, sizeof err), 0);
	char *svg = svg_figure(core);
	assert_non_null(strstr(svg, "no reserved paths: traffic control holds nothing"));
	assert_null(strstr(svg, "<polyline"));
	assert_non_null(strstr(svg, "class=\"fo-map-station\""));
	free(svg);

	/* vehicle 0 claims a walk of 6 nodes along the depot's edges with a
	 * budget of 2: 3 nodes held (2 lanes), 3 wanted (the horizon: 3 lanes
	 * on from the last held node) */
	fo_model *m = core->model;
	const fo_vehicle *v = fo_model_vehicle(m, 0);
	long at = fo_model_node_find(m, v->last_node);
	assert_true(at >= 0);
	const char *ids[6];
	size_t n = 0, walk[6];
	walk[n] = (size_t)at;
	ids[n++] = fo_model_node(m, (size_t)at)->id;
	while (n < 6) {
		size_t next = SIZE_MAX;
		for (size_t i = 0; i < fo_model_edge_count(m) && next == SIZE_MAX; i++) {
			const fo_map_edge *e = fo_model_edge(m, i);
			if (e->from != walk[n - 1])
				continue;
			bool seen = false;
			for (size_t k = 0; k < n; k++)
				seen |= walk[k] == e->to;
			/* a node nobody stands on */
			for (size_t k = 0; k < fo_model_vehicle_count(m); k++)
				seen |= strcmp(fo_model_vehicle(m, k)->last_node,
				               fo_model_node(m, e->to)->id) == 0;
			if (!seen)
				next = e->to;
		}
		assert_true(next != SIZE_MAX);
		walk[n] = next;
		ids[n++] = fo_model_node(m, next)->id;
	}
	fo_site_grant g;
	assert_int_equal(fo_site_claim(core, 0, ids, 6, 2, &g, err, sizeof err), 0);
	assert_int_equal(g.granted, 3);
	svg = svg_figure(core);
	assert_non_null(strstr(svg, "reserved paths of 1 vehicle:"));
	assert_int_equal(count_of(svg, "<polyline class=\"fo-map-held\""), 1);
	assert_int_equal(count_of(svg, "<polyline class=\"fo-map-want\""), 1);
	assert_non_null(strstr(svg, "stroke-dasharray"));
	/* the held polyline has 3 points, the horizon 4 (the last held node
	 * first), and both lie under the nodes and vehicles */
	const char *h = strstr(svg, "<polyline class=\"fo-map-held\"");
	const char *pts = strstr(h, "points=\"") + 8;
	assert_int_equal(count_of(pts, " ") - count_of(strchr(pts, '"'), " "), 2);
	const char *w = strstr(svg, "<polyline class=\"fo-map-want\"");
	pts = strstr(w, "points=\"") + 8;
	assert_int_equal(count_of(pts, " ") - count_of(strchr(pts, '"'), " "), 3);
	assert_true(h < strstr(svg, "class=\"fo-map-charger\""));
	assert_true(h > strstr(svg, "class=\"fo-map-edges\""));
	assert_non_null(strstr(h, fo_model_vehicle(m, 0)->id));
	free(svg);
	fo_depot_free(d);
	fo_core_free(core);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_braille_bit_layout),
	    cmocka_unit_test(test_line_horizontal_and_vertical),
	    cmocka_unit_test(test_line_bresenham_slope),
	    cmocka_unit_test(test_line_clipped),
	    cmocka_unit_test(test_ascii_glyphs),
	    cmocka_unit_test(test_node_kinds_utf8),
	    cmocka_unit_test(test_heading_glyphs),
	    cmocka_unit_test(test_vehicles_drawn_and_shared_cells),
	    cmocka_unit_test(test_fit_zoom_pan),
	    cmocka_unit_test(test_follow),
	    cmocka_unit_test(test_tiny_grids),
	    cmocka_unit_test(test_no_map),
	    cmocka_unit_test(test_huge_coordinates),
	    cmocka_unit_test(test_paths_braille),
	    cmocka_unit_test(test_paths_ascii),
	    cmocka_unit_test(test_paths_culled_and_huge),
	    cmocka_unit_test(test_svg_reserved),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
