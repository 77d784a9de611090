/* simagv.h — internals of the simulator on a broker (`fleetops sim --mqtt`):
 * the simulator's vehicles run as VDA 5050 2.1.0 AGVs on an MQTT broker.
 *
 * The depot (lattice, node ids, starting places, speeds, batteries) is the
 * core's generated one (fo_depot_build), as the in-process simulator's, so
 * node ids read in the demo are valid in orders; or, with sim.layout, a LIF
 * layout file whose edges the vehicles keep to (simagv_layout.c).  What
 * the vehicles then do is driven only by the orders and instant actions
 * the master control sends: they never make jobs of their own, so
 * sim.jobs does not concern them.
 *
 * Threads: paho runs its callbacks on its own threads; they only append to
 * the inbox (a mutex-guarded list) and signal an fo_wakeup.  Everything else
 * runs on the core's loop thread.
 *
 * One paho client per vehicle, so each vehicle has its own last will
 * (CONNECTIONBROKEN); that bounds the fleet at SA_MAX_VEHICLES. */
#ifndef FO_SIMAGV_H
#define FO_SIMAGV_H

#include "fleetops_plugin.h"

#include <pthread.h>

#define SA_MAX_VEHICLES 500
#define SA_ID 64 /* ids of nodes, edges, actions, orders (63 chars) */
#define SA_MAX_ERRORS 8
#define SA_MAX_ACTIONS 512 /* action states kept per vehicle */
#define SA_MAX_NODES 2000  /* nodes of one order, updates included */
#define SA_MAX_PAYLOAD (256 * 1024)
#define SA_MANUFACTURER "AtlasMesh-Sim"
#define SA_VERSION "2.1.0"
#define SA_MAP_ID "sim-depot"
#define SA_SERIES "AtlasMesh-Sim AGV" /* factsheet seriesName unless a layout names the type */
#define SA_MAX_MAPS 8                 /* mapIds listed in the state's maps */

typedef enum { SA_T_STATE, SA_T_VIS, SA_T_CONNECTION, SA_T_FACTSHEET, SA_T__OUT } sa_out_topic;

typedef enum {
	SA_WAITING,
	SA_INITIALIZING,
	SA_RUNNING,
	SA_PAUSED, /* never published: the 2.1.0 state schema lacks it */
	SA_FINISHED,
	SA_FAILED
} sa_status;

typedef enum { SA_BLOCK_NONE, SA_BLOCK_SOFT, SA_BLOCK_HARD } sa_blocking;
typedef enum { SA_ON_INSTANT, SA_ON_NODE, SA_ON_EDGE } sa_scope;

typedef struct {
	char id[SA_ID];
	char type[32];
	char result[80];  /* resultDescription, "" for none */
	char load_id[32]; /* pick/drop: the loadId parameter */
	uint8_t status;   /* sa_status */
	uint8_t blocking; /* sa_blocking */
	uint8_t scope;    /* sa_scope */
	uint32_t seq;     /* sequenceId of its node or edge */
	double left_s;    /* work left while RUNNING */
} sa_action;

typedef struct {
	char id[SA_ID];
	uint32_t seq;
	bool released;
	double x, y;
} sa_node;

typedef struct {
	char id[SA_ID];
	uint32_t seq;
	bool released;
	double max_speed; /* 0: none; the order's, lowered to the layout's limit */
} sa_edge;

typedef struct {
	char type[32];
	char desc[128];
	bool fatal;
	char ref_key[24], ref_val[SA_ID]; /* one errorReference, "" for none */
} sa_error;

typedef struct sa_sim sa_sim;

typedef struct {
	sa_sim *sim;
	uint32_t idx;
	char serial[FO_ID_LEN];
	char client_id[64];
	char topic_out[SA_T__OUT][160];
	char topic_order[160], topic_instant[160];
	void *client;      /* MQTTAsync */
	char *will;        /* OWNED: the CONNECTIONBROKEN payload paho holds */
	bool connected;    /* loop thread's view */
	uint64_t retry_at; /* loop clock of the next connect attempt, 0: none */
	uint32_t backoff_ms;
	uint32_t header[SA_T__OUT];
	/* motion */
	double x, y, theta, speed, vmax, battery, odometer, since_node;
	bool charging, paused, driving;
	char load[32];
	/* order */
	char order_id[SA_ID];
	uint32_t order_update;
	sa_node *nodes; /* nodes[0..next) are traversed; edges[i] joins node i, i+1 */
	sa_edge *edges;
	size_t nnodes, nedges, next, cap;
	char last_node[SA_ID];
	uint32_t last_seq;
	bool canceling; /* cancelOrder RUNNING until the vehicle stands */
	char cancel_id[SA_ID];
	sa_action *acts;
	size_t nacts;
	sa_error errs[SA_MAX_ERRORS];
	size_t nerrs;
	bool dirty;             /* an event: publish state this tick */
	uint64_t last_state_ms; /* loop clock of the last state */
	/* disconnect handshake at shutdown, written by paho threads */
	int disc_done;
} sa_vehicle;

