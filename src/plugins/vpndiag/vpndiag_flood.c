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

#include "vpndiag_flood.h"

#include "vpndiag_event_format.h"
#include "vpndiag_rules.h"

#include <library.h>
#include <config/ike_cfg.h>
#include <collections/hashtable.h>
#include <collections/linked_list.h>

typedef struct private_vpndiag_flood_t private_vpndiag_flood_t;
typedef struct agg_t agg_t;

/**
 * The aggregate of one code and cause.
 */
struct agg_t {
	/** names it (code, cause, first) and holds its sources fields and the
	 *  last source as remote */
	vpndiag_record_t *fields;
	/** distinct source addresses (keys owned), at most VPNDIAG_SOURCES_MAX */
	hashtable_t *seen;
	/** occurrences not yet in the state file */
	uint32_t pending;
	/** occurrences not yet published */
	bool dirty;
	/** time of the last publication (ms) */
	uint64_t published;
};

/**
 * Private data.
 */
struct private_vpndiag_flood_t {

	/** public interface */
	vpndiag_flood_t public;

	/** failures per second above which flood mode is on, 0 never */
	u_int threshold;

	/** how long flood mode lasts after the last second over it (ms) */
	u_int hold;

	/** the second being counted (time / 1000) and its failures */
	uint64_t second;
	u_int in_second;

	/** flood mode is on */
	bool on;

	/** time of the last failure that found its second over the threshold */
	uint64_t last_over;

	/** agg_t* */
	linked_list_t *aggs;

	/** the aggregate found last (a flood repeats one code and cause) */
	agg_t *last;

	/** no aggregate is due before this time (ms), 0 unknown */
	uint64_t next_check;
};

/** the clause added to an aggregated record's detail */
#define AGG_CLAUSE " (aggregated under a flood of failures without a " \
	"connection: this detail is that of the last source classified, " \
	"sources and sources_last count and name the others)"

/*
 * Described in header
 */
bool vpndiag_same_failure(vpndiag_failure_t *f, vpndiag_event_t *ev)
{
	struct sockaddr_in *a4 = (struct sockaddr_in*)&ev->sa.local_addr;
	struct sockaddr_in *b4 = (struct sockaddr_in*)&f->local;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6*)&ev->sa.local_addr;
	struct sockaddr_in6 *b6 = (struct sockaddr_in6*)&f->local;

	if (!f->valid || ev->type != VPNDIAG_EV_ALERT || ev->alert != f->alert ||
		ev->alert != VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE ||
		ev->sa.version != f->version || ev->sa.initiator != f->initiator ||
		ev->sa.has_peer_cfg != f->has_peer_cfg ||
		ev->sa.has_ike_cfg != f->has_ike_cfg || !ev->ike_cfg ||
		ev->ike_cfg != f->ike_cfg || ev->configured ||
		ev->sa.local_addr.ss_family != f->local.ss_family)
	{
		return FALSE;
	}
	if (f->sa_raw)
	{	/* the worker parses equal bytes into equal proposals */
		if (!ev->sa_raw || ev->sa_raw_len != f->sa_raw_len ||
			!memeq(ev->sa_raw, f->sa_raw, f->sa_raw_len))
		{
			return FALSE;
		}
	}
	else if (ev->sa_raw || !ev->proposals ||
			 !vpndiag_proposals_equal(ev->proposals, &f->proposals))
	{
		return FALSE;
	}
	switch (f->local.ss_family)
	{
		case AF_INET:
			return a4->sin_addr.s_addr == b4->sin_addr.s_addr;
		case AF_INET6:
			return memeq(&a6->sin6_addr, &b6->sin6_addr, 16);
		default:
			return FALSE;
	}
}

/*
 * Described in header
 */
void vpndiag_failure_clear(vpndiag_failure_t *f)
{
	ike_cfg_t *ike_cfg = f->ike_cfg;

	if (ike_cfg)
	{
		ike_cfg->destroy(ike_cfg);
	}
	free(f->sa_raw);
	memset(f, 0, sizeof(*f));
}

/**
 * Flood mode ends once no second was over the threshold for hold ms
 */
static void check_end(private_vpndiag_flood_t *this, uint64_t now)
{
	if (!this->threshold ||
		(this->on && now >= this->last_over + this->hold))
	{
		this->on = FALSE;
	}
}

