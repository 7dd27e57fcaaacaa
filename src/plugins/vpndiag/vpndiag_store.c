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

#include "vpndiag_store.h"
#include "vpndiag_vici_msg.h"

#include <library.h>
#include <threading/mutex.h>
#include <collections/hashtable.h>

typedef struct private_vpndiag_store_t private_vpndiag_store_t;
typedef struct node_t node_t;
typedef struct pool_t pool_t;
typedef struct conn_t conn_t;

/**
 * Retention pools.
 */
enum {
	POOL_CONN = 0,
	POOL_UNATTRIBUTED,
	POOL_INFO,
	POOL_COUNT,
};

/**
 * A stored record, on its pool's list and (POOL_CONN) its connection's.
 */
struct node_t {
	vpndiag_record_t *record;
	/** folding key, owned */
	char *key;
	int pool;
	/** failure counter slot of its code and cause (aggregated records) */
	int slot;
	conn_t *conn;
	node_t *prev, *next;
	node_t *cprev, *cnext;
};

/**
 * Intrusive list of nodes, least recently updated first.
 */
struct pool_t {
	node_t *head, *tail;
	u_int count;
};

/**
 * Per-connection counters and records.
 */
struct conn_t {
	char *name;
	uint64_t total[VPNDIAG_CODE_MAX];
	vpndiag_failures_t failures;
	node_t *head, *tail;
	u_int count;
	/** copy of the latest failure (not evicted with the history) */
	vpndiag_record_t *last_failure;
	/** times of the latest disconnections, a ring */
	uint64_t downs[VPNDIAG_MAX_DOWNS];
	u_int ndowns;
};

/**
 * Forget a connection's status
 */
static void conn_clear_status(conn_t *conn)
{
	if (conn->last_failure)
	{
		vpndiag_record_destroy(conn->last_failure);
		conn->last_failure = NULL;
	}
	conn->ndowns = 0;
}

/**
 * Private data.
 */
struct private_vpndiag_store_t {
	vpndiag_store_t public;
	vpndiag_caps_t caps;
	pool_t pools[POOL_COUNT];
	/** key => node_t */
	hashtable_t *folds;
	/** connection name => conn_t */
	hashtable_t *conns;
	uint64_t total[VPNDIAG_CODE_MAX];
	/** failures without a connection */
	vpndiag_failures_t unattributed;
	uint64_t evicted;
	uint64_t next_id;
	/** resets so far */
	uint64_t resets;
	/** nodes removed so far (cursors hold node pointers) */
	uint64_t removals;
	/** the aggregated record found last, valid while removals is
	 *  agg_removals (repeat() runs for every failure of a flood) */
	node_t *agg_node;
	uint64_t agg_removals;
	mutex_t *mutex;
};

/*
 * Described in header
 */
int vpndiag_failure_slot(vpndiag_code_t code, const char *cause)
{
	const vpndiag_cause_info_t *info;

	if (code <= VPNDIAG_CODE_NONE || code >= VPNDIAG_CODE_MAX)
	{
		return -1;
	}
	info = cause ? vpndiag_cause_lookup(cause, code) : NULL;
	if (info)
	{
		return info->cause;
	}
	return VPNDIAG_CAUSE_MAX + code;
}

/*
 * Described in header
 */
vpndiag_code_t vpndiag_failure_slot_info(int slot, const char **cause)
{
	const vpndiag_cause_info_t *info;

	*cause = "";
	if (slot >= VPNDIAG_CAUSE_MAX && slot < VPNDIAG_FAILURE_SLOTS)
	{
		return slot - VPNDIAG_CAUSE_MAX;
	}
	info = slot >= 0 ? vpndiag_cause_info(slot) : NULL;
	if (!info || !vpndiag_cause_is_primary(info))
	{
		return VPNDIAG_CODE_NONE;
	}
	*cause = info->id;
	return info->code;
}

static void pool_unlink(pool_t *pool, node_t *node)
{
	if (node->prev)
	{
		node->prev->next = node->next;
	}
	else
	{
		pool->head = node->next;
	}
	if (node->next)
	{
		node->next->prev = node->prev;
	}
	else
	{
		pool->tail = node->prev;
	}
	node->prev = node->next = NULL;
	pool->count--;
}

