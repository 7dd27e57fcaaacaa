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

#include "vpndiag_traffic.h"

#include <collections/hashtable.h>
#include <threading/mutex.h>

#include <stdlib.h>
#include <string.h>

/** sweeps in a row a CHILD_SA must be missing from to be forgotten */
#define MISSED_SWEEPS 2

typedef struct private_vpndiag_traffic_t private_vpndiag_traffic_t;
typedef struct flow_t flow_t;
typedef struct entry_t entry_t;

/**
 * CHILD_SAs sharing a reqid (a CHILD_SA and the ones replacing it)
 */
struct flow_t {
	/** key */
	uint32_t reqid;
	/** CHILD_SAs referring to it */
	u_int refs;
	/** first sample of any of its CHILD_SAs */
	uint64_t first_ms;
	/** last activity per direction, 0 never */
	uint64_t active_in_ms, active_out_ms;
	/** current verdict and since when */
	vpndiag_traffic_verdict_t verdict;
	uint64_t since_ms;
	/** one-way alarm raised (NO_INBOUND/NO_OUTBOUND), OK if none */
	vpndiag_traffic_verdict_t alarm;
	/** when the alarm was raised */
	uint64_t alarm_ms;
};

/**
 * One CHILD_SA
 */
struct entry_t {
	/** key: CHILD_SA unique id */
	uint32_t child_id;
	/** the last sample (selectors and identities from the first) */
	vpndiag_traffic_sample_t s;
	/** time of the last sample */
	uint64_t sampled_ms;
	/** sweep of the last sample */
	u_int sweep;
	/** its flow */
	flow_t *flow;
};

/**
 * Private data.
 */
struct private_vpndiag_traffic_t {
	vpndiag_traffic_t public;
	/** entry_t by CHILD_SA unique id */
	hashtable_t *entries;
	/** flow_t by reqid */
	hashtable_t *flows;
	/** window in ms */
	uint64_t window_ms;
	/** current sweep */
	u_int sweep;
	mutex_t *mutex;
};

/*
 * Described in header
 */
const char *vpndiag_traffic_verdict_name(vpndiag_traffic_verdict_t verdict)
{
	switch (verdict)
	{
		case VPNDIAG_TRAFFIC_OK:
			return "ok";
		case VPNDIAG_TRAFFIC_IDLE:
			return "idle";
		case VPNDIAG_TRAFFIC_NO_INBOUND:
		case VPNDIAG_TRAFFIC_NO_OUTBOUND:
			return "one-way";
		case VPNDIAG_TRAFFIC_RESTORED:
			return "restored";
	}
	return "?";
}

/**
 * Hash a 32-bit key
 */
static u_int hash_u32(const void *key)
{
	return chunk_hash(chunk_from_thing(*(uint32_t*)key));
}

/**
 * Compare two 32-bit keys
 */
static bool equals_u32(const void *a, const void *b)
{
	return *(uint32_t*)a == *(uint32_t*)b;
}

METHOD(vpndiag_traffic_t, set_window, void,
	private_vpndiag_traffic_t *this, uint64_t window_ms)
{
	this->mutex->lock(this->mutex);
	this->window_ms = window_ms;
	this->mutex->unlock(this->mutex);
}

METHOD(vpndiag_traffic_t, known, bool,
	private_vpndiag_traffic_t *this, uint32_t child_id)
{
	bool found;

	this->mutex->lock(this->mutex);
	found = this->entries->get(this->entries, &child_id) != NULL;
	this->mutex->unlock(this->mutex);
	return found;
}

/**
 * Get or create the flow of a reqid
 */
static flow_t *get_flow(private_vpndiag_traffic_t *this, uint32_t reqid,
						uint64_t now)
{
	flow_t *flow;

	flow = this->flows->get(this->flows, &reqid);
	if (!flow)
	{
		INIT(flow,
			.reqid = reqid,
			.first_ms = now,
			.verdict = VPNDIAG_TRAFFIC_IDLE,
			.since_ms = now,
		);
		this->flows->put(this->flows, &flow->reqid, flow);
	}
	flow->refs++;
	return flow;
}

/**
 * Drop an entry's reference to its flow
 */
static void put_flow(private_vpndiag_traffic_t *this, flow_t *flow)
{
	if (--flow->refs == 0)
	{
		this->flows->remove(this->flows, &flow->reqid);
		free(flow);
	}
}

/**
 * Whether a counter grew (for a CHILD_SA's first sample: is not zero)
 */
static inline bool grew(uint64_t now, uint64_t before, bool first)
{
	return first ? now > 0 : now > before;
}

