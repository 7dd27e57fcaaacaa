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
 * @defgroup vpndiag_ike_ports vpndiag_ike_ports
 * @{ @ingroup vpndiag
 *
 * Whether another process holds a UDP port charon needs for IKE.
 *
 * strongSwan's socket-default plugin binds charon.port (500) and
 * charon.port_nat_t (4500) once, when it is loaded
 * (socket_default_socket.c open_socket(): "unable to bind socket: Address
 * already in use", then open_socketpair() "could not open IPv4 socket, IPv4
 * disabled"), and never retries; the peer only sees silence. Those lines
 * are usually logged before vpndiag is loaded, so vpndiag asks the kernel
 * instead, once charon has started: the UDP sockets on the port
 * (<proc>/net/udp, udp6) and the processes that own them
 * (<proc>/<pid>/fd). A port is reported when other processes hold it and
 * charon (self) holds no socket on it in that family. An IPv6 socket on
 * the wildcard address counts for IPv4 too (without IPV6_V6ONLY it takes
 * the IPv4 port as well). Reads files only: never called in a bus hook.
 * Tier: core (libc).
 */

#ifndef VPNDIAG_IKE_PORTS_H_
#define VPNDIAG_IKE_PORTS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/**
 * Check one IKE port of one address family.
 *
 * @param proc		procfs root ("/proc"; tests pass a fake tree)
 * @param self		charon's pid
 * @param port		UDP port
 * @param ipv6		TRUE for the IPv6 socket, FALSE for IPv4
 * @param holders	receives "pid N (comm)[, ...]" of the other processes
 * @param len		size of holders
 * @return			number of sockets other processes hold on the port
 *					while charon holds none in that family; 0 if the port
 *					is charon's, free, or procfs cannot be read
 */
int vpndiag_ike_port_conflict(const char *proc, pid_t self, uint16_t port,
							  bool ipv6, char *holders, size_t len);

#endif /** VPNDIAG_IKE_PORTS_H_ @}*/
