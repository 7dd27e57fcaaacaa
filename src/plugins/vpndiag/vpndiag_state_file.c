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

#include "vpndiag_state_file.h"
#include "vpndiag_vici_msg.h"
#include "vpndiag_vici_record.h"

#include <library.h>
#include <collections/hashtable.h>

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

/** format version in the header */
#define STATE_VERSION "1"
/** largest state file read */
#define MAX_FILE (64 * 1024 * 1024)
/** most occurrences in one "add" segment (key "repeat"): a pending update
 * is written when it reaches this many, so that its "times" list covers
 * every occurrence and a segment stays small (VPNDIAG_VICI_MAX_SEGMENT) */
#define MAX_REPEAT VPNDIAG_MAX_DOWNS

typedef struct private_vpndiag_state_file_t private_vpndiag_state_file_t;
typedef struct pending_t pending_t;

/**
 * Updates of one stored record (repeats the store folded into it) not yet
 * written, see append().
 */
struct pending_t {
	/** the store's id of the record (the key: one id per fold key while
	 *  the record is held, vpndiag_store.c: add()) */
	uint64_t id;
	/** the newest occurrence, as the rules create it (count 1, first and
	 *  last its time, vpndiag_rules.c: new_record()) */
	vpndiag_record_t *record;
	/** occurrences since the last write, at most MAX_REPEAT */
	u_int repeat;
	/** the time of each of them, oldest first */
	uint64_t times[MAX_REPEAT];
	/** list in the order of the last update, oldest first */
	pending_t *prev, *next;
};

/**
 * Private data.
 */
struct private_vpndiag_state_file_t {
	vpndiag_state_file_t public;
	char *path;
	vpndiag_store_t *store;
	/** file open for appending, -1 if writing failed */
	int fd;
	/** <path>.lock, locked exclusively while we own the state file */
	int lock;
	/** the store's resets at the last snapshot */
	uint64_t resets;
	/** additions since the last snapshot, and the limit */
	u_int appended;
	u_int compact_after;
	/** pending updates: id => pending_t */
	hashtable_t *pending;
	/** the same, least recently updated first */
	pending_t *head, *tail;
	/** snapshots written */
	u_int snapshots;
};

/**
 * Hash of a record id (ids are sequential)
 */
static u_int hash_id(const void *key)
{
	uint64_t id = *(const uint64_t*)key;

	return (u_int)(id ^ (id >> 32));
}

/**
 * Compare record ids
 */
static bool equals_id(const void *key, const void *other)
{
	return *(const uint64_t*)key == *(const uint64_t*)other;
}

/**
 * Unlink a pending entry from the list
 */
static void pending_unlink(private_vpndiag_state_file_t *this, pending_t *p)
{
	if (p->prev)
	{
		p->prev->next = p->next;
	}
	else
	{
		this->head = p->next;
	}
	if (p->next)
	{
		p->next->prev = p->prev;
	}
	else
	{
		this->tail = p->prev;
	}
	p->prev = p->next = NULL;
}

/**
 * Put a pending entry at the end of the list
 */
static void pending_append(private_vpndiag_state_file_t *this, pending_t *p)
{
	p->prev = this->tail;
	p->next = NULL;
	if (this->tail)
	{
		this->tail->next = p;
	}
	else
	{
		this->head = p;
	}
	this->tail = p;
}

/**
 * Forget every pending update (written, or covered by a snapshot)
 */
static void pending_clear(private_vpndiag_state_file_t *this)
{
	pending_t *p;

	while (this->head)
	{
		p = this->head;
		pending_unlink(this, p);
		this->pending->remove(this->pending, &p->id);
		vpndiag_record_destroy(p->record);
		free(p);
	}
}

/**
 * Write a whole buffer
 */
static bool write_all(int fd, const uint8_t *data, size_t len)
{
	ssize_t n;

	while (len)
	{
		n = write(fd, data, len);
		if (n < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			return FALSE;
		}
		data += n;
		len -= n;
	}
	return TRUE;
}

/**
 * Finish a builder and write the segment
 */
static bool put(int fd, vpndiag_vici_builder_t *b)
{
	uint8_t *data;
	size_t len;
	bool ok;

	data = vpndiag_vici_finish(b, &len);
	if (!data)
	{	/* not encodable (cannot happen with bounded fields): skip */
		return TRUE;
	}
	ok = write_all(fd, data, len);
	free(data);
	return ok;
}

/**
 * Add a counters section
 */
