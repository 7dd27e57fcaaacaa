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
 * @defgroup vpndiag_vici vpndiag_vici
 * @{ @ingroup vpndiag
 *
 * vpndiag's VICI interface as configured in strongswan.conf: the socket
 * (charon.plugins.vpndiag.socket, socket_mode, socket_user, socket_group,
 * client_queue, max_clients), the history and catalogue commands, status
 * and probe, and the live "vpndiag" event.
 *
 * On reload, client_queue and max_clients apply live; a changed socket path
 * or permissions is logged and applies at the next start of charon.
 */

#ifndef VPNDIAG_VICI_H_
#define VPNDIAG_VICI_H_

#include "vpndiag_store.h"
#include "vpndiag_publisher.h"
#include "vpndiag_stats.h"
#include "vpndiag_sampler.h"

typedef struct vpndiag_vici_t vpndiag_vici_t;

/**
 * The VICI interface.
 */
struct vpndiag_vici_t {

	/**
	 * The publisher raising the live event (owned by this object).
	 */
	vpndiag_publisher_t *(*get_publisher)(vpndiag_vici_t *this);

	/**
	 * Re-read the settings.
	 */
	void (*reload)(vpndiag_vici_t *this);

	/**
	 * Stop serving and destroy.
	 */
	void (*destroy)(vpndiag_vici_t *this);
};

/**
 * Open the socket and start serving.
 *
 * @param store		the record store
 * @param stats		health counters (vpndiag-metrics)
 * @param sampler	the CHILD_SA traffic sampler (vpndiag-status)
 * @return			NULL if disabled (socket = "") or it cannot be opened
 */
vpndiag_vici_t *vpndiag_vici_create(vpndiag_store_t *store,
									vpndiag_stats_t *stats,
									vpndiag_sampler_t *sampler);

#endif /** VPNDIAG_VICI_H_ @}*/
