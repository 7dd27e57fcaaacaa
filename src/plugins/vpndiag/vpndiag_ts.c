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

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

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

/** selectors per list considered */
#define MAX_TS 16

/**
 * One parsed selector: a prefix plus protocol/port text
 */
typedef struct {
	int family;
	uint8_t addr[16];
	int prefix;
	/** "[...]" suffix (protocol/ports), "" for any */
	char proto[32];
} ts_t;

/**
 * Parse "addr/prefix[proto/port]" or "addr[...]"
 */
static bool parse_one(const char *s, ts_t *ts)
{
	char buf[128], *slash, *bracket;
	int max;

	snprintf(buf, sizeof(buf), "%s", s);
	ts->proto[0] = '\0';
	bracket = strchr(buf, '[');
	if (bracket)
	{
		snprintf(ts->proto, sizeof(ts->proto), "%s", bracket);
		*bracket = '\0';
	}
	slash = strchr(buf, '/');
	if (slash)
	{
		*slash = '\0';
	}
	memset(ts->addr, 0, sizeof(ts->addr));
	if (inet_pton(AF_INET, buf, ts->addr) == 1)
	{
		ts->family = AF_INET;
		max = 32;
	}
	else if (inet_pton(AF_INET6, buf, ts->addr) == 1)
	{
		ts->family = AF_INET6;
		max = 128;
	}
	else
	{
		return false;
	}
	ts->prefix = slash ? atoi(slash + 1) : max;
	return ts->prefix >= 0 && ts->prefix <= max;
}

/**
 * Parse a space separated list; FALSE if any entry is not a prefix
 */
static bool parse_list(const char *s, ts_t *list, int *count)
{
	char buf[1024], *tok, *save = NULL;

	*count = 0;
	if (!s)
	{
		return false;
	}
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, " ", &save); tok && *count < MAX_TS;
		 tok = strtok_r(NULL, " ", &save))
	{
		if (!parse_one(tok, &list[*count]))
		{
			return false;
		}
		(*count)++;
	}
	return *count > 0;
}

/**
 * Whether the first n bits of two addresses are equal
 */
static bool same_bits(const uint8_t *a, const uint8_t *b, int n)
{
	int bytes = n / 8, bits = n % 8;

	if (memcmp(a, b, bytes))
	{
		return false;
	}
	return !bits || ((a[bytes] ^ b[bytes]) & (0xff << (8 - bits))) == 0;
}

/** a inside b (subnets only) */
static bool net_in(ts_t *a, ts_t *b)
{
	return a->family == b->family && a->prefix >= b->prefix &&
		   same_bits(a->addr, b->addr, b->prefix);
}

static bool net_overlap(ts_t *a, ts_t *b)
{
	return net_in(a, b) || net_in(b, a);
}

/** protocol/ports of b admit those of a ("" = any) */
static bool proto_in(ts_t *a, ts_t *b)
{
	return !b->proto[0] || strcmp(a->proto, b->proto) == 0;
}

/** every entry of a lies in some entry of b (subnet and protocol) */
static bool list_in(ts_t *a, int na, ts_t *b, int nb, bool proto)
{
	int i, j;

	for (i = 0; i < na; i++)
	{
		for (j = 0; j < nb; j++)
		{
			if (net_in(&a[i], &b[j]) && (!proto || proto_in(&a[i], &b[j])))
			{
				break;
			}
		}
		if (j == nb)
		{
			return false;
		}
	}
	return true;
}

static bool list_overlap(ts_t *a, int na, ts_t *b, int nb)
{
	int i, j;

	for (i = 0; i < na; i++)
	{
		for (j = 0; j < nb; j++)
		{
			if (net_overlap(&a[i], &b[j]))
			{
				return true;
			}
		}
	}
	return false;
}

/** same network addresses, some prefix length differs */
static bool list_netmask(ts_t *a, int na, ts_t *b, int nb)
{
	int i, j, k;

	for (i = 0; i < na; i++)
	{
		for (j = 0; j < nb; j++)
		{
			if (a[i].family == b[j].family && a[i].prefix != b[j].prefix)
			{
				k = a[i].prefix < b[j].prefix ? a[i].prefix : b[j].prefix;
				if (same_bits(a[i].addr, b[j].addr, k) &&
					!memcmp(a[i].addr, b[j].addr, sizeof(a[i].addr)))
				{
					return true;
				}
			}
		}
	}
	return false;
}

/*
 * Described in header
 */
const char *vpndiag_ts_relation(const char *peer_side, const char *our_side,
								const char *local, const char *remote)
{
	ts_t p[MAX_TS], o[MAX_TS], l[MAX_TS], r[MAX_TS];
	int np, no, nl, nr;

	if (!parse_list(peer_side, p, &np) || !parse_list(our_side, o, &no) ||
		!parse_list(local, l, &nl) || !parse_list(remote, r, &nr))
	{
		return NULL;
	}
	/* the normal fit is peer side in remote_ts, our side in local_ts */
	if (!(list_overlap(p, np, r, nr) && list_overlap(o, no, l, nl)) &&
		list_in(p, np, l, nl, false) && list_in(o, no, r, nr, false))
	{
		return "reversed";
	}
	if (!list_overlap(p, np, r, nr) || !list_overlap(o, no, l, nl))
	{
		return "disjoint";
	}
	if (list_in(p, np, r, nr, false) && list_in(o, no, l, nl, false) &&
		!(list_in(p, np, r, nr, true) && list_in(o, no, l, nl, true)))
	{
		return "port-proto";
	}
	if (list_netmask(p, np, r, nr) || list_netmask(o, no, l, nl))
	{
		return list_in(p, np, r, nr, true) && list_in(o, no, l, nl, true) ?
			   "narrower" : list_in(r, nr, p, np, true) &&
			   list_in(l, nl, o, no, true) ? "wider" : "netmask";
	}
	if (list_in(p, np, r, nr, true) && list_in(o, no, l, nl, true))
	{
		return "narrower";
	}
	if (list_in(r, nr, p, np, true) && list_in(l, nl, o, no, true))
	{
		return "wider";
	}
	return "netmask";
}
