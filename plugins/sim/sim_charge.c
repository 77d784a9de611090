/* sim_charge.c — charging by the master control: startCharging and
 * stopCharging, as node actions of an order (sim_orders.c runs them when
 * the node's actions end) and as instant actions.
 *
 * VDA 5050 2.x (6.8.1, 6.8.2): startCharging is FINISHED once charging is
 * on (batteryState.charging true); it FAILS, with an error, when charging
 * cannot start.  Here it starts only with the vehicle standing on a charger
 * node; otherwise the WARNING startChargingFailed is raised, naming the
 * node (a warning: the vehicle can still drive; it goes with the next
 * startCharging that works or the next new order).  Charging by action
 * lasts until stopCharging: the battery rises at the charger's rate and
 * stays at 100 % when full (overcharging is the vehicle's to prevent), the
 * vehicle does not drive, takes no job of its own and no new order (VDA
 * 5050: charging is false only when the vehicle is ready for orders).
 * stopCharging always finishes; when not charging it changes nothing. */
#include "sim.h"

#include <stdio.h>

bool sim_charge_possible(const sim_state *s, const sim_vehicle *sv, const fo_vehicle *v, char *why,
                         size_t whylen)
{
	if (sv->next != sv->node || sim_phase_driving(sv->phase) || v->driving) {
		snprintf(why, whylen, "startCharging while driving (after %s): stand on a charger",
		         s->map.node_id[sv->node]);
		return false;
	}
	if (sim_node_kind(&s->map, sv->node) != SIM_KIND_CHARGER) {
		snprintf(why, whylen, "startCharging on %s: not a charger",
		         s->map.node_id[sv->node]);
		return false;
	}
	return true;
}

bool sim_charge_start(sim_state *s, sim_vehicle *sv, fo_vehicle *v, char *why, size_t whylen)
{
	if (!sim_charge_possible(s, sv, v, why, whylen)) {
		sim_error_raise(s, v, SIM_CHARGE_ERROR, why, FO_ERRLVL_WARNING);
		fo_log(s->core, FO_LOG_INFO, "sim: %s: %s", v->id, why);
		return false;
	}
	sim_error_clear(s, v, SIM_CHARGE_ERROR);
	if (sv->charge_act)
		return true; /* idempotent */
	uint32_t me = (uint32_t)(sv - s->veh);
	if (sv->phase == SIM_CHARGING)
		sv->phase = SIM_IDLE; /* its own charge becomes the master's */
	/* hold the charger, so the sim's own vehicles look elsewhere; one
	 * reserved by another vehicle stays its (the master drove us here) */
	if (sv->resource != sv->node)
		sim_release_resource(s, sv);
	if (s->map.occupant[sv->node] == SIM_NONE) {
		s->map.occupant[sv->node] = me;
		sv->resource = sv->node;
	}
	sv->charge_act = true;
	v->charging = true;
	fo_log(s->core, FO_LOG_INFO, "sim: %s: charging on %s (startCharging)", v->id,
	       s->map.node_id[sv->node]);
	return true;
}

void sim_charge_stop(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	if (sv->charge_act) {
		fo_log(s->core, FO_LOG_INFO, "sim: %s: charging stopped at %.1f %% (stopCharging)",
		       v->id, v->battery);
	} else if (sv->phase == SIM_CHARGING) {
		sv->phase = SIM_IDLE; /* its own charge, ended by the master */
	} else {
		return;
	}
	sv->charge_act = false;
	v->charging = false;
	sim_release_resource(s, sv);
}
