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
 * @defgroup icmp_echo icmp_echo
 * @{ @ingroup vpndiag_cli
 *
 * ICMP/ICMPv6 echo requests from a given source over a raw socket (root),
 * counting the replies: the data-plane probe's traffic.
 */

#ifndef ICMP_ECHO_H_
#define ICMP_ECHO_H_

/**
 * Send count echo requests, one per interval, and count the replies that
 * came back within wait_ms of the last one.
 *
 * @param family	AF_INET or AF_INET6
 * @param src		source address (bound; must be one of the box)
 * @param dst		destination
 * @param count		requests to send
 * @param err		receives an allocated error text on failure
 * @return			replies received, -1 on failure
 */
int icmp_echo(int family, const void *src, const void *dst, int count,
			  char **err);

#endif /** ICMP_ECHO_H_ @}*/
