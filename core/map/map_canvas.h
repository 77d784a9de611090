/* map_canvas.h — the live map as a grid of text cells, for a front end to
 * draw: the model's edges, nodes (chargers, parking places and stations
 * told apart) and vehicles (a heading glyph in the style of their state),
 * seen through a viewport that fits, zooms, pans and follows a vehicle;
 * between the two, the paths traffic control reserved, which the caller
 * gives as polylines (fo_map_canvas_path_add; the canvas knows no
 * fo_core).  No terminal code: a cell is UTF-8 text and a fo_style.
 *
 * Geometry: a cell is taken to be twice as tall as it is wide, so a
 * viewport of mpc metres per cell across covers 2 * mpc metres per cell
 * down.  In braille a cell holds 2 x 4 dots, each mpc / 2 metres square
 * (the bit layout of core/view/braille.h); edges are drawn dot by dot
 * (Bresenham).  In ASCII edges are drawn cell by
 * cell with - | / \.  Map y grows upwards, screen rows downwards; theta is
 * counter-clockwise from +x (VDA 5050).
 *
 * Reserved paths: a held path (the lanes between the nodes a vehicle holds)
 * in FO_STYLE_ACCENT, a horizon (wanted next, not held) in FO_STYLE_NORMAL,
 * both brighter than the edges (FO_STYLE_DIM) and under the vehicles; held
 * wins a cell both cross.  In braille a path's dots join the edges' dots of
 * its cell; in ASCII a held cell is '#' and a horizon cell ':'.  A charger,
 * parking place or station on a path keeps its glyph in the path's style.
 *
 * Cost of a frame: one pass over the vehicles; the edges and nodes are
 * rasterised again only when the viewport, the size, the glyph set or the
 * layout (nodes and edges are only ever added to the model) changed, each
 * such pass a cheap bounds test per edge and node and work in proportion
 * to what is visible (lines are clipped to the viewport first).  Paths are
 * drawn at every render onto the per-frame copy, never into the static
 * layer: a bounds test per segment and work in proportion to the cells
 * they cross in view. */
#ifndef FO_MAP_CANVAS_H
#define FO_MAP_CANVAS_H

#include "fleetops_plugin.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits of the scale, metres per cell across. */
#define FO_MAP_MPC_MIN 0.01
#define FO_MAP_MPC_MAX 1e30

typedef enum { FO_MAP_BRAILLE, FO_MAP_ASCII } fo_map_glyphs;

typedef enum {
	FO_MAP_CELL_EMPTY,
	FO_MAP_CELL_EDGE,
	FO_MAP_CELL_NODE,
	FO_MAP_CELL_VEHICLE,
	FO_MAP_CELL_WANTED, /* a horizon crosses it (and no held path) */
	FO_MAP_CELL_HELD,   /* a held path crosses it */
} fo_map_cell_kind;

/* What a reserved path is to its vehicle. */
typedef enum { FO_MAP_PATH_HELD, FO_MAP_PATH_WANTED } fo_map_path_kind;

/* One cell of the canvas. */
typedef struct {
	char text[5];   /* one display cell of UTF-8 (ASCII in ASCII mode) */
	uint8_t kind;   /* fo_map_cell_kind */
	uint8_t style;  /* fo_style */
	bool followed;  /* the followed vehicle is in this cell */
	uint16_t count; /* vehicles in the cell (saturates) */
} fo_map_cell;

/* The viewport: where the canvas looks, at what scale, whom it follows. */
typedef struct {
	double cx, cy;          /* centre, metres */
	double mpc;             /* metres per cell across */
	bool fit;               /* fit the extent at every render (until zoom or pan) */
	char follow[FO_ID_LEN]; /* vehicle id kept in the centre; "" none */
	bool paths;             /* draw the reserved paths given to the canvas */
} fo_map_view;

