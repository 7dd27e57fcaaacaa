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

#include "vpndiag_vici.h"
#include "vpndiag_vici_socket.h"
#include "vpndiag_vici_cmds.h"
#include "vpndiag_vici_publisher.h"
#include "vpndiag_status.h"
#include "vpndiag_probe.h"
#include "vpndiag_check_cmd.h"
#include "vpndiag_metrics.h"

#include <daemon.h>

/** defaults of the contract, section 3 */
#define DEFAULT_SOCKET "unix:///var/run/vpndiag.vici"
#define DEFAULT_MODE "0660"
#define DEFAULT_CLIENT_QUEUE (1024 * 1024)
#define DEFAULT_MAX_CLIENTS 16

typedef struct private_vpndiag_vici_t private_vpndiag_vici_t;

/**
 * Private data.
 */
struct private_vpndiag_vici_t {
	vpndiag_vici_t public;
	vpndiag_vici_socket_t *socket;
	vpndiag_publisher_t *publisher;
	vpndiag_status_t *status;
	vpndiag_probe_t *probe;
	vpndiag_check_cmd_t *check;
	vpndiag_metrics_t *metrics;
	/** options the socket was opened with */
	vpndiag_vici_options_t opts;
};

/**
 * Read the options; FALSE if the mode is invalid
 */
static bool load_options(vpndiag_vici_options_t *opts)
{
	char *mode, *end;
	unsigned long value;

	opts->uri = lib->settings->get_str(lib->settings,
					"%s.plugins.vpndiag.socket", DEFAULT_SOCKET, lib->ns);
	mode = lib->settings->get_str(lib->settings,
					"%s.plugins.vpndiag.socket_mode", DEFAULT_MODE, lib->ns);
	opts->user = lib->settings->get_str(lib->settings,
					"%s.plugins.vpndiag.socket_user", NULL, lib->ns);
	opts->group = lib->settings->get_str(lib->settings,
					"%s.plugins.vpndiag.socket_group", NULL, lib->ns);
	opts->client_queue = lib->settings->get_int(lib->settings,
					"%s.plugins.vpndiag.client_queue", DEFAULT_CLIENT_QUEUE,
					lib->ns);
	opts->max_clients = lib->settings->get_int(lib->settings,
					"%s.plugins.vpndiag.max_clients", DEFAULT_MAX_CLIENTS,
					lib->ns);
	value = strtoul(mode, &end, 8);
	if (!*mode || *end || value > 07777)
	{
		DBG1(DBG_CFG, "vpndiag: socket_mode '%s' is not an octal mode", mode);
		return FALSE;
	}
	opts->mode = value;
	return TRUE;
}

METHOD(vpndiag_vici_t, get_publisher, vpndiag_publisher_t*,
	private_vpndiag_vici_t *this)
{
	return this->publisher;
}

METHOD(vpndiag_vici_t, reload, void,
	private_vpndiag_vici_t *this)
{
	vpndiag_vici_options_t opts;

	if (!load_options(&opts))
	{
		return;
	}
	this->socket->set_limits(this->socket, opts.client_queue,
							 opts.max_clients);
	if (!streq(opts.uri, this->opts.uri) || opts.mode != this->opts.mode ||
		!streq(opts.user ?: "", this->opts.user ?: "") ||
		!streq(opts.group ?: "", this->opts.group ?: ""))
	{
		DBG1(DBG_CFG, "vpndiag: changed socket options apply at the next "
			 "start of charon; still serving %s", this->opts.uri);
	}
}

METHOD(vpndiag_vici_t, destroy, void,
	private_vpndiag_vici_t *this)
{
	/* the probe thread wakes the socket, the socket's streams use the
	 * probe: stop the thread, then the socket, then free the probe */
	this->probe->cancel(this->probe);
	this->check->cancel(this->check);
	this->socket->destroy(this->socket);
	this->probe->destroy(this->probe);
	this->check->destroy(this->check);
	this->status->destroy(this->status);
	this->metrics->destroy(this->metrics);
	this->publisher->destroy(this->publisher);
	free(this->opts.uri);
	free(this->opts.user);
	free(this->opts.group);
	free(this);
}

/*
 * Described in header
 */
vpndiag_vici_t *vpndiag_vici_create(vpndiag_store_t *store,
									vpndiag_stats_t *stats,
									vpndiag_sampler_t *sampler)
{
	private_vpndiag_vici_t *this;
	vpndiag_vici_options_t opts;
	vpndiag_vici_socket_t *socket;

	if (!load_options(&opts))
	{
		return NULL;
	}
	if (!*opts.uri)
	{
		DBG1(DBG_CFG, "vpndiag: VICI socket disabled (socket = \"\")");
		return NULL;
	}
	socket = vpndiag_vici_socket_create(&opts);
	if (!socket)
	{
		DBG1(DBG_CFG, "vpndiag: VICI interface unavailable, diagnoses go to "
			 "charon's log and syslog only");
		return NULL;
	}
	INIT(this,
		.public = {
			.get_publisher = _get_publisher,
			.reload = _reload,
			.destroy = _destroy,
		},
		.socket = socket,
		.opts = {
			.uri = strdup(opts.uri),
			.mode = opts.mode,
			.user = strdupnull(opts.user),
			.group = strdupnull(opts.group),
		},
	);
	vpndiag_vici_cmds_register(socket, store);
	this->publisher = vpndiag_vici_publisher_create(socket);
	this->status = vpndiag_status_create(socket, store, sampler);
	this->metrics = vpndiag_metrics_create(socket, store, stats);
	this->probe = vpndiag_probe_create(socket, store);
	this->check = vpndiag_check_cmd_create(socket);
	if (!socket->start(socket))
	{
		DBG1(DBG_CFG, "vpndiag: unable to start the VICI thread");
		destroy(this);
		return NULL;
	}
	DBG2(DBG_CFG, "vpndiag: serving VICI on %s", opts.uri);
	return &this->public;
}
