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
 * @defgroup vpndiag_listener vpndiag_listener
 * @{ @ingroup vpndiag
 *
 * Bus listener and logger: copies facts out of charon into events.
 *
 * Every hook runs under charon's daemon-wide bus lock, so hooks only copy
 * the few facts the classifier needs into a vpndiag_event_t and push it
 * onto the bounded queue; routine events that carry no failure fact are not
 * queued at all. No I/O, no config lookups, no waiting. Every hook returns
 * TRUE (FALSE would unregister it).
 *
 * The logger part matches the few log lines that reveal facts no hook
 * carries (e.g. a PSK MAC mismatch), on level 1 of the IKE, CFG, ENC, NET,
 * MGR and KNL groups only (vpndiag_log_match.h).
 */

#ifndef VPNDIAG_LISTENER_H_
#define VPNDIAG_LISTENER_H_

#include "vpndiag_queue.h"

#include <bus/listeners/listener.h>
#include <bus/listeners/logger.h>

typedef struct vpndiag_listener_t vpndiag_listener_t;

/**
 * Listener turning bus events into queued vpndiag events.
 */
struct vpndiag_listener_t {

	/**
	 * Implements listener_t.
	 */
	listener_t listener;

	/**
	 * Implements logger_t.
	 */
	logger_t logger;

	/**
	 * Destroy the listener.
	 */
	void (*destroy)(vpndiag_listener_t *this);
};

/**
 * Create the listener.
 *
 * @param queue		queue to push events to
 */
vpndiag_listener_t *vpndiag_listener_create(vpndiag_queue_t *queue);

#endif /** VPNDIAG_LISTENER_H_ @}*/
