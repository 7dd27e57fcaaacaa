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

#include "vpndiag_probe.h"
#include "vpndiag_vici_cmds.h"
#include "vpndiag_vici_record.h"
#include "vpndiag_cause.h"
#include "vpndiag_probe_sa.h"

#include <daemon.h>

#include <time.h>
#include <sys/time.h>
#include <threading/thread.h>
#include <threading/mutex.h>

/** default and largest timeout (s) */
#define DEFAULT_TIMEOUT 30
#define MAX_TIMEOUT 600
/** how long to wait for the worker's diagnosis after a failure (ms) */
#define DIAGNOSIS_WAIT 3000

typedef struct private_vpndiag_probe_t private_vpndiag_probe_t;

/**
 * Private data.
 */
struct private_vpndiag_probe_t {
	vpndiag_probe_t public;
	vpndiag_vici_socket_t *socket;
	vpndiag_store_t *store;
	mutex_t *mutex;

	/** the probe's thread, NULL if none */
	thread_t *thread;
	/** TRUE while a probe runs (until its result is taken) */
	bool busy;
	/** TRUE when the thread has a result */
	bool done;
	/** TRUE if the client went away: the thread drops the result */
	bool orphaned;

	/* the running probe */
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;
	char conn[128];
	char child[128];
	u_int timeout;
	uint64_t start;
	/* its result */
	const char *verdict;
	status_t status;
	vpndiag_record_t *diagnosis;
	uint64_t duration;
};

