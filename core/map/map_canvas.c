/* map_canvas.c — the live map rasterised onto text cells (see
 * map_canvas.h): a static layer of edges and nodes, kept until the viewport
 * or the layout changes, and the reserved paths and the vehicles over it at
 * every render. */
#include "map_canvas.h"

#include "braille.h"
#include "fleet_view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fo_map_canvas {
	int cols, rows;
	size_t cap; /* cells allocated */
	fo_map_cell *cells;
	/* the static layer: edges and nodes */
	fo_map_cell *base;
	uint8_t *dots;    /* braille bits per cell */
	char *ach;        /* ASCII edge character per cell, 0 none */
	uint16_t *ncount; /* nodes per cell */
	uint8_t *nkind;   /* kind of a node of the cell */
	bool base_valid;  /* the key below describes base */
	int key_cols, key_rows;
	fo_map_glyphs key_glyphs;
	double key_cx, key_cy, key_mpc;
	size_t key_nodes, key_edges;
	size_t key_nodes_in, key_edges_in;
	/* vehicles, per cell, for the render under way */
	uint16_t *vcount;
	int32_t *vbest; /* the most severe vehicle of the cell */
	int32_t *touched;
	/* reserved paths: the segments given, and per cell for the render
	 * under way their braille dots (held, wanted) and marks (PATH_BIT_*);
	 * only the cells in ptouched are non-zero, cleared as they are used */
	struct seg {
		double x0, y0, x1, y1;
		uint8_t kind; /* fo_map_path_kind */
	} * segs;
	size_t nsegs, segs_cap;
	uint8_t *pheld, *pwant, *pmark;
	int32_t *ptouched;
	size_t npt;
	/* each node's cell position (u, v) for the static pass */
	double *nuv;
	size_t nuv_cap;
	/* the extent of the nodes, for fitting */
	bool ext_valid;
	size_t ext_nodes;
	double ext[4];
	char msg[240];
	fo_map_stats st;
};

/* ---------------------------------------------------------------- glyphs */

/* Counter-clockwise from +x, 45 degrees apart. */
static const char *const arrows[8] = {"\u2192", "\u2197", "\u2191", "\u2196",
                                      "\u2190", "\u2199", "\u2193", "\u2198"};
static const char *const arrows_ascii[4] = {">", "^", "<", "v"};
/* indexed by fo_node_kind */
static const char *const node_glyph[4] = {"", "\u25c6", "\u25a1", "\u25a0"};
static const char *const node_ascii[4] = {"+", "C", "P", "S"};
static const uint8_t node_style[4] = {FO_STYLE_DIM, FO_STYLE_ACCENT, FO_STYLE_NORMAL,
                                      FO_STYLE_NORMAL};

const char *fo_map_heading_glyph(double theta, fo_map_glyphs g)
{
	if (!isfinite(theta))
		return g == FO_MAP_ASCII ? "o" : "\u2022";
	double turn = fmod(theta, 2 * M_PI);
	if (turn < 0)
		turn += 2 * M_PI;
	int sectors = g == FO_MAP_ASCII ? 4 : 8;
	int k = (int)floor(turn / (2 * M_PI / sectors) + 0.5) % sectors;
	return g == FO_MAP_ASCII ? arrows_ascii[k] : arrows[k];
}

int fo_map_state_severity(fo_vstate s)
{
	switch (s) {
	case FO_VS_ESTOP:
		return 7;
	case FO_VS_ERROR:
		return 6;
	case FO_VS_PAUSED:
		return 5;
	case FO_VS_OFFLINE:
		return 4;
	case FO_VS_CHARGING:
		return 3;
	case FO_VS_ACTING:
		return 2;
	case FO_VS_DRIVING:
		return 1;
	default:
		return 0;
	}
}

/* ---------------------------------------------------------------- viewport */

static double clamp_mpc(double mpc)
{
	if (!(mpc >= FO_MAP_MPC_MIN)) /* also NaN */
		return isnan(mpc) ? 1.0 : FO_MAP_MPC_MIN;
	return mpc > FO_MAP_MPC_MAX ? FO_MAP_MPC_MAX : mpc;
}

