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
 * @defgroup route_lookup route_lookup
 * @{ @ingroup vpndiag_cli
 *
 * The kernel's own routing decision for one packet, asked over rtnetlink
 * (RTM_GETROUTE with RTM_F_LOOKUP_TABLE, as `ip route get` does), and
 * which interfaces are TUN devices (kernel-libipsec's). No command output
 * is parsed.
 */

#ifndef ROUTE_LOOKUP_H_
#define ROUTE_LOOKUP_H_

#include <stdbool.h>
#include <net/if.h>

typedef struct route_lookup_t route_lookup_t;

/**
 * The route the kernel chose.
 */
struct route_lookup_t {
	/** RTN_UNICAST, RTN_LOCAL, RTN_UNREACHABLE, ... */
	int type;
	/** routing table it was found in */
	unsigned table;
	/** output interface, "" if none */
	char oif[IF_NAMESIZE];
};

/**
 * Ask the kernel how a packet to dst (from src, NULL for any) is routed.
 *
 * @param family	AF_INET or AF_INET6
 * @param dst		destination address (4/16 bytes)
 * @param src		source address or NULL
 * @param route		the result
 * @return			0, or the errno of the kernel's answer (ENETUNREACH, ...)
 */
int route_lookup(int family, const void *dst, const void *src,
				 route_lookup_t *route);

/**
 * Whether an interface is a TUN device (kernel-libipsec's ipsec0).
 */
bool route_is_tun(const char *ifname);

/**
 * The first TUN device of the box, "" if none.
 */
void route_first_tun(char name[IF_NAMESIZE]);

#endif /** ROUTE_LOOKUP_H_ @}*/
