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
 * @defgroup vpndiag_syslog vpndiag_syslog
 * @{ @ingroup vpndiag
 *
 * Publishes records as syslog datagrams of vpndiag's own (never openlog(),
 * which would change charon's ident) to a unix datagram socket (default
 * /dev/log), without blocking; format in vpndiag_syslog_msg.h.
 *
 * Folded repeats are sent at most once per repeat_interval per record, as
 * "repeated N times". A missing socket is reported once in charon's log and
 * retried with the next record.
 */

#ifndef VPNDIAG_SYSLOG_H_
#define VPNDIAG_SYSLOG_H_

#include "vpndiag_publisher.h"
#include "vpndiag_stats.h"

/**
 * Create the syslog publisher (reads charon.plugins.vpndiag.syslog.*).
 *
 * @param stats		counts suppressed and dropped messages (not owned)
 */
vpndiag_publisher_t *vpndiag_syslog_create(vpndiag_stats_t *stats);

#endif /** VPNDIAG_SYSLOG_H_ @}*/
