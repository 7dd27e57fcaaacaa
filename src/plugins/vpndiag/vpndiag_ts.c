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

#include "vpndiag_ts.h"

#include <library.h>

/**
 * Address length of a raw selector's type, 0 for an unknown type
 */
static size_t addr_len(vpndiag_ts_t *raw)
{
	switch (raw->type)
	{
		case TS_IPV4_ADDR_RANGE:
			return 4;
		case TS_IPV6_ADDR_RANGE:
			return 16;
		default:
			return 0;
	}
}

/*
 * Described in header
 */
linked_list_t *vpndiag_ts_list_create(vpndiag_ts_list_t *copy, bool complete)
{
	linked_list_t *list;
	traffic_selector_t *ts;
	vpndiag_ts_t *raw;
	size_t len;
	int i;

	if (copy->count < 0 || (complete && copy->count > VPNDIAG_MAX_TS))
	{
		return NULL;
	}
	list = linked_list_create();
	for (i = 0; i < copy->count && i < VPNDIAG_MAX_TS; i++)
	{
		raw = &copy->ts[i];
		len = addr_len(raw);
		if (!len)
		{
			continue;
		}
		/* the ports are stored as traffic_selector_t keeps them; for ICMP
		 * the constructors shift a value below 256 into the type byte, which
		 * only differs for type 0 with a non-zero code (none is defined) */
		if (raw->dynamic)
		{
			ts = traffic_selector_create_dynamic(raw->protocol,
											raw->from_port, raw->to_port);
		}
		else
		{
			ts = traffic_selector_create_from_bytes(raw->protocol, raw->type,
											chunk_create(raw->from, len),
											raw->from_port,
											chunk_create(raw->to, len),
											raw->to_port);
		}
		if (ts)
		{
			list->insert_last(list, ts);
		}
	}
	return list;
}

/*
 * Described in header
 */
void vpndiag_child_ts_clear(vpndiag_child_ts_t *children, int count)
{
	int i;

	for (i = 0; i < count; i++)
	{
		DESTROY_OFFSET_IF(children[i].local_ts,
						  offsetof(traffic_selector_t, destroy));
		DESTROY_OFFSET_IF(children[i].remote_ts,
						  offsetof(traffic_selector_t, destroy));
		children[i].local_ts = children[i].remote_ts = NULL;
	}
}

/**
 * Whether a list can be compared: not NULL, not empty, nothing dynamic
 */
static bool usable(linked_list_t *list)
{
	enumerator_t *enumerator;
	traffic_selector_t *ts;
	bool ok = TRUE;

	if (!list || !list->get_count(list))
	{
		return FALSE;
	}
	enumerator = list->create_enumerator(list);
	while (ok && enumerator->enumerate(enumerator, &ts))
	{
		ok = !ts->is_dynamic(ts);
	}
	enumerator->destroy(enumerator);
	return ok;
}

/**
 * The selectors of a list widened to all protocols and ports, with the
 * same address ranges
 */
static linked_list_t *addresses(linked_list_t *list)
{
	enumerator_t *enumerator;
	linked_list_t *result;
	traffic_selector_t *ts, *addr;

	result = linked_list_create();
	enumerator = list->create_enumerator(list);
	while (enumerator->enumerate(enumerator, &ts))
	{
		addr = traffic_selector_create_from_bytes(0, ts->get_type(ts),
							ts->get_from_address(ts), 0,
							ts->get_to_address(ts), 65535);
		if (addr)
		{
			result->insert_last(result, addr);
		}
	}
	enumerator->destroy(enumerator);
	return result;
}

/**
 * Whether some selector of a and some of b have a common subset (charon's
 * test for each side of a child config, peer_cfg.c's get_ts_match())
 */
static bool overlap(linked_list_t *a, linked_list_t *b)
{
	enumerator_t *ea, *eb;
	traffic_selector_t *ts_a, *ts_b, *subset = NULL;

	ea = a->create_enumerator(a);
	while (!subset && ea->enumerate(ea, &ts_a))
	{
		eb = b->create_enumerator(b);
		while (!subset && eb->enumerate(eb, &ts_b))
		{
			subset = ts_b->get_subset(ts_b, ts_a);
		}
		eb->destroy(eb);
	}
	ea->destroy(ea);
	DESTROY_IF(subset);
	return subset != NULL;
}

/**
 * Whether every selector of a is contained in some selector of b
 */
static bool within(linked_list_t *a, linked_list_t *b)
{
	enumerator_t *ea, *eb;
	traffic_selector_t *ts_a, *ts_b;
	bool all = TRUE, found;

	ea = a->create_enumerator(a);
	while (all && ea->enumerate(ea, &ts_a))
	{
		found = FALSE;
		eb = b->create_enumerator(b);
		while (!found && eb->enumerate(eb, &ts_b))
		{
			found = ts_a->is_contained_in(ts_a, ts_b);
		}
		eb->destroy(eb);
		all = found;
	}
	ea->destroy(ea);
	return all;
}

/**
 * The relation of the header, for usable lists
 */
static const char *relation(linked_list_t *peer, linked_list_t *ours,
							linked_list_t *local, linked_list_t *remote)
{
	linked_list_t *peer_addr, *ours_addr, *local_addr, *remote_addr;
	const char *rel;

	peer_addr = addresses(peer);
	ours_addr = addresses(ours);
	local_addr = addresses(local);
	remote_addr = addresses(remote);

	if (!(overlap(peer_addr, remote_addr) && overlap(ours_addr, local_addr)) &&
		within(peer_addr, local_addr) && within(ours_addr, remote_addr))
	{
		rel = "reversed";
	}
	else if (!overlap(peer_addr, remote_addr) ||
			 !overlap(ours_addr, local_addr))
	{
		rel = "disjoint";
	}
	else if (!overlap(peer, remote) || !overlap(ours, local))
	{
		rel = "port-proto";
	}
	else if (within(peer, remote) && within(ours, local))
	{
		rel = "narrower";
	}
	else if (within(remote, peer) && within(local, ours))
	{
		rel = "wider";
	}
	else
	{
		rel = "netmask";
	}
	peer_addr->destroy_offset(peer_addr, offsetof(traffic_selector_t, destroy));
	ours_addr->destroy_offset(ours_addr, offsetof(traffic_selector_t, destroy));
	local_addr->destroy_offset(local_addr,
							   offsetof(traffic_selector_t, destroy));
	remote_addr->destroy_offset(remote_addr,
								offsetof(traffic_selector_t, destroy));
	return rel;
}

/*
 * Described in header
 */
const char *vpndiag_ts_relation(linked_list_t *peer_side,
								linked_list_t *our_side, linked_list_t *local,
								linked_list_t *remote)
{
	if (!usable(peer_side) || !usable(our_side) || !usable(local) ||
		!usable(remote))
	{
		return NULL;
	}
	return relation(peer_side, our_side, local, remote);
}
