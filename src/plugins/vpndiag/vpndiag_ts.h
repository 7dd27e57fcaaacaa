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
 * @defgroup vpndiag_ts vpndiag_ts
 * @{ @ingroup vpndiag
 *
 * How received traffic selectors relate to configured ones, computed on
 * libstrongswan's traffic_selector_t with the tests charon itself applies
 * (get_subset(), is_contained_in()), never on printed text.
 *
 * The received selectors come from the raw copy the listener made under the
 * bus lock (vpndiag_ts_list_t, rebuilt here), the configured ones from the
 * configuration query (vpndiag_child_ts_t). Used on the worker only.
 * Tier: core.
 */

#ifndef VPNDIAG_TS_H_
#define VPNDIAG_TS_H_

#include "vpndiag_event.h"

#include <collections/linked_list.h>
#include <selectors/traffic_selector.h>

typedef struct vpndiag_child_ts_t vpndiag_child_ts_t;

/**
 * The traffic selectors of a child config, as configured (dynamic ones not
 * resolved, nothing narrowed), and as charon prints them ("%#R").
 */
struct vpndiag_child_ts_t {
	/** child config name */
	char name[VPNDIAG_NAME_LEN];
	/** local_ts and remote_ts, lists of traffic_selector_t clones owned by
	 *  the receiver (vpndiag_child_ts_clear()) */
	linked_list_t *local_ts;
	linked_list_t *remote_ts;
	/** the same lists printed */
	char local[VPNDIAG_TEXT_LEN];
	char remote[VPNDIAG_TEXT_LEN];
};

/**
 * Rebuild a raw copy of a list (vpndiag_copy_ts()) as traffic_selector_t,
 * with traffic_selector_create_from_bytes() (create_dynamic() for a
 * dynamic one). Selectors of an unknown type are left out.
 *
 * @param copy		raw copy
 * @param complete	TRUE to get NULL for a copy cut at VPNDIAG_MAX_TS (a
 *					comparison needs the whole list), FALSE for its first
 *					VPNDIAG_MAX_TS selectors (printing)
 * @return			list of traffic_selector_t (destroy_offset() it),
 *					NULL if the hook had no list or, if complete, cut it
 */
linked_list_t *vpndiag_ts_list_create(vpndiag_ts_list_t *copy, bool complete);

/**
 * Destroy the selector lists of configured children (their names and texts
 * stay).
 *
 * @param children	entries filled by vpndiag_config_query_t.child_ts()
 * @param count		number of entries
 */
void vpndiag_child_ts_clear(vpndiag_child_ts_t *children, int count);

/**
 * Relation of a received TS pair (the peer's side, our side) to a
 * configured pair (our local_ts, our remote_ts): a value of the contract's
 * ts_relation. "Normally" the peer's side is compared with remote_ts and
 * our side with local_ts, as charon's peer_cfg_t.select_child_cfg() does.
 *
 * Terms, for a received list X and a configured list C:
 *  - X overlaps C: some x of X and some c of C have a common subset
 *    (c->get_subset(c, x) != NULL: what charon requires of each side to
 *    pick a child config, and how it narrows);
 *  - X lies within C: every x of X is_contained_in() some c of C;
 *  - "addresses": the same with every selector widened to all protocols
 *    and ports (same address range).
 *
 * The first that holds is the relation:
 *  1. "reversed":   the addresses do not overlap normally on both sides,
 *                   but swapped they fit: the peer's side lies within our
 *                   local_ts and our side within our remote_ts (addresses).
 *                   One end has local and remote swapped.
 *  2. "disjoint":   on some side the addresses do not overlap at all.
 *  3. "port-proto": the addresses overlap on both sides (charon would
 *                   accept and narrow them), but on some side no received
 *                   selector overlaps a configured one once protocol and
 *                   ports count: the protocols differ (tcp vs udp) or the
 *                   port ranges do not meet (tcp/443 vs tcp/80).
 *                   A received any-protocol selector against tcp/443 is
 *                   not port-proto: charon narrows it (see "wider").
 *  4. "narrower":   every received selector lies within a configured one
 *                   on both sides, protocol and ports included (equal
 *                   lists are narrower too: there is no "equal").
 *  5. "wider":      every configured selector lies within a received one
 *                   on both sides.
 *  6. "netmask":    they overlap on both sides, protocol and ports
 *                   included, but neither lies within the other on both
 *                   sides: prefix lengths or range bounds differ, in
 *                   opposite directions on the two sides (e.g. the same
 *                   network address with a longer prefix on one side and a
 *                   shorter one on the other) or by a partial overlap
 *                   (10.1.0.0/16 against 10.1.128.0-10.2.0.255).
 * 1, 2 and 3 are what makes charon refuse a child config; 4 to 6 describe
 * a config charon would have taken as far as the selectors go (another
 * condition failed, such as the mode).
 *
 * Address ranges that are no subnet (10.1.0.10-10.1.0.20) and protocol /
 * port selectors compare like any other selector.
 *
 * @param peer_side		received TS of the peer's side (TSi on a responder)
 * @param our_side		received TS of our side (TSr on a responder)
 * @param local			our configured local_ts
 * @param remote		our configured remote_ts
 * @return				relation name, NULL if unknown: a list NULL or
 *						empty, or a configured selector still dynamic
 *						(configured as "dynamic", resolved only per IKE_SA)
 */
const char *vpndiag_ts_relation(linked_list_t *peer_side,
								linked_list_t *our_side, linked_list_t *local,
								linked_list_t *remote);

#endif /** VPNDIAG_TS_H_ @}*/