/* What paho threads hand to the loop. */
typedef enum { SA_IN_CONNECTED, SA_IN_LOST, SA_IN_ORDER, SA_IN_INSTANT } sa_in_kind;

typedef struct sa_in {
	struct sa_in *next;
	sa_in_kind kind;
	uint32_t vehicle;
	size_t len;
	char *payload; /* OWNED, NUL-terminated */
} sa_in;

struct sa_sim {
	fo_core *core;
	fo_depot *depot; /* OWNED: the depot and starting fleet (fo_depot_build); NULL
	                  * on a layout */
	bool layout;     /* driving a layout file (sim.layout), the site of this process */
	char series[64]; /* factsheet seriesName */
	char maps[SA_MAX_MAPS][SA_ID]; /* layout: its mapIds */
	size_t nmaps;
	sa_vehicle *veh;
	uint32_t n;
	char broker[256];
	char interface[64];
	double rate_hz;       /* visualization */
	double state_every_s; /* periodic state */
	pthread_mutex_t mu;   /* guards inbox and every disc_done */
	sa_in *inbox, **inbox_tail;
	fo_wakeup *wake;
	uint64_t published, received;
	bool stopping;
};

/* ---- simagv_plugin.c: the run */
/* The seed's generator, started as the in-process simulator's. */
uint64_t sa_seed(fo_core *core);
/* s->veh of n zeroed vehicles. */
void sa_vehicles_alloc(sa_sim *s, uint32_t n);
/* Vehicle i: its ids, topics, place (standing on node) and figures. */
void sa_vehicle_init(sa_sim *s, uint32_t i, const char *serial, const char *node, double x,
                     double y, double theta, double battery, double vmax);

/* ---- simagv_layout.c: a LIF layout file instead of the depot */
/* Loads path as the site and places n vehicles on distinct nodes of it
 * (parking places first), drawn from sim.seed.  0, or -1 with err (the
 * file unreadable or not a layout, fewer nodes than vehicles, no vehicle
 * type to drive it as). */
int sa_layout_build(sa_sim *s, const char *path, long n, char *err, size_t errlen);
/* The mapId to report for a node (borrowed): SA_MAP_ID on the depot. */
const char *sa_map_id(const sa_sim *s, const char *node_id);
/* The layout's speed limit for v from node `from` to `to`: 0 for none, -1
 * when the layout has no edge it may drive that way. */
double sa_layout_edge_speed(sa_vehicle *v, const char *from, const char *to);

/* ---- simagv_mqtt.c: clients, inbox, publishing */
int sa_mqtt_start(sa_sim *s, char *err, size_t errlen);
/* (Re)connects one vehicle's client with a fresh last will.  0 or -1. */
int sa_mqtt_connect(sa_vehicle *v, char *err, size_t errlen);
/* SA_IN_LOST payloads that start so are a failed connect, not a lost one. */
#define SA_CONNECT_FAILED "connect failed"
/* Publishes OFFLINE for every vehicle, disconnects cleanly, destroys the
 * clients (blocks up to a few seconds). */
void sa_mqtt_stop(sa_sim *s);
/* Subscribes to the vehicle's order and instantActions (QoS 0).  0 or -1. */
int sa_mqtt_subscribe(sa_vehicle *v);
/* Moves the inbox out under the lock; the caller frees the list. */
sa_in *sa_inbox_take(sa_sim *s);
void sa_in_free(sa_in *m);
/* payload is copied by paho. */
void sa_publish(sa_vehicle *v, sa_out_topic t, const char *payload, bool retained, int qos);

/* ---- simagv_msg.c: outbound messages (OWNED strings, free()) */
char *sa_msg_state(sa_vehicle *v);
char *sa_msg_visualization(sa_vehicle *v);
char *sa_msg_connection(sa_vehicle *v, const char *state);
char *sa_msg_factsheet(sa_vehicle *v);
const char *sa_status_name(sa_status st);

/* ---- simagv_agv.c: orders, instant actions, motion */
void sa_on_order(sa_vehicle *v, const char *payload, size_t len);
void sa_on_instant(sa_vehicle *v, const char *payload, size_t len);
void sa_step(sa_vehicle *v, double dt);
/* Errors reported in the state. */
void sa_error_set(sa_vehicle *v, const char *type, bool fatal, const char *ref_key,
                  const char *ref_val, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Sends the state now (an event or the periodic one). */
void sa_send_state(sa_vehicle *v);
void sa_send_factsheet(sa_vehicle *v);

#endif
