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

#include "vpndiag_check_cmd.h"
#include "vpndiag_check.h"
#include "vpndiag_check_env.h"
#include "vpndiag_vici_cmds.h"

#include <daemon.h>
#include <threading/thread.h>
#include <threading/mutex.h>
#include <threading/condvar.h>

typedef struct private_vpndiag_check_cmd_t private_vpndiag_check_cmd_t;
typedef struct check_stream_t check_stream_t;

/**
 * Private data.
 */
struct private_vpndiag_check_cmd_t {
	vpndiag_check_cmd_t public;
	vpndiag_vici_socket_t *socket;
	/** protects running and the streams' done/orphaned/findings */
	mutex_t *mutex;
	condvar_t *condvar;
	/** TRUE while a check thread runs */
	bool running;
	/** the last check's thread (joined by the next request or cancel()) */
	thread_t *thread;
};

/**
 * Streamed reply of one check; freed by whichever of the thread and the
 * socket lets go of it last
 */
struct check_stream_t {
	vpndiag_vici_stream_t public;
	private_vpndiag_check_cmd_t *cmd;
	/** connection to check, NULL for all */
	char *conn;
	/** findings, set when done */
	linked_list_t *findings;
	/** counts per severity */
	u_int count[VPNDIAG_CHECK_NOTE + 1];
	u_int total;
	bool done;
	/** the client went away before the thread ended */
	bool orphaned;
};

static void stream_free(check_stream_t *this)
{
	if (this->findings)
	{
		this->findings->destroy_function(this->findings,
										 (void*)vpndiag_finding_destroy);
	}
	free(this->conn);
	free(this);
}

/**
 * The loaded connections (references)
 */
static linked_list_t *get_peer_cfgs()
{
	enumerator_t *enumerator;
	linked_list_t *list;
	peer_cfg_t *peer_cfg;

	list = linked_list_create();
	enumerator = charon->backends->create_peer_cfg_enumerator(charon->backends,
											NULL, NULL, NULL, NULL, IKE_ANY);
	while (enumerator->enumerate(enumerator, &peer_cfg))
	{
		list->insert_last(list, peer_cfg->get_ref(peer_cfg));
	}
	enumerator->destroy(enumerator);
	return list;
}

/**
 * Check thread
 */
static void *run(check_stream_t *this)
{
	private_vpndiag_check_cmd_t *cmd = this->cmd;
	linked_list_t *peer_cfgs, *findings;
	enumerator_t *enumerator;
	vpndiag_finding_t *finding;
	bool free_it;

	peer_cfgs = get_peer_cfgs();
	findings = vpndiag_check_run(vpndiag_check_env_charon(), peer_cfgs,
								 this->conn);
	peer_cfgs->destroy_offset(peer_cfgs, offsetof(peer_cfg_t, destroy));
	DBG1(DBG_CFG, "vpndiag: preflight check%s%s: %d finding%s",
		 this->conn ? " of " : "", this->conn ?: "",
		 findings->get_count(findings),
		 findings->get_count(findings) == 1 ? "" : "s");

	cmd->mutex->lock(cmd->mutex);
	this->findings = findings;
	enumerator = findings->create_enumerator(findings);
	while (enumerator->enumerate(enumerator, &finding))
	{
		this->count[finding->info->severity]++;
		this->total++;
	}
	enumerator->destroy(enumerator);
	this->done = TRUE;
	free_it = this->orphaned;
	cmd->mutex->unlock(cmd->mutex);
	/* once done, the socket may free the stream: not touched below */
	if (free_it)
	{
		stream_free(this);
	}
	else
	{
		cmd->socket->wake(cmd->socket);
	}
	/* cancel() waits for this: the socket outlives the wake() above */
	cmd->mutex->lock(cmd->mutex);
	cmd->running = FALSE;
	cmd->condvar->broadcast(cmd->condvar);
	cmd->mutex->unlock(cmd->mutex);
	return NULL;
}

METHOD(vpndiag_vici_stream_t, next, vpndiag_stream_state_t,
	check_stream_t *this, vpndiag_vici_builder_t *b)
{
	vpndiag_finding_t *finding = NULL;
	bool done;

	this->cmd->mutex->lock(this->cmd->mutex);
	done = this->done;
	this->cmd->mutex->unlock(this->cmd->mutex);
	if (!done)
	{
		return VPNDIAG_STREAM_WAIT;
	}
	/* the thread no longer touches the findings */
	if (this->findings->remove_first(this->findings,
									 (void**)&finding) != SUCCESS)
	{
		return VPNDIAG_STREAM_DONE;
	}
	vpndiag_vici_str(b, "severity",
					 vpndiag_check_severity_name(finding->info->severity));
	vpndiag_vici_str(b, "conn", finding->conn);
	vpndiag_vici_str(b, "child", finding->child);
	vpndiag_vici_str(b, "check", finding->info->slug);
	vpndiag_vici_str(b, "detail", finding->detail);
	vpndiag_vici_str(b, "setting", finding->setting);
	vpndiag_vici_str(b, "remedy", finding->remedy);
	vpndiag_vici_str(b, "code", finding->info->code);
	vpndiag_vici_str(b, "profile", finding->profile);
	vpndiag_finding_destroy(finding);
	return VPNDIAG_STREAM_MORE;
}

