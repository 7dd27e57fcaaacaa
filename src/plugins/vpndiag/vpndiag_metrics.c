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

#include "vpndiag_metrics.h"
#include "vpndiag_status.h"
#include "vpndiag_vici_cmds.h"
#include "vpndiag_vici_record.h"

#include <daemon.h>
#include <threading/mutex.h>

#include <time.h>

/** window of the flap count, as in vpndiag-status */
#define FLAP_WINDOW_MS (24 * 3600 * 1000ULL)

typedef struct private_vpndiag_metrics_t private_vpndiag_metrics_t;

/**
 * Private data.
 */
struct private_vpndiag_metrics_t {
	vpndiag_metrics_t public;
	vpndiag_store_t *store;
	vpndiag_stats_t *stats;
	/** events dropped at the previous request */
	uint64_t dropped;
	mutex_t *mutex;
};

/**
 * Streamed metrics
 */
typedef struct {
	vpndiag_vici_stream_t public;
	vpndiag_store_t *store;
	/** loaded connections, vpndiag_conn_state_t* */
	linked_list_t *states;
	/** connections with counters that are not loaded, char* */
	linked_list_t *others;
	/** the unattributed event is done */
	bool unattributed_done;
	uint64_t now;
	u_int count;
	/** the response, taken when the request came */
	uint64_t dropped, suppressed, syslog_dropped;
	bool state_file_ok, healthy;
} metrics_stream_t;

/**
 * Add the failure counters of a connection (NULL: of records without one)
 */
static void add_failures(vpndiag_vici_builder_t *b, vpndiag_store_t *store,
						 const char *conn)
{
	vpndiag_failures_t failures;

	store->get_failures(store, conn, &failures);
	vpndiag_vici_add_failures(b, "failures", &failures);
}

/**
 * Add a connection's latest failure and flaps
 */
static void add_status(vpndiag_vici_builder_t *b, metrics_stream_t *this,
					   const char *conn)
{
	const vpndiag_code_info_t *info;
	vpndiag_record_t *last;
	u_int downs;

	last = this->store->get_last_failure(this->store, conn,
										 this->now - FLAP_WINDOW_MS, &downs);
	vpndiag_vici_fmt(b, "flaps_24h", "%u", downs);
	if (last)
	{
		info = vpndiag_code_info(last->code);
		vpndiag_vici_section(b, "last_failure");
		vpndiag_vici_fmt(b, "time", "%llu.%03llu",
						 (unsigned long long)(last->last / 1000),
						 (unsigned long long)(last->last % 1000));
		vpndiag_vici_str(b, "code", info ? info->name : "");
		vpndiag_vici_str(b, "code_id", info ? info->id : "");
		vpndiag_vici_str(b, "cause", last->cause ?: "");
		vpndiag_vici_end_section(b);
		vpndiag_record_destroy(last);
	}
}

METHOD(vpndiag_vici_stream_t, next, vpndiag_stream_state_t,
	metrics_stream_t *this, vpndiag_vici_builder_t *b)
{
	vpndiag_conn_state_t *state;
	const char *name;
	char *other;

	if (this->states->remove_first(this->states, (void**)&state) == SUCCESS)
	{
		name = vpndiag_conn_state_name(state);
		vpndiag_vici_str(b, "conn", state->name);
		vpndiag_vici_str(b, "state", name);
		vpndiag_vici_str(b, "up", streq(name, "established") ? "1" : "0");
		add_status(b, this, state->name);
		add_failures(b, this->store, state->name);
		vpndiag_conn_state_destroy(state);
	}
	else if (this->others->remove_first(this->others,
										(void**)&other) == SUCCESS)
	{	/* counted, but no longer loaded */
		vpndiag_vici_str(b, "conn", other);
		vpndiag_vici_str(b, "state", "unloaded");
		vpndiag_vici_str(b, "up", "0");
		add_status(b, this, other);
		add_failures(b, this->store, other);
		free(other);
	}
	else if (!this->unattributed_done)
	{
		vpndiag_vici_str(b, "conn", "");
		add_failures(b, this->store, NULL);
		this->unattributed_done = TRUE;
	}
	else
	{
		return VPNDIAG_STREAM_DONE;
	}
	this->count++;
	return VPNDIAG_STREAM_MORE;
}