static void pool_append(pool_t *pool, node_t *node)
{
	node->prev = pool->tail;
	node->next = NULL;
	if (pool->tail)
	{
		pool->tail->next = node;
	}
	else
	{
		pool->head = node;
	}
	pool->tail = node;
	pool->count++;
}

static void conn_unlink(conn_t *conn, node_t *node)
{
	if (node->cprev)
	{
		node->cprev->cnext = node->cnext;
	}
	else
	{
		conn->head = node->cnext;
	}
	if (node->cnext)
	{
		node->cnext->cprev = node->cprev;
	}
	else
	{
		conn->tail = node->cprev;
	}
	node->cprev = node->cnext = NULL;
	conn->count--;
}

static void conn_append(conn_t *conn, node_t *node)
{
	node->cprev = conn->tail;
	node->cnext = NULL;
	if (conn->tail)
	{
		conn->tail->cnext = node;
	}
	else
	{
		conn->head = node;
	}
	conn->tail = node;
	conn->count++;
}

/**
 * Remove a node from everything and free it
 */
static void remove_node(private_vpndiag_store_t *this, node_t *node)
{
	pool_unlink(&this->pools[node->pool], node);
	if (node->pool == POOL_CONN && node->conn)
	{
		conn_unlink(node->conn, node);
	}
	this->folds->remove(this->folds, node->key);
	this->removals++;
	vpndiag_record_destroy(node->record);
	free(node->key);
	free(node);
}

/**
 * Evict the least recently updated records until every cap holds
 */
static void enforce_caps(private_vpndiag_store_t *this, conn_t *conn,
						 bool all_conns)
{
	u_int caps[POOL_COUNT] = {
		[POOL_CONN] = this->caps.max_records,
		[POOL_UNATTRIBUTED] = this->caps.max_unattributed,
		[POOL_INFO] = this->caps.max_info,
	};
	enumerator_t *enumerator;
	int i;

	if (conn)
	{
		while (conn->count > this->caps.per_conn)
		{
			remove_node(this, conn->head);
			this->evicted++;
		}
	}
	else if (all_conns)
	{	/* after a cap change: every connection */
		enumerator = this->conns->create_enumerator(this->conns);
		while (enumerator->enumerate(enumerator, NULL, &conn))
		{
			while (conn->count > this->caps.per_conn)
			{
				remove_node(this, conn->head);
				this->evicted++;
			}
		}
		enumerator->destroy(enumerator);
	}
	for (i = 0; i < POOL_COUNT; i++)
	{
		while (this->pools[i].count > caps[i])
		{
			remove_node(this, this->pools[i].head);
			this->evicted++;
		}
	}
}

/**
 * Get or create the counters of a connection
 */
static conn_t *get_conn(private_vpndiag_store_t *this, const char *name)
{
	conn_t *conn;

	conn = this->conns->get(this->conns, name);
	if (!conn)
	{
		INIT(conn,
			.name = strdup(name),
		);
		this->conns->put(this->conns, conn->name, conn);
	}
	return conn;
}

/**
 * Remote address without the port
 */
static void remote_addr(const char *remote, char *buf, size_t len)
{
	char *bracket;
	size_t n;

	/* a bounded copy as snprintf("%s") did, without its ~900 instructions
	 * in charon (issue 22: once per record stored) */
	n = remote ? strnlen(remote, len - 1) : 0;
	memcpy(buf, remote ?: "", n);
	buf[n] = '\0';
	bracket = strrchr(buf, '[');
	if (bracket && bracket != buf)
	{
		*bracket = '\0';
	}
}

