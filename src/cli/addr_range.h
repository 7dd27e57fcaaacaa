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
 * @defgroup addr_range addr_range
 * @{ @ingroup vpndiag_cli
 *
 * Address ranges of one family: traffic selectors as charon prints them
 * (10.1.0.0/16, 10.1.0.5..10.1.0.9, optionally [proto/port]) and the
 * prefixes, ranges and addresses of nftables rules, with the relations the
 * data-plane check asks (contains, overlaps).
 */

#ifndef ADDR_RANGE_H_
#define ADDR_RANGE_H_

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

typedef struct addr_range_t addr_range_t;

/**
 * An inclusive range of addresses of one family.
 */
struct addr_range_t {
	/** AF_INET or AF_INET6 */
	int family;
	/** first and last address, network order (4 or 16 bytes used) */
	uint8_t from[16];
	uint8_t to[16];
};

/**
 * Parse "ADDR", "ADDR/LEN", "FROM..TO" or "FROM-TO", ignoring a trailing
 * "[proto/port]".
 *
 * @return			FALSE if not an address range
 */
bool addr_range_parse(const char *str, addr_range_t *range);

/**
 * A range holding a single address (4 or 16 bytes).
 */
void addr_range_from_addr(int family, const void *addr, addr_range_t *range);

/**
 * Whether inner lies completely in outer (same family).
 */
bool addr_range_contains(const addr_range_t *outer, const addr_range_t *inner);

/**
 * Whether the two ranges share an address (same family).
 */
bool addr_range_overlaps(const addr_range_t *a, const addr_range_t *b);

/**
 * Whether the range is a single address.
 */
bool addr_range_is_host(const addr_range_t *range);

/**
 * Bytes of an address of the family (4 or 16).
 */
size_t addr_range_len(int family);

#endif /** ADDR_RANGE_H_ @}*/
