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

#include "vpndiag_status.h"
#include "vpndiag_vici_cmds.h"
#include "vpndiag_vici_record.h"

#include <daemon.h>
#include <collections/hashtable.h>

#include <time.h>
#include <inttypes.h>

/** CHILD_SAs listed per connection (one event stays far below libvici's
 *  limits: about 20 elements and 600 bytes each) */
#define MAX_TRAFFIC 200

/** window of the flap count */
#define FLAP_WINDOW_MS (24 * 3600 * 1000ULL)

typedef struct private_vpndiag_status_t private_vpndiag_status_t;

/**
 * Private data.
 */
struct private_vpndiag_status_t {
	vpndiag_status_t public;
	vpndiag_store_t *store;
	vpndiag_sampler_t *sampler;
};

/*
 * Described in header
 */
void vpndiag_conn_state_destroy(vpndiag_conn_state_t *state)
{
	state->installed->destroy(state->installed);
	free(state->name);
	free(state->remote);
	free(state);
}

/*
 * Described in header
 */
linked_list_t *vpndiag_conn_states(const char *only)
{
	enumerator_t *enumerator, *children;
	linked_list_t *states;
	hashtable_t *byname;
	vpndiag_conn_state_t *state;
	peer_cfg_t *peer_cfg;
	child_sa_t *child_sa;
	ike_sa_t *ike_sa;
	char *name;

	states = linked_list_create();
	/* name => state: a lookup per IKE_SA and trap, not a list walk */
	byname = hashtable_create(hashtable_hash_str, hashtable_equals_str, 32);
	enumerator = charon->backends->create_peer_cfg_enumerator(charon->backends,
											NULL, NULL, NULL, NULL, IKE_ANY);
	while (enumerator->enumerate(enumerator, &peer_cfg))
	{
		name = peer_cfg->get_name(peer_cfg);
		if ((only && !streq(name, only)) || byname->get(byname, name))
		{
			continue;
		}
		INIT(state,
			.name = strdup(name),
			.version = peer_cfg->get_ike_version(peer_cfg),
			.installed = linked_list_create(),
		);
		states->insert_last(states, state);
		byname->put(byname, state->name, state);
	}
	enumerator->destroy(enumerator);

	enumerator = charon->controller->create_ike_sa_enumerator(
												charon->controller, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		peer_cfg = ike_sa->get_peer_cfg(ike_sa);
		state = peer_cfg ? byname->get(byname, peer_cfg->get_name(peer_cfg))
						 : NULL;
		if (!state)
		{
			continue;
		}
		switch (ike_sa->get_state(ike_sa))
		{
			case IKE_ESTABLISHED:
				state->ike_established++;
				break;
			case IKE_CREATED:
			case IKE_CONNECTING:
				state->ike_connecting++;
				break;
			default:
				state->ike_other++;
				break;
		}
		if (!state->remote)
		{
			if (asprintf(&state->remote, "%#H",
						 ike_sa->get_other_host(ike_sa)) < 0)
			{
				state->remote = NULL;
			}
		}
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (children->enumerate(children, &child_sa))
		{
			if (child_sa->get_state(child_sa) == CHILD_INSTALLED)
			{
				state->children++;
			}
			switch (child_sa->get_state(child_sa))
			{
				case CHILD_INSTALLED:
				case CHILD_UPDATING:
				case CHILD_REKEYING:
					state->installed->insert_last(state->installed,
						(void*)(uintptr_t)child_sa->get_unique_id(child_sa));
					break;
				default:
					break;
			}
		}
		children->destroy(children);
	}
	enumerator->destroy(enumerator);

	enumerator = charon->traps->create_enumerator(charon->traps);
	while (enumerator->enumerate(enumerator, &peer_cfg, &child_sa))
	{
		state = byname->get(byname, peer_cfg->get_name(peer_cfg));
		if (state)
		{
			state->traps++;
		}
	}
	enumerator->destroy(enumerator);
	byname->destroy(byname);
	return states;
}

/*
 * Described in header
 */
const char *vpndiag_conn_state_name(vpndiag_conn_state_t *state)
{
	if (state->ike_established)
	{
		return "established";
	}
	if (state->ike_connecting || state->ike_other)
	{
		return "connecting";
	}
	if (state->traps)
	{
		return "waiting-for-traffic";
	}
	return "down";
}

/**
 * Streamed status
 */