/**
 * Decide a flow's verdict at a sample
 */
static vpndiag_traffic_verdict_t decide(private_vpndiag_traffic_t *this,
										flow_t *f, uint64_t now)
{
	uint64_t w = this->window_ms, silent_in, silent_out;
	bool in, out;

	in = f->active_in_ms && now - f->active_in_ms < w;
	out = f->active_out_ms && now - f->active_out_ms < w;
	silent_in = now - (f->active_in_ms ?: f->first_ms);
	silent_out = now - (f->active_out_ms ?: f->first_ms);

	if (out && !in && silent_in >= w)
	{
		return VPNDIAG_TRAFFIC_NO_INBOUND;
	}
	if (in && !out && silent_out >= w)
	{
		return VPNDIAG_TRAFFIC_NO_OUTBOUND;
	}
	if (!in && !out)
	{
		return VPNDIAG_TRAFFIC_IDLE;
	}
	return VPNDIAG_TRAFFIC_OK;
}

/**
 * Build the event of a transition
 */
static vpndiag_event_t *transition(entry_t *e, vpndiag_traffic_verdict_t v,
								   uint64_t since, uint64_t now)
{
	vpndiag_event_t *ev;

	ev = calloc(1, sizeof(*ev));
	ev->type = VPNDIAG_EV_TRAFFIC;
	ev->time_ms = now;
	ev->sa = e->s.sa;
	memcpy(ev->child, e->s.child, sizeof(ev->child));
	ev->child_id = e->child_id;
	ev->arg = v;
	memcpy(ev->text, e->s.ts_local, sizeof(ev->text));
	memcpy(ev->text2, e->s.ts_remote, sizeof(ev->text2));
	ev->traffic.bytes_in = e->s.bytes_in;
	ev->traffic.bytes_out = e->s.bytes_out;
	ev->traffic.packets_in = e->s.packets_in;
	ev->traffic.packets_out = e->s.packets_out;
	ev->traffic.since_ms = since;
	ev->traffic.installed_ms = e->s.installed_ms;
	ev->traffic.spi_in = e->s.spi_in;
	ev->traffic.spi_out = e->s.spi_out;
	ev->traffic.reqid = e->s.reqid;
	return ev;
}

/**
 * Update the flow's verdict and alarm; the event of a transition or NULL
 */
static vpndiag_event_t *evaluate(private_vpndiag_traffic_t *this, entry_t *e,
								 uint64_t now)
{
	flow_t *f = e->flow;
	vpndiag_traffic_verdict_t v;
	uint64_t since;

	v = decide(this, f, now);
	if (v != f->verdict)
	{
		f->verdict = v;
		f->since_ms = now;
	}
	switch (v)
	{
		case VPNDIAG_TRAFFIC_NO_INBOUND:
		case VPNDIAG_TRAFFIC_NO_OUTBOUND:
			if (f->alarm == v)
			{
				return NULL;
			}
			f->alarm = v;
			f->alarm_ms = now;
			since = v == VPNDIAG_TRAFFIC_NO_INBOUND ?
						f->active_in_ms ?: f->first_ms :
						f->active_out_ms ?: f->first_ms;
			return transition(e, v, since, now);
		case VPNDIAG_TRAFFIC_OK:
			if (f->alarm == VPNDIAG_TRAFFIC_OK ||
				f->active_in_ms <= f->alarm_ms ||
				f->active_out_ms <= f->alarm_ms)
			{	/* no alarm, or not both directions since */
				return NULL;
			}
			since = f->alarm_ms;
			f->alarm = VPNDIAG_TRAFFIC_OK;
			return transition(e, VPNDIAG_TRAFFIC_RESTORED, since, now);
		default:
			return NULL;
	}
}