static void put_counters(vpndiag_vici_builder_t *b, const char *name,
						 vpndiag_counters_t *counters)
{
	int i;

	vpndiag_vici_section(b, name);
	for (i = 1; i < VPNDIAG_CODE_MAX; i++)
	{
		if (counters->total[i])
		{
			vpndiag_vici_fmt(b, vpndiag_code_info(i)->id, "%llu",
							 (unsigned long long)counters->total[i]);
		}
	}
	vpndiag_vici_end_section(b);
}

/**
 * Put the failure counters of a connection (NULL: without one) as a section
 * of "<code_id>" or "<code_id>/<cause>" keys
 */
static void put_failures(vpndiag_vici_builder_t *b, vpndiag_store_t *store,
						 const char *name, const char *section)
{
	vpndiag_failures_t failures;

	if (store->get_failures(store, name, &failures))
	{
		vpndiag_vici_add_failures(b, section, &failures);
	}
}

/**
 * Write header, counters and records to an fd
 */
static bool write_snapshot(private_vpndiag_state_file_t *this, int fd)
{
	vpndiag_filter_t all = {};
	vpndiag_counters_t counters;
	vpndiag_vici_builder_t b;
	vpndiag_record_t *record;
	linked_list_t *list;
	char *conn;
	bool ok;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "vpndiag-state");
	vpndiag_vici_str(&b, "version", STATE_VERSION);
	ok = put(fd, &b);

	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "counters");
	this->store->get_counters(this->store, NULL, &counters);
	put_counters(&b, "global", &counters);
	vpndiag_vici_fmt(&b, "evicted", "%llu",
					 (unsigned long long)counters.evicted);
	vpndiag_vici_section(&b, "conns");
	list = this->store->list_conns(this->store);
	while (list->remove_first(list, (void**)&conn) == SUCCESS)
	{
		if (*conn && strlen(conn) < 256 &&
			this->store->get_counters(this->store, conn, &counters))
		{
			put_counters(&b, conn, &counters);
		}
		free(conn);
	}
	vpndiag_vici_end_section(&b);
	/* failures by code and cause (older files lack them) */
	put_failures(&b, this->store, NULL, "unattributed-failures");
	vpndiag_vici_section(&b, "failures");
	list->destroy(list);
	list = this->store->list_conns(this->store);
	while (list->remove_first(list, (void**)&conn) == SUCCESS)
	{
		if (*conn && strlen(conn) < 256)
		{
			put_failures(&b, this->store, conn, conn);
		}
		free(conn);
	}
	list->destroy(list);
	vpndiag_vici_end_section(&b);
	ok = ok && put(fd, &b);

	list = this->store->list(this->store, &all);
	while (list->remove_first(list, (void**)&record) == SUCCESS)
	{
		vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "record");
		vpndiag_vici_add_record_raw(&b, record);
		ok = ok && put(fd, &b);
		vpndiag_record_destroy(record);
	}
	list->destroy(list);
	return ok;
}

METHOD(vpndiag_state_file_t, snapshot, void,
	private_vpndiag_state_file_t *this)
{
	char tmp[PATH_MAX];
	int fd;

	/* the store holds every pending occurrence already (append() is called
	 * after store->add()): the snapshot covers them */
	pending_clear(this);
	if (this->fd < 0)
	{
		return;
	}
	this->resets = this->store->get_resets(this->store);
	snprintf(tmp, sizeof(tmp), "%s.tmp", this->path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || !write_snapshot(this, fd) || fsync(fd) != 0 ||
		rename(tmp, this->path) != 0)
	{
		DBG1(DBG_CFG, "vpndiag: writing state file %s failed: %s; history "
			 "will not survive a restart", tmp, strerror(errno));
		if (fd >= 0)
		{
			close(fd);
			unlink(tmp);
		}
		close(this->fd);
		this->fd = -1;
		return;
	}
	close(fd);
	close(this->fd);
	this->fd = open(this->path, O_WRONLY | O_APPEND | O_CLOEXEC);
	this->appended = 0;
	this->snapshots++;
}

/**
 * Whether the next write must be a snapshot: compaction, or a VICI client
 * reset the history (the file must not bring it back)
 */
static bool need_snapshot(private_vpndiag_state_file_t *this)
{
	return this->store->get_resets(this->store) != this->resets ||
		   this->appended >= this->compact_after;
}

/**
 * Append one encoded segment; a failed write closes the file (the history
 * then does not survive a restart, said once in charon's log)
 */
