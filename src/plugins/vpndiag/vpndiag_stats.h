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
 * @defgroup vpndiag_stats vpndiag_stats
 * @{ @ingroup vpndiag
 *
 * Health counters of the pipeline that the store does not hold: events
 * the queue dropped (read from the queue), syslog messages suppressed by
 * the unattributed rate limit or dropped by a full or missing socket, and
 * whether the state file is being written. Thread-safe; never called under
 * the bus lock. Tier: core.
 */

#ifndef VPNDIAG_STATS_H_
#define VPNDIAG_STATS_H_

#include "vpndiag_queue.h"

typedef struct vpndiag_stats_t vpndiag_stats_t;
typedef enum vpndiag_stat_t vpndiag_stat_t;

/**
 * The health counters and gauges.
 */
enum vpndiag_stat_t {
	/** events the queue dropped because it was full (counter) */
	VPNDIAG_STAT_EVENTS_DROPPED = 0,
	/** syslog messages of unattributed records over the rate (counter) */
	VPNDIAG_STAT_SYSLOG_SUPPRESSED,
	/** syslog messages the socket did not take (counter) */
	VPNDIAG_STAT_SYSLOG_DROPPED,
	/** 1 if a state file is configured but not written (gauge) */
	VPNDIAG_STAT_STATE_FILE_FAILED,
	VPNDIAG_STAT_MAX,
};

/**
 * Health counters.
 */
struct vpndiag_stats_t {

	/**
	 * Add to a counter.
	 */
	void (*add)(vpndiag_stats_t *this, vpndiag_stat_t stat, uint64_t n);

	/**
	 * Set a gauge.
	 */
	void (*set)(vpndiag_stats_t *this, vpndiag_stat_t stat, uint64_t value);

	/**
	 * Read a counter or gauge.
	 */
	uint64_t (*get)(vpndiag_stats_t *this, vpndiag_stat_t stat);

	/**
	 * Destroy.
	 */
	void (*destroy)(vpndiag_stats_t *this);
};

/**
 * Create the counters.
 *
 * @param queue		queue whose drops VPNDIAG_STAT_EVENTS_DROPPED reads
 *					(not owned, may be NULL)
 */
vpndiag_stats_t *vpndiag_stats_create(vpndiag_queue_t *queue);

#endif /** VPNDIAG_STATS_H_ @}*/
