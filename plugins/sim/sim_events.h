/* sim_events.h — payloads the simulator publishes on the core bus.
 *
 * Every payload is borrowed for the duration of the fo_bus_publish call.
 * Topics:
 *   "vehicle.error"       fo_sim_error_event: an error was raised or cleared
 *   "vehicle.order_done"  fo_sim_order_event: a vehicle finished an order
 *   "vehicle.estop"       fo_sim_estop_event: an e-stop was set or released
 *
 * These structs are not part of the plugin ABI yet; a subscriber outside
 * this plugin can rely on the first two members of each (vehicle id and
 * model index) which every vehicle event will keep. */
#ifndef FO_SIM_EVENTS_H
#define FO_SIM_EVENTS_H

#include "fleetops_plugin.h"

typedef struct {
	const char *vehicle;    /* vehicle id (serialNumber) */
	uint32_t vehicle_idx;   /* index in the model */
	const fo_verror *error; /* the error raised or cleared */
	bool raised;            /* true: raised, false: cleared */
} fo_sim_error_event;

typedef struct {
	const char *vehicle;
	uint32_t vehicle_idx;
	/* "sim-order-N" for the sim's own jobs; the master's orderId for an
	 * order taken through the dispatch sink (sim_orders.c), published
	 * once after its last node and actions (a cancelled one is not) */
	const char *order_id;
	const char *load; /* load delivered, "" for charge/park trips and for
	                   * a master's order that dropped nothing */
} fo_sim_order_event;

typedef struct {
	const char *vehicle;
	uint32_t vehicle_idx;
	fo_estop estop; /* new state; FO_ESTOP_NONE when released */
} fo_sim_estop_event;

#endif
