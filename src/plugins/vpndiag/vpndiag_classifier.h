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
 * @defgroup vpndiag_classifier vpndiag_classifier
 * @{ @ingroup vpndiag
 *
 * Turns the stream of bus events into diagnoses: one primary code per
 * failure condition (contract section 1).
 *
 * Tier: core, over vpndiag_event_t. It keeps per-IKE_SA state (last error
 * notifies received, buffered certificate alerts, log facts, retransmits,
 * the pending cause of a coming down event), bounded and expiring. It runs
 * on the worker thread only, so it needs no locking. Questions about the
 * configuration go through vpndiag_config_query_t.
 */

#ifndef VPNDIAG_CLASSIFIER_H_
#define VPNDIAG_CLASSIFIER_H_

#include "vpndiag_event.h"
#include "vpndiag_record.h"
#include "vpndiag_ts.h"
#include "vpndiag_addr_match.h"

#include <collections/linked_list.h>

typedef struct vpndiag_classifier_t vpndiag_classifier_t;
typedef struct vpndiag_config_query_t vpndiag_config_query_t;
typedef struct vpndiag_conn_candidate_t vpndiag_conn_candidate_t;

/**
 * A connection whose IKE config matches a pair of addresses.
 */
struct vpndiag_conn_candidate_t {
	/** peer config name */
	char name[VPNDIAG_NAME_LEN];
	/** how the local address matched its local side (ANY if not given) */
	vpndiag_addr_match_t me;
	/** how the remote address matched its remote side (RANGE or EXACT) */
	vpndiag_addr_match_t other;
};

typedef struct vpndiag_psk_candidate_t vpndiag_psk_candidate_t;

/**
 * A connection an IKEv1 Main Mode responder tries for its PSK.
 */
struct vpndiag_psk_candidate_t {
	/** peer config name */
	char name[VPNDIAG_NAME_LEN];
	/** the key its configured identities select: 0 none, else a number
	 *  shared by the candidates with the same key (1, 2, ...) */
	int key;
};

/** most candidates a lookup reports by name */
#define VPNDIAG_MAX_CANDIDATES 8

/** how long per-SA state of an idle IKE_SA is kept (ms) */
#define VPNDIAG_SA_STATE_TTL (3600 * 1000)
/** maximum number of IKE_SAs with state */
#define VPNDIAG_SA_STATE_MAX 8192

/**
 * Configuration lookups, answered from charon's backends on the worker.
 */
struct vpndiag_config_query_t {

	/**
	 * Find a loaded IKE config that matches the given addresses and
	 * version.
	 *
	 * @param me		local address without port, NULL for any
	 * @param other		remote address without port, NULL for any
	 * @param version	IKE version 1 or 2, 0 for any
	 * @param name		receives the peer config name
	 * @param len		size of name
	 * @return			TRUE if one was found
	 */
	bool (*find_ike_cfg)(vpndiag_config_query_t *this, const char *me,
						 const char *other, int version, char *name,
						 size_t len);

	/**
	 * The connections whose IKE config matches a local and a remote
	 * address, as charon's ike_cfg_t.match_me/match_other match them
	 * (addresses, DNS names, ranges, subnets, %any), except that a remote
	 * side matching only by %any (or 0.0.0.0/0, ::/0) does not count.
	 *
	 * @param me		local address without port, NULL to not compare
	 * @param other		remote address without port
	 * @param version	IKE version 1 or 2 (configs for either count), 0 any
	 * @param out		array receiving the first max candidates
	 * @param max		size of out
	 * @return			number of matching connections (may exceed max)
	 */
	int (*find_conns)(vpndiag_config_query_t *this, const char *me,
					  const char *other, int version,
					  vpndiag_conn_candidate_t *out, int max);

	/**
	 * The ESP/AH proposals a connection's child config accepts.
	 *
	 * @param conn		peer config name
	 * @param child		child config name, NULL for all children's
	 * @param strip_ke	remove key exchange methods (IKE_AUTH)
	 * @return			proposals (free() them), NULL if not found
	 */
	vpndiag_proposals_t *(*child_proposals)(vpndiag_config_query_t *this,
									const char *conn, const char *child,
									bool strip_ke);

	/**
	 * The IKE proposals a connection offers (optional, may be NULL).
	 *
	 * @param conn		peer config name
	 * @return			proposals (free() them), NULL if not found
	 */
	vpndiag_proposals_t *(*ike_proposals)(vpndiag_config_query_t *this,
										  const char *conn);

	/**
	 * The configured traffic selectors of a connection's children, as
	 * traffic_selector_t clones and printed (vpndiag_ts.h).
	 *
	 * @param conn		peer config name
	 * @param out		array receiving one entry per child config; the
	 *					caller frees the lists (vpndiag_child_ts_clear())
	 * @param max		size of out
	 * @return			number of entries filled
	 */
	int (*child_ts)(vpndiag_config_query_t *this, const char *conn,
					vpndiag_child_ts_t *out, int max);

	/**
	 * MTU of the local interface holding an address (optional).
	 *
	 * @param local		local address, with or without [port]
	 * @return			MTU in bytes, 0 if unknown
	 */
	int (*link_mtu)(vpndiag_config_query_t *this, const char *local);

	/**
	 * Whether a local address routes to a remote address (optional).
	 *
	 * @param remote	remote address, with or without [port]
	 * @return			FALSE only if the kernel knows no route
	 */
	bool (*has_route)(vpndiag_config_query_t *this, const char *remote);

	/**
	 * The connections an IKEv1 Main Mode responder tries for the PSK, in
	 * charon's order, and which key each one's configured identities
	 * select (optional). Before the peer's ID is decrypted charon looks the
	 * PSK up by addresses only: the first of these that has a key wins
	 * (ikev1/phase1.c lookup_shared_key() without a peer config).
	 *
	 * @param me		local address, with or without [port]
	 * @param other		remote address, with or without [port]
	 * @param out		array receiving the first max candidates
	 * @param max		size of out
	 * @return			number of candidates (at most max)
	 */
	int (*v1_psk_candidates)(vpndiag_config_query_t *this, const char *me,
							 const char *other, vpndiag_psk_candidate_t *out,
							 int max);
};

/**
 * The classifier.
 */
struct vpndiag_classifier_t {

	/**
	 * Process one event.
	 *
	 * @param event		event to process (not consumed)
	 * @param out		diagnoses produced are appended (vpndiag_record_t*)
	 */
	void (*process)(vpndiag_classifier_t *this, vpndiag_event_t *event,
					linked_list_t *out);

	/**
	 * Record what waited for a time to pass: IKE_SA downs parked for a
	 * replacement (vpndiag_replace.h) whose wait ended. Called by the
	 * worker at least once a second.
	 *
	 * @param now		current time (ms), UINT64_MAX to record everything
	 *					(shutdown)
	 * @param out		diagnoses produced are appended (vpndiag_record_t*)
	 */
	void (*flush)(vpndiag_classifier_t *this, uint64_t now,
				  linked_list_t *out);

	/**
	 * Number of IKE_SAs with state (for tests and memory accounting).
	 */
	u_int (*get_sa_count)(vpndiag_classifier_t *this);

	/**
	 * Take a failure as diagnosed without classifying it (the worker's
	 * cheap path for a repeat of an aggregated failure under a flood,
	 * vpndiag_flood.h): possible only if the event's IKE_SA has no state
	 * here (so the rule would read none, and creates it with nothing but
	 * the context and "diagnosed") and no parked down is waiting (the
	 * record's drop_failed() would find none). The IKE_SA is then kept in
	 * a small table instead of a state: quick() handles its later events
	 * that provably change nothing; any other event creates its state as
	 * the rule would have left it (diagnosed), then is classified.
	 *
	 * @param event		the unformatted event (its IKE_SA's unique id and
	 *					SPIs are read)
	 * @param commit	FALSE only to check whether it can be taken
	 * @return			TRUE if it can be (and, with commit, was) taken
	 */
	bool (*take_diagnosed)(vpndiag_classifier_t *this,
						   vpndiag_event_t *event, bool commit);

	/**
	 * Handle an event of an IKE_SA taken by take_diagnosed() without
	 * formatting or classifying it, where the rules provably ignore it:
	 * an outgoing message without EAP, DELETE or an answer to a missing
	 * IKE config (on_message_out() then only creates the state), a down
	 * (no down cause is pending), and the change to DESTROYING (on_ike_state(): a diagnosed IKE_SA's state is
	 * dropped, its SPI remembered for stray messages).
	 *
	 * @param event		the unformatted event
	 * @return			TRUE if handled: nothing else to do for it
	 */
	bool (*quick)(vpndiag_classifier_t *this, vpndiag_event_t *event);

	/**
	 * Destroy the classifier.
	 */
	void (*destroy)(vpndiag_classifier_t *this);
};

/**
 * Create a classifier.
 *
 * @param query		configuration lookups, may be NULL
 */
vpndiag_classifier_t *vpndiag_classifier_create(vpndiag_config_query_t *query);

#endif /** VPNDIAG_CLASSIFIER_H_ @}*/