static char *fold_key(vpndiag_record_t *record)
{
	const char *parts[4];
	char addr[128], num[24], *key, *pos;
	int64_t code = record->code;
	size_t len[4], total = 0;
	int i;

	/* "%d|%s|%s|%s" of code, cause, conn and address, by hand: asprintf()
	 * cost ~3 500 instructions in charon (libstrongswan's printf hooks,
	 * docs/performance.md), once per record the worker stores */
	remote_addr(record->remote, addr, sizeof(addr));
	parts[0] = vpndiag_u64_digits(code < 0 ? -(uint64_t)code : (uint64_t)code,
								  num + sizeof(num));
	if (code < 0)
	{
		*(char*)--parts[0] = '-';
	}
	len[0] = num + sizeof(num) - parts[0];
	parts[1] = record->cause ?: "";
	parts[2] = record->conn ?: "";
	parts[3] = addr;
	if (record->sources && !record->conn)
	{	/* an aggregated record (vpndiag_flood.h): by code and cause, the
		 * address left out; "*" and its first occurrence (no address
		 * starts with "*"), so that a daemon run starts its own */
		char digits[24];

		addr[0] = '*';
		pos = vpndiag_u64_digits(record->first, digits + sizeof(digits));
		len[3] = digits + sizeof(digits) - pos;
		memcpy(addr + 1, pos, len[3]);
		addr[len[3] + 1] = '\0';
	}
	for (i = 1; i < 4; i++)
	{
		len[i] = strlen(parts[i]);
	}
	for (i = 0; i < 4; i++)
	{
		total += len[i] + 1;
	}
	key = malloc(total);
	if (!key)
	{
		return NULL;
	}
	for (pos = key, i = 0; i < 4; i++)
	{
		memcpy(pos, parts[i], len[i]);
		pos += len[i];
		*pos++ = i < 3 ? '|' : '\0';
	}
	return key;
}

METHOD(vpndiag_store_t, add, vpndiag_record_t*,
	private_vpndiag_store_t *this, vpndiag_record_t *record, bool *is_new)
{
	vpndiag_record_t *copy;
	node_t *node;
	conn_t *conn = NULL;
	char *key;
	int slot;

	key = fold_key(record);
	if (!key)
	{
		vpndiag_record_destroy(record);
		return NULL;
	}
	slot = record->severity == VPNDIAG_SEV_INFO ? -1 :
			vpndiag_failure_slot(record->code, record->cause);
	this->mutex->lock(this->mutex);
	if (record->code > VPNDIAG_CODE_NONE && record->code < VPNDIAG_CODE_MAX)
	{
		this->total[record->code]++;
		if (record->conn)
		{
			conn = get_conn(this, record->conn);
			conn->total[record->code]++;
		}
		if (slot >= 0)
		{
			(conn ? &conn->failures : &this->unattributed)->count[slot]++;
		}
	}
	node = this->folds->get(this->folds, key);
	if (node)
	{	/* a repeat: fold, keep the newest details */
		record->id = node->record->id;
		record->first = node->record->first;
		record->count = node->record->count + 1;
		vpndiag_record_destroy(node->record);
		node->record = record;
		pool_unlink(&this->pools[node->pool], node);
		pool_append(&this->pools[node->pool], node);
		if (node->conn)
		{
			conn_unlink(node->conn, node);
			conn_append(node->conn, node);
		}
		free(key);
		*is_new = FALSE;
	}
	else
	{
		record->id = ++this->next_id;
		INIT(node,
			.record = record,
			.key = key,
			.slot = slot,
		);
		if (record->severity == VPNDIAG_SEV_INFO)
		{
			node->pool = POOL_INFO;
		}
		else if (record->conn)
		{
			node->pool = POOL_CONN;
			node->conn = conn;
			conn_append(conn, node);
		}
		else
		{
			node->pool = POOL_UNATTRIBUTED;
		}
		pool_append(&this->pools[node->pool], node);
		this->folds->put(this->folds, node->key, node);
		*is_new = TRUE;
	}
	/* the stored record is not modified any more (a fold replaces it):
	 * the caller shares it instead of a deep copy (issue 22: the clone and
	 * its destroy cost ~1 900 instructions per record) */
	copy = vpndiag_record_get(record);
	if (conn && record->severity != VPNDIAG_SEV_INFO)
	{	/* status: the latest failure (with its id) and when it went down */
		if (conn->last_failure)
		{
			vpndiag_record_destroy(conn->last_failure);
		}
		conn->last_failure = vpndiag_record_clone(record);
		if (record->category == VPNDIAG_CAT_DISCONNECTION)
		{
			conn->downs[conn->ndowns++ % VPNDIAG_MAX_DOWNS] = record->last;
		}
	}
	enforce_caps(this, node->pool == POOL_CONN ? node->conn : NULL, FALSE);
	this->mutex->unlock(this->mutex);
	return copy;
}

/**
 * Count occurrences of an unattributed failure of a code and cause; call
 * with the mutex held
 */
static void count_unattributed(private_vpndiag_store_t *this,
							   vpndiag_record_t *record, int slot,
							   uint64_t n)
{
	this->total[record->code] += n;
	if (slot >= 0)
	{
		this->unattributed.count[slot] += n;
	}
}

