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
 * @defgroup vpndiag_flood vpndiag_flood
 * @{ @ingroup vpndiag
 *
 * Aggregation of failures without a connection under a flood (contract
 * section 2, issue 22). Tier: core; used by the worker only.
 *
 * A rate detector counts the unattributed failures (records without a
 * connection that are not informational) per second of their own time (the
 * hook's, vpndiag_event_t.time_ms). While more than the threshold
 * (charon.plugins.vpndiag.history.flood_threshold, default 50 per second,
 * 0 = never) arrive within one second, flood mode is on; it ends when no
 * second has been over the threshold for VPNDIAG_FLOOD_HOLD_MS. In flood
 * mode each unattributed failure folds into one aggregated record per
 * (code, cause), whatever its remote address: the record counts the
 * distinct source addresses (sources, exact up to VPNDIAG_SOURCES_MAX, then
 * sources_capped), names the newest (sources_last) and keeps the details of
 * the last one classified. Below the threshold nothing changes.
 *
 * The aggregated record's updates are published (state file, charon's log,
 * syslog, VICI) at most once per VPNDIAG_FLOOD_PUBLISH_MS and when flood
 * mode ends; the store counts every occurrence at once (counters per code
 * and cause exact at all times, vpndiag_store_t.repeat()).
 */

#ifndef VPNDIAG_FLOOD_H_
#define VPNDIAG_FLOOD_H_

#include "vpndiag_record.h"
#include "vpndiag_event.h"

#include <sys/types.h>

typedef struct vpndiag_flood_t vpndiag_flood_t;

/** default flood threshold: unattributed failures per second */
#define VPNDIAG_FLOOD_THRESHOLD 50

/** flood mode ends after this long without a second over the threshold */
#define VPNDIAG_FLOOD_HOLD_MS 10000

/** an aggregated record's updates are published at most this often */
#define VPNDIAG_FLOOD_PUBLISH_MS 1000

/** aggregated records tracked at once (more code/cause pairs: per
 *  address, as below the threshold) */
#define VPNDIAG_FLOOD_MAX_AGGREGATES 16

typedef struct vpndiag_failure_t vpndiag_failure_t;

/**
 * The inputs of an aggregated failure the worker's cheap path compares
 * (vpndiag_same_failure()), and what it was diagnosed as.
 */
struct vpndiag_failure_t {
	/** a failure was captured */
	bool valid;
	/** the alert */
	vpndiag_alert_t alert;
	/** the IKE_SA's context the rule reads */
	int version;
	bool initiator;
	bool has_peer_cfg;
	bool has_ike_cfg;
	/** the IKE config charon selected (ike_cfg_t*, a reference: the
	 *  pointer is not reused while it is held); it decides the configured
	 *  proposals */
	void *ike_cfg;
	/** the received SA payload as the hook copied it raw (a responder's
	 *  proposal alert, vpndiag_event_t.sa_raw; malloc), NULL if the hook
	 *  copied the proposals instead */
	uint8_t *sa_raw;
	uint32_t sa_raw_len;
	/** the received proposals (when sa_raw is NULL) */
	vpndiag_proposals_t proposals;
	/** our address (port not compared) */
	struct sockaddr_storage local;
	/** the record's code and cause */
	vpndiag_code_t code;
	char cause[VPNDIAG_NAME_LEN];
};

/**
 * Whether an event is a repeat of a captured failure: the same alert with
 * the same inputs vpndiag_rules_ike_proposal_mismatch() reads to decide
 * code and cause (the received proposals: the same raw SA payload bytes,
 * which the worker parses the same way, or the same copied proposals; the
 * configured ones through the
 * IKE config charon selected, our role, the IKE version), and that
 * vpndiag_rule_emit() reads to decide the connection (no peer config, an
 * IKE config, our address). The IKE_SA's state (none:
 * vpndiag_classifier_t.take_diagnosed()) and the peer's address (that no
 * connection names it) are the caller's to check. The one place that
 * knows what the alert carries.
 *
 * @param f			captured failure
 * @param ev		the event, unformatted
 */
bool vpndiag_same_failure(vpndiag_failure_t *f, vpndiag_event_t *ev);

/**
 * Forget a captured failure (releases its IKE config reference and its
 * copy of the raw SA payload).
 */
void vpndiag_failure_clear(vpndiag_failure_t *f);

/**
 * Rate detector and the aggregates of the current daemon run.
 */
struct vpndiag_flood_t {

	/**
	 * Count an unattributed failure at its time.
	 *
	 * @param time		the failure's time (ms since the epoch)
	 * @return			TRUE if flood mode is on (this failure included)
	 */
	bool (*count)(vpndiag_flood_t *this, uint64_t time);

	/**
	 * Whether flood mode is on at a time; it ends here once no second was
	 * over the threshold for VPNDIAG_FLOOD_HOLD_MS (or the threshold is 0).
	 *
	 * @param now		ms since the epoch
	 */
	bool (*is_active)(vpndiag_flood_t *this, uint64_t now);

	/**
	 * Fold a classified unattributed failure into the aggregate of its code
	 * and cause: sets the record's first, sources, sources_capped and
	 * sources_last (its remote is the source), and adds a clause to its
	 * detail.
	 *
	 * @param record	record without a connection, not informational
	 * @return			FALSE if it cannot be aggregated (too many
	 *					aggregates): store it as below the threshold
	 */
	bool (*aggregate)(vpndiag_flood_t *this, vpndiag_record_t *record);

	/**
	 * A repeat of an aggregated failure the worker did not classify (its
	 * cheap path): the source is counted and named, the remote and last
	 * time set. The store counts the occurrence (vpndiag_store_t.repeat()
	 * with the returned record), then pending().
	 *
	 * @param code		code of the aggregate
	 * @param cause		cause of the aggregate
	 * @param remote	the source, addr[port]
	 * @param time		time of the failure (ms)
	 * @return			the record naming the aggregate (owned by this
	 *					object), NULL if there is none for code and cause
	 */
	vpndiag_record_t *(*repeat)(vpndiag_flood_t *this, vpndiag_code_t code,
								const char *cause, const char *remote,
								uint64_t time);

	/**
	 * An occurrence of the record just aggregated was counted in the store
	 * but not published (its update waits for the next publication).
	 *
	 * @param record	the record passed to aggregate()
	 */
	void (*pending)(vpndiag_flood_t *this, vpndiag_record_t *record);

	/**
	 * The record just aggregated is published now (a new record): its
	 * aggregate's occurrences are no longer pending.
	 *
	 * @param now		ms since the epoch
	 * @return			its occurrences not yet in the state file
	 */
	uint32_t (*take)(vpndiag_flood_t *this, vpndiag_record_t *record,
					 uint64_t now);

	/**
	 * The next aggregate whose update is due: it has occurrences not yet
	 * published, and its last publication is VPNDIAG_FLOOD_PUBLISH_MS ago
	 * (or all is set). Marks it published at now.
	 *
	 * @param now		ms since the epoch
	 * @param all		every aggregate with unpublished occurrences
	 * @param fields	receives the record naming the aggregate with its
	 *					sources fields (for vpndiag_store_t.refresh()),
	 *					owned by this object
	 * @param occurrences	receives its occurrences not yet in the state
	 *					file
	 * @return			FALSE if none is due
	 */
	bool (*next_due)(vpndiag_flood_t *this, uint64_t now, bool all,
					 vpndiag_record_t **fields, uint32_t *occurrences);

	/**
	 * A state file snapshot was written: it holds every occurrence so far.
	 */
	void (*snapshot_taken)(vpndiag_flood_t *this);

	/**
	 * Forget an aggregate (the store no longer holds its record), or all
	 * of them (NULL: the history was reset).
	 */
	void (*forget)(vpndiag_flood_t *this, vpndiag_record_t *fields);

	/**
	 * Change the threshold (0: never aggregate).
	 */
	void (*set_threshold)(vpndiag_flood_t *this, u_int threshold);

	/**
	 * Destroy it.
	 */
	void (*destroy)(vpndiag_flood_t *this);
};

/**
 * Create the detector.
 *
 * @param threshold		unattributed failures per second above which flood
 *						mode is on, 0 = never
 * @param hold_ms		how long flood mode lasts after the last second over
 *						the threshold
 */
vpndiag_flood_t *vpndiag_flood_create(u_int threshold, u_int hold_ms);

#endif /** VPNDIAG_FLOOD_H_ @}*/