static uint64_t now_ms()
{
	timeval_t tv;

	time_monotonic(&tv);
	return (uint64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/**
 * Logging callback of the controller (under the bus lock: nothing to do)
 */
static bool probe_cb(void *param, debug_t group, level_t level,
					 ike_sa_t *ike_sa, const char *message)
{
	return TRUE;
}

/**
 * Probe thread: initiate and wait for the outcome and the diagnosis
 */
static void *run(private_vpndiag_probe_t *this)
{
	uint64_t wall_start, waited;
	struct timeval tv;
	vpndiag_record_t *last;
	status_t status;
	u_int downs;

	gettimeofday(&tv, NULL);
	wall_start = (uint64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
#ifdef VPNDIAG_CONTROLLER_LEVEL
	status = charon->controller->initiate(charon->controller, this->peer_cfg,
							this->child_cfg, probe_cb, this, LEVEL_CTRL,
							this->timeout * 1000, FALSE);
#else
	status = charon->controller->initiate(charon->controller, this->peer_cfg,
							this->child_cfg, probe_cb, this,
							this->timeout * 1000, FALSE);
#endif
	/* the worker publishes asynchronously: give it a moment */
	last = NULL;
	if (status != SUCCESS)
	{
		for (waited = 0; waited < DIAGNOSIS_WAIT; waited += 100)
		{
			last = this->store->get_last_failure(this->store, this->conn,
												 0, &downs);
			if (last && last->last >= wall_start)
			{
				break;
			}
			if (last)
			{
				vpndiag_record_destroy(last);
				last = NULL;
			}
			usleep(100000);
		}
	}
	this->mutex->lock(this->mutex);
	if (this->orphaned)
	{
		if (last)
		{
			vpndiag_record_destroy(last);
		}
		this->orphaned = FALSE;
		this->busy = FALSE;
		this->mutex->unlock(this->mutex);
		return NULL;
	}
	this->status = status;
	this->verdict = status == SUCCESS ? "up" :
					status == OUT_OF_RES ? "timeout" : "failed";
	this->diagnosis = last;
	this->duration = now_ms() - this->start;
	this->done = TRUE;
	this->mutex->unlock(this->mutex);
	this->socket->wake(this->socket);
	return NULL;
}

/**
 * Streamed (deferred) probe reply
 */
typedef struct {
	vpndiag_vici_stream_t public;
	private_vpndiag_probe_t *probe;
	/** set if answered without a probe thread */
	const char *verdict;
	char *cause;
	char *detail;
} probe_stream_t;

METHOD(vpndiag_vici_stream_t, next, vpndiag_stream_state_t,
	probe_stream_t *this, vpndiag_vici_builder_t *b)
{
	bool done;

	if (this->verdict)
	{
		return VPNDIAG_STREAM_DONE;
	}
	this->probe->mutex->lock(this->probe->mutex);
	done = this->probe->done;
	this->probe->mutex->unlock(this->probe->mutex);
	return done ? VPNDIAG_STREAM_DONE : VPNDIAG_STREAM_WAIT;
}

/**
 * Take the result of the finished probe
 */
static void take_result(private_vpndiag_probe_t *probe, probe_stream_t *s,
						vpndiag_vici_builder_t *b)
{
	vpndiag_vici_str(b, "conn", probe->conn);
	vpndiag_vici_str(b, "child", probe->child[0] ? probe->child : NULL);
	vpndiag_vici_str(b, "verdict", probe->verdict);
	vpndiag_vici_str(b, "already_up", "no");
	vpndiag_vici_fmt(b, "duration_ms", "%llu",
					 (unsigned long long)probe->duration);
	if (probe->diagnosis)
	{
		vpndiag_vici_section(b, "diagnosis");
		vpndiag_vici_add_record(b, probe->diagnosis);
		vpndiag_vici_end_section(b);
		vpndiag_record_destroy(probe->diagnosis);
		probe->diagnosis = NULL;
	}
	else if (probe->status != SUCCESS)
	{
		vpndiag_vici_str(b, "detail", probe->status == OUT_OF_RES ?
			"no outcome within the probe's timeout and no diagnosis yet; "
			"charon keeps retransmitting: run the probe again with a longer "
			"timeout or watch vpndiag --monitor" :
			"the initiation failed without a diagnosis of vpndiag; see "
			"charon's log");
	}
	probe->busy = FALSE;
	probe->done = FALSE;
}

METHOD(vpndiag_vici_stream_t, finish, void,
	probe_stream_t *this, vpndiag_vici_builder_t *b)
{
	bool up;

	vpndiag_vici_str(b, "success", "yes");
	if (this->verdict)
	{
		vpndiag_vici_str(b, "conn", this->probe->conn);
		vpndiag_vici_str(b, "verdict", this->verdict);
		vpndiag_vici_str(b, "already_up",
						 streq(this->verdict, "up") ? "yes" : "no");
		vpndiag_vici_str(b, "cause", this->cause);
		vpndiag_vici_str(b, "detail", this->detail);
		up = streq(this->verdict, "up");
	}
	else
	{
		this->probe->mutex->lock(this->probe->mutex);
		up = this->probe->status == SUCCESS;
		take_result(this->probe, this, b);
		this->probe->mutex->unlock(this->probe->mutex);
	}
	if (up)
	{	/* for the CLI's data-plane check (--probe --ping) */
		vpndiag_probe_sa_add(b, this->probe->conn, this->probe->child);
	}
}

METHOD(vpndiag_vici_stream_t, stream_destroy, void,
	probe_stream_t *this)
{
	private_vpndiag_probe_t *probe = this->probe;

	if (!this->verdict)
	{	/* client gone: the result is dropped when the thread ends */
		probe->mutex->lock(probe->mutex);
		if (probe->done)
		{
			if (probe->diagnosis)
			{
				vpndiag_record_destroy(probe->diagnosis);
				probe->diagnosis = NULL;
			}
			probe->busy = FALSE;
			probe->done = FALSE;
		}
		else if (probe->busy)
		{
			probe->orphaned = TRUE;
		}
		probe->mutex->unlock(probe->mutex);
	}
	free(this->cause);
	free(this->detail);
	free(this);
}

/**
 * Whether an established IKE_SA (with the CHILD_SA) of the config exists
 */
static bool is_up(const char *conn, const char *child)
{
	enumerator_t *enumerator, *children;
	child_sa_t *child_sa;
	peer_cfg_t *peer_cfg;
	ike_sa_t *ike_sa;
	bool up = FALSE;

	enumerator = charon->controller->create_ike_sa_enumerator(
												charon->controller, TRUE);
	while (!up && enumerator->enumerate(enumerator, &ike_sa))
	{
		peer_cfg = ike_sa->get_peer_cfg(ike_sa);
		if (!peer_cfg || !streq(peer_cfg->get_name(peer_cfg), conn) ||
			ike_sa->get_state(ike_sa) != IKE_ESTABLISHED)
		{
			continue;
		}
		if (!child)
		{
			up = TRUE;
			break;
		}
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (children->enumerate(children, &child_sa))
		{
			if (child_sa->get_state(child_sa) == CHILD_INSTALLED &&
				streq(child_sa->get_name(child_sa), child))
			{
				up = TRUE;
				break;
			}
		}
		children->destroy(children);
	}
	enumerator->destroy(enumerator);
	return up;
}

/**
 * Find the child config by name, or the first one
 */
static child_cfg_t *find_child(peer_cfg_t *peer_cfg, const char *name)
{
	enumerator_t *enumerator;
	child_cfg_t *cfg, *found = NULL;

	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (enumerator->enumerate(enumerator, &cfg))
	{
		if (!name || streq(cfg->get_name(cfg), name))
		{
			found = cfg->get_ref(cfg);
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Check that a local address routes to the peer; sets cause/detail if not
 */
static bool check_route(peer_cfg_t *peer_cfg, probe_stream_t *stream)
{
	ike_cfg_t *ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
	host_t *other, *src;

	other = ike_cfg->resolve_other(ike_cfg, AF_UNSPEC);
	if (!other || other->is_anyaddr(other))
	{
		DESTROY_IF(other);
		stream->verdict = "failed";
		stream->cause = strdup(
					vpndiag_cause_info(VPNDIAG_CAUSE_NO_PEER_ADDRESS)->id);
		stream->detail = strdup("the connection has no concrete remote "
			"address (remote_addrs / right): it can only be initiated by "
			"the peer");
		return FALSE;
	}
	src = charon->kernel->get_source_addr(charon->kernel, other, NULL);
	if (!src)
	{
		stream->verdict = "failed";
		stream->cause = strdup(
					vpndiag_cause_info(VPNDIAG_CAUSE_NO_ROUTE_TO_PEER)->id);
		if (asprintf(&stream->detail, "no local address routes to the peer "
				"%H: check the interface, its address and the route ("
				"'ip route get %H'), and local_addrs / left", other, other) < 0)
		{
			stream->detail = NULL;
		}
		other->destroy(other);
		return FALSE;
	}
	src->destroy(src);
	other->destroy(other);
	return TRUE;
}

/**
 * vpndiag-probe
 */
static vpndiag_vici_stream_t *cmd_probe(private_vpndiag_probe_t *this,
										vpndiag_vici_node_t *req,
										vpndiag_vici_builder_t *res)
{
	static const char *known[] = { "conn", "child", "timeout", NULL };
	const char *conn, *child, *value;
	probe_stream_t *stream;
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg = NULL;
	u_int timeout = DEFAULT_TIMEOUT;
	char *end;

	if (!vpndiag_vici_check_args(req, known, res))
	{
		return NULL;
	}
	conn = vpndiag_vici_get(req, "conn");
	child = vpndiag_vici_get(req, "child");
	value = vpndiag_vici_get(req, "timeout");
	if (!conn)
	{
		vpndiag_vici_error(res, "missing argument 'conn'");
		return NULL;
	}
	if (strlen(conn) >= sizeof(this->conn) ||
		(child && strlen(child) >= sizeof(this->child)))
	{
		vpndiag_vici_error(res, "connection or child name too long");
		return NULL;
	}
	if (value)
	{
		timeout = strtoul(value, &end, 10);
		if (!*value || *end || *value == '-' || timeout == 0 ||
			timeout > MAX_TIMEOUT)
		{
			vpndiag_vici_error(res, "invalid timeout '%s' (1..%d seconds)",
							   value, MAX_TIMEOUT);
			return NULL;
		}
	}
	this->mutex->lock(this->mutex);
	if (this->busy)
	{
		this->mutex->unlock(this->mutex);
		vpndiag_vici_error(res, "a probe of '%s' is running, one at a time",
						   this->conn);
		return NULL;
	}
	this->mutex->unlock(this->mutex);

	peer_cfg = charon->backends->get_peer_cfg_by_name(charon->backends,
													  (char*)conn);
	if (!peer_cfg)
	{
		vpndiag_vici_error(res, "no connection named '%s' is loaded", conn);
		return NULL;
	}
	if (child)
	{
		child_cfg = find_child(peer_cfg, child);
		if (!child_cfg)
		{
			peer_cfg->destroy(peer_cfg);
			vpndiag_vici_error(res, "connection '%s' has no child '%s'", conn,
							   child);
			return NULL;
		}
	}
	else
	{	/* the first child, if any; else IKE only */
		child_cfg = find_child(peer_cfg, NULL);
	}
	INIT(stream,
		.public = {
			.next = _next,
			.finish = _finish,
			.destroy = _stream_destroy,
		},
		.probe = this,
	);
	snprintf(this->conn, sizeof(this->conn), "%s", conn);
	snprintf(this->child, sizeof(this->child), "%s",
			 child_cfg ? child_cfg->get_name(child_cfg) : "");
	if (is_up(conn, child_cfg ? child_cfg->get_name(child_cfg) : NULL))
	{
		stream->verdict = "up";
		stream->detail = strdup("the connection is established");
	}
	else if (check_route(peer_cfg, stream))
	{
		if (this->thread)
		{	/* the previous probe's thread has ended (not busy) */
			this->thread->join(this->thread);
			this->thread = NULL;
		}
		this->mutex->lock(this->mutex);
		this->busy = TRUE;
		this->done = FALSE;
		this->orphaned = FALSE;
		this->peer_cfg = peer_cfg;
		this->child_cfg = child_cfg;
		this->timeout = timeout;
		this->start = now_ms();
		this->mutex->unlock(this->mutex);
		DBG1(DBG_CFG, "vpndiag: probing connection '%s'", this->conn);
		this->thread = thread_create((thread_main_t)run, this);
		if (this->thread)
		{	/* initiate() owns the configs now */
			return &stream->public;
		}
		this->mutex->lock(this->mutex);
		this->busy = FALSE;
		this->mutex->unlock(this->mutex);
		stream->verdict = "failed";
		stream->detail = strdup("unable to start the probe thread");
	}
	DESTROY_IF(child_cfg);
	peer_cfg->destroy(peer_cfg);
	return &stream->public;
}

METHOD(vpndiag_probe_t, cancel, void,
	private_vpndiag_probe_t *this)
{
	bool running;

	if (this->thread)
	{
		this->mutex->lock(this->mutex);
		running = this->busy && !this->done;
		this->mutex->unlock(this->mutex);
		if (running)
		{
			this->thread->cancel(this->thread);
		}
		this->thread->join(this->thread);
		this->thread = NULL;
	}
}

METHOD(vpndiag_probe_t, destroy, void,
	private_vpndiag_probe_t *this)
{
	cancel(this);
	if (this->diagnosis)
	{
		vpndiag_record_destroy(this->diagnosis);
	}
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
vpndiag_probe_t *vpndiag_probe_create(vpndiag_vici_socket_t *socket,
									  vpndiag_store_t *store)
{
	private_vpndiag_probe_t *this;

	INIT(this,
		.public = {
			.cancel = _cancel,
			.destroy = _destroy,
		},
		.socket = socket,
		.store = store,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	socket->add_command(socket, "vpndiag-probe", (void*)cmd_probe, this);
	return &this->public;
}
