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
 * @defgroup vpndiag_vici_cmds vpndiag_vici_cmds
 * @{ @ingroup vpndiag
 *
 * The VICI commands over the history and the catalogue (contract section
 * 3). Arguments are checked strictly: an unknown key or a bad value is
 * answered with success = no and errmsg.
 *
 *  vpndiag-list      {conn remote remote_id code since limit batch}
 *                    streams vpndiag-record events (with batch: up to
 *                    batch records per vpndiag-records event, section
 *                    records {1 {..} 2 {..}}, cut at 64 KiB), then
 *                    {success count}
 *  vpndiag-counters  {conn} => {success records evicted total counters{}}
 *  vpndiag-reset     {conn} => {success}
 *  vpndiag-codes     {} streams vpndiag-code events, then {success count}
 *  vpndiag-explain   {code} => {success, the code's row}
 */

#ifndef VPNDIAG_VICI_CMDS_H_
#define VPNDIAG_VICI_CMDS_H_

#include "vpndiag_vici_socket.h"
#include "vpndiag_store.h"

/** names of the streamed events */
#define VPNDIAG_EVENT_RECORD "vpndiag-record"
#define VPNDIAG_EVENT_CODE "vpndiag-code"
/** the event of a batched vpndiag-list (argument batch) */
#define VPNDIAG_EVENT_RECORDS "vpndiag-records"

/** most records per vpndiag-records event a client may ask for */
#define VPNDIAG_LIST_BATCH_MAX 1000

/**
 * Register the commands and their events on a socket.
 */
void vpndiag_vici_cmds_register(vpndiag_vici_socket_t *socket,
								vpndiag_store_t *store);

/**
 * Check that a request has only known keys.
 *
 * @param known		NULL-terminated names
 * @return			FALSE with an error response built if not
 */
bool vpndiag_vici_check_args(vpndiag_vici_node_t *request,
							 const char *known[],
							 vpndiag_vici_builder_t *response);

/**
 * Build a response with success = no and an errmsg.
 */
void vpndiag_vici_error(vpndiag_vici_builder_t *response, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * Parse the batch argument of vpndiag-list: records per event, decimal,
 * 1 to VPNDIAG_LIST_BATCH_MAX, no sign, no leading zero.
 *
 * @param batch		receives the number
 * @return			FALSE if the value is not such a number
 */
bool vpndiag_vici_parse_batch(const char *value, u_int *batch);

/**
 * Parse a time argument: seconds since the epoch, or RFC 3339
 * (YYYY-MM-DDTHH:MM:SS[.mmm](Z|+hh:mm)).
 *
 * @param ms		receives ms since the epoch
 */
bool vpndiag_vici_parse_time(const char *value, uint64_t *ms);

#endif /** VPNDIAG_VICI_CMDS_H_ @}*/
