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
 * @defgroup vpndiag_log vpndiag_log
 * @{ @ingroup vpndiag
 *
 * Publishes records to charon's own log (filelog, syslog, journald,
 * swanctl --log), one line per new record on level 1 of the CFG group:
 *
 *   vpndiag: <code> [<code_id>, <severity>, #<record>] conn <conn|->
 *            peer <remote|-> cause <cause|->: <detail>
 *
 * (one line; wrapped here). A second line "vpndiag: #<record> remedy: ..."
 * on level 1 carries the remedy;
 * folded repeats are logged on level 2. Peer-controlled strings are
 * escaped, so one record is always one line. New records without a
 * connection (floods of unknown peers) are logged up to
 * log.unattributed_rate per second (default 10), then summarized.
 */

#ifndef VPNDIAG_LOG_H_
#define VPNDIAG_LOG_H_

#include "vpndiag_publisher.h"

/**
 * Format the one-line summary of a record (without the "vpndiag: " prefix).
 *
 * @return			buf
 */
char *vpndiag_log_format(vpndiag_record_t *record, char *buf, size_t len);

/**
 * Create the charon log publisher.
 */
vpndiag_publisher_t *vpndiag_log_create(void);

#endif /** VPNDIAG_LOG_H_ @}*/