METHOD(vpndiag_vici_stream_t, finish, void,
	check_stream_t *this, vpndiag_vici_builder_t *b)
{
	vpndiag_vici_str(b, "success", "yes");
	vpndiag_vici_str(b, "conn", this->conn);
	vpndiag_vici_u64(b, "count", this->total);
	vpndiag_vici_u64(b, "errors", this->count[VPNDIAG_CHECK_ERROR]);
	vpndiag_vici_u64(b, "warnings", this->count[VPNDIAG_CHECK_WARNING]);
	vpndiag_vici_u64(b, "notes", this->count[VPNDIAG_CHECK_NOTE]);
}

METHOD(vpndiag_vici_stream_t, stream_destroy, void,
	check_stream_t *this)
{
	private_vpndiag_check_cmd_t *cmd = this->cmd;
	bool free_it;

	cmd->mutex->lock(cmd->mutex);
	free_it = this->done;
	this->orphaned = TRUE;
	cmd->mutex->unlock(cmd->mutex);
	if (free_it)
	{
		stream_free(this);
	}
}

/**
 * vpndiag-check
 */
static vpndiag_vici_stream_t *cmd_check(private_vpndiag_check_cmd_t *this,
										vpndiag_vici_node_t *req,
										vpndiag_vici_builder_t *res)
{
	static const char *known[] = { "conn", NULL };
	check_stream_t *stream;
	peer_cfg_t *peer_cfg;
	const char *conn;
	thread_t *thread;

	if (!vpndiag_vici_check_args(req, known, res))
	{
		return NULL;
	}
	conn = vpndiag_vici_get(req, "conn");
	if (conn)
	{
		peer_cfg = charon->backends->get_peer_cfg_by_name(charon->backends,
														  (char*)conn);
		if (!peer_cfg)
		{
			vpndiag_vici_error(res, "no connection named '%s' is loaded",
							   conn);
			return NULL;
		}
		peer_cfg->destroy(peer_cfg);
	}
	this->mutex->lock(this->mutex);
	if (this->running)
	{
		this->mutex->unlock(this->mutex);
		vpndiag_vici_error(res, "a check is running, one at a time");
		return NULL;
	}
	this->running = TRUE;
	this->mutex->unlock(this->mutex);
	if (this->thread)
	{	/* the previous check's thread, about to return */
		this->thread->join(this->thread);
		this->thread = NULL;
	}

	INIT(stream,
		.public = {
			.event = VPNDIAG_EVENT_FINDING,
			.next = _next,
			.finish = _finish,
			.destroy = _stream_destroy,
		},
		.cmd = this,
		.conn = strdupnull(conn),
	);
	thread = thread_create((thread_main_t)run, stream);
	if (!thread)
	{
		this->mutex->lock(this->mutex);
		this->running = FALSE;
		this->mutex->unlock(this->mutex);
		stream_free(stream);
		vpndiag_vici_error(res, "unable to start the check thread");
		return NULL;
	}
	this->thread = thread;
	return &stream->public;
}

METHOD(vpndiag_check_cmd_t, cancel, void,
	private_vpndiag_check_cmd_t *this)
{
	this->mutex->lock(this->mutex);
	while (this->running)
	{
		this->condvar->wait(this->condvar, this->mutex);
	}
	this->mutex->unlock(this->mutex);
	if (this->thread)
	{	/* joined, so no code of the plugin runs when it is unloaded */
		this->thread->join(this->thread);
		this->thread = NULL;
	}
}

METHOD(vpndiag_check_cmd_t, destroy, void,
	private_vpndiag_check_cmd_t *this)
{
	cancel(this);
	this->condvar->destroy(this->condvar);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
vpndiag_check_cmd_t *vpndiag_check_cmd_create(vpndiag_vici_socket_t *socket)
{
	private_vpndiag_check_cmd_t *this;

	INIT(this,
		.public = {
			.cancel = _cancel,
			.destroy = _destroy,
		},
		.socket = socket,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.condvar = condvar_create(CONDVAR_TYPE_DEFAULT),
	);
	socket->add_event(socket, VPNDIAG_EVENT_FINDING);
	socket->add_command(socket, "vpndiag-check", (void*)cmd_check, this);
	return &this->public;
}