void fo_map_view_init(fo_map_view *v)
{
	memset(v, 0, sizeof *v);
	v->mpc = 1.0;
	v->fit = true;
	v->paths = true;
}

static void grow(double *e, double x, double y, bool *any)
{
	if (!isfinite(x) || !isfinite(y))
		return;
	if (!*any) {
		e[0] = e[2] = x;
		e[1] = e[3] = y;
		*any = true;
		return;
	}
	e[0] = x < e[0] ? x : e[0];
	e[1] = y < e[1] ? y : e[1];
	e[2] = x > e[2] ? x : e[2];
	e[3] = y > e[3] ? y : e[3];
}

static bool vehicle_extent(fo_model *m, double *e)
{
	bool any = false;
	size_t n = fo_model_vehicle_count(m);
	for (size_t i = 0; i < n; i++) {
		const fo_vehicle *veh = fo_model_vehicle(m, i);
		grow(e, veh->x, veh->y, &any);
	}
	return any;
}

static bool node_extent(fo_model *m, double *e)
{
	bool any = false;
	size_t n = fo_model_node_count(m);
	for (size_t i = 0; i < n; i++) {
		const fo_map_node *nd = fo_model_node(m, i);
		grow(e, nd->x, nd->y, &any);
	}
	return any;
}

bool fo_map_extent(fo_model *m, double *x0, double *y0, double *x1, double *y1)
{
	double e[4] = {0, 0, 0, 0};
	bool any = node_extent(m, e) || vehicle_extent(m, e);
	*x0 = e[0];
	*y0 = e[1];
	*x1 = e[2];
	*y1 = e[3];
	return any;
}

static void fit_extent(fo_map_view *v, const double *e, int cols, int rows)
{
	/* a margin of a cell each side when there is room */
	double c = cols > 4 ? cols - 2 : cols > 0 ? cols : 1;
	double r = rows > 4 ? rows - 2 : rows > 0 ? rows : 1;
	double w = e[2] - e[0], h = e[3] - e[1];
	double mpc = fmax(w / c, h / (2 * r));
	if (!isfinite(mpc))
		mpc = FO_MAP_MPC_MAX;
	else if (mpc <= 0)
		mpc = 1.0;
	v->mpc = clamp_mpc(mpc);
	v->cx = e[0] * 0.5 + e[2] * 0.5;
	v->cy = e[1] * 0.5 + e[3] * 0.5;
}

void fo_map_view_fit(fo_map_view *v, fo_model *m, int cols, int rows)
{
	double e[4];
	if (fo_map_extent(m, &e[0], &e[1], &e[2], &e[3]))
		fit_extent(v, e, cols, rows);
}

void fo_map_view_zoom(fo_map_view *v, double factor)
{
	v->fit = false;
	if (!(factor > 0) || !isfinite(factor))
		return;
	v->mpc = clamp_mpc(v->mpc / factor);
}

void fo_map_view_pan(fo_map_view *v, double fx, double fy, int cols, int rows)
{
	v->fit = false;
	v->follow[0] = '\0';
	double dx = fx * (cols > 0 ? cols : 1) * v->mpc;
	double dy = fy * (rows > 0 ? rows : 1) * 2 * v->mpc;
	if (isfinite(v->cx + dx) && isfinite(v->cy + dy)) {
		v->cx += dx;
		v->cy += dy;
	}
}

static bool centre_on(fo_map_view *v, const fo_vehicle *veh)
{
	if (!isfinite(veh->x) || !isfinite(veh->y))
		return false;
	v->cx = veh->x;
	v->cy = veh->y;
	return true;
}

long fo_map_view_follow_next(fo_map_view *v, fo_model *m)
{
	size_t n = fo_model_vehicle_count(m);
	if (n == 0)
		return -1;
	long cur = v->follow[0] ? fo_model_vehicle_find(m, v->follow) : -1;
	size_t next = cur >= 0 ? ((size_t)cur + 1) % n : 0;
	const fo_vehicle *veh = fo_model_vehicle(m, next);
	snprintf(v->follow, sizeof v->follow, "%s", veh->id);
	v->fit = false;
	centre_on(v, veh);
	return (long)next;
}

