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
 * @defgroup vpndiag_traffic vpndiag_traffic
 * @{ @ingroup vpndiag
 *
 * One-way traffic on installed CHILD_SAs, decided from samples of their use
 * statistics (contract §7).
 *
 * The sampler (vpndiag_sampler.h) feeds one sample per installed CHILD_SA
 * and sweep; this object keeps what the last samples said and decides. It
 * never touches charon: samples are plain values, so the unit tests feed
 * them directly.
 *
 * CHILD_SAs that share a reqid form a flow: a rekeyed CHILD_SA keeps the
 * reqid of the one it replaces (child_rekey.c), so the activity of the old
 * SA carries over to the new one, whose counters start at zero. A direction
 * is active at a sample when its packet counter grew since the previous
 * sample of the same CHILD_SA (or, for a CHILD_SA seen for the first time,
 * when it is not zero). A flow is one-way when one direction was active
 * within the window and the other was silent for the whole window (since
 * its last activity, or since the flow was first seen): no-inbound when we
 * send and nothing arrives, no-outbound when we receive and send nothing.
 * Such a transition yields one event (VPNDIAG_EV_TRAFFIC); so does the
 * recovery, when the silent direction is active again while the other is.
 * A flow that goes idle while one-way keeps its alarm (no new record when
 * the same one-way traffic resumes); it ends with the recovery or with the
 * flow's last CHILD_SA.
 *
 * Tier: core. Thread-safe: one mutex, held for a sample, a sweep end and a
 * status copy (no I/O, no calls into charon under it).
 */

#ifndef VPNDIAG_TRAFFIC_H_
#define VPNDIAG_TRAFFIC_H_

#include "vpndiag_event.h"

#include <library.h>
#include <collections/linked_list.h>

typedef struct vpndiag_traffic_t vpndiag_traffic_t;
typedef struct vpndiag_traffic_sample_t vpndiag_traffic_sample_t;
typedef struct vpndiag_traffic_child_t vpndiag_traffic_child_t;
typedef enum vpndiag_traffic_verdict_t vpndiag_traffic_verdict_t;

/**
 * What a flow looks like at its last sample, and what an event reports.
 */
enum vpndiag_traffic_verdict_t {
	/** both directions active within the window (or the silent one not
	 *  yet for a whole window) */
	VPNDIAG_TRAFFIC_OK = 0,
	/** neither direction active within the window */
	VPNDIAG_TRAFFIC_IDLE,
	/** we send, nothing arrives */
	VPNDIAG_TRAFFIC_NO_INBOUND,
	/** we receive, nothing leaves */
	VPNDIAG_TRAFFIC_NO_OUTBOUND,
	/** events only: both directions flow again after a one-way alarm */
	VPNDIAG_TRAFFIC_RESTORED,
};

/**
 * Name of a verdict as vpndiag-status shows it: ok, idle, one-way,
 * restored.
 */
const char *vpndiag_traffic_verdict_name(vpndiag_traffic_verdict_t verdict);

/**
 * One sample of a CHILD_SA, as the sampler read it.
 */
struct vpndiag_traffic_sample_t {
	/** IKE_SA context (unique id, conn, addresses, identities) */
	vpndiag_sa_t sa;
	/** CHILD_SA name */
	char child[VPNDIAG_NAME_LEN];
	/** CHILD_SA unique id */
	uint32_t child_id;
	/** reqid (shared with the CHILD_SAs it replaced or replaces) */
	uint32_t reqid;
	/** SPIs in host order */
	uint32_t spi_in, spi_out;
	/** selectors as charon prints them (%#R); only read for a CHILD_SA
	 *  not yet known (vpndiag_traffic_t.known()) */
	char ts_local[VPNDIAG_TEXT_LEN];
	char ts_remote[VPNDIAG_TEXT_LEN];
	/** installation time, ms since the epoch */
	uint64_t installed_ms;
	/** counters as charon reports them (child_sa_t.get_usestats()) */
	uint64_t bytes_in, bytes_out, packets_in, packets_out;
	/** the kernel's last use per direction, ms since the epoch, 0 unknown */
	uint64_t use_in_ms, use_out_ms;
};

/**
 * A copy of what is known about one CHILD_SA, for vpndiag-status.
 */
struct vpndiag_traffic_child_t {
	/** the last sample */
	vpndiag_traffic_sample_t s;
	/** time of the last sample, ms */
	uint64_t sampled_ms;
	/** last activity seen per direction (the flow's, across rekeys), ms,
	 *  0 never */
	uint64_t active_in_ms, active_out_ms;
	/** verdict of the flow */
	vpndiag_traffic_verdict_t verdict;
	/** since when the flow is in this verdict, ms */
	uint64_t since_ms;
};

/**
 * One-way traffic tracker.
 */
struct vpndiag_traffic_t {

	/**
	 * Set the window: how long one direction must stay silent while the
	 * other is active.
	 */
	void (*set_window)(vpndiag_traffic_t *this, uint64_t window_ms);

	/**
	 * Whether a CHILD_SA has been sampled before (its selectors are kept
	 * from the first sample).
	 */
	bool (*known)(vpndiag_traffic_t *this, uint32_t child_id);

	/**
	 * Take a sample.
	 * @param sample	the CHILD_SA's counters
	 * @param now_ms	time of the sample, ms since the epoch
	 * @return			an event (VPNDIAG_EV_TRAFFIC) if the flow changed
	 *					to or from one-way, to queue for the worker, or NULL
	 */
	vpndiag_event_t *(*sample)(vpndiag_traffic_t *this,
							   vpndiag_traffic_sample_t *sample,
							   uint64_t now_ms);

	/**
	 * A sweep over all IKE_SAs is complete: forget CHILD_SAs not sampled
	 * in the last sweeps (gone, or their IKE_SA was busy each time).
	 */
	void (*end_sweep)(vpndiag_traffic_t *this);

	/**
	 * Copy what is known, optionally of one connection.
	 * @param conn		connection name, NULL for all
	 * @return			list of vpndiag_traffic_child_t (free() each),
	 *					ordered by IKE_SA and CHILD_SA unique id
	 */
	linked_list_t *(*get_children)(vpndiag_traffic_t *this, const char *conn);

	/**
	 * Number of CHILD_SAs known.
	 */
	u_int (*get_count)(vpndiag_traffic_t *this);

	/**
	 * Forget everything (sampling turned off).
	 */
	void (*flush)(vpndiag_traffic_t *this);

	/**
	 * Destroy.
	 */
	void (*destroy)(vpndiag_traffic_t *this);
};

/**
 * Create a tracker.
 * @param window_ms		initial window
 */
vpndiag_traffic_t *vpndiag_traffic_create(uint64_t window_ms);

#endif /** VPNDIAG_TRAFFIC_H_ @}*/