/**
 * The stored aggregated record a record names, with its key; NULL if none
 * (call with the mutex held)
 */
static node_t *find_aggregate(private_vpndiag_store_t *this,
							  vpndiag_record_t *record)
{
	vpndiag_record_t *cached;
	node_t *node;
	char *key;

	if (!record->sources || record->conn || record->code <= VPNDIAG_CODE_NONE ||
		record->code >= VPNDIAG_CODE_MAX)
	{
		return NULL;
	}
	if (this->agg_node && this->agg_removals == this->removals)
	{	/* the same key: code, cause and first of an aggregated record */
		cached = this->agg_node->record;
		if (cached->code == record->code && cached->first == record->first &&
			cached->sources && !cached->conn &&
			streq(cached->cause ?: "", record->cause ?: ""))
		{
			return this->agg_node;
		}
	}
	key = fold_key(record);
	node = key ? this->folds->get(this->folds, key) : NULL;
	free(key);
	if (node)
	{
		this->agg_node = node;
		this->agg_removals = this->removals;
	}
	return node;
}

METHOD(vpndiag_store_t, repeat, bool,
	private_vpndiag_store_t *this, vpndiag_record_t *key, uint64_t time)
{
	vpndiag_record_t *record;
	node_t *node;

	this->mutex->lock(this->mutex);
	node = find_aggregate(this, key);
	if (!node)
	{
		this->mutex->unlock(this->mutex);
		return FALSE;
	}
	/* the node's record may be shared (add() hands out references):
	 * modify an own copy */
	record = node->record = vpndiag_record_unshare(node->record);
	record->count++;
	record->last = max(record->last, time);
	count_unattributed(this, record, node->slot, 1);
	pool_unlink(&this->pools[node->pool], node);
	pool_append(&this->pools[node->pool], node);
	this->mutex->unlock(this->mutex);
	return TRUE;
}

METHOD(vpndiag_store_t, refresh, vpndiag_record_t*,
	private_vpndiag_store_t *this, vpndiag_record_t *fields)
{
	vpndiag_record_t *record, *copy = NULL;
	node_t *node;
	int i;

	this->mutex->lock(this->mutex);
	node = find_aggregate(this, fields);
	if (node)
	{	/* see repeat() */
		record = node->record = vpndiag_record_unshare(node->record);
		if (fields->remote)
		{
			vpndiag_record_set(&record->remote, fields->remote);
		}
		record->sources = fields->sources;
		record->sources_capped = fields->sources_capped;
		for (i = 0; i <= VPNDIAG_SOURCES_LAST; i++)
		{
			free(record->sources_last[i]);
			record->sources_last[i] = fields->sources_last[i] ?
									  strdup(fields->sources_last[i]) : NULL;
		}
		copy = vpndiag_record_clone(record);
	}
	this->mutex->unlock(this->mutex);
	return copy;
}

METHOD(vpndiag_store_t, put_aggregate, void,
	private_vpndiag_store_t *this, vpndiag_record_t *record,
	uint32_t occurrences)
{
	node_t *node;
	char *key;

	if (!record->sources || record->conn ||
		record->severity == VPNDIAG_SEV_INFO ||
		record->code <= VPNDIAG_CODE_NONE || record->code >= VPNDIAG_CODE_MAX)
	{
		vpndiag_record_destroy(record);
		return;
	}
	key = fold_key(record);
	if (!key)
	{
		vpndiag_record_destroy(record);
		return;
	}
	this->mutex->lock(this->mutex);
	node = this->folds->get(this->folds, key);
	if (node)
	{
		free(key);
		vpndiag_record_destroy(node->record);
		node->record = record;
		pool_unlink(&this->pools[node->pool], node);
	}
	else
	{
		INIT(node,
			.record = record,
			.key = key,
			.pool = POOL_UNATTRIBUTED,
			.slot = vpndiag_failure_slot(record->code, record->cause),
		);
		this->folds->put(this->folds, node->key, node);
	}
	this->next_id = max(this->next_id, record->id);
	count_unattributed(this, record, node->slot, occurrences);
	pool_append(&this->pools[node->pool], node);
	enforce_caps(this, NULL, FALSE);
	this->mutex->unlock(this->mutex);
}