METHOD(vpndiag_vici_stream_t, finish, void,
	metrics_stream_t *this, vpndiag_vici_builder_t *b)
{
	vpndiag_counters_t counters;

	this->store->get_counters(this->store, NULL, &counters);
	vpndiag_vici_str(b, "success", "yes");
	vpndiag_vici_fmt(b, "count", "%u", this->count);
	vpndiag_vici_fmt(b, "records", "%u", counters.records);
	vpndiag_vici_fmt(b, "evicted", "%llu",
					 (unsigned long long)counters.evicted);
	vpndiag_vici_fmt(b, "events_dropped", "%llu",
					 (unsigned long long)this->dropped);
	vpndiag_vici_fmt(b, "syslog_suppressed", "%llu",
					 (unsigned long long)this->suppressed);
	vpndiag_vici_fmt(b, "syslog_dropped", "%llu",
					 (unsigned long long)this->syslog_dropped);
	vpndiag_vici_str(b, "state_file_ok", this->state_file_ok ? "1" : "0");
	vpndiag_vici_str(b, "healthy", this->healthy ? "1" : "0");
}

METHOD(vpndiag_vici_stream_t, stream_destroy, void,
	metrics_stream_t *this)
{
	this->states->destroy_function(this->states,
								   (void*)vpndiag_conn_state_destroy);
	this->others->destroy_function(this->others, free);
	free(this);
}

/**
 * Whether a list of states holds a connection
 */
static bool has_state(linked_list_t *states, const char *name)
{
	enumerator_t *enumerator;
	vpndiag_conn_state_t *state;
	bool found = FALSE;

	enumerator = states->create_enumerator(states);
	while (enumerator->enumerate(enumerator, &state))
	{
		if (streq(state->name, name))
		{
			found = TRUE;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * vpndiag-metrics
 */
static vpndiag_vici_stream_t *cmd_metrics(private_vpndiag_metrics_t *this,
										  vpndiag_vici_node_t *req,
										  vpndiag_vici_builder_t *res)
{
	static const char *known[] = { NULL };
	metrics_stream_t *stream;
	linked_list_t *conns;
	char *name;

	if (!vpndiag_vici_check_args(req, known, res))
	{
		return NULL;
	}
	INIT(stream,
		.public = {
			.event = VPNDIAG_EVENT_METRICS,
			.next = _next,
			.finish = _finish,
			.destroy = _stream_destroy,
		},
		.store = this->store,
		.states = vpndiag_conn_states(NULL),
		.others = linked_list_create(),
		.now = (uint64_t)time(NULL) * 1000,
		.dropped = this->stats->get(this->stats, VPNDIAG_STAT_EVENTS_DROPPED),
		.suppressed = this->stats->get(this->stats,
									   VPNDIAG_STAT_SYSLOG_SUPPRESSED),
		.syslog_dropped = this->stats->get(this->stats,
										   VPNDIAG_STAT_SYSLOG_DROPPED),
		.state_file_ok = !this->stats->get(this->stats,
										   VPNDIAG_STAT_STATE_FILE_FAILED),
	);
	conns = this->store->list_conns(this->store);
	while (conns->remove_first(conns, (void**)&name) == SUCCESS)
	{
		if (*name && !has_state(stream->states, name))
		{
			stream->others->insert_last(stream->others, name);
		}
		else
		{
			free(name);
		}
	}
	conns->destroy(conns);
	this->mutex->lock(this->mutex);
	stream->healthy = stream->state_file_ok && stream->dropped == this->dropped;
	this->dropped = stream->dropped;
	this->mutex->unlock(this->mutex);
	return &stream->public;
}

METHOD(vpndiag_metrics_t, destroy, void,
	private_vpndiag_metrics_t *this)
{
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
vpndiag_metrics_t *vpndiag_metrics_create(vpndiag_vici_socket_t *socket,
										  vpndiag_store_t *store,
										  vpndiag_stats_t *stats)
{
	private_vpndiag_metrics_t *this;

	INIT(this,
		.public = {
			.destroy = _destroy,
		},
		.store = store,
		.stats = stats,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	socket->add_event(socket, VPNDIAG_EVENT_METRICS);
	socket->add_command(socket, "vpndiag-metrics", (void*)cmd_metrics, this);
	return &this->public;
}
