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
 * @defgroup vpndiag_vici_socket vpndiag_vici_socket
 * @{ @ingroup vpndiag
 *
 * vpndiag's own VICI server: a listening socket served by one thread of its
 * own with non-blocking I/O.
 *
 * Why not charon's vici plugin: its dispatcher and message builder are
 * private to that plugin (not libvici API), so vpndiag cannot add commands
 * there; and what vpndiag needs differs from stock vici: a bounded queue
 * per client (stock vici queues without limit), replies streamed as the
 * client reads, a socket that refuses to replace a live one (stock
 * stream_service_create_unix() unlinks any existing path) and that takes
 * mode, user and group. Its own thread (not charon's processor pool, as
 * ha_dispatcher.c uses with callback jobs) keeps a slow client from ever
 * holding one of charon's worker threads. See docs/architecture.md.
 *
 * Nothing here ever blocks charon or the worker: raise() only appends to
 * the subscribers' queues. Each client's queue is bounded (client_queue
 * bytes); events that do not fit are dropped and counted, and a client
 * that keeps not reading is disconnected. Streamed replies (lists) are
 * produced as the client reads, so their size does not grow the queue.
 * Broken framing (length over 512 KiB, unknown packet type, a partial
 * segment idle for 10 s) closes the connection; an unknown command gets
 * CMD_UNKNOWN, an unknown event EVENT_UNKNOWN.
 */

#ifndef VPNDIAG_VICI_SOCKET_H_
#define VPNDIAG_VICI_SOCKET_H_

#include "vpndiag_vici_msg.h"

#include <library.h>

typedef struct vpndiag_vici_socket_t vpndiag_vici_socket_t;
typedef struct vpndiag_vici_stream_t vpndiag_vici_stream_t;
typedef struct vpndiag_vici_options_t vpndiag_vici_options_t;
typedef enum vpndiag_stream_state_t vpndiag_stream_state_t;

/**
 * Result of one step of a streamed reply.
 */
enum vpndiag_stream_state_t {
	/** an event message was built, call again */
	VPNDIAG_STREAM_MORE,
	/** nothing to send yet; call again after wake() */
	VPNDIAG_STREAM_WAIT,
	/** all events sent, finish() builds the response */
	VPNDIAG_STREAM_DONE,
};

/**
 * A streamed reply: events, then the final response (as list-sas does).
 */
struct vpndiag_vici_stream_t {

	/**
	 * Name of the streamed events (sent only if the client registered it).
	 */
	const char *event;

	/**
	 * TRUE if the client must have registered event before the request:
	 * otherwise the request is answered with success = no and errmsg, and
	 * the stream destroyed (FALSE: the events are silently not sent, as
	 * list-sas does).
	 */
	bool require_event;

	/**
	 * Hand over events encoded ahead (optional, NULL if the stream has
	 * none): whole segments of the stream's event one after another, as a
	 * buffer the caller frees. Called before next() until it returns FALSE.
	 *
	 * @param data		receives the buffer
	 * @param len		receives its length
	 * @return			FALSE if nothing encoded ahead is left
	 */
	bool (*take)(vpndiag_vici_stream_t *this, uint8_t **data, size_t *len);

	/**
	 * Build the next event message.
	 *
	 * @param b			builder begun as an EVENT with the stream's name
	 */
	vpndiag_stream_state_t (*next)(vpndiag_vici_stream_t *this,
								   vpndiag_vici_builder_t *b);

	/**
	 * Build the final response message.
	 *
	 * @param b			builder begun as a CMD_RESPONSE
	 */
	void (*finish)(vpndiag_vici_stream_t *this, vpndiag_vici_builder_t *b);

	/**
	 * Destroy the stream (also when the client went away before the end).
	 */
	void (*destroy)(vpndiag_vici_stream_t *this);
};

/**
 * Handler of a command.
 *
 * @param data			data given to add_command()
 * @param request		decoded request message
 * @param response		builder begun as a CMD_RESPONSE
 * @return				NULL if response holds the reply, or a stream
 *						(response is then discarded)
 */
typedef vpndiag_vici_stream_t *(*vpndiag_vici_cmd_t)(void *data,
								vpndiag_vici_node_t *request,
								vpndiag_vici_builder_t *response);

/**
 * Socket options (contract section 3).
 */
struct vpndiag_vici_options_t {
	/** unix:///path or tcp://addr:port */
	char *uri;
	/** mode of a unix socket, applied after bind */
	mode_t mode;
	/** owner and group of a unix socket (NULL: unchanged) */
	char *user;
	char *group;
	/** bytes queued per client before events are dropped */
	u_int client_queue;
	/** concurrent clients */
	u_int max_clients;
};

/**
 * The server.
 */
struct vpndiag_vici_socket_t {

	/**
	 * Register a command; call before start().
	 */
	void (*add_command)(vpndiag_vici_socket_t *this, const char *name,
						vpndiag_vici_cmd_t cb, void *data);

	/**
	 * Register an event name clients may subscribe to; before start().
	 */
	void (*add_event)(vpndiag_vici_socket_t *this, const char *name);

	/**
	 * Start serving in a thread of its own.
	 */
	bool (*start)(vpndiag_vici_socket_t *this);

	/**
	 * TRUE if any client is subscribed to an event.
	 */
	bool (*has_listeners)(vpndiag_vici_socket_t *this, const char *name);

	/**
	 * Queue an event for every subscriber; never blocks.
	 *
	 * @param name		event name
	 * @param packet	finished packet (begun as EVENT name), not owned
	 */
	void (*raise)(vpndiag_vici_socket_t *this, const char *name,
				  uint8_t *packet, size_t len);

	/**
	 * Make the server thread call waiting streams again.
	 */
	void (*wake)(vpndiag_vici_socket_t *this);

	/**
	 * Events dropped for slow clients, and clients dropped for not reading.
	 */
	void (*get_drops)(vpndiag_vici_socket_t *this, uint64_t *events,
					  uint64_t *clients);

	/**
	 * Change the per-client queue size and client cap (reload).
	 */
	void (*set_limits)(vpndiag_vici_socket_t *this, u_int client_queue,
					   u_int max_clients);

	/**
	 * Stop serving, close all clients, remove a unix socket file.
	 */
	void (*destroy)(vpndiag_vici_socket_t *this);
};

/**
 * Open the listening socket (not served until start()).
 *
 * @return			NULL if the socket cannot be opened (logged)
 */
vpndiag_vici_socket_t *vpndiag_vici_socket_create(vpndiag_vici_options_t *opts);

#endif /** VPNDIAG_VICI_SOCKET_H_ @}*/