/**
 * Check a record against a filter
 */
static bool matches(vpndiag_record_t *record, vpndiag_filter_t *filter)
{
	char addr[128], want[128];

	if (filter->conn)
	{
		if (streq(filter->conn, "-") ? record->conn != NULL :
			!record->conn || !streq(filter->conn, record->conn))
		{
			return FALSE;
		}
	}
	if (filter->remote)
	{
		remote_addr(record->remote, addr, sizeof(addr));
		remote_addr(filter->remote, want, sizeof(want));
		if (!streq(addr, want))
		{
			return FALSE;
		}
	}
	if (filter->remote_id &&
		(!record->remote_id || !streq(filter->remote_id, record->remote_id)))
	{
		return FALSE;
	}
	if (filter->code && filter->code != record->code)
	{
		return FALSE;
	}
	if (filter->since && record->last < filter->since)
	{
		return FALSE;
	}
	return TRUE;
}

/**
 * Sort nodes by record id
 */
static int cmp_id(const void *a, const void *b)
{
	const vpndiag_record_t *ra = (*(node_t**)a)->record;
	const vpndiag_record_t *rb = (*(node_t**)b)->record;

	return ra->id < rb->id ? -1 : ra->id > rb->id;
}

/**
 * The nodes matching a filter with an id in (after, upto], oldest first,
 * limit applied; call with the mutex held
 *
 * @param count		receives the number of nodes
 * @return			array of the stored nodes (caller frees the array)
 */
static node_t **collect(private_vpndiag_store_t *this,
						vpndiag_filter_t *filter, uint64_t after,
						uint64_t upto, u_int *count)
{
	vpndiag_filter_t all = {};
	node_t *node, **found;
	u_int n = 0, total, i, start = 0;

	filter = filter ?: &all;
	total = this->pools[POOL_CONN].count + this->pools[POOL_UNATTRIBUTED].count +
			this->pools[POOL_INFO].count;
	found = calloc(total + 1, sizeof(*found));
	for (i = 0; i < POOL_COUNT; i++)
	{
		for (node = this->pools[i].head; node; node = node->next)
		{
			if (node->record->id > after && node->record->id <= upto &&
				matches(node->record, filter))
			{
				found[n++] = node;
			}
		}
	}
	/* the pools are mostly in id order already (a record moves only when
	 * it repeats): sort only if they are not */
	for (i = 1; i < n && found[i - 1]->record->id < found[i]->record->id; i++)
	{
	}
	if (i < n)
	{
		qsort(found, n, sizeof(*found), cmp_id);
	}
	if (filter->limit && n > filter->limit)
	{
		start = n - filter->limit;
		memmove(found, found + start, filter->limit * sizeof(*found));
		n = filter->limit;
	}
	*count = n;
	return found;
}

METHOD(vpndiag_store_t, list, linked_list_t*,
	private_vpndiag_store_t *this, vpndiag_filter_t *filter)
{
	linked_list_t *list;
	node_t **found;
	u_int count, i;

	list = linked_list_create();
	this->mutex->lock(this->mutex);
	found = collect(this, filter, 0, UINT64_MAX, &count);
	for (i = 0; i < count; i++)
	{
		list->insert_last(list, vpndiag_record_clone(found[i]->record));
	}
	this->mutex->unlock(this->mutex);
	free(found);
	return list;
}

/**
 * A listing in progress
 */
struct vpndiag_cursor_t {
	/** the filter (without limit), strings owned */
	vpndiag_filter_t filter;
	/** matching nodes when collected, and the next one */
	node_t **nodes;
	u_int count, pos;
	/** removals when collected (else the nodes may be gone) */
	uint64_t removals;
	/** id of the last record visited, highest id listed */
	uint64_t last, upto;
};

static char *strdup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

