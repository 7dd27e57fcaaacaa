/*
 * Copyright (C) 2026 The vpndiag authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

/**
 * @defgroup vpndiag_status vpndiag_status
 * @{ @ingroup vpndiag
 *
 * The VICI command vpndiag-status {conn}: per configured connection its
 * state (established, connecting, waiting-for-traffic for an installed
 * trap without an IKE_SA, down), its SAs, the latest failure and how often
 * it went down in the last 24 hours, and per installed CHILD_SA what the
 * traffic sampler saw at its last sample (section traffic: one section per
 * CHILD_SA unique id with name, ike_sa, reqid, spi_in, spi_out, local_ts,
 * remote_ts, installed, bytes_in, bytes_out, packets_in, packets_out,
 * last_in, last_out, sampled, traffic = ok|idle|one-way, traffic_since and,
 * when one-way, cause = no-inbound|no-outbound; at most 200 CHILD_SAs,
 * then omitted = the number left out). The final reply carries
 * traffic_interval (seconds, 0 = sampling off). Streams one vpndiag-status event per
 * connection, then {success count}. Runs on the VICI thread, never under
 * charon's bus lock.
 */

#ifndef VPNDIAG_STATUS_H_
#define VPNDIAG_STATUS_H_

#include "vpndiag_vici_socket.h"
#include "vpndiag_store.h"
#include "vpndiag_sampler.h"

/** name of the streamed event */
#define VPNDIAG_EVENT_STATUS "vpndiag-status"

typedef struct vpndiag_status_t vpndiag_status_t;
typedef struct vpndiag_conn_state_t vpndiag_conn_state_t;

/**
 * State of one configured connection, collected on the VICI thread.
 */
struct vpndiag_conn_state_t {
	/** connection (peer config) name */
	char *name;
	/** IKE version of the config, 0 for any */
	int version;
	/** its IKE_SAs by state, installed CHILD_SAs, installed traps */
	u_int ike_established, ike_connecting, ike_other, children, traps;
	/** remote address of its first IKE_SA, NULL if none */
	char *remote;
	/** unique ids of its installed CHILD_SAs (uintptr_t) */
	linked_list_t *installed;
};

/**
 * The states of the loaded connections (or of one), from charon's
 * backends, IKE_SA manager and trap manager. Never call on the bus lock.
 *
 * @param only		name of the one connection, NULL for all
 * @return			list of vpndiag_conn_state_t*, caller destroys
 */
linked_list_t *vpndiag_conn_states(const char *only);

/**
 * Name of a connection's state: established, connecting,
 * waiting-for-traffic or down.
 */
const char *vpndiag_conn_state_name(vpndiag_conn_state_t *state);

/**
 * Destroy a collected state.
 */
void vpndiag_conn_state_destroy(vpndiag_conn_state_t *state);

/**
 * The status command.
 */
struct vpndiag_status_t {

	/**
	 * Destroy.
	 */
	void (*destroy)(vpndiag_status_t *this);
};

/**
 * Register the command on a socket.
 */
vpndiag_status_t *vpndiag_status_create(vpndiag_vici_socket_t *socket,
										vpndiag_store_t *store,
										vpndiag_sampler_t *sampler);

#endif /** VPNDIAG_STATUS_H_ @}*/