typedef struct {
	vpndiag_vici_stream_t public;
	vpndiag_store_t *store;
	linked_list_t *states;
	/** what the sampler knows (vpndiag_traffic_child_t), NULL if off */
	linked_list_t *traffic;
	/** sampling interval (ms), 0 off */
	uint64_t interval;
	u_int count;
} status_stream_t;

/**
 * Add a time as RFC 3339, nothing for 0
 */
static void add_time(vpndiag_vici_builder_t *b, const char *name, uint64_t ms)
{
	char buf[VPNDIAG_TIME_LEN];

	if (ms)
	{
		vpndiag_vici_str(b, name, vpndiag_time_format(ms, buf, sizeof(buf)));
	}
}

/**
 * Add a list of selectors as printed by %#R ("a/b, c/d")
 */
static void add_ts(vpndiag_vici_builder_t *b, const char *name, char *ts)
{
	char copy[VPNDIAG_TEXT_LEN], *pos, *word, *save = NULL;

	snprintf(copy, sizeof(copy), "%s", ts);
	vpndiag_vici_list(b, name);
	for (pos = copy; (word = strtok_r(pos, " ,", &save)); pos = NULL)
	{
		vpndiag_vici_item(b, word);
	}
	vpndiag_vici_end_list(b);
}

/**
 * Whether a CHILD_SA was installed when the command ran
 */
