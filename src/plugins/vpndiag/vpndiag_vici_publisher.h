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
 * @defgroup vpndiag_vici_publisher vpndiag_vici_publisher
 * @{ @ingroup vpndiag
 *
 * Publishes every new or updated record as the VICI event "vpndiag": the
 * record's keys plus update = new|updated. Encoded once, queued to each
 * subscriber without blocking (see vpndiag_vici_socket).
 */

#ifndef VPNDIAG_VICI_PUBLISHER_H_
#define VPNDIAG_VICI_PUBLISHER_H_

#include "vpndiag_publisher.h"
#include "vpndiag_vici_socket.h"

/** name of the live event */
#define VPNDIAG_EVENT_LIVE "vpndiag"

/**
 * Create the publisher and register its event on the socket.
 */
vpndiag_publisher_t *vpndiag_vici_publisher_create(
										vpndiag_vici_socket_t *socket);

#endif /** VPNDIAG_VICI_PUBLISHER_H_ @}*/
