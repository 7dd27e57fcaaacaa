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
 * @defgroup vpndiag_worker vpndiag_worker
 * @{ @ingroup vpndiag
 *
 * The thread that does vpndiag's work off charon's bus lock.
 *
 * It owns the pipeline behind the listener: it pops events from the queue,
 * runs the classifier (with configuration lookups), stores the diagnoses and
 * hands each stored record to the publishers.
 */

#ifndef VPNDIAG_WORKER_H_
#define VPNDIAG_WORKER_H_

#include "vpndiag_queue.h"
#include "vpndiag_store.h"
#include "vpndiag_publisher.h"
#include "vpndiag_stats.h"

typedef struct vpndiag_worker_t vpndiag_worker_t;

/**
 * Worker thread and the pipeline it owns.
 */
struct vpndiag_worker_t {

	/**
	 * The queue the listener feeds.
	 */
	vpndiag_queue_t *(*get_queue)(vpndiag_worker_t *this);

	/**
	 * The record store.
	 */
	vpndiag_store_t *(*get_store)(vpndiag_worker_t *this);

	/**
	 * The health counters (events dropped, syslog, state file).
	 */
	vpndiag_stats_t *(*get_stats)(vpndiag_worker_t *this);

	/**
	 * Add an output, owned by the worker afterwards.
	 */
	void (*add_publisher)(vpndiag_worker_t *this, vpndiag_publisher_t *pub);

	/**
	 * Remove an output again (not destroyed); when this returns, the worker
	 * no longer calls it.
	 */
	void (*remove_publisher)(vpndiag_worker_t *this, vpndiag_publisher_t *pub);

	/**
	 * Re-read settings: caps may only grow live, publishers reload.
	 */
	void (*reload)(vpndiag_worker_t *this);

	/**
	 * Stop the thread (processing what is queued) and destroy everything.
	 */
	void (*destroy)(vpndiag_worker_t *this);
};

/**
 * Read the history caps from strongswan.conf (charon.plugins.vpndiag.history).
 */
void vpndiag_worker_load_caps(vpndiag_caps_t *caps);

/**
 * Create the pipeline and start the worker thread.
 */
vpndiag_worker_t *vpndiag_worker_create(void);

#endif /** VPNDIAG_WORKER_H_ @}*/