static bool is_installed(vpndiag_conn_state_t *state, uint32_t id)
{
	enumerator_t *enumerator;
	void *item;
	bool found = FALSE;

	enumerator = state->installed->create_enumerator(state->installed);
	while (!found && enumerator->enumerate(enumerator, &item))
	{
		found = (uintptr_t)item == id;
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Add the traffic of a connection's installed CHILD_SAs
 */
static void add_traffic(status_stream_t *this, vpndiag_vici_builder_t *b,
						vpndiag_conn_state_t *state)
{
	enumerator_t *enumerator;
	vpndiag_traffic_child_t *c;
	bool open = FALSE;
	u_int shown = 0, omitted = 0;
	char key[16];

	if (!this->traffic)
	{
		return;
	}
	enumerator = this->traffic->create_enumerator(this->traffic);
	while (enumerator->enumerate(enumerator, &c))
	{
		if (!streq(c->s.sa.conn, state->name) ||
			!is_installed(state, c->s.child_id))
		{
			continue;
		}
		if (shown >= MAX_TRAFFIC)
		{
			omitted++;
			continue;
		}
		shown++;
		if (!open)
		{
			vpndiag_vici_section(b, "traffic");
			open = TRUE;
		}
		snprintf(key, sizeof(key), "%u", c->s.child_id);
		vpndiag_vici_section(b, key);
		vpndiag_vici_str(b, "name", c->s.child);
		vpndiag_vici_fmt(b, "ike_sa", "%u", c->s.sa.unique_id);
		vpndiag_vici_fmt(b, "reqid", "%u", c->s.reqid);
		vpndiag_vici_fmt(b, "spi_in", "%.8x", c->s.spi_in);
		vpndiag_vici_fmt(b, "spi_out", "%.8x", c->s.spi_out);
		add_ts(b, "local_ts", c->s.ts_local);
		add_ts(b, "remote_ts", c->s.ts_remote);
		add_time(b, "installed", c->s.installed_ms);
		vpndiag_vici_fmt(b, "bytes_in", "%"PRIu64, c->s.bytes_in);
		vpndiag_vici_fmt(b, "packets_in", "%"PRIu64, c->s.packets_in);
		vpndiag_vici_fmt(b, "bytes_out", "%"PRIu64, c->s.bytes_out);
		vpndiag_vici_fmt(b, "packets_out", "%"PRIu64, c->s.packets_out);
		add_time(b, "last_in", c->s.use_in_ms);
		add_time(b, "last_out", c->s.use_out_ms);
		add_time(b, "sampled", c->sampled_ms);
		vpndiag_vici_str(b, "traffic",
						 vpndiag_traffic_verdict_name(c->verdict));
		add_time(b, "traffic_since", c->since_ms);
		if (c->verdict == VPNDIAG_TRAFFIC_NO_INBOUND)
		{
			vpndiag_vici_str(b, "cause", "no-inbound");
		}
		else if (c->verdict == VPNDIAG_TRAFFIC_NO_OUTBOUND)
		{
			vpndiag_vici_str(b, "cause", "no-outbound");
		}
		vpndiag_vici_end_section(b);
	}
	enumerator->destroy(enumerator);
	if (open)
	{
		if (omitted)
		{
			vpndiag_vici_fmt(b, "omitted", "%u", omitted);
		}
		vpndiag_vici_end_section(b);
	}
}

METHOD(vpndiag_vici_stream_t, next, vpndiag_stream_state_t,
	status_stream_t *this, vpndiag_vici_builder_t *b)
{
	vpndiag_record_t *last;
	vpndiag_conn_state_t *state;
	u_int downs;
	uint64_t now;

	if (this->states->remove_first(this->states, (void**)&state) != SUCCESS)
	{
		return VPNDIAG_STREAM_DONE;
	}
	now = (uint64_t)time(NULL) * 1000;
	last = this->store->get_last_failure(this->store, state->name,
										 now - FLAP_WINDOW_MS, &downs);
	vpndiag_vici_str(b, "conn", state->name);
	vpndiag_vici_str(b, "state", vpndiag_conn_state_name(state));
	if (state->version)
	{
		vpndiag_vici_fmt(b, "version", "%d", state->version);
	}
	vpndiag_vici_str(b, "remote", state->remote);
	vpndiag_vici_fmt(b, "ike_sas", "%u", state->ike_established +
					 state->ike_connecting + state->ike_other);
	vpndiag_vici_fmt(b, "child_sas", "%u", state->children);
	vpndiag_vici_fmt(b, "traps", "%u", state->traps);
	vpndiag_vici_fmt(b, "flaps_24h", "%u", downs);
	add_traffic(this, b, state);
	if (last)
	{
		vpndiag_vici_section(b, "last_failure");
		vpndiag_vici_add_record(b, last);
		vpndiag_vici_end_section(b);
		vpndiag_record_destroy(last);
	}
	vpndiag_conn_state_destroy(state);
	this->count++;
	return VPNDIAG_STREAM_MORE;
}

METHOD(vpndiag_vici_stream_t, finish, void,
	status_stream_t *this, vpndiag_vici_builder_t *b)
{
	vpndiag_vici_str(b, "success", "yes");
	vpndiag_vici_fmt(b, "count", "%u", this->count);
	vpndiag_vici_fmt(b, "traffic_interval", "%"PRIu64, this->interval / 1000);
}

METHOD(vpndiag_vici_stream_t, stream_destroy, void,
	status_stream_t *this)
{
	this->states->destroy_function(this->states, (void*)vpndiag_conn_state_destroy);
	if (this->traffic)
	{
		this->traffic->destroy_function(this->traffic, free);
	}
	free(this);
}

/**
 * vpndiag-status
 */
static vpndiag_vici_stream_t *cmd_status(private_vpndiag_status_t *this,
										 vpndiag_vici_node_t *req,
										 vpndiag_vici_builder_t *res)
{
	static const char *known[] = { "conn", NULL };
	status_stream_t *stream;
	const char *conn;

	if (!vpndiag_vici_check_args(req, known, res))
	{
		return NULL;
	}
	conn = vpndiag_vici_get(req, "conn");
	INIT(stream,
		.public = {
			.event = VPNDIAG_EVENT_STATUS,
			.next = _next,
			.finish = _finish,
			.destroy = _stream_destroy,
		},
		.store = this->store,
		.states = vpndiag_conn_states(conn),
	);
	if (this->sampler)
	{
		stream->interval = this->sampler->get_interval(this->sampler);
		if (stream->interval)
		{
			stream->traffic = this->sampler->get_traffic(this->sampler)->
						get_children(this->sampler->get_traffic(this->sampler),
									 conn);
		}
	}
	if (conn && !stream->states->get_count(stream->states))
	{
		stream_destroy(stream);
		vpndiag_vici_error(res, "no connection named '%s' is loaded", conn);
		return NULL;
	}
	return &stream->public;
}

METHOD(vpndiag_status_t, destroy, void,
	private_vpndiag_status_t *this)
{
	free(this);
}

/*
 * Described in header
 */
vpndiag_status_t *vpndiag_status_create(vpndiag_vici_socket_t *socket,
										vpndiag_store_t *store,
										vpndiag_sampler_t *sampler)
{
	private_vpndiag_status_t *this;

	INIT(this,
		.public = {
			.destroy = _destroy,
		},
		.store = store,
		.sampler = sampler,
	);
	socket->add_event(socket, VPNDIAG_EVENT_STATUS);
	socket->add_command(socket, "vpndiag-status", (void*)cmd_status, this);
	return &this->public;
}
