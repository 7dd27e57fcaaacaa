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
 * @defgroup client client
 * @{ @ingroup vpndiag_cli
 *
 * A small blocking VICI client on the wire format of vpndiag_vici_msg.h.
 *
 * Why not Debian's libvici (as swanctl uses): libvici has no request
 * timeout (vici_submit() waits forever on a daemon that does not answer),
 * Debian ships it only as a private library in /usr/lib/ipsec without a
 * header, and this client shares the plugin's fuzzed codec with its
 * limits. libvici clients work against vpndiag's socket all the same
 * (testing/clients/libvici-list.c). See docs/architecture.md.
 */

#ifndef CLIENT_H_
#define CLIENT_H_

#include "vpndiag_vici_msg.h"

typedef struct client_t client_t;

/**
 * Called for each streamed event; the tree is freed afterwards.
 */
typedef void (*client_event_cb_t)(void *ctx, const char *name,
								  vpndiag_vici_node_t *msg);

/**
 * Connect to unix:///path or tcp://host:port.
 *
 * @param err		receives a static or allocated error text on failure
 * @return			client, NULL on failure
 */
client_t *client_connect(const char *uri, char **err);

/**
 * Send a request and wait for its response, passing events of name
 * stream (registered around the request, NULL for none) to cb.
 *
 * @param req		request begun as CMD_REQUEST (finished and freed here)
 * @param timeout	ms to wait for the next message
 * @param err		receives an allocated error text on failure
 * @return			response tree (caller frees), NULL on failure
 */
vpndiag_vici_node_t *client_request(client_t *this, vpndiag_vici_builder_t *req,
									const char *stream, client_event_cb_t cb,
									void *ctx, int timeout, char **err);

/**
 * Register for an event.
 */
bool client_register(client_t *this, const char *name, char **err);

/**
 * Wait for the next event.
 *
 * @param timeout	ms, -1 for ever
 * @param name		receives the event's name
 * @return			event tree, NULL on timeout (err NULL) or failure (err)
 */
vpndiag_vici_node_t *client_wait_event(client_t *this, int timeout,
									   char name[256], char **err);

/**
 * Close and free.
 */
void client_close(client_t *this);

#endif /** CLIENT_H_ @}*/