static void append_segment(private_vpndiag_state_file_t *this,
						   vpndiag_vici_builder_t *b)
{
	if (!put(this->fd, b))
	{
		DBG1(DBG_CFG, "vpndiag: appending to state file %s failed: %s; "
			 "history will not survive a restart", this->path,
			 strerror(errno));
		close(this->fd);
		this->fd = -1;
		return;
	}
	this->appended++;
}

/**
 * Append one "add" segment: a record and, for a pending update, how many
 * occurrences it stands for ("repeat", apply() adds it that many times) and
 * the time of each ("times", oldest first: the store keeps the time of
 * every disconnection for the flap count, vpndiag_store.c: add())
 */
static void write_add(private_vpndiag_state_file_t *this,
					  vpndiag_record_t *record, u_int repeat, uint64_t *times)
{
	vpndiag_vici_builder_t b;
	char num[24];
	u_int i;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "add");
	vpndiag_vici_add_record_raw(&b, record);
	if (repeat > 1)
	{	/* only then: a single occurrence is written as before the key */
		vpndiag_vici_u64(&b, "repeat", repeat);
		vpndiag_vici_list(&b, "times");
		for (i = 0; i < repeat; i++)
		{
			num[sizeof(num) - 1] = '\0';
			vpndiag_vici_item(&b, vpndiag_u64_digits(times[i],
											num + sizeof(num) - 1));
		}
		vpndiag_vici_end_list(&b);
	}
	append_segment(this, &b);
}

/**
 * Append the pending updates, least recently updated first (the order in
 * which the store moved their records to the end of its pools, so that
 * replaying them evicts as the run did), and forget them
 */
static void write_pending(private_vpndiag_state_file_t *this)
{
	vpndiag_record_t occurrence;
	pending_t *p;

	for (p = this->head; p && this->fd >= 0; p = p->next)
	{
		/* back to the occurrence as the rules created it: the store
		 * folded in the id, first and count of its record
		 * (vpndiag_store.c: add()), which replaying through add() sets
		 * again; were the record not in the store on replay (smaller caps
		 * after a restart), it starts as the first of these occurrences
		 * would have. A shallow copy: the record is the store's, shared
		 * (vpndiag_record_get()), and never modified */
		occurrence = *p->record;
		occurrence.count = 1;
		occurrence.first = occurrence.last;
		write_add(this, &occurrence, p->repeat, p->times);
	}
	pending_clear(this);
}

/**
 * Keep an update pending: the newest occurrence and the count
 */
static void pend(private_vpndiag_state_file_t *this, vpndiag_record_t *record)
{
	pending_t *p;

	/* kept as it is (shared with the store): write_pending() writes it as
	 * the occurrence the rules created */
	p = this->pending->get(this->pending, &record->id);
	if (p)
	{
		pending_unlink(this, p);
		vpndiag_record_destroy(p->record);
	}
	else
	{
		INIT(p,
			.id = record->id,
		);
		this->pending->put(this->pending, &p->id, p);
	}
	p->record = record;
	p->times[p->repeat++] = record->last;
	pending_append(this, p);
	if (p->repeat >= MAX_REPEAT)
	{
		write_pending(this);
	}
}

METHOD(vpndiag_state_file_t, append, void,
	private_vpndiag_state_file_t *this, vpndiag_record_t *record, bool is_new)
{
	if (this->fd < 0)
	{
		vpndiag_record_destroy(record);
		return;
	}
	if (need_snapshot(this))
	{	/* the store holds this record already: the snapshot has it */
		snapshot(this);
		vpndiag_record_destroy(record);
		return;
	}
	if (!is_new)
	{	/* issue 22: an update is kept and written at the next flush() with
		 * the other occurrences of the record since (~8 700 instructions
		 * per segment, docs/performance.md) */
		pend(this, record);
		return;
	}
	/* the pending updates came first: replaying them after the new record
	 * would evict other records than the run did */
	write_pending(this);
	if (this->fd >= 0)
	{
		write_add(this, record, 1, NULL);
	}
	vpndiag_record_destroy(record);
}

METHOD(vpndiag_state_file_t, flush, void,
	private_vpndiag_state_file_t *this)
{
	if (!this->head)
	{
		return;
	}
	if (this->fd >= 0 && need_snapshot(this))
	{
		snapshot(this);
		return;
	}
	write_pending(this);
}

METHOD(vpndiag_state_file_t, has_pending, bool,
	private_vpndiag_state_file_t *this)
{
	return this->head != NULL;
}

