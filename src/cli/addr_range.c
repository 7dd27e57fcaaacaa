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

#include "addr_range.h"

#include <arpa/inet.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

size_t addr_range_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

/**
 * Parse one address of either family
 */
static bool parse_addr(const char *str, int *family, uint8_t *out)
{
	if (inet_pton(AF_INET, str, out) == 1)
	{
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, str, out) == 1)
	{
		*family = AF_INET6;
		return true;
	}
	return false;
}

bool addr_range_parse(const char *str, addr_range_t *range)
{
	char buf[128], *sep, *end;
	int family2, len, i;
	unsigned long bits;

	snprintf(buf, sizeof(buf), "%s", str);
	sep = strchr(buf, '[');
	if (sep)
	{
		*sep = '\0';
	}
	memset(range, 0, sizeof(*range));
	if ((sep = strstr(buf, "..")) || (sep = strchr(buf, '-')))
	{
		*sep = '\0';
		sep += sep[1] == '.' ? 2 : 1;
		return parse_addr(buf, &range->family, range->from) &&
			   parse_addr(sep, &family2, range->to) &&
			   family2 == range->family &&
			   memcmp(range->from, range->to,
					  addr_range_len(range->family)) <= 0;
	}
	sep = strchr(buf, '/');
	if (sep)
	{
		*sep++ = '\0';
	}
	if (!parse_addr(buf, &range->family, range->from))
	{
		return false;
	}
	len = addr_range_len(range->family);
	bits = len * 8;
	if (sep)
	{
		bits = strtoul(sep, &end, 10);
		if (!*sep || *end || bits > (unsigned long)len * 8)
		{
			return false;
		}
	}
	for (i = 0; i < len; i++)
	{
		int keep = bits >= (unsigned long)(i + 1) * 8 ? 8 :
				   bits <= (unsigned long)i * 8 ? 0 : bits - i * 8;
		uint8_t mask = keep ? (uint8_t)(0xff << (8 - keep)) : 0;

		range->from[i] &= mask;
		range->to[i] = range->from[i] | (uint8_t)~mask;
	}
	return true;
}

void addr_range_from_addr(int family, const void *addr, addr_range_t *range)
{
	memset(range, 0, sizeof(*range));
	range->family = family;
	memcpy(range->from, addr, addr_range_len(family));
	memcpy(range->to, addr, addr_range_len(family));
}

bool addr_range_contains(const addr_range_t *outer, const addr_range_t *inner)
{
	size_t len = addr_range_len(outer->family);

	return outer->family == inner->family &&
		   memcmp(outer->from, inner->from, len) <= 0 &&
		   memcmp(inner->to, outer->to, len) <= 0;
}

bool addr_range_overlaps(const addr_range_t *a, const addr_range_t *b)
{
	size_t len = addr_range_len(a->family);

	return a->family == b->family &&
		   memcmp(a->from, b->to, len) <= 0 &&
		   memcmp(b->from, a->to, len) <= 0;
}

bool addr_range_is_host(const addr_range_t *range)
{
	return !memcmp(range->from, range->to, addr_range_len(range->family));
}
