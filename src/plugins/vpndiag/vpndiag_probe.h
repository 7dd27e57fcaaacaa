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
 * @defgroup vpndiag_probe vpndiag_probe
 * @{ @ingroup vpndiag
 *
 * The VICI command vpndiag-probe {conn child timeout}: diagnose a
 * connection now. If it is up, say so. Otherwise check that a local address
 * routes to the peer, then initiate it in a thread of its own (one probe at
 * a time, timeout in seconds, default 30), follow it to success or failure
 * and answer one verdict: {success conn child verdict (up|failed|timeout)
 * already_up duration_ms cause detail, diagnosis{record}} where diagnosis
 * is the failure vpndiag recorded for the connection during the probe.
 * When the verdict is up the reply also carries the installed CHILD_SA
 * (selectors and counters), routing_table and kernel_libipsec
 * (vpndiag_probe_sa.h) for the CLI's data-plane check.
 * A tunnel the probe brought up stays up.
 */

#ifndef VPNDIAG_PROBE_H_
#define VPNDIAG_PROBE_H_

#include "vpndiag_vici_socket.h"
#include "vpndiag_store.h"

typedef struct vpndiag_probe_t vpndiag_probe_t;

/**
 * The probe command.
 */
struct vpndiag_probe_t {

	/**
	 * Cancel a running probe and wait for its thread.
	 */
	void (*cancel)(vpndiag_probe_t *this);

	/**
	 * Destroy (after cancel() and after the socket is gone).
	 */
	void (*destroy)(vpndiag_probe_t *this);
};

/**
 * Register the command on a socket.
 */
vpndiag_probe_t *vpndiag_probe_create(vpndiag_vici_socket_t *socket,
									  vpndiag_store_t *store);

#endif /** VPNDIAG_PROBE_H_ @}*/
