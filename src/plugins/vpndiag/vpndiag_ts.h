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
 * How received traffic selectors relate to configured ones. Plain C over
 * the text charon prints for TS lists ("10.1.0.0/16 10.3.0.0/24[tcp/80]").
 */

#ifndef VPNDIAG_TS_H_
#define VPNDIAG_TS_H_

#include "vpndiag_event.h"

#include <stdbool.h>

#include <collections/linked_list.h>
#include <selectors/traffic_selector.h>

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
 * Relation of a received TS pair (the peer's side, our side) to a
 * configured pair (our local_ts, our remote_ts), in the order of the
 * contract's ts_relation values. NULL if the lists cannot be parsed.
 *
 *  - "reversed":   the peer's side lies in our local_ts and our side in our
 *                  remote_ts: one end has local and remote swapped
 *  - "disjoint":   no overlap with our selectors at all
 *  - "port-proto": the subnets overlap, but protocol or ports do not
 *  - "netmask":    same network, different prefix lengths
 *  - "narrower":   the received selectors lie inside ours
 *  - "wider":      the received selectors contain ours
 *
 * @param peer_side		received TS of the peer's side (TSi on a responder)
 * @param our_side		received TS of our side (TSr on a responder)
 * @param local			our configured local_ts
 * @param remote		our configured remote_ts
 * @return				relation name, NULL if unknown
 */
const char *vpndiag_ts_relation(const char *peer_side, const char *our_side,
								const char *local, const char *remote);

#endif /** VPNDIAG_TS_H_ @}*/