METHOD(vpndiag_store_t, open_cursor, vpndiag_cursor_t*,
	private_vpndiag_store_t *this, vpndiag_filter_t *filter)
{
	vpndiag_filter_t all = {};
	vpndiag_cursor_t *cursor;

	filter = filter ?: &all;
	INIT(cursor,
		.filter = {
			.conn = strdup_or_null(filter->conn),
			.remote = strdup_or_null(filter->remote),
			.remote_id = strdup_or_null(filter->remote_id),
			.code = filter->code,
			.since = filter->since,
			.limit = filter->limit,
		},
	);
	this->mutex->lock(this->mutex);
	cursor->nodes = collect(this, &cursor->filter, 0, UINT64_MAX,
							&cursor->count);
	cursor->removals = this->removals;
	/* what the limit selected now; later records are not listed */
	cursor->upto = this->next_id;
	if (cursor->count)
	{
		cursor->last = cursor->nodes[0]->record->id - 1;
	}
	cursor->filter.limit = 0;
	this->mutex->unlock(this->mutex);
	return cursor;
}

/**
 * Hide the heap's latency from a listing: the node three records ahead of
 * the cursor, the record two ahead (its node came one round earlier), the
 * strings of the next one (its record came one round earlier)
 */
static inline void prefetch_ahead(vpndiag_cursor_t *cursor)
{
	vpndiag_record_t *next;
	u_int pos = cursor->pos, i;

	if (pos + 3 < cursor->count)
	{
		__builtin_prefetch(cursor->nodes[pos + 3]);
	}
	if (pos + 2 < cursor->count)
	{
		next = cursor->nodes[pos + 2]->record;
		for (i = 0; i < sizeof(*next); i += 64)
		{
			__builtin_prefetch((char*)next + i);
		}
	}
	if (pos + 1 < cursor->count)
	{
		vpndiag_record_prefetch(cursor->nodes[pos + 1]->record);
	}
}

METHOD(vpndiag_store_t, read_cursor, u_int,
	private_vpndiag_store_t *this, vpndiag_cursor_t *cursor,
	bool (*cb)(void *data, vpndiag_record_t *record), void *data)
{
	vpndiag_record_t *record;
	u_int n = 0;

	this->mutex->lock(this->mutex);
	if (cursor->removals != this->removals && cursor->pos < cursor->count)
	{	/* records went away: collect the rest again */
		free(cursor->nodes);
		cursor->nodes = collect(this, &cursor->filter, cursor->last,
								cursor->upto, &cursor->count);
		cursor->pos = 0;
		cursor->removals = this->removals;
	}
	while (cursor->pos < cursor->count)
	{
		prefetch_ahead(cursor);
		record = cursor->nodes[cursor->pos++]->record;
		cursor->last = record->id;
		n++;
		if (!cb(data, record))
		{
			break;
		}
	}
	this->mutex->unlock(this->mutex);
	return n;
}

METHOD(vpndiag_store_t, close_cursor, void,
	private_vpndiag_store_t *this, vpndiag_cursor_t *cursor)
{
	if (cursor)
	{
		free((char*)cursor->filter.conn);
		free((char*)cursor->filter.remote);
		free((char*)cursor->filter.remote_id);
		free(cursor->nodes);
		free(cursor);
	}
}

METHOD(vpndiag_store_t, get_counters, bool,
	private_vpndiag_store_t *this, const char *name,
	vpndiag_counters_t *counters)
{
	conn_t *conn;
	bool found = TRUE;

	memset(counters, 0, sizeof(*counters));
	this->mutex->lock(this->mutex);
	if (name)
	{
		conn = this->conns->get(this->conns, name);
		if (conn)
		{
			memcpy(counters->total, conn->total, sizeof(conn->total));
			counters->records = conn->count;
		}
		else
		{
			found = FALSE;
		}
	}
	else
	{
		memcpy(counters->total, this->total, sizeof(this->total));
		counters->evicted = this->evicted;
		counters->records = this->pools[POOL_CONN].count +
							this->pools[POOL_UNATTRIBUTED].count +
							this->pools[POOL_INFO].count;
	}
	this->mutex->unlock(this->mutex);
	return found;
}

METHOD(vpndiag_store_t, get_failures, bool,
	private_vpndiag_store_t *this, const char *name,
	vpndiag_failures_t *failures)
{
	conn_t *conn;
	bool found = TRUE;

	this->mutex->lock(this->mutex);
	if (name)
	{
		conn = this->conns->get(this->conns, name);
		if (conn)
		{
			*failures = conn->failures;
		}
		else
		{
			memset(failures, 0, sizeof(*failures));
			found = FALSE;
		}
	}
	else
	{
		*failures = this->unattributed;
	}
	this->mutex->unlock(this->mutex);
	return found;
}

