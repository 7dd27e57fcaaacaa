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
 * @defgroup vpndiag_replace vpndiag_replace
 * @{ @ingroup vpndiag_classifier
 *
 * Facts that span IKE_SAs: which IKE_SA replaced which.
 *
 * charon's bus names no link between an IKE_SA that goes down and the one
 * that replaces it in three cases, so the classifier correlates them here
 * by identity (peer config, local and remote ID):
 *
 *  - Reauthentication, break-before-make (5.9.x default,
 *    charon.make_before_break = no): the initiator deletes the IKE_SA
 *    (ikev2/tasks/ike_reauth.c:process_i() reuses ike_delete, then calls
 *    ike_sa_t.reestablish()); the responder sees a plain DELETE and the new
 *    IKE_SA only afterwards. A down that may be a reauthentication is
 *    parked until an IKE_SA of the same identity comes up (phase1 sa
 *    replace) or the wait (charon.plugins.vpndiag.replace_wait) expires
 *    (the parked cause is recorded then). A failure diagnosed for the same
 *    peer meanwhile drops the parked down: the failure is the record.
 *  - Reauthentication, make-before-break: the new IKE_SA comes up first,
 *    then the old one is deleted; recent ups are remembered for the wait.
 *  - INITIAL_CONTACT with unique = no: ike_sa_manager.c:check_uniqueness()
 *    logs "destroying duplicate IKE_SA for peer 'X', received
 *    INITIAL_CONTACT" in the old IKE_SA's context (it checked it out) and
 *    raises ike_updown(FALSE) for it; the new IKE_SA comes up right after.
 *    The old one's down is parked until then to name both.
 *
 * It also keeps the CHILD_SAs vici is closing (vici_config.c logs "closing
 * 'name' #N" without an IKE_SA context before the DELETE), and counts
 * replacements of one identity from another address
 * (INITIAL_CONTACT or uniqueness policy replace): reaching
 * charon.plugins.vpndiag.shared_identity.threshold within
 * charon.plugins.vpndiag.shared_identity.window hints at two clients
 * sharing one identity.
 *
 * Tier: core. Bounded tables; runs on the worker thread only.
 */

#ifndef VPNDIAG_REPLACE_H_
#define VPNDIAG_REPLACE_H_

#include "vpndiag_event.h"

#include <library.h>

typedef struct vpndiag_replace_t vpndiag_replace_t;

/** default of charon.plugins.vpndiag.replace_wait (s) */
#define VPNDIAG_REPLACE_WAIT 10
/** default of charon.plugins.vpndiag.shared_identity.threshold */
#define VPNDIAG_SHARED_ID_THRESHOLD 3
/** default of charon.plugins.vpndiag.shared_identity.window (s) */
#define VPNDIAG_SHARED_ID_WINDOW 600

/**
 * Cross-IKE_SA correlation.
 */
struct vpndiag_replace_t {

	/**
	 * Park a down event until a replacement comes up or the wait ends.
	 *
	 * @param sa		context of the IKE_SA that went down
	 * @param time		time of the down (ms)
	 * @param data		what to record on expiry (copied)
	 * @param len		length of data
	 * @return			FALSE if the table is full (record it now)
	 */
	bool (*park)(vpndiag_replace_t *this, vpndiag_sa_t *sa, uint64_t time,
				 void *data, size_t len);

	/**
	 * Take the oldest parked down of the same identity as sa (another
	 * IKE_SA) when sa comes up.
	 *
	 * @param sa		the IKE_SA that came up
	 * @param old		receives the parked IKE_SA's context (without the raw
	 *					facts, vpndiag_event.h)
	 * @param data		receives the parked data (len bytes)
	 * @return			TRUE if one was parked
	 */
	bool (*take)(vpndiag_replace_t *this, vpndiag_sa_t *sa, vpndiag_sa_t *old,
				 void *data, size_t len);

	/**
	 * Drop the parked downs of a peer a failure was diagnosed for (same
	 * peer address, same connection unless conn is empty).
	 *
	 * @param remote	peer address, addr or addr[port]
	 * @param conn		connection of the failure, NULL or "" if none
	 */
	void (*drop_failed)(vpndiag_replace_t *this, const char *remote,
						const char *conn);

	/**
	 * Pop one parked down whose wait has ended.
	 *
	 * @param now		current time (ms), UINT64_MAX to pop everything
	 * @param old		receives the parked IKE_SA's context (without the raw
	 *					facts, vpndiag_event.h)
	 * @param time		receives the time of the down
	 * @param data		receives the parked data (len bytes)
	 * @return			TRUE if one was popped
	 */
	bool (*expire)(vpndiag_replace_t *this, uint64_t now, vpndiag_sa_t *old,
				   uint64_t *time, void *data, size_t len);

	/**
	 * Remember that an IKE_SA came up (for make-before-break).
	 */
	void (*up)(vpndiag_replace_t *this, vpndiag_sa_t *sa, uint64_t time);

	/**
	 * Unique id of a newer IKE_SA of the same identity that came up within
	 * the wait before now, 0 if none.
	 */
	uint32_t (*recent_up)(vpndiag_replace_t *this, vpndiag_sa_t *sa,
						  uint64_t now);

	/**
	 * Remember a CHILD_SA vici closes because its config was unloaded or
	 * replaced (the log line has no IKE_SA context).
	 */
	void (*closing)(vpndiag_replace_t *this, uint32_t child_id,
					uint64_t time);

	/**
	 * Whether vici closes a CHILD_SA (forgets it).
	 */
	bool (*take_closing)(vpndiag_replace_t *this, uint32_t child_id,
						 uint64_t now);

	/**
	 * Count a replacement of an identity; a replacement from the same
	 * address (reauthentication, a restart behind the same address) does
	 * not count.
	 *
	 * @param old		the replaced IKE_SA
	 * @param new_remote address of the new IKE_SA's peer
	 * @param now		time (ms)
	 * @return			the count within the window when it reaches the
	 *					threshold (the count restarts), else 0
	 */
	u_int (*count)(vpndiag_replace_t *this, vpndiag_sa_t *old,
				   const char *new_remote, uint64_t now);

	/**
	 * The number of parked downs (0: drop_failed() finds nothing).
	 */
	u_int (*get_parked)(vpndiag_replace_t *this);

	/**
	 * The shared-identity window (s), for details.
	 */
	u_int (*get_window)(vpndiag_replace_t *this);

	/**
	 * Destroy.
	 */
	void (*destroy)(vpndiag_replace_t *this);
};

/**
 * Create the correlation tables, with the settings under
 * %s.plugins.vpndiag.
 */
vpndiag_replace_t *vpndiag_replace_create();

/**
 * Whether two IKE_SA contexts have the same identity (connection, local
 * and remote ID, all known).
 */
bool vpndiag_same_identity(vpndiag_sa_t *a, vpndiag_sa_t *b);

/**
 * Whether two addr[port] strings name the same address (ports ignored).
 */
bool vpndiag_same_address(const char *a, const char *b);

#endif /** VPNDIAG_REPLACE_H_ @}*/