METHOD(vpndiag_state_file_t, append_aggregate, void,
	private_vpndiag_state_file_t *this, vpndiag_record_t *record,
	uint32_t occurrences)
{
	vpndiag_vici_builder_t b;

	if (this->fd < 0)
	{
		return;
	}
	if (need_snapshot(this))
	{	/* the snapshot holds the record and its occurrences */
		snapshot(this);
		return;
	}
	/* the pending updates came first (as for a new record, append()) */
	write_pending(this);
	if (this->fd < 0)
	{
		return;
	}
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "aggregate");
	vpndiag_vici_add_record_raw(&b, record);
	vpndiag_vici_fmt(&b, "occurrences", "%u", occurrences);
	append_segment(this, &b);
}

METHOD(vpndiag_state_file_t, get_snapshots, u_int,
	private_vpndiag_state_file_t *this)
{
	return this->snapshots;
}

/**
 * Restore the failure counters of a section ("<code_id>[/<cause>]" keys)
 */
static void apply_failures(private_vpndiag_state_file_t *this,
						   const char *conn, vpndiag_vici_node_t *sec)
{
	const vpndiag_code_info_t *info;
	vpndiag_vici_node_t *kv;
	char code[256], *cause;
	int slot;

	for (kv = sec ? sec->child : NULL; kv; kv = kv->next)
	{
		if (!kv->value)
		{
			continue;
		}
		snprintf(code, sizeof(code), "%s", kv->name);
		cause = strchr(code, '/');
		if (cause)
		{
			*cause++ = '\0';
		}
		info = vpndiag_code_lookup(code);
		slot = info ? vpndiag_failure_slot(info->code, cause) : -1;
		if (slot >= 0)
		{
			this->store->restore_failure(this->store, conn, slot,
										 strtoull(kv->value, NULL, 10));
		}
	}
}

/**
 * Replay an "add" segment through store->add(), which counts each call as
 * one occurrence: the record's count, the per-code counters (global and
 * the connection's) and the failure tallies (vpndiag_store.c: add()).
 * A segment of a coalesced update stands for "repeat" occurrences (1
 * without the key, as in files written before it) and lists the time of
 * each in "times": it is added that many times, each copy with its
 * occurrence's time, so that every count, and the times of disconnections
 * the store keeps for the flap count, come out as if each had its own
 * segment. FALSE if it is malformed.
 */
static bool apply_add(private_vpndiag_state_file_t *this,
					  vpndiag_vici_node_t *msg, u_int *records)
{
	vpndiag_vici_node_t *times, *item;
	vpndiag_record_t *record, *one, *copy;
	unsigned long long repeat = 1;
	const char *v;
	char *end;
	bool is_new;
	u_int i;

	record = vpndiag_vici_read_record(msg);
	if (!record)
	{
		return FALSE;
	}
	v = vpndiag_vici_get(msg, "repeat");
	times = vpndiag_vici_find(msg, "times", VPNDIAG_VICI_LIST_START);
	item = times ? times->child : NULL;
	if (v)
	{	/* we never write more than MAX_REPEAT: anything else is corrupt */
		errno = 0;
		repeat = strtoull(v, &end, 10);
		if (errno || *end || end == v || repeat < 1 || repeat > MAX_REPEAT)
		{
			vpndiag_record_destroy(record);
			return FALSE;
		}
	}
	for (i = 0; i < repeat; i++)
	{
		one = i + 1 < repeat ? vpndiag_record_clone(record) : record;
		if (item)
		{
			one->first = one->last = strtoull(item->value ?: "", NULL, 10);
			item = item->next;
		}
		copy = this->store->add(this->store, one, &is_new);
		vpndiag_record_destroy(copy);
		(*records)++;
	}
	return TRUE;
}

/**
 * Apply one segment; FALSE if it is malformed
 */
