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
 * @defgroup vpndiag_syslog_msg vpndiag_syslog_msg
 * @{ @ingroup vpndiag
 *
 * The syslog wire format of a record. Tier: core.
 *
 * RFC 5424 (default):
 *   <PRI>1 TIMESTAMP HOST vpndiag PID VPNDIAG-<msgid> [vpndiag@32473
 *   code="..." code_id="..." conn="..." remote="..." cause="..."] MSG
 * RFC 3164:
 *   <PRI>Mmm dd hh:mm:ss HOST vpndiag[PID]: VPNDIAG-<msgid> code="..."
 *   code_id="..." conn="..." remote="..." cause="..." MSG
 *
 * PRI = facility * 8 + the record's severity. Values in the structured data
 * escape '"', '\' and ']' as RFC 5424 requires; MSG escapes control bytes
 * and invalid UTF-8, so one record is one line.
 */

#ifndef VPNDIAG_SYSLOG_MSG_H_
#define VPNDIAG_SYSLOG_MSG_H_

#include "vpndiag_record.h"

/** IANA private enterprise number used in the structured data id */
#define VPNDIAG_SD_PEN 32473

/**
 * Format a record as a syslog message.
 *
 * @param record	record
 * @param facility	syslog facility number (3 = daemon)
 * @param rfc3164	TRUE for the BSD format
 * @param repeated	repeat count to mention, 0 for none
 * @param host		host name
 * @param pid		process id
 * @param buf		buffer
 * @param len		size of buf
 * @return			length of the message (truncated to len - 1)
 */
int vpndiag_syslog_format(vpndiag_record_t *record, int facility, bool rfc3164,
						  uint32_t repeated, const char *host, int pid,
						  char *buf, size_t len);

/**
 * Format the summary of suppressed messages (MSGID VPNDIAG-0, severity
 * notice): "<n> diagnoses without a connection not sent in <secs> s".
 */
int vpndiag_syslog_format_suppressed(uint64_t suppressed, unsigned secs,
									 uint64_t now_ms, int facility,
									 bool rfc3164, const char *host, int pid,
									 char *buf, size_t len);

/**
 * Facility number of a name ("daemon", "auth", "local0", ...), -1 unknown.
 */
int vpndiag_syslog_facility(const char *name);

#endif /** VPNDIAG_SYSLOG_MSG_H_ @}*/
