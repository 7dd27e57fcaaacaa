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
 * @defgroup vpndiag_check_cmd vpndiag_check_cmd
 * @{ @ingroup vpndiag
 *
 * The VICI command vpndiag-check {conn}: run the preflight checks
 * (vpndiag_check.h) over the loaded connections, or one, in a thread of
 * its own (one check at a time; never on the worker, the VICI thread or in
 * a hook), then stream one vpndiag-finding event per finding
 * {severity conn child check detail setting remedy code} and answer
 * {success count errors warnings notes}.
 */

#ifndef VPNDIAG_CHECK_CMD_H_
#define VPNDIAG_CHECK_CMD_H_

#include "vpndiag_vici_socket.h"

/** name of the streamed event */
#define VPNDIAG_EVENT_FINDING "vpndiag-finding"

typedef struct vpndiag_check_cmd_t vpndiag_check_cmd_t;

/**
 * The check command.
 */
struct vpndiag_check_cmd_t {

	/**
	 * Wait until a running check has ended (before the socket goes).
	 */
	void (*cancel)(vpndiag_check_cmd_t *this);

	/**
	 * Destroy (after cancel() and after the socket is gone).
	 */
	void (*destroy)(vpndiag_check_cmd_t *this);
};

/**
 * Register the command and its event on a socket.
 */
vpndiag_check_cmd_t *vpndiag_check_cmd_create(vpndiag_vici_socket_t *socket);

#endif /** VPNDIAG_CHECK_CMD_H_ @}*/
