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
 * @defgroup vpndiag_state_file vpndiag_state_file
 * @{ @ingroup vpndiag
 *
 * History and counters across restarts of charon: a bounded state file
 * (charon.plugins.vpndiag.state_file) written by the worker, never under
 * the bus lock.
 *
 * The file is a sequence of VICI segments (vpndiag_vici_msg.h): a header
 * (version), a snapshot (counters, then every record as stored), then
 * "add" segments of the occurrences added since (replayed through the
 * store, so folding, caps and counters come out as they were). A new record
 * is appended at once; updates (repeats the store folded into a record it
 * holds) are kept pending and appended at the worker's next flush() (at
 * most FLUSH_INTERVAL_MS later, vpndiag_worker.c), one segment per record
 * with the number of occurrences ("repeat", absent for one) and the time
 * of each ("times"); the pending updates are written before a new record,
 * in the order of their last update, so that the replay evicts what the run
 * evicted. A crash loses the updates of the last flush interval at most;
 * each segment is one write(): a crash in the middle of one loses that
 * segment only (a partial last segment is ignored on loading). When enough
 * additions have accumulated,
 * a new snapshot is written to a temporary file, synced and renamed over the
 * old one (atomic). A file that cannot be read is reported and set aside as
 * <file>.corrupt, and vpndiag starts with an empty history.
 *
 * One charon owns the file: it holds an exclusive flock() on <file>.lock
 * (taken without waiting when the plugin loads, released by the kernel when
 * charon ends). A second charon configured with the same path logs one line
 * and keeps its history in memory only; it neither reads nor writes the
 * other's file.
 */

#ifndef VPNDIAG_STATE_FILE_H_
#define VPNDIAG_STATE_FILE_H_

#include "vpndiag_store.h"

typedef struct vpndiag_state_file_t vpndiag_state_file_t;

/**
 * The state file.
 */
struct vpndiag_state_file_t {

	/**
	 * Append a record the store has just added, or keep it pending if it
	 * was an update (a repeat folded into a record the store holds).
	 *
	 * @param record	the stored record as store->add() returned it,
	 *					owned by the state file afterwards
	 * @param is_new	add()'s is_new
	 */
	void (*append)(vpndiag_state_file_t *this, vpndiag_record_t *record,
				   bool is_new);

	/**
	 * Append the pending updates (the worker's flush, at shutdown).
	 */
	void (*flush)(vpndiag_state_file_t *this);

	/**
	 * Whether updates wait for flush().
	 */
	bool (*has_pending)(vpndiag_state_file_t *this);

	/**
	 * Write a snapshot now (after a reset, at shutdown); it covers the
	 * pending updates.
	 */
	void (*snapshot)(vpndiag_state_file_t *this);

	/**
	 * Whether the file is still being written (FALSE after a failed write).
	 */
	bool (*is_writable)(vpndiag_state_file_t *this);

	/**
	 * Append the pending updates, write a final snapshot and close the file.
	 */
	void (*destroy)(vpndiag_state_file_t *this);
};

/**
 * Load the file into the store (if it exists) and open it for appending.
 *
 * @param path			state file
 * @param store			store to fill and to snapshot
 * @param compact_after	additions after which a new snapshot is written
 * @return				NULL if the file cannot be written or another
 *						process holds its lock (logged)
 */
vpndiag_state_file_t *vpndiag_state_file_create(const char *path, vpndiag_store_t *store,
									  u_int compact_after);

#endif /** VPNDIAG_STATE_FILE_H_ @}*/