void fo_map_view_unfollow(fo_map_view *v)
{
	v->follow[0] = '\0';
}

/* ---------------------------------------------------------------- canvas */

fo_map_canvas *fo_map_canvas_new(void)
{
	fo_map_canvas *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	return c;
}

void fo_map_canvas_free(fo_map_canvas *c)
{
	if (!c)
		return;
	free(c->cells);
	free(c->base);
	free(c->dots);
	free(c->ach);
	free(c->ncount);
	free(c->nkind);
	free(c->vcount);
	free(c->vbest);
	free(c->touched);
	free(c->segs);
	free(c->pheld);
	free(c->pwant);
	free(c->pmark);
	free(c->ptouched);
	free(c->nuv);
	free(c);
}

int fo_map_canvas_cols(const fo_map_canvas *c)
{
	return c->cols;
}

int fo_map_canvas_rows(const fo_map_canvas *c)
{
	return c->rows;
}

const fo_map_cell *fo_map_canvas_cell(const fo_map_canvas *c, int col, int row)
{
	if (col < 0 || row < 0 || col >= c->cols || row >= c->rows)
		return NULL;
	return &c->cells[(size_t)row * (size_t)c->cols + (size_t)col];
}

const char *fo_map_canvas_message(const fo_map_canvas *c)
{
	return c->msg;
}

const fo_map_stats *fo_map_canvas_stats(const fo_map_canvas *c)
{
	return &c->st;
}

static void *xrealloc(void *p, size_t n, size_t size)
{
	void *q = realloc(p, (n ? n : 1) * size);
	if (!q)
		abort();
	return q;
}

static void resize(fo_map_canvas *c, int cols, int rows)
{
	c->cols = cols > 0 ? cols : 0;
	c->rows = rows > 0 ? rows : 0;
	size_t n = (size_t)c->cols * (size_t)c->rows;
	if (n <= c->cap && c->cells)
		return;
	c->cells = xrealloc(c->cells, n, sizeof *c->cells);
	c->base = xrealloc(c->base, n, sizeof *c->base);
	c->dots = xrealloc(c->dots, n, sizeof *c->dots);
	c->ach = xrealloc(c->ach, n, sizeof *c->ach);
	c->ncount = xrealloc(c->ncount, n, sizeof *c->ncount);
	c->nkind = xrealloc(c->nkind, n, sizeof *c->nkind);
	c->vcount = xrealloc(c->vcount, n, sizeof *c->vcount);
	c->vbest = xrealloc(c->vbest, n, sizeof *c->vbest);
	c->touched = xrealloc(c->touched, n, sizeof *c->touched);
	/* the path layer is kept all zero between renders */
	c->pheld = xrealloc(c->pheld, n, sizeof *c->pheld);
	c->pwant = xrealloc(c->pwant, n, sizeof *c->pwant);
	c->pmark = xrealloc(c->pmark, n, sizeof *c->pmark);
	c->ptouched = xrealloc(c->ptouched, n, sizeof *c->ptouched);
	memset(c->pheld, 0, n);
	memset(c->pwant, 0, n);
	memset(c->pmark, 0, n);
	c->cap = n;
	c->base_valid = false;
}

static void set_text(fo_map_cell *cell, const char *s)
{
	snprintf(cell->text, sizeof cell->text, "%s", s);
}

/* The window onto the map: cell (u, v) of a point is ((x - left) / mpc,
 * (top - y) / (2 mpc)), in cells, fractions kept. */
typedef struct {
	double left, top, mpc;
	int cols, rows;
} frame;

static frame frame_of(const fo_map_view *v, int cols, int rows)
{
	frame f = {.mpc = v->mpc, .cols = cols, .rows = rows};
	f.left = v->cx - cols * v->mpc / 2;
	f.top = v->cy + rows * v->mpc; /* half of rows * 2 * mpc */
	return f;
}

static double cell_u(const frame *f, double x)
{
	return (x - f->left) / f->mpc;
}

static double cell_v(const frame *f, double y)
{
	return (f->top - y) / (2 * f->mpc);
}

