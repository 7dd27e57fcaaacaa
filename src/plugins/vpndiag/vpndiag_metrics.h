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
 * @defgroup vpndiag_metrics vpndiag_metrics
 * @{ @ingroup vpndiag
 *
 * The VICI command vpndiag-metrics {}: what `vpndiag --metrics` renders in
 * the Prometheus text format (contract section 9). Streams one
 * vpndiag-metrics event per connection, the loaded ones and those the
 * store has counters of, then one with conn "" for the failures without a
 * connection:
 *
 *   {conn state up flaps_24h last_failure{time code code_id cause}
 *    failures{<code_id>[/<cause>] = count}}
 *
 * then {success count records evicted events_dropped syslog_suppressed
 * syslog_dropped state_file_ok healthy}. healthy is 1 when no event was
 * dropped since the previous vpndiag-metrics request (since the start for
 * the first) and the state file, if one is configured, is being written.
 * Runs on the VICI thread, never under charon's bus lock.
 */

#ifndef VPNDIAG_METRICS_H_
#define VPNDIAG_METRICS_H_

#include "vpndiag_vici_socket.h"
#include "vpndiag_store.h"
#include "vpndiag_stats.h"

/** name of the streamed event */
#define VPNDIAG_EVENT_METRICS "vpndiag-metrics"

typedef struct vpndiag_metrics_t vpndiag_metrics_t;

/**
 * The metrics command.
 */
struct vpndiag_metrics_t {

	/**
	 * Destroy.
	 */
	void (*destroy)(vpndiag_metrics_t *this);
};

/**
 * Register the command on a socket.
 *
 * @param stats		health counters (not owned)
 */
vpndiag_metrics_t *vpndiag_metrics_create(vpndiag_vici_socket_t *socket,
										  vpndiag_store_t *store,
										  vpndiag_stats_t *stats);

#endif /** VPNDIAG_METRICS_H_ @}*/
