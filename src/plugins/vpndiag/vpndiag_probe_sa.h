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
 * @defgroup vpndiag_probe_sa vpndiag_probe_sa
 * @{ @ingroup vpndiag
 *
 * What vpndiag-probe reports of an established connection for the CLI's
 * data-plane check (vpndiag --probe CONN --ping ADDR, contract section 7):
 * the installed CHILD_SA's selectors and counters, the routing table charon
 * installs its routes into and whether kernel-libipsec carries ESP.
 *
 * child_sa { name uniqueid local_ts[] remote_ts[] bytes_in bytes_out
 *            packets_in packets_out }, routing_table, kernel_libipsec.
 *
 * Runs in the VICI socket's thread, never in a bus hook: reading the
 * counters asks the kernel interface (as list-sas does).
 */

#ifndef VPNDIAG_PROBE_SA_H_
#define VPNDIAG_PROBE_SA_H_

#include "vpndiag_vici_msg.h"

/**
 * Add the installed CHILD_SA of a connection (the first installed one if
 * child is empty) and the routing facts to a reply.
 *
 * @param b			reply being built
 * @param conn		connection (peer config) name
 * @param child		child config name, "" or NULL for any
 */
void vpndiag_probe_sa_add(vpndiag_vici_builder_t *b, const char *conn,
						  const char *child);

#endif /** VPNDIAG_PROBE_SA_H_ @}*/