METHOD(vpndiag_store_t, restore_failure, void,
	private_vpndiag_store_t *this, const char *name, int slot, uint64_t value)
{
	const char *cause;

	if (vpndiag_failure_slot_info(slot, &cause) == VPNDIAG_CODE_NONE)
	{
		return;
	}
	this->mutex->lock(this->mutex);
	if (name)
	{
		get_conn(this, name)->failures.count[slot] = value;
	}
	else
	{
		this->unattributed.count[slot] = value;
	}
	this->mutex->unlock(this->mutex);
}

METHOD(vpndiag_store_t, restore_evicted, void,
	private_vpndiag_store_t *this, uint64_t evicted)
{
	this->mutex->lock(this->mutex);
	this->evicted = evicted;
	this->mutex->unlock(this->mutex);
}

METHOD(vpndiag_store_t, get_resets, uint64_t,
	private_vpndiag_store_t *this)
{
	uint64_t resets;

	this->mutex->lock(this->mutex);
	resets = this->resets;
	this->mutex->unlock(this->mutex);
	return resets;
}

METHOD(vpndiag_store_t, restore, void,
	private_vpndiag_store_t *this, vpndiag_record_t *record)
{
	conn_t *conn = NULL;
	node_t *node;
	char *key;

	key = fold_key(record);
	if (!key || record->code <= VPNDIAG_CODE_NONE ||
		record->code >= VPNDIAG_CODE_MAX)
	{
		free(key);
		vpndiag_record_destroy(record);
		return;
	}
	this->mutex->lock(this->mutex);
	if (this->folds->get(this->folds, key))
	{
		this->mutex->unlock(this->mutex);
		free(key);
		vpndiag_record_destroy(record);
		return;
	}
	this->next_id = max(this->next_id, record->id);
	INIT(node,
		.record = record,
		.key = key,
		.slot = record->severity == VPNDIAG_SEV_INFO ? -1 :
				vpndiag_failure_slot(record->code, record->cause),
	);
	if (record->conn)
	{
		conn = get_conn(this, record->conn);
	}
	if (record->severity == VPNDIAG_SEV_INFO)
	{
		node->pool = POOL_INFO;
	}
	else if (conn)
	{
		node->pool = POOL_CONN;
		node->conn = conn;
		conn_append(conn, node);
		if (!conn->last_failure || conn->last_failure->last <= record->last)
		{
			if (conn->last_failure)
			{
				vpndiag_record_destroy(conn->last_failure);
			}
			conn->last_failure = vpndiag_record_clone(record);
		}
		if (record->category == VPNDIAG_CAT_DISCONNECTION)
		{
			conn->downs[conn->ndowns++ % VPNDIAG_MAX_DOWNS] = record->last;
		}
	}
	else
	{
		node->pool = POOL_UNATTRIBUTED;
	}
	pool_append(&this->pools[node->pool], node);
	this->folds->put(this->folds, node->key, node);
	enforce_caps(this, node->pool == POOL_CONN ? node->conn : NULL, FALSE);
	this->mutex->unlock(this->mutex);
}

METHOD(vpndiag_store_t, restore_counter, void,
	private_vpndiag_store_t *this, const char *name, vpndiag_code_t code,
	uint64_t value)
{
	if (code <= VPNDIAG_CODE_NONE || code >= VPNDIAG_CODE_MAX)
	{
		return;
	}
	this->mutex->lock(this->mutex);
	if (name)
	{
		get_conn(this, name)->total[code] = value;
	}
	else
	{
		this->total[code] = value;
	}
	this->mutex->unlock(this->mutex);
}

METHOD(vpndiag_store_t, get_last_failure, vpndiag_record_t*,
	private_vpndiag_store_t *this, const char *name, uint64_t since,
	u_int *downs)
{
	vpndiag_record_t *last = NULL;
	conn_t *conn;
	u_int i, n;

	*downs = 0;
	this->mutex->lock(this->mutex);
	conn = this->conns->get(this->conns, name);
	if (conn)
	{
		n = min(conn->ndowns, VPNDIAG_MAX_DOWNS);
		for (i = 0; i < n; i++)
		{
			if (conn->downs[i] >= since)
			{
				(*downs)++;
			}
		}
		if (conn->last_failure)
		{
			last = vpndiag_record_clone(conn->last_failure);
		}
	}
	this->mutex->unlock(this->mutex);
	return last;
}