static bool apply(private_vpndiag_state_file_t *this, const char *name,
				  vpndiag_vici_node_t *msg, u_int *records)
{
	vpndiag_vici_node_t *sec, *conn, *kv;
	vpndiag_record_t *record;
	const vpndiag_code_info_t *info;

	if (streq(name, "record"))
	{
		record = vpndiag_vici_read_record(msg);
		if (!record)
		{
			return FALSE;
		}
		this->store->restore(this->store, record);
		(*records)++;
		return TRUE;
	}
	if (streq(name, "aggregate"))
	{	/* an aggregated record as it was, and its new occurrences */
		record = vpndiag_vici_read_record(msg);
		if (!record)
		{
			return FALSE;
		}
		this->store->put_aggregate(this->store, record, strtoul(
						vpndiag_vici_get(msg, "occurrences") ?: "1", NULL, 10));
		return TRUE;
	}
	if (streq(name, "add"))
	{
		return apply_add(this, msg, records);
	}
	if (streq(name, "counters"))
	{
		sec = vpndiag_vici_find(msg, "global", VPNDIAG_VICI_SECTION_START);
		for (kv = sec ? sec->child : NULL; kv; kv = kv->next)
		{
			info = vpndiag_code_lookup(kv->name);
			if (info && kv->value)
			{
				this->store->restore_counter(this->store, NULL, info->code,
											 strtoull(kv->value, NULL, 10));
			}
		}
		sec = vpndiag_vici_find(msg, "conns", VPNDIAG_VICI_SECTION_START);
		for (conn = sec ? sec->child : NULL; conn; conn = conn->next)
		{
			for (kv = conn->child; kv; kv = kv->next)
			{
				info = vpndiag_code_lookup(kv->name);
				if (info && kv->value)
				{
					this->store->restore_counter(this->store, conn->name,
							info->code, strtoull(kv->value, NULL, 10));
				}
			}
		}
		/* absent in files of earlier versions: those counters start at 0 */
		apply_failures(this, NULL, vpndiag_vici_find(msg,
							"unattributed-failures", VPNDIAG_VICI_SECTION_START));
		sec = vpndiag_vici_find(msg, "failures", VPNDIAG_VICI_SECTION_START);
		for (conn = sec ? sec->child : NULL; conn; conn = conn->next)
		{
			apply_failures(this, conn->name, conn);
		}
		if (vpndiag_vici_get(msg, "evicted"))
		{
			this->store->restore_evicted(this->store,
						strtoull(vpndiag_vici_get(msg, "evicted"), NULL, 10));
		}
		return TRUE;
	}
	return FALSE;
}

/**
 * Load the file; FALSE if it is corrupt
 */
static bool load(private_vpndiag_state_file_t *this, u_int *records, bool *partial)
{
	vpndiag_vici_node_t *msg;
	vpndiag_vici_op_t op;
	const uint8_t *body;
	const char *err;
	struct stat st;
	uint8_t *data;
	size_t pos = 0, len, seg, body_len;
	char name[256];
	bool ok = TRUE, first = TRUE;
	int fd;

	fd = open(this->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
	{
		return TRUE; /* no state yet */
	}
	if (fstat(fd, &st) != 0 || st.st_size > MAX_FILE)
	{
		close(fd);
		return FALSE;
	}
	len = st.st_size;
	data = malloc(len + 1);
	if (!data || read(fd, data, len) != (ssize_t)len)
	{
		free(data);
		close(fd);
		return FALSE;
	}
	close(fd);
	while (ok && pos < len)
	{
		if (len - pos < 4)
		{
			*partial = TRUE;
			break;
		}
		seg = ((size_t)data[pos] << 24) | (data[pos + 1] << 16) |
			  (data[pos + 2] << 8) | data[pos + 3];
		if (seg == 0 || seg > VPNDIAG_VICI_MAX_SEGMENT)
		{
			ok = FALSE;
			break;
		}
		if (len - pos - 4 < seg)
		{	/* the last write was cut short */
			*partial = TRUE;
			break;
		}
		if (!vpndiag_vici_packet(data + pos + 4, seg, &op, name, &body,
								 &body_len) || op != VPNDIAG_VICI_EVENT)
		{
			ok = FALSE;
			break;
		}
		msg = vpndiag_vici_parse(body, body_len, &err);
		if (!msg)
		{
			ok = FALSE;
			break;
		}
		if (first)
		{
			ok = streq(name, "vpndiag-state") &&
				 streq(vpndiag_vici_get(msg, "version") ?: "", STATE_VERSION);
			first = FALSE;
		}
		else
		{
			ok = apply(this, name, msg, records);
		}
		vpndiag_vici_free(msg);
		pos += 4 + seg;
	}
	free(data);
	return ok && !first;
}

METHOD(vpndiag_state_file_t, is_writable, bool,
	private_vpndiag_state_file_t *this)
{
	return this->fd >= 0;
}

/**
 * Give up the lock (if we hold it) and free the object; the state file
 * itself is left as it is
 */
static void release(private_vpndiag_state_file_t *this)
{
	if (this->lock >= 0)
	{
		close(this->lock); /* releases the lock */
	}
	pending_clear(this);
	this->pending->destroy(this->pending);
	free(this->path);
	free(this);
}

METHOD(vpndiag_state_file_t, destroy, void,
	private_vpndiag_state_file_t *this)
{
	/* the pending updates first: should the snapshot fail, the file has
	 * them anyway */
	flush(this);
	snapshot(this);
	if (this->fd >= 0)
	{
		close(this->fd);
	}
	release(this);
}

/**
 * Take the exclusive lock on <path>.lock without waiting, write our pid into
 * it. The lock file is separate because snapshots rename a new file over
 * the state file (a lock on the state file would stay on the old inode).
 * The kernel releases the lock when the process ends, even on SIGKILL.
 *
 * @return			the locked fd, -1 if another process holds the lock
 *					(logged), -2 if the lock file cannot be used (logged;
 *					the state file is used without the lock, as before)
 */
static int take_lock(const char *path)
{
	char lock[PATH_MAX], pid[32] = "";
	ssize_t len;
	int fd;

	snprintf(lock, sizeof(lock), "%s.lock", path);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
	{	/* a missing directory: opening the state file reports it */
		if (errno != ENOENT)
		{
			DBG1(DBG_CFG, "vpndiag: cannot open lock file %s: %s; not "
				 "checking whether another charon uses state file %s", lock,
				 strerror(errno), path);
		}
		return -2;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0)
	{
		if (errno == EWOULDBLOCK)
		{
			len = pread(fd, pid, sizeof(pid) - 1, 0);
			pid[len > 0 ? len : 0] = '\0';
			pid[strcspn(pid, "\n")] = '\0';
			DBG1(DBG_CFG, "vpndiag: state file %s is in use by another charon "
				 "(pid %s holds %s); this instance keeps its history in "
				 "memory only: give each charon its own "
				 "charon.plugins.vpndiag.state_file", path,
				 *pid ? pid : "unknown", lock);
			close(fd);
			return -1;
		}
		DBG1(DBG_CFG, "vpndiag: cannot lock %s: %s; not checking whether "
			 "another charon uses state file %s", lock, strerror(errno), path);
		close(fd);
		return -2;
	}
	len = snprintf(pid, sizeof(pid), "%d\n", getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, len, 0) != len)
	{	/* only the pid in the message of a second instance is lost */
		DBG2(DBG_CFG, "vpndiag: writing pid to %s failed", lock);
	}
	return fd;
}