/* Liang-Barsky: clips the segment to [0, w] x [0, h]; false when nothing
 * of it is inside. */
static bool clip(double *x0, double *y0, double *x1, double *y1, double w, double h)
{
	double dx = *x1 - *x0, dy = *y1 - *y0, t0 = 0, t1 = 1;
	if (!isfinite(dx) || !isfinite(dy))
		return false;
	const double p[4] = {-dx, dx, -dy, dy};
	const double q[4] = {*x0, w - *x0, *y0, h - *y0};
	for (int i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] < 0)
				return false;
			continue;
		}
		double r = q[i] / p[i];
		if (p[i] < 0) {
			if (r > t1)
				return false;
			if (r > t0)
				t0 = r;
		} else {
			if (r < t0)
				return false;
			if (r < t1)
				t1 = r;
		}
	}
	double ox = *x0, oy = *y0;
	*x0 = ox + t0 * dx;
	*y0 = oy + t0 * dy;
	*x1 = ox + t1 * dx;
	*y1 = oy + t1 * dy;
	return true;
}

/* A clipped coordinate as a grid index in 0..n-1. */
static int to_index(double a, int n)
{
	int i = (int)floor(a);
	return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/* The ASCII character of an edge from its direction in cells (a cell is
 * twice as tall as wide; screen rows grow downwards). */
static char ascii_edge(double du, double dv)
{
	double ax = fabs(du), ay = fabs(2 * dv);
	if (ay <= ax * 0.4142) /* tan 22.5 degrees */
		return '-';
	if (ax <= ay * 0.4142)
		return '|';
	return (du > 0) == (dv > 0) ? '\\' : '/';
}

#define PATH_BIT_WANTED 1
#define PATH_BIT_HELD 2

/* What a line is drawn into: the static layer (dots, or ach in ASCII) or
 * a path layer (dots in braille; mark with bit in both, the cell recorded
 * in ptouched when first marked). */
typedef struct {
	bool braille;
	uint8_t *dots;
	char *ach;
	uint8_t *mark;
	uint8_t bit;
} pen;

static void plot(fo_map_canvas *c, const pen *p, int x, int y, char ch)
{
	size_t i = p->braille ? (size_t)(y / 4) * (size_t)c->cols + (size_t)(x / 2)
	                      : (size_t)y * (size_t)c->cols + (size_t)x;
	if (p->braille)
		p->dots[i] |= (uint8_t)fo_braille_bit(x % 2, y % 4);
	else if (p->ach)
		p->ach[i] = p->ach[i] && p->ach[i] != ch ? '+' : ch;
	if (p->mark) {
		if (!p->mark[i])
			c->ptouched[c->npt++] = (int32_t)i;
		p->mark[i] |= p->bit;
	}
}

/* Bresenham from (x0, y0) to (x1, y1) inclusive on the braille dots or the
 * ASCII cells. */
static void line(fo_map_canvas *c, const pen *p, int x0, int y0, int x1, int y1, char ch)
{
	int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
	int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
	int err = dx + dy;
	for (;;) {
		plot(c, p, x0, y0, ch);
		if (x0 == x1 && y0 == y1)
			break;
		int e2 = 2 * err;
		if (e2 >= dy) {
			err += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			err += dx;
			y0 += sy;
		}
	}
}

/* The edge between the nodes at cell positions a and b (u, v each). */
static bool draw_edge(fo_map_canvas *c, const frame *f, const double *a, const double *b,
                      const pen *p)
{
	bool braille = p->braille;
	double u0 = a[0], v0 = a[1], u1 = b[0], v1 = b[1];
	/* the cheap test first: both ends off the same side */
	if ((u0 < 0 && u1 < 0) || (v0 < 0 && v1 < 0) || (u0 >= f->cols && u1 >= f->cols) ||
	    (v0 >= f->rows && v1 >= f->rows))
		return false;
	if (!isfinite(u0) || !isfinite(v0) || !isfinite(u1) || !isfinite(v1))
		return false;
	char ch = ascii_edge(u1 - u0, v1 - v0);
	int gw = braille ? 2 * f->cols : f->cols, gh = braille ? 4 * f->rows : f->rows;
	double sx = braille ? 2 : 1, sy = braille ? 4 : 1;
	double x0 = u0 * sx, y0 = v0 * sy, x1 = u1 * sx, y1 = v1 * sy;
	if (!clip(&x0, &y0, &x1, &y1, gw, gh))
		return false;
	line(c, p, to_index(x0, gw), to_index(y0, gh), to_index(x1, gw), to_index(y1, gh), ch);
	return true;
}

/* Edges and nodes onto base. */
static void draw_static(fo_map_canvas *c, fo_model *m, const frame *f, fo_map_glyphs g)
{
	size_t n = (size_t)c->cols * (size_t)c->rows;
	bool braille = g == FO_MAP_BRAILLE;
	memset(c->dots, 0, n);
	memset(c->ach, 0, n);
	memset(c->ncount, 0, n * sizeof *c->ncount);
	size_t nn = fo_model_node_count(m), ne = fo_model_edge_count(m);
	size_t edges_in = 0, nodes_in = 0;
	if (n == 0)
		nn = ne = 0;
	if (nn > c->nuv_cap) {
		c->nuv = xrealloc(c->nuv, nn, 2 * sizeof *c->nuv);
		c->nuv_cap = nn;
	}
	/* one pass over the nodes: their cells, and those in view marked */
	for (size_t i = 0; i < nn; i++) {
		const fo_map_node *nd = fo_model_node(m, i);
		double u = cell_u(f, nd->x), v = cell_v(f, nd->y);
		c->nuv[2 * i] = u;
		c->nuv[2 * i + 1] = v;
		if (!(u >= 0 && u < f->cols && v >= 0 && v < f->rows))
			continue;
		nodes_in++;
		size_t k = (size_t)v * (size_t)c->cols + (size_t)u;
		if (c->ncount[k] < UINT16_MAX)
			c->ncount[k]++;
		c->nkind[k] = nd->kind <= FO_NODE_STATION ? (uint8_t)nd->kind : FO_NODE_PLAIN;
		if (braille)
			c->dots[k] |= (uint8_t)fo_braille_bit(to_index(u * 2, 2 * f->cols) % 2,
			                                      to_index(v * 4, 4 * f->rows) % 4);
	}
	const pen ep = {.braille = braille, .dots = c->dots, .ach = c->ach};
	for (size_t i = 0; i < ne; i++) {
		const fo_map_edge *e = fo_model_edge(m, i);
		if (e->from >= nn || e->to >= nn)
			continue;
		edges_in +=
		    draw_edge(c, f, &c->nuv[2 * (size_t)e->from], &c->nuv[2 * (size_t)e->to], &ep);
	}
	for (size_t k = 0; k < n; k++) {
		fo_map_cell *cell = &c->base[k];
		memset(cell, 0, sizeof *cell);
		if (c->ncount[k] == 1 && c->nkind[k] != FO_NODE_PLAIN) {
			/* a charger, parking place or station alone in its cell;
			 * where nodes crowd a cell the lines show (zoom in) */
			cell->kind = FO_MAP_CELL_NODE;
			cell->style = node_style[c->nkind[k]];
			set_text(cell, braille ? node_glyph[c->nkind[k]] : node_ascii[c->nkind[k]]);
		} else if (braille && c->dots[k]) {
			cell->kind = c->ncount[k] ? FO_MAP_CELL_NODE : FO_MAP_CELL_EDGE;
			cell->style = FO_STYLE_DIM;
			fo_braille_utf8(c->dots[k], cell->text);
		} else if (!braille && c->ncount[k]) {
			cell->kind = FO_MAP_CELL_NODE;
			cell->style = FO_STYLE_DIM;
			set_text(cell, "+");
		} else if (!braille && c->ach[k]) {
			cell->kind = FO_MAP_CELL_EDGE;
			cell->style = FO_STYLE_DIM;
			cell->text[0] = c->ach[k];
		} else {
			set_text(cell, " ");
		}
	}
	c->key_nodes_in = nodes_in;
	c->key_edges_in = edges_in;
}

static bool static_current(const fo_map_canvas *c, const fo_map_view *v, fo_map_glyphs g, size_t nn,
                           size_t ne)
{
	return c->base_valid && c->key_cols == c->cols && c->key_rows == c->rows &&
	       c->key_glyphs == g && c->key_cx == v->cx && c->key_cy == v->cy &&
	       c->key_mpc == v->mpc && c->key_nodes == nn && c->key_edges == ne;
}

/* ---------------------------------------------------------------- paths */

void fo_map_canvas_paths_clear(fo_map_canvas *c)
{
	c->nsegs = 0;
}

void fo_map_canvas_path_add(fo_map_canvas *c, const double (*xy)[2], size_t n, fo_map_path_kind k)
{
	if (n < 2)
		return;
	if (c->nsegs + n - 1 > c->segs_cap) {
		size_t cap = c->segs_cap ? c->segs_cap : 64;
		while (cap < c->nsegs + n - 1)
			cap *= 2;
		c->segs = xrealloc(c->segs, cap, sizeof *c->segs);
		c->segs_cap = cap;
	}
	for (size_t i = 0; i + 1 < n; i++)
		c->segs[c->nsegs++] = (struct seg){xy[i][0], xy[i][1], xy[i + 1][0], xy[i + 1][1],
		                                   (uint8_t)(k == FO_MAP_PATH_HELD)};
}

/* The segments onto the path layer, then the marked cells onto cells (a
 * copy of base), the layer cleared behind. */
static void draw_paths(fo_map_canvas *c, const frame *f, fo_map_glyphs g)
{
	bool braille = g == FO_MAP_BRAILLE;
	const pen
	    held = {.braille = braille, .dots = c->pheld, .mark = c->pmark, .bit = PATH_BIT_HELD},
	    want = {.braille = braille, .dots = c->pwant, .mark = c->pmark, .bit = PATH_BIT_WANTED};
	size_t in = 0;
	c->npt = 0;
	for (size_t i = 0; i < c->nsegs; i++) {
		const struct seg *s = &c->segs[i];
		double a[2] = {cell_u(f, s->x0), cell_v(f, s->y0)};
		double b[2] = {cell_u(f, s->x1), cell_v(f, s->y1)};
		in += draw_edge(c, f, a, b, s->kind ? &held : &want);
	}
	for (size_t t = 0; t < c->npt; t++) {
		size_t k = (size_t)c->ptouched[t];
		fo_map_cell *cell = &c->cells[k];
		bool is_held = c->pmark[k] & PATH_BIT_HELD;
		cell->style = is_held ? FO_STYLE_ACCENT : FO_STYLE_NORMAL;
		if (!(c->ncount[k] == 1 && c->nkind[k] != FO_NODE_PLAIN)) {
			/* a lone charger, parking place or station keeps its glyph */
			cell->kind = is_held ? FO_MAP_CELL_HELD : FO_MAP_CELL_WANTED;
			if (braille)
				fo_braille_utf8(c->dots[k] | c->pheld[k] | c->pwant[k], cell->text);
			else
				set_text(cell, is_held ? "#" : ":");
		}
		c->pheld[k] = c->pwant[k] = c->pmark[k] = 0;
	}
	c->npt = 0;
	c->st.segments_in = in;
}

static void draw_vehicles(fo_map_canvas *c, fo_model *m, const frame *f, fo_map_glyphs g,
                          long followed)
{
	size_t n = (size_t)c->cols * (size_t)c->rows, nt = 0;
	memset(c->vcount, 0, n * sizeof *c->vcount);
	size_t nv = fo_model_vehicle_count(m), in = 0;
	long followed_cell = -1;
	for (size_t i = 0; i < nv && n; i++) {
		fo_vehicle *veh = fo_model_vehicle(m, i);
		double u = cell_u(f, veh->x), v = cell_v(f, veh->y);
		if (!(u >= 0 && u < f->cols && v >= 0 && v < f->rows))
			continue;
		in++;
		size_t k = (size_t)v * (size_t)c->cols + (size_t)u;
		if ((long)i == followed)
			followed_cell = (long)k;
		if (c->vcount[k] == 0) {
			c->touched[nt++] = (int32_t)k;
			c->vbest[k] = (int32_t)i;
		} else if (fo_map_state_severity(fo_vehicle_state(veh)) >
		           fo_map_state_severity(
		               fo_vehicle_state(fo_model_vehicle(m, (size_t)c->vbest[k])))) {
			c->vbest[k] = (int32_t)i;
		}
		if (c->vcount[k] < UINT16_MAX)
			c->vcount[k]++;
	}
	for (size_t t = 0; t < nt; t++) {
		size_t k = (size_t)c->touched[t];
		fo_map_cell *cell = &c->cells[k];
		const fo_vehicle *veh = fo_model_vehicle(m, (size_t)c->vbest[k]);
		cell->kind = FO_MAP_CELL_VEHICLE;
		cell->count = c->vcount[k];
		cell->style = (uint8_t)fo_vstate_style(fo_vehicle_state(veh));
		if (cell->count == 1)
			set_text(cell, fo_map_heading_glyph(veh->theta, g));
		else if (cell->count <= 9)
			snprintf(cell->text, sizeof cell->text, "%u", (unsigned)cell->count);
		else
			set_text(cell, "+");
	}
	if (followed_cell >= 0)
		c->cells[followed_cell].followed = true;
	c->st.vehicles_in = in;
}

bool fo_map_canvas_render(fo_map_canvas *c, fo_model *m, fo_map_view *v, int cols, int rows,
                          fo_map_glyphs g)
{
	resize(c, cols, rows);
	size_t n = (size_t)c->cols * (size_t)c->rows;
	size_t nn = fo_model_node_count(m), ne = fo_model_edge_count(m);
	memset(&c->st, 0, sizeof c->st);
	c->st.nodes = nn;
	c->st.edges = ne;
	c->st.vehicles = fo_model_vehicle_count(m);
	c->msg[0] = '\0';

	/* fit: the nodes' extent is kept while no node is added */
	double e[4];
	bool have;
	if (nn > 0) {
		if (!c->ext_valid || c->ext_nodes != nn) {
			c->ext_valid = node_extent(m, c->ext);
			c->ext_nodes = nn;
		}
		have = c->ext_valid;
		memcpy(e, c->ext, sizeof e);
	} else {
		have = vehicle_extent(m, e);
	}
	if (!have) {
		snprintf(c->msg, sizeof c->msg, "%s",
		         c->st.vehicles ? "no map: no node or vehicle has a position yet"
		                        : "no map: the live model has no layout nodes and no "
		                          "vehicles yet (fleetops --demo builds a depot; a layout "
		                          "stored with `map import` is not loaded into the live "
		                          "map yet)");
		for (size_t k = 0; k < n; k++) {
			memset(&c->cells[k], 0, sizeof c->cells[k]);
			set_text(&c->cells[k], " ");
		}
		c->base_valid = false;
		return false;
	}
	if (v->fit)
		fit_extent(v, e, cols, rows);
	long followed = -1;
	if (v->follow[0]) {
		followed = fo_model_vehicle_find(m, v->follow);
		if (followed < 0 || !centre_on(v, fo_model_vehicle(m, (size_t)followed)))
			c->st.follow_missing = true;
	}
	v->mpc = clamp_mpc(v->mpc);
	if (!isfinite(v->cx) || !isfinite(v->cy))
		fit_extent(v, e, cols, rows);

	frame f = frame_of(v, c->cols, c->rows);
	if (!static_current(c, v, g, nn, ne)) {
		draw_static(c, m, &f, g);
		c->base_valid = true;
		c->key_cols = c->cols;
		c->key_rows = c->rows;
		c->key_glyphs = g;
		c->key_cx = v->cx;
		c->key_cy = v->cy;
		c->key_mpc = v->mpc;
		c->key_nodes = nn;
		c->key_edges = ne;
		c->st.static_redrawn = true;
	}
	c->st.nodes_in = c->key_nodes_in;
	c->st.edges_in = c->key_edges_in;
	if (n)
		memcpy(c->cells, c->base, n * sizeof *c->cells);
	c->st.segments = c->nsegs;
	if (v->paths && n)
		draw_paths(c, &f, g);
	draw_vehicles(c, m, &f, g, followed);
	return true;
}
