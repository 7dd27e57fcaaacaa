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
 * @defgroup vpndiag_sampler vpndiag_sampler
 * @{ @ingroup vpndiag
 *
 * The scheduled job that samples the use statistics of every installed
 * CHILD_SA for the one-way traffic tracker (vpndiag_traffic.h).
 *
 * It runs on charon's processor as a job of lib->scheduler, never in a bus
 * hook and never on vpndiag's worker thread. A sweep walks the IKE_SA
 * manager's enumerator without waiting (ike_sa_manager.c:
 * create_enumerator(FALSE) skips IKE_SAs another thread has checked out,
 * and holds the table segment's lock while an IKE_SA is returned, so none
 * is checked out meanwhile); for each installed CHILD_SA it reads
 * child_sa_t.get_usestats() in both directions, the same call with which
 * vici's list-sas reads bytes-in/out (one query_sa() and, when the counters
 * grew, query_policy() per direction). A run samples at most
 * traffic.batch CHILD_SAs (its position in the manager's table and in the
 * IKE_SA's CHILD_SAs marks where the next job continues, right away), so
 * that segment locks and a processor thread are held briefly; a complete sweep starts every traffic.interval. IKE_SAs
 * that were busy are sampled in the next sweep.
 *
 * Settings (charon.plugins.vpndiag.traffic.*, applied on reload):
 * interval (default 10 s, 0 off), window (default 60 s), batch (256).
 *
 * Tier: charon.
 */

#ifndef VPNDIAG_SAMPLER_H_
#define VPNDIAG_SAMPLER_H_

#include "vpndiag_traffic.h"
#include "vpndiag_queue.h"

typedef struct vpndiag_sampler_t vpndiag_sampler_t;

/**
 * CHILD_SA use statistics sampler.
 */
struct vpndiag_sampler_t {

	/**
	 * The tracker it feeds (for vpndiag-status).
	 */
	vpndiag_traffic_t *(*get_traffic)(vpndiag_sampler_t *this);

	/**
	 * Current sampling interval in ms, 0 if sampling is off.
	 */
	uint64_t (*get_interval)(vpndiag_sampler_t *this);

	/**
	 * Re-read the settings; starts or stops the job as needed.
	 */
	void (*reload)(vpndiag_sampler_t *this);

	/**
	 * Stop the job (waits for a running one) and destroy.
	 */
	void (*destroy)(vpndiag_sampler_t *this);
};

/**
 * Create the sampler and schedule its first sweep.
 * @param queue		the worker's queue, for one-way events
 */
vpndiag_sampler_t *vpndiag_sampler_create(vpndiag_queue_t *queue);

#endif /** VPNDIAG_SAMPLER_H_ @}*/