METHOD(vpndiag_flood_t, count, bool,
	private_vpndiag_flood_t *this, uint64_t time)
{
	uint64_t second = time / 1000;

	if (!this->threshold)
	{
		this->on = FALSE;
		return FALSE;
	}
	if (second > this->second)
	{	/* an earlier time (another thread's hook) counts in the current */
		this->second = second;
		this->in_second = 0;
	}
	this->in_second++;
	check_end(this, time);
	if (this->in_second > this->threshold)
	{
		this->on = TRUE;
		this->last_over = max(this->last_over, time);
	}
	return this->on;
}

METHOD(vpndiag_flood_t, is_active, bool,
	private_vpndiag_flood_t *this, uint64_t now)
{
	check_end(this, now);
	return this->on;
}

static void agg_destroy(agg_t *agg)
{
	enumerator_t *enumerator;
	char *key;

	enumerator = agg->seen->create_enumerator(agg->seen);
	while (enumerator->enumerate(enumerator, &key, NULL))
	{
		free(key);
	}
	enumerator->destroy(enumerator);
	agg->seen->destroy(agg->seen);
	vpndiag_record_destroy(agg->fields);
	free(agg);
}

/**
 * The aggregate of a code and cause, NULL if none
 */
static agg_t *find(private_vpndiag_flood_t *this, vpndiag_record_t *record)
{
	enumerator_t *enumerator;
	agg_t *agg, *found = NULL;

	if (this->last && this->last->fields->code == record->code &&
		streq(this->last->fields->cause ?: "", record->cause ?: ""))
	{
		return this->last;
	}
	enumerator = this->aggs->create_enumerator(this->aggs);
	while (enumerator->enumerate(enumerator, &agg))
	{
		if (agg->fields->code == record->code &&
			streq(agg->fields->cause ?: "", record->cause ?: ""))
		{
			found = agg;
			this->last = agg;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Count a source address (without port) of an aggregate
 */
static void add_source(agg_t *agg, const char *addr)
{
	vpndiag_record_t *fields = agg->fields;
	char *key;

	if (!agg->seen->get(agg->seen, addr))
	{
		if (agg->seen->get_count(agg->seen) < VPNDIAG_SOURCES_MAX)
		{
			key = strdup(addr);
			agg->seen->put(agg->seen, key, key);
			fields->sources++;
		}
		else
		{
			fields->sources_capped = TRUE;
		}
	}
	vpndiag_record_add_source(fields, addr);
}

METHOD(vpndiag_flood_t, aggregate, bool,
	private_vpndiag_flood_t *this, vpndiag_record_t *record)
{
	char addr[VPNDIAG_MAX_ESCAPE];
	agg_t *agg;
	size_t have, add;
	char *detail;
	int i;

	if (record->conn || !record->remote || !*record->remote)
	{
		return FALSE;
	}
	agg = find(this, record);
	if (!agg)
	{
		if (this->aggs->get_count(this->aggs) >= VPNDIAG_FLOOD_MAX_AGGREGATES)
		{
			return FALSE;
		}
		INIT(agg,
			.fields = vpndiag_record_create(record->code),
			.seen = hashtable_create(hashtable_hash_str, hashtable_equals_str,
									 64),
		);
		vpndiag_record_set(&agg->fields->cause, record->cause);
		agg->fields->first = record->first;
		agg->fields->severity = record->severity;
		this->aggs->insert_last(this->aggs, agg);
	}
	vpndiag_addr_only(record->remote, addr, sizeof(addr));
	add_source(agg, addr);
	vpndiag_record_set(&agg->fields->remote, record->remote);
	agg->fields->last = record->last;

	record->first = agg->fields->first;
	record->sources = agg->fields->sources;
	record->sources_capped = agg->fields->sources_capped;
	for (i = 0; i <= VPNDIAG_SOURCES_LAST; i++)
	{
		free(record->sources_last[i]);
		record->sources_last[i] = agg->fields->sources_last[i] ?
								  strdup(agg->fields->sources_last[i]) : NULL;
	}
	have = record->detail ? strlen(record->detail) : 0;
	add = strlen(AGG_CLAUSE);
	detail = malloc(have + add + 1);
	if (detail)
	{
		memcpy(detail, record->detail ?: "", have);
		memcpy(detail + have, AGG_CLAUSE, add + 1);
		free(record->detail);
		record->detail = detail;
	}
	return TRUE;
}

METHOD(vpndiag_flood_t, repeat, vpndiag_record_t*,
	private_vpndiag_flood_t *this, vpndiag_code_t code, const char *cause,
	const char *remote, uint64_t time)
{
	char addr[VPNDIAG_MAX_ESCAPE];
	vpndiag_record_t key = {
		.code = code,
		.cause = (char*)cause,
	};
	agg_t *agg;

	agg = find(this, &key);
	if (!agg || !remote || !*remote)
	{
		return NULL;
	}
	vpndiag_addr_only(remote, addr, sizeof(addr));
	add_source(agg, addr);
	vpndiag_record_set(&agg->fields->remote, remote);
	agg->fields->last = max(agg->fields->last, time);
	return agg->fields;
}

METHOD(vpndiag_flood_t, pending, void,
	private_vpndiag_flood_t *this, vpndiag_record_t *record)
{
	agg_t *agg = find(this, record);

	if (agg)
	{
		agg->pending++;
		if (!agg->dirty)
		{
			agg->dirty = TRUE;
			this->next_check = min(this->next_check,
								   agg->published + VPNDIAG_FLOOD_PUBLISH_MS);
		}
	}
}

METHOD(vpndiag_flood_t, take, uint32_t,
	private_vpndiag_flood_t *this, vpndiag_record_t *record, uint64_t now)
{
	agg_t *agg = find(this, record);
	uint32_t occurrences = 0;

	if (agg)
	{
		occurrences = agg->pending;
		agg->pending = 0;
		agg->dirty = FALSE;
		agg->published = now;
	}
	return occurrences;
}

METHOD(vpndiag_flood_t, next_due, bool,
	private_vpndiag_flood_t *this, uint64_t now, bool all,
	vpndiag_record_t **fields, uint32_t *occurrences)
{
	enumerator_t *enumerator;
	agg_t *agg;
	bool found = FALSE;
	uint64_t next = UINT64_MAX;

	if (!all && now < this->next_check &&
		now + 2 * VPNDIAG_FLOOD_PUBLISH_MS >= this->next_check)
	{	/* none is due yet (and the clock did not jump back): no walk */
		return FALSE;
	}
	enumerator = this->aggs->create_enumerator(this->aggs);
	while (enumerator->enumerate(enumerator, &agg))
	{
		if (agg->dirty && !all && now >= agg->published &&
			now - agg->published < VPNDIAG_FLOOD_PUBLISH_MS)
		{
			next = min(next, agg->published + VPNDIAG_FLOOD_PUBLISH_MS);
		}
		else if (agg->dirty)
		{
			*fields = agg->fields;
			*occurrences = agg->pending;
			agg->pending = 0;
			agg->dirty = FALSE;
			agg->published = now;
			found = TRUE;
			break;
		}
	}
	enumerator->destroy(enumerator);
	/* after one was found others may be due: look again next time */
	this->next_check = found ? 0 : next;
	return found;
}

METHOD(vpndiag_flood_t, snapshot_taken, void,
	private_vpndiag_flood_t *this)
{
	enumerator_t *enumerator;
	agg_t *agg;

	enumerator = this->aggs->create_enumerator(this->aggs);
	while (enumerator->enumerate(enumerator, &agg))
	{
		agg->pending = 0;
	}
	enumerator->destroy(enumerator);
}

METHOD(vpndiag_flood_t, forget, void,
	private_vpndiag_flood_t *this, vpndiag_record_t *fields)
{
	agg_t *agg;

	this->last = NULL;
	this->next_check = 0;
	if (!fields)
	{
		while (this->aggs->remove_first(this->aggs, (void**)&agg) == SUCCESS)
		{
			agg_destroy(agg);
		}
		return;
	}
	agg = find(this, fields);
	if (agg)
	{
		this->aggs->remove(this->aggs, agg, NULL);
		agg_destroy(agg);
	}
}

METHOD(vpndiag_flood_t, set_threshold, void,
	private_vpndiag_flood_t *this, u_int threshold)
{
	this->threshold = threshold;
}

METHOD(vpndiag_flood_t, destroy, void,
	private_vpndiag_flood_t *this)
{
	forget(this, NULL);
	this->aggs->destroy(this->aggs);
	free(this);
}

/*
 * Described in header
 */
vpndiag_flood_t *vpndiag_flood_create(u_int threshold, u_int hold_ms)
{
	private_vpndiag_flood_t *this;

	INIT(this,
		.public = {
			.count = _count,
			.is_active = _is_active,
			.aggregate = _aggregate,
			.repeat = _repeat,
			.pending = _pending,
			.take = _take,
			.next_due = _next_due,
			.snapshot_taken = _snapshot_taken,
			.forget = _forget,
			.set_threshold = _set_threshold,
			.destroy = _destroy,
		},
		.threshold = threshold,
		.hold = hold_ms,
		.aggs = linked_list_create(),
	);
	return &this->public;
}
