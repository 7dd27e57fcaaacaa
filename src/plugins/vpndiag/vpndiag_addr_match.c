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

#include "vpndiag_addr_match.h"

#include <selectors/traffic_selector.h>

/**
 * Whether a "from-to" range (not a subnet) of the configured addresses
 * contains host; parsed as ike_cfg.c's make_range() does
 */
static bool in_range(const char *configured, host_t *host)
{
	enumerator_t *enumerator;
	traffic_selector_t *ts;
	host_t *from, *to;
	char *copy, *token;
	bool found = FALSE;

	if (!configured)
	{
		return FALSE;
	}
	copy = strdup(configured);
	enumerator = enumerator_create_token(copy, ",", " ");
	while (!found && enumerator->enumerate(enumerator, &token))
	{
		if (strchr(token, '/') || !host_create_from_range(token, &from, &to))
		{	/* subnets have a quality of their mask, /0 is %any */
			continue;
		}
		if (to->get_family(to) == host->get_family(host))
		{
			ts = traffic_selector_create_from_bytes(0,
						to->get_family(to) == AF_INET ? TS_IPV4_ADDR_RANGE :
						TS_IPV6_ADDR_RANGE, from->get_address(from), 0,
						to->get_address(to), 0);
			if (ts)
			{
				found = ts->includes(ts, host);
				ts->destroy(ts);
			}
		}
		from->destroy(from);
		to->destroy(to);
	}
	enumerator->destroy(enumerator);
	free(copy);
	return found;
}

/*
 * Described in header
 */
vpndiag_addr_match_t vpndiag_addr_match_kind(u_int quality,
											 const char *configured,
											 const char *addr)
{
	vpndiag_addr_match_t kind = VPNDIAG_ADDR_ANY;
	u_int full;
	host_t *host;

	if (!quality)
	{
		return VPNDIAG_ADDR_NONE;
	}
	host = host_create_from_string((char*)addr, 0);
	if (!host)
	{	/* charon matched it, so it is an address; be conservative */
		return VPNDIAG_ADDR_ANY;
	}
	full = host->get_family(host) == AF_INET ? 32 : 128;
	if (quality == 128 + 1 || quality == full + 1)
	{	/* a configured address, or a subnet of exactly this address */
		kind = VPNDIAG_ADDR_EXACT;
	}
	else if (quality > 1)
	{	/* a subnet of mask quality - 1 */
		kind = VPNDIAG_ADDR_RANGE;
	}
	else if (in_range(configured, host))
	{	/* quality 1: a range that is no subnet, else %any or /0 */
		kind = VPNDIAG_ADDR_RANGE;
	}
	host->destroy(host);
	return kind;
}