/* What the last render saw. */
typedef struct {
	size_t nodes, edges, vehicles;          /* in the model */
	size_t nodes_in, edges_in, vehicles_in; /* visible */
	bool follow_missing;                    /* view.follow: no such vehicle, or no position */
	bool static_redrawn;                    /* edges and nodes rasterised again */
	size_t segments, segments_in;           /* of reserved paths: given, drawn */
} fo_map_stats;

typedef struct fo_map_canvas fo_map_canvas;

/* A view that fits the extent, follows nobody, draws reserved paths. */
void fo_map_view_init(fo_map_view *v);
/* The bounds of the layout's nodes (of the vehicles when there is no node)
 * with finite coordinates; false when there is nothing to show. */
bool fo_map_extent(fo_model *m, double *x0, double *y0, double *x1, double *y1);
/* Centres the extent and picks the scale that shows all of it on cols x
 * rows cells (with a margin); a single point gets 1 m per cell.  Leaves v
 * as it was when the model is empty.  Does not change v->fit. */
void fo_map_view_fit(fo_map_view *v, fo_model *m, int cols, int rows);
/* factor > 1 zooms in (fewer metres per cell), < 1 out; the scale stays
 * within FO_MAP_MPC_MIN..MAX.  Stops fitting. */
void fo_map_view_zoom(fo_map_view *v, double factor);
/* Moves the centre by fx of the width and fy of the height of cols x rows
 * cells (fx > 0 right, fy > 0 up).  Stops fitting and following. */
void fo_map_view_pan(fo_map_view *v, double fx, double fy, int cols, int rows);
/* Follows the vehicle after the one followed now, in model order (the
 * first when none); centres on it.  Returns its index, or -1 when the model
 * has no vehicle (nothing changes).  Stops fitting. */
long fo_map_view_follow_next(fo_map_view *v, fo_model *m);
void fo_map_view_unfollow(fo_map_view *v);

/* The glyph of a vehicle heading theta (radians): 8 arrows in UTF-8, 4 in
 * ASCII (> ^ < v); a non-finite theta gives a dot ("o" in ASCII).
 * Static string. */
const char *fo_map_heading_glyph(double theta, fo_map_glyphs g);
/* How severe a state is when vehicles share a cell: the highest is shown. */
int fo_map_state_severity(fo_vstate s);

fo_map_canvas *fo_map_canvas_new(void); /* OWNED: fo_map_canvas_free */
void fo_map_canvas_free(fo_map_canvas *c);
/* Rasterises m through v onto cols x rows cells (either may be 0).  Updates
 * v: fitted when v->fit, centred on the followed vehicle.  Returns false
 * when there is nothing to draw: then fo_map_canvas_message says why ("no
 * map: ...") and every cell is empty. */
bool fo_map_canvas_render(fo_map_canvas *c, fo_model *m, fo_map_view *v, int cols, int rows,
                          fo_map_glyphs g);
/* Reserved paths, kept (copied) until cleared and drawn at every render
 * while the view's paths is set: the polyline xy[0..n) (metres, as the
 * model's nodes) of kind k, a segment between each two consecutive points
 * (n < 2 adds nothing; a segment with a non-finite end is not drawn).  The
 * caller clears and adds again when the reservations change (the Map pane
 * does at every frame). */
void fo_map_canvas_paths_clear(fo_map_canvas *c);
void fo_map_canvas_path_add(fo_map_canvas *c, const double (*xy)[2], size_t n, fo_map_path_kind k);
int fo_map_canvas_cols(const fo_map_canvas *c);
int fo_map_canvas_rows(const fo_map_canvas *c);
/* Borrowed; NULL outside the grid.  Valid until the next render. */
const fo_map_cell *fo_map_canvas_cell(const fo_map_canvas *c, int col, int row);
/* "" after a render that drew something; borrowed. */
const char *fo_map_canvas_message(const fo_map_canvas *c);
const fo_map_stats *fo_map_canvas_stats(const fo_map_canvas *c);

#endif