/*
 * Described in header
 */
vpndiag_state_file_t *vpndiag_state_file_create(const char *path, vpndiag_store_t *store,
									  u_int compact_after)
{
	private_vpndiag_state_file_t *this;
	char aside[PATH_MAX];
	u_int records = 0;
	bool partial = FALSE;

	INIT(this,
		.public = {
			.append = _append,
			.flush = _flush,
			.has_pending = _has_pending,
			.append_aggregate = _append_aggregate,
			.get_snapshots = _get_snapshots,
			.snapshot = _snapshot,
			.is_writable = _is_writable,
			.destroy = _destroy,
		},
		.path = strdup(path),
		.store = store,
		.compact_after = max(compact_after, 1),
		.lock = take_lock(path),
		.pending = hashtable_create(hash_id, equals_id, 8),
	);
	if (this->lock == -1)
	{	/* another charon owns the file: do not read, write or set it aside */
		release(this);
		return NULL;
	}
	if (access(path, F_OK) == 0)
	{
		if (load(this, &records, &partial))
		{
			DBG1(DBG_CFG, "vpndiag: restored %u records and the counters from "
				 "%s%s", records, path, partial ? " (it ended in a partial "
				 "record, written when charon stopped in the middle of a "
				 "write; that record is lost)" : "");
		}
		else
		{
			snprintf(aside, sizeof(aside), "%s.corrupt", path);
			DBG1(DBG_CFG, "vpndiag: state file %s is corrupt, set aside as %s; "
				 "starting with an empty history", path,
				 rename(path, aside) == 0 ? aside : "(rename failed)");
			store->reset(store, NULL);
		}
	}
	/* a fresh snapshot: drops a partial tail, checks that we can write */
	this->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (this->fd < 0)
	{
		DBG1(DBG_CFG, "vpndiag: cannot write state file %s: %s; history will "
			 "not survive a restart", path, strerror(errno));
		release(this);
		return NULL;
	}
	snapshot(this);
	if (this->fd < 0)
	{
		release(this);
		return NULL;
	}
	return &this->public;
}
