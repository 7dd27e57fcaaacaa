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
 * @defgroup vpndiag_store vpndiag_store
 * @{ @ingroup vpndiag
 *
 * History of diagnosis records and per-code counters; thread-safe.
 *
 * Repeats fold into one record: a repeat has the same code, cause,
 * connection and remote address as a record still in the history.
 * Retention is bounded with separate pools, so that informational records
 * and unattributed floods (no connection) cannot evict the failures of
 * configured connections:
 *  - failures of a connection: max_records overall, per_conn per connection
 *  - failures without a connection: max_unattributed
 *  - informational records: max_info
 * Each pool evicts its least recently updated record. Counters are never
 * evicted.
 */

#ifndef VPNDIAG_STORE_H_
#define VPNDIAG_STORE_H_

#include "vpndiag_record.h"
#include "vpndiag_cause.h"

#include <collections/linked_list.h>

typedef struct vpndiag_store_t vpndiag_store_t;

/** disconnections remembered per connection for flap counting */
#define VPNDIAG_MAX_DOWNS 256
typedef struct vpndiag_caps_t vpndiag_caps_t;
typedef struct vpndiag_filter_t vpndiag_filter_t;
typedef struct vpndiag_counters_t vpndiag_counters_t;
typedef struct vpndiag_cursor_t vpndiag_cursor_t;
typedef struct vpndiag_failures_t vpndiag_failures_t;

/**
 * Slots of the failure counters: one per cause row (the first row of each
 * (code, slug) pair counts), then one per code for records without a known
 * cause (records of earlier versions).
 */
#define VPNDIAG_FAILURE_SLOTS (VPNDIAG_CAUSE_MAX + VPNDIAG_CODE_MAX)

/**
 * Failures (records that are not informational) by code and cause, of one
 * connection or of the records without a connection. Bounded: a fixed
 * number of slots per connection, never evicted.
 */
struct vpndiag_failures_t {
	uint64_t count[VPNDIAG_FAILURE_SLOTS];
};

/**
 * The counter slot of a code and cause slug.
 *
 * @param cause		slug, NULL or unknown for the code's cause-less slot
 * @return			slot, -1 for an invalid code
 */
int vpndiag_failure_slot(vpndiag_code_t code, const char *cause);

/**
 * The code and cause slug of a counter slot.
 *
 * @param cause		receives the slug, "" for a cause-less slot
 * @return			the code, VPNDIAG_CODE_NONE for an unused slot
 */
vpndiag_code_t vpndiag_failure_slot_info(int slot, const char **cause);

/**
 * Retention caps (0 keeps no record of that pool).
 */
struct vpndiag_caps_t {
	u_int max_records;
	u_int per_conn;
	u_int max_unattributed;
	u_int max_info;
};

/**
 * Filter for listing records; unset (NULL/0) fields match everything.
 */
struct vpndiag_filter_t {
	/** connection name ("-" = records without a connection) */
	const char *conn;
	/** remote address (with or without [port]) */
	const char *remote;
	/** remote identity */
	const char *remote_id;
	/** code as display string, code_id or alias */
	vpndiag_code_t code;
	/** records updated at or after this time (ms since the epoch) */
	uint64_t since;
	/** the newest N records only */
	u_int limit;
};

/**
 * Counter snapshot.
 */
struct vpndiag_counters_t {
	/** occurrences per code since start or reset */
	uint64_t total[VPNDIAG_CODE_MAX];
	/** records evicted from the history, per pool */
	uint64_t evicted;
	/** records currently held */
	u_int records;
};

/**
 * History and counters.
 */
struct vpndiag_store_t {

	/**
	 * Add a record, folding it into an existing one if it is a repeat.
	 *
	 * @param record	record to add, owned by the store afterwards
	 * @param is_new	set to TRUE for a new record, FALSE for a fold
	 * @return			the stored record, shared (not to be modified; the
	 *					caller destroys its reference)
	 */
	vpndiag_record_t *(*add)(vpndiag_store_t *this, vpndiag_record_t *record,
							 bool *is_new);

	/**
	 * Count one more occurrence of an aggregated record (vpndiag_flood.h)
	 * without a new record: its count and last time, the counters of its
	 * code and cause. The record's other fields stay as they are.
	 *
	 * @param key		a record with the aggregated record's code, cause,
	 *					first and sources (> 0), not owned
	 * @param time		time of the occurrence (ms since the epoch)
	 * @return			FALSE if the store holds no such record (evicted,
	 *					reset): nothing counted
	 */
	bool (*repeat)(vpndiag_store_t *this, vpndiag_record_t *key,
				   uint64_t time);

	/**
	 * Set an aggregated record's remote, sources, sources_capped and
	 * sources_last from fields (which also names it, as for repeat()).
	 *
	 * @param fields	record naming the aggregated record, not owned
	 * @return			copy of the stored record (caller destroys), NULL if
	 *					the store holds no such record
	 */
	vpndiag_record_t *(*refresh)(vpndiag_store_t *this,
								 vpndiag_record_t *fields);

	/**
	 * Put an aggregated record as the state file replays it: the record
	 * replaces the stored one with the same code, cause and first (or is
	 * added, id, count and times kept), and its occurrences since the
	 * previous segment of it are added to the counters. Caps apply.
	 *
	 * @param record	record (sources > 0, no connection), owned by the
	 *					store afterwards
	 * @param occurrences	occurrences to add to the counters
	 */
	void (*put_aggregate)(vpndiag_store_t *this, vpndiag_record_t *record,
						  uint32_t occurrences);

	/**
	 * Copies of the records matching a filter, oldest first.
	 *
	 * @return			list of vpndiag_record_t*, caller destroys
	 */
	linked_list_t *(*list)(vpndiag_store_t *this, vpndiag_filter_t *filter);

	/**
	 * Start listing the records matching a filter, oldest first, without
	 * copying them: the matching records (limit applied) are selected now,
	 * read_cursor() visits them in portions. Records evicted meanwhile are
	 * skipped, folded ones are visited as they are then.
	 *
	 * @param filter	filter (copied)
	 * @return			cursor, for close_cursor()
	 */
	vpndiag_cursor_t *(*open_cursor)(vpndiag_store_t *this,
									 vpndiag_filter_t *filter);

	/**
	 * Visit the next records of a cursor with the store locked, until the
	 * callback returns FALSE (after that record) or none is left. The
	 * callback must not call the store nor keep the record.
	 *
	 * @return			number of records visited, 0 at the end
	 */
	u_int (*read_cursor)(vpndiag_store_t *this, vpndiag_cursor_t *cursor,
						 bool (*cb)(void *data, vpndiag_record_t *record),
						 void *data);

	/**
	 * Free a cursor (NULL is fine).
	 */
	void (*close_cursor)(vpndiag_store_t *this, vpndiag_cursor_t *cursor);

	/**
	 * Counters, global (conn NULL) or for one connection.
	 *
	 * @return			FALSE if the connection has no counters
	 */
	bool (*get_counters)(vpndiag_store_t *this, const char *conn,
						 vpndiag_counters_t *counters);

	/**
	 * Failure counters of a connection, or (conn NULL) of the records
	 * without a connection.
	 *
	 * @return			FALSE if the connection has no counters
	 */
	bool (*get_failures)(vpndiag_store_t *this, const char *conn,
						 vpndiag_failures_t *failures);

	/**
	 * Set a failure counter (state file).
	 *
	 * @param conn		connection, NULL for failures without a connection
	 * @param slot		slot (vpndiag_failure_slot())
	 */
	void (*restore_failure)(vpndiag_store_t *this, const char *conn,
							int slot, uint64_t value);

	/**
	 * Set the number of records evicted so far (state file).
	 */
	void (*restore_evicted)(vpndiag_store_t *this, uint64_t evicted);

	/**
	 * Names of the connections that have counters.
	 *
	 * @return			list of allocated strings, caller destroys
	 */
	linked_list_t *(*list_conns)(vpndiag_store_t *this);

	/**
	 * The latest failure of a connection (kept when the history evicts
	 * it) and how often it went down (disconnection records) since a time.
	 *
	 * @param since		ms since the epoch
	 * @param downs		receives the count, at most VPNDIAG_MAX_DOWNS
	 * @return			copy of the latest failure (caller destroys), or NULL
	 */
	vpndiag_record_t *(*get_last_failure)(vpndiag_store_t *this,
										  const char *conn, uint64_t since,
										  u_int *downs);

	/**
	 * Put a record back as it was: id, count and times kept, counters
	 * untouched (state file). Caps apply.
	 *
	 * @param record	record, owned by the store afterwards
	 */
	void (*restore)(vpndiag_store_t *this, vpndiag_record_t *record);

	/**
	 * Set a counter (state file).
	 *
	 * @param conn		connection, NULL for the global counter
	 */
	void (*restore_counter)(vpndiag_store_t *this, const char *conn,
							vpndiag_code_t code, uint64_t value);

	/**
	 * How many times reset() was called (the state file follows resets).
	 */
	uint64_t (*get_resets)(vpndiag_store_t *this);

	/**
	 * Clear history and counters, of one connection or all (conn NULL).
	 */
	void (*reset)(vpndiag_store_t *this, const char *conn);

	/**
	 * Change the caps. Shrinking evicts down to the new caps.
	 */
	void (*set_caps)(vpndiag_store_t *this, vpndiag_caps_t *caps);

	/**
	 * Destroy the store.
	 */
	void (*destroy)(vpndiag_store_t *this);
};

/**
 * Create a store.
 */
vpndiag_store_t *vpndiag_store_create(vpndiag_caps_t *caps);

#endif /** VPNDIAG_STORE_H_ @}*/