METHOD(vpndiag_store_t, list_conns, linked_list_t*,
	private_vpndiag_store_t *this)
{
	enumerator_t *enumerator;
	linked_list_t *list;
	conn_t *conn;

	list = linked_list_create();
	this->mutex->lock(this->mutex);
	enumerator = this->conns->create_enumerator(this->conns);
	while (enumerator->enumerate(enumerator, NULL, &conn))
	{
		list->insert_last(list, strdup(conn->name));
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	return list;
}

/**
 * Remove all nodes of a pool matching a connection (NULL: all)
 */
static void reset_pool(private_vpndiag_store_t *this, pool_t *pool,
					   const char *name)
{
	node_t *node, *next;

	for (node = pool->head; node; node = next)
	{
		next = node->next;
		if (!name ||
			(node->record->conn && streq(node->record->conn, name)))
		{
			remove_node(this, node);
		}
	}
}

METHOD(vpndiag_store_t, reset, void,
	private_vpndiag_store_t *this, const char *name)
{
	conn_t *conn;
	int i;

	this->mutex->lock(this->mutex);
	this->resets++;
	for (i = 0; i < POOL_COUNT; i++)
	{
		reset_pool(this, &this->pools[i], name);
	}
	if (name)
	{
		conn = this->conns->get(this->conns, name);
		if (conn)
		{
			for (i = 0; i < VPNDIAG_CODE_MAX; i++)
			{
				this->total[i] -= min(this->total[i], conn->total[i]);
			}
			memset(conn->total, 0, sizeof(conn->total));
			memset(&conn->failures, 0, sizeof(conn->failures));
			conn_clear_status(conn);
		}
	}
	else
	{
		memset(this->total, 0, sizeof(this->total));
		memset(&this->unattributed, 0, sizeof(this->unattributed));
		this->evicted = 0;
		enumerator_t *enumerator;

		enumerator = this->conns->create_enumerator(this->conns);
		while (enumerator->enumerate(enumerator, NULL, &conn))
		{
			memset(conn->total, 0, sizeof(conn->total));
			memset(&conn->failures, 0, sizeof(conn->failures));
			conn_clear_status(conn);
		}
		enumerator->destroy(enumerator);
	}
	this->mutex->unlock(this->mutex);
}

METHOD(vpndiag_store_t, set_caps, void,
	private_vpndiag_store_t *this, vpndiag_caps_t *caps)
{
	this->mutex->lock(this->mutex);
	this->caps = *caps;
	enforce_caps(this, NULL, TRUE);
	this->mutex->unlock(this->mutex);
}

METHOD(vpndiag_store_t, destroy, void,
	private_vpndiag_store_t *this)
{
	enumerator_t *enumerator;
	conn_t *conn;
	int i;

	for (i = 0; i < POOL_COUNT; i++)
	{
		reset_pool(this, &this->pools[i], NULL);
	}
	enumerator = this->conns->create_enumerator(this->conns);
	while (enumerator->enumerate(enumerator, NULL, &conn))
	{
		conn_clear_status(conn);
		free(conn->name);
		free(conn);
	}
	enumerator->destroy(enumerator);
	this->conns->destroy(this->conns);
	this->folds->destroy(this->folds);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
vpndiag_store_t *vpndiag_store_create(vpndiag_caps_t *caps)
{
	private_vpndiag_store_t *this;

	INIT(this,
		.public = {
			.add = _add,
			.repeat = _repeat,
			.refresh = _refresh,
			.put_aggregate = _put_aggregate,
			.list = _list,
			.open_cursor = _open_cursor,
			.read_cursor = _read_cursor,
			.close_cursor = _close_cursor,
			.get_counters = _get_counters,
			.get_failures = _get_failures,
			.restore_failure = _restore_failure,
			.restore_evicted = _restore_evicted,
			.list_conns = _list_conns,
			.get_last_failure = _get_last_failure,
			.restore = _restore,
			.get_resets = _get_resets,
			.restore_counter = _restore_counter,
			.reset = _reset,
			.set_caps = _set_caps,
			.destroy = _destroy,
		},
		.caps = *caps,
		.folds = hashtable_create(hashtable_hash_str, hashtable_equals_str, 64),
		.conns = hashtable_create(hashtable_hash_str, hashtable_equals_str, 16),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}