METHOD(vpndiag_traffic_t, sample, vpndiag_event_t*,
	private_vpndiag_traffic_t *this, vpndiag_traffic_sample_t *s,
	uint64_t now)
{
	vpndiag_event_t *ev;
	entry_t *e;
	bool first = FALSE, in, out;

	this->mutex->lock(this->mutex);
	e = this->entries->get(this->entries, &s->child_id);
	if (!e)
	{
		INIT(e,
			.child_id = s->child_id,
			.s = *s,
			.flow = get_flow(this, s->reqid ?: s->child_id | 0x80000000, now),
		);
		this->entries->put(this->entries, &e->child_id, e);
		first = TRUE;
	}
	in = grew(s->packets_in, e->s.packets_in, first ||
			  s->packets_in < e->s.packets_in);
	out = grew(s->packets_out, e->s.packets_out, first ||
			   s->packets_out < e->s.packets_out);
	if (!first)
	{	/* counters and context; selectors and identities stay */
		e->s.sa.unique_id = s->sa.unique_id;
		e->s.spi_in = s->spi_in;
		e->s.spi_out = s->spi_out;
		e->s.bytes_in = s->bytes_in;
		e->s.bytes_out = s->bytes_out;
		e->s.packets_in = s->packets_in;
		e->s.packets_out = s->packets_out;
		e->s.use_in_ms = s->use_in_ms;
		e->s.use_out_ms = s->use_out_ms;
	}
	e->sampled_ms = now;
	e->sweep = this->sweep;
	if (in)
	{
		e->flow->active_in_ms = now;
	}
	if (out)
	{
		e->flow->active_out_ms = now;
	}
	ev = evaluate(this, e, now);
	this->mutex->unlock(this->mutex);
	return ev;
}

METHOD(vpndiag_traffic_t, end_sweep, void,
	private_vpndiag_traffic_t *this)
{
	enumerator_t *enumerator;
	entry_t *e;

	this->mutex->lock(this->mutex);
	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, NULL, &e))
	{
		if (this->sweep - e->sweep >= MISSED_SWEEPS)
		{
			this->entries->remove_at(this->entries, enumerator);
			put_flow(this, e->flow);
			free(e);
		}
	}
	enumerator->destroy(enumerator);
	this->sweep++;
	this->mutex->unlock(this->mutex);
}

/**
 * Order of copies: IKE_SA, then CHILD_SA unique id
 */
static int cmp_children(const void *a, const void *b)
{
	const vpndiag_traffic_child_t *x = *(void**)a, *y = *(void**)b;

	if (x->s.sa.unique_id != y->s.sa.unique_id)
	{
		return x->s.sa.unique_id < y->s.sa.unique_id ? -1 : 1;
	}
	if (x->s.child_id != y->s.child_id)
	{
		return x->s.child_id < y->s.child_id ? -1 : 1;
	}
	return 0;
}

METHOD(vpndiag_traffic_t, get_children, linked_list_t*,
	private_vpndiag_traffic_t *this, const char *conn)
{
	vpndiag_traffic_child_t *c, **all;
	enumerator_t *enumerator;
	linked_list_t *list;
	u_int count = 0, i;
	entry_t *e;

	list = linked_list_create();
	this->mutex->lock(this->mutex);
	all = calloc(this->entries->get_count(this->entries) + 1, sizeof(*all));
	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, NULL, &e))
	{
		if (conn && !streq(conn, e->s.sa.conn))
		{
			continue;
		}
		INIT(c,
			.s = e->s,
			.sampled_ms = e->sampled_ms,
			.active_in_ms = e->flow->active_in_ms,
			.active_out_ms = e->flow->active_out_ms,
			.verdict = e->flow->verdict,
			.since_ms = e->flow->since_ms,
		);
		all[count++] = c;
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);

	qsort(all, count, sizeof(*all), cmp_children);
	for (i = 0; i < count; i++)
	{
		list->insert_last(list, all[i]);
	}
	free(all);
	return list;
}

METHOD(vpndiag_traffic_t, get_count, u_int,
	private_vpndiag_traffic_t *this)
{
	u_int count;

	this->mutex->lock(this->mutex);
	count = this->entries->get_count(this->entries);
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(vpndiag_traffic_t, flush, void,
	private_vpndiag_traffic_t *this)
{
	enumerator_t *enumerator;
	entry_t *e;

	this->mutex->lock(this->mutex);
	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, NULL, &e))
	{
		this->entries->remove_at(this->entries, enumerator);
		put_flow(this, e->flow);
		free(e);
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
}

METHOD(vpndiag_traffic_t, destroy, void,
	private_vpndiag_traffic_t *this)
{
	flush(this);
	this->entries->destroy(this->entries);
	this->flows->destroy(this->flows);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
vpndiag_traffic_t *vpndiag_traffic_create(uint64_t window_ms)
{
	private_vpndiag_traffic_t *this;

	INIT(this,
		.public = {
			.set_window = _set_window,
			.known = _known,
			.sample = _sample,
			.end_sweep = _end_sweep,
			.get_children = _get_children,
			.get_count = _get_count,
			.flush = _flush,
			.destroy = _destroy,
		},
		.entries = hashtable_create(hash_u32, equals_u32, 64),
		.flows = hashtable_create(hash_u32, equals_u32, 64),
		.window_ms = window_ms,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}
