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

/** window of the flap count */
#define FLAP_WINDOW_MS (24 * 3600 * 1000ULL)

typedef struct private_vpndiag_status_t private_vpndiag_status_t;

/**
 * Private data.
 */
struct private_vpndiag_status_t {
	vpndiag_status_t public;
	vpndiag_store_t *store;
};

/*
 * Described in header
 */
void vpndiag_conn_state_destroy(vpndiag_conn_state_t *state)
{
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
	u_int count;
} status_stream_t;

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
}

METHOD(vpndiag_vici_stream_t, stream_destroy, void,
	status_stream_t *this)
{
	this->states->destroy_function(this->states, (void*)vpndiag_conn_state_destroy);
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
										vpndiag_store_t *store)
{
	private_vpndiag_status_t *this;

	INIT(this,
		.public = {
			.destroy = _destroy,
		},
		.store = store,
	);
	socket->add_event(socket, VPNDIAG_EVENT_STATUS);
	socket->add_command(socket, "vpndiag-status", (void*)cmd_status, this);
	return &this->public;
}
