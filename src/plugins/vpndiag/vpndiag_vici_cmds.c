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

#include "vpndiag_vici_cmds.h"
#include "vpndiag_vici_record.h"
#include "vpndiag_profiles.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdarg.h>
#include <time.h>

/*
 * Described in header
 */
void vpndiag_vici_error(vpndiag_vici_builder_t *response, const char *fmt, ...)
{
	char msg[512], esc[4 * sizeof(msg)];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	vpndiag_vici_str(response, "success", "no");
	/* arguments are echoed: keep them one line */
	vpndiag_vici_str(response, "errmsg",
					 vpndiag_escape_mode(msg, esc, sizeof(esc), FALSE));
}

/*
 * Described in header
 */
bool vpndiag_vici_check_args(vpndiag_vici_node_t *request,
							 const char *known[],
							 vpndiag_vici_builder_t *response)
{
	vpndiag_vici_node_t *node;
	int i;

	for (node = request->child; node; node = node->next)
	{
		for (i = 0; known[i]; i++)
		{
			if (streq(node->name, known[i]))
			{
				break;
			}
		}
		if (!known[i])
		{
			vpndiag_vici_error(response, "unknown argument '%s'", node->name);
			return FALSE;
		}
		if (node->type != VPNDIAG_VICI_KEY_VALUE)
		{
			vpndiag_vici_error(response, "argument '%s' must be a key/value",
							   node->name);
			return FALSE;
		}
		if (strlen(node->value) != node->len)
		{
			vpndiag_vici_error(response, "argument '%s' contains a NUL byte",
							   node->name);
			return FALSE;
		}
	}
	return TRUE;
}

/*
 * Described in header
 */
bool vpndiag_vici_parse_time(const char *value, uint64_t *ms)
{
	struct tm tm = {};
	unsigned long long secs;
	int frac = 0, n = 0, digits, off_h, off_m;
	const char *pos;
	char sign;
	time_t t;

	if (value[0] < '0' || value[0] > '9')
	{
		return FALSE;
	}
	if (sscanf(value, "%llu%n", &secs, &n) == 1 && value[n] == '\0')
	{
		*ms = secs * 1000;
		return TRUE;
	}
	pos = strptime(value, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!pos)
	{
		return FALSE;
	}
	if (*pos == '.')
	{
		pos++;
		for (digits = 0; *pos >= '0' && *pos <= '9'; pos++, digits++)
		{
			if (digits < 3)
			{
				frac = frac * 10 + (*pos - '0');
			}
		}
		if (!digits)
		{
			return FALSE;
		}
		for (; digits < 3; digits++)
		{
			frac *= 10;
		}
	}
	t = timegm(&tm);
	if (t == (time_t)-1)
	{
		return FALSE;
	}
	if (streq(pos, "Z") || streq(pos, "z"))
	{
		/* UTC */
	}
	else if (sscanf(pos, "%c%2d:%2d%n", &sign, &off_h, &off_m, &n) == 3 &&
			 pos[n] == '\0' && (sign == '+' || sign == '-') &&
			 off_h < 24 && off_m < 60)
	{
		t += (sign == '+' ? -1 : 1) * (off_h * 3600 + off_m * 60);
	}
	else
	{
		return FALSE;
	}
	if (t < 0)
	{
		return FALSE;
	}
	*ms = (uint64_t)t * 1000 + frac;
	return TRUE;
}

/** events of a listing are handed to the socket in buffers of about this
 * (a few events of 64 KiB per sendmsg(): in a listing of 10 000 records the
 * kernel's copy and the reader's wake-up per call cost charon about as much
 * as encoding, and 64 KiB blocks took four times as many calls) */
#define LIST_BLOCK (256 * 1024)
/** a vpndiag-records event is complete once its message reaches this (the
 * client parses one while the next is encoded: with sections, libvici's
 * client read 10 000 records in 30 ms this way, 45 ms with events of up to
 * 512 KiB) */
#define BATCH_BYTES (64 * 1024)
/** the same with layout flat: its client parses a record in a fraction of
 * that, and libvici hands every message from its watcher thread to a pool
 * thread, so a quarter of the messages makes the listing less sensitive to
 * how fast threads are scheduled */
#define FLAT_BATCH_BYTES (256 * 1024)

/**
 * Streamed list of records: encoded in blocks of whole segments, a block
 * at a time as the client reads, by a cursor of the store (no copies).
 * One vpndiag-record event per record, or with batch (records per event)
 * vpndiag-records events: section "records" with one sub-section per record
 * named by its position in the listing (1, 2, ...), or with layout flat one
 * flat list per record (vpndiag_vici_flat()). An event is complete
 * after batch records or once its message has reached BATCH_BYTES (so a
 * block holds a few events, and the client parses them while the next
 * block is encoded), FLAT_BATCH_BYTES with layout flat (a block is about
 * one event); a record that would take it over libvici's 512 KiB starts
 * the next one.
 */
typedef struct {
	vpndiag_vici_stream_t public;
	vpndiag_store_t *store;
	vpndiag_cursor_t *cursor;
	/** block being filled */
	vpndiag_vici_builder_t b;
	/** records visited (sent or dropped) */
	u_int count;
	/** records per event, 0 for one vpndiag-record event per record */
	u_int batch;
	/** batched records as flat lists instead of sections */
	bool flat;
	/** an event is complete once its message reaches this many bytes */
	size_t event_bytes;
	/** a vpndiag-records event is open in b, with this many records */
	bool open;
	u_int in_batch;
} record_stream_t;

/**
 * Cursor callback: encode a record, FALSE when the block is full
 */
static bool encode_record(void *data, vpndiag_record_t *record)
{
	record_stream_t *this = data;

	vpndiag_vici_append_begin(&this->b, VPNDIAG_VICI_EVENT,
							  VPNDIAG_EVENT_RECORD);
	vpndiag_vici_add_record(&this->b, record);
	/* counted even if not encodable (dropped), as before */
	vpndiag_vici_append_end(&this->b);
	this->count++;
	return this->b.len < LIST_BLOCK;
}

/**
 * Open a vpndiag-records event in the block
 */
static void batch_open(record_stream_t *this)
{
	vpndiag_vici_append_begin(&this->b, VPNDIAG_VICI_EVENT,
							  VPNDIAG_EVENT_RECORDS);
	vpndiag_vici_section(&this->b, "records");
	this->open = TRUE;
	this->in_batch = 0;
}

/**
 * Complete the open vpndiag-records event; one without records is dropped
 */
static void batch_close(record_stream_t *this)
{
	if (!this->open)
	{
		return;
	}
	if (this->in_batch)
	{
		vpndiag_vici_end_section(&this->b);
		vpndiag_vici_append_end(&this->b);
	}
	else
	{
		vpndiag_vici_truncate(&this->b, this->b.start, 0);
	}
	this->open = FALSE;
	this->in_batch = 0;
}

/**
 * Add a record to the open event as a sub-section (or flat list) named by
 * its position;
 * FALSE (and nothing added) if the segment would exceed the limit
 */
static bool batch_add(record_stream_t *this, vpndiag_record_t *record)
{
	char name[21], *pos;
	size_t mark = this->b.len;
	int depth = this->b.depth;

	pos = vpndiag_u64_digits(this->count, name + sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	if (this->flat)
	{
		vpndiag_vici_flat(&this->b, pos);
		vpndiag_vici_add_record(&this->b, record);
		vpndiag_vici_end_flat(&this->b);
	}
	else
	{
		vpndiag_vici_section(&this->b, pos);
		vpndiag_vici_add_record(&this->b, record);
		vpndiag_vici_end_section(&this->b);
	}
	/* room left for the end of section records that closes the event */
	if (this->b.failed ||
		this->b.len + 1 - this->b.start > VPNDIAG_VICI_MAX_SEGMENT + 4)
	{
		vpndiag_vici_truncate(&this->b, mark, depth);
		return FALSE;
	}
	this->in_batch++;
	return TRUE;
}

/**
 * Cursor callback of a batched listing: FALSE when the block is full, only
 * between events (a block holds whole segments)
 */
static bool encode_batched(void *data, vpndiag_record_t *record)
{
	record_stream_t *this = data;

	/* counted even if not encodable (dropped), as one per event does */
	this->count++;
	if (!this->open)
	{
		batch_open(this);
	}
	if (!batch_add(this, record) && this->in_batch)
	{	/* the record would take the event over 512 KiB: it starts the next
		 * one; if it does not fit alone either, it is dropped */
		batch_close(this);
		batch_open(this);
		batch_add(this, record);
	}
	/* the message's size with the end of section records that closes it */
	if (this->in_batch >= this->batch ||
		this->b.len + 1 - this->b.start - 4 >= this->event_bytes)
	{
		batch_close(this);
	}
	return this->open || this->b.len < LIST_BLOCK;
}

METHOD(vpndiag_vici_stream_t, records_take, bool,
	record_stream_t *this, uint8_t **data, size_t *len)
{
	this->b = (vpndiag_vici_builder_t){
		.buf = malloc(LIST_BLOCK + 4096),
	};
	this->b.size = this->b.buf ? LIST_BLOCK + 4096 : 0;
	while (this->open || this->b.len < LIST_BLOCK)
	{
		if (!this->store->read_cursor(this->store, this->cursor,
						this->batch ? encode_batched : encode_record, this))
		{	/* the end: send the last event */
			batch_close(this);
			break;
		}
	}
	if (!this->b.len)
	{
		free(this->b.buf);
		this->b = (vpndiag_vici_builder_t){};
		return FALSE;
	}
	*data = this->b.buf;
	*len = this->b.len;
	this->b = (vpndiag_vici_builder_t){};
	return TRUE;
}

METHOD(vpndiag_vici_stream_t, records_next, vpndiag_stream_state_t,
	record_stream_t *this, vpndiag_vici_builder_t *b)
{
	return VPNDIAG_STREAM_DONE;
}

METHOD(vpndiag_vici_stream_t, records_finish, void,
	record_stream_t *this, vpndiag_vici_builder_t *b)
{
	vpndiag_vici_str(b, "success", "yes");
	vpndiag_vici_u64(b, "count", this->count);
}

METHOD(vpndiag_vici_stream_t, records_destroy, void,
	record_stream_t *this)
{
	this->store->close_cursor(this->store, this->cursor);
	free(this->b.buf);
	free(this);
}

/*
 * Described in header
 */
bool vpndiag_vici_parse_batch(const char *value, u_int *batch)
{
	unsigned long n;
	char *end;

	if (*value < '1' || *value > '9')
	{
		return FALSE;
	}
	errno = 0;
	n = strtoul(value, &end, 10);
	if (*end || errno || n > VPNDIAG_LIST_BATCH_MAX)
	{
		return FALSE;
	}
	*batch = n;
	return TRUE;
}

/**
 * vpndiag-list
 */
static vpndiag_vici_stream_t *cmd_list(vpndiag_store_t *store,
									   vpndiag_vici_node_t *req,
									   vpndiag_vici_builder_t *res)
{
	static const char *known[] = {
		"conn", "remote", "remote_id", "code", "since", "limit", "batch",
		"layout", NULL };
	vpndiag_filter_t filter = {
		.conn = vpndiag_vici_get(req, "conn"),
		.remote = vpndiag_vici_get(req, "remote"),
		.remote_id = vpndiag_vici_get(req, "remote_id"),
	};
	const vpndiag_code_info_t *info;
	record_stream_t *stream;
	const char *value;
	unsigned long limit;
	u_int batch = 0;
	bool flat = FALSE;
	char *end;

	if (!vpndiag_vici_check_args(req, known, res))
	{
		return NULL;
	}
	value = vpndiag_vici_get(req, "code");
	if (value)
	{
		info = vpndiag_code_lookup(value);
		if (!info)
		{
			vpndiag_vici_error(res, "unknown code '%s'", value);
			return NULL;
		}
		filter.code = info->code;
	}
	value = vpndiag_vici_get(req, "since");
	if (value && !vpndiag_vici_parse_time(value, &filter.since))
	{
		vpndiag_vici_error(res, "invalid since '%s': expected seconds since "
						   "the epoch or RFC 3339 time", value);
		return NULL;
	}
	value = vpndiag_vici_get(req, "limit");
	if (value)
	{
		errno = 0;
		limit = strtoul(value, &end, 10);
		if (!*value || *end || errno || limit > UINT_MAX || *value == '-')
		{
			vpndiag_vici_error(res, "invalid limit '%s'", value);
			return NULL;
		}
		filter.limit = limit;
	}
	value = vpndiag_vici_get(req, "batch");
	if (value && !vpndiag_vici_parse_batch(value, &batch))
	{
		vpndiag_vici_error(res, "invalid batch '%s': expected 1 to %d "
						   "records per event", value, VPNDIAG_LIST_BATCH_MAX);
		return NULL;
	}
	value = vpndiag_vici_get(req, "layout");
	if (value)
	{
		if (!streq(value, "sections") && !streq(value, "flat"))
		{
			vpndiag_vici_error(res, "invalid layout '%s': expected sections "
							   "or flat", value);
			return NULL;
		}
		if (!batch)
		{
			vpndiag_vici_error(res, "layout '%s' needs batch: it is the "
							   "layout of vpndiag-records events", value);
			return NULL;
		}
		flat = streq(value, "flat");
	}
	INIT(stream,
		.public = {
			.event = batch ? VPNDIAG_EVENT_RECORDS : VPNDIAG_EVENT_RECORD,
			/* a batched listing is new: say so instead of sending nothing */
			.require_event = batch != 0,
			.take = _records_take,
			.next = _records_next,
			.finish = _records_finish,
			.destroy = _records_destroy,
		},
		.store = store,
		.cursor = store->open_cursor(store, &filter),
		.batch = batch,
		.flat = flat,
		.event_bytes = flat ? FLAT_BATCH_BYTES : BATCH_BYTES,
	);
	return &stream->public;
}

/**
 * vpndiag-counters
 */
static vpndiag_vici_stream_t *cmd_counters(vpndiag_store_t *store,
										   vpndiag_vici_node_t *req,
										   vpndiag_vici_builder_t *res)
{
	static const char *known[] = { "conn", NULL };
	vpndiag_counters_t counters = {};
	const vpndiag_code_info_t *info;
	linked_list_t *conns;
	const char *conn;
	uint64_t total = 0;
	char *name;
	int i;

	if (!vpndiag_vici_check_args(req, known, res))
	{
		return NULL;
	}
	conn = vpndiag_vici_get(req, "conn");
	store->get_counters(store, conn, &counters);
	for (i = 1; i < VPNDIAG_CODE_MAX; i++)
	{
		total += counters.total[i];
	}
	vpndiag_vici_str(res, "success", "yes");
	if (conn)
	{
		vpndiag_vici_str(res, "conn", conn);
	}
	vpndiag_vici_fmt(res, "records", "%u", counters.records);
	vpndiag_vici_fmt(res, "evicted", "%llu",
					 (unsigned long long)counters.evicted);
	vpndiag_vici_fmt(res, "total", "%llu", (unsigned long long)total);
	vpndiag_vici_section(res, "counters");
	for (i = 1; i < VPNDIAG_CODE_MAX; i++)
	{
		info = vpndiag_code_info(i);
		vpndiag_vici_fmt(res, info->id, "%llu",
						 (unsigned long long)counters.total[i]);
	}
	vpndiag_vici_end_section(res);
	if (!conn)
	{
		conns = store->list_conns(store);
		vpndiag_vici_list(res, "conns");
		while (conns->remove_first(conns, (void**)&name) == SUCCESS)
		{
			vpndiag_vici_item(res, name);
			free(name);
		}
		vpndiag_vici_end_list(res);
		conns->destroy(conns);
	}
	return NULL;
}

/**
 * vpndiag-reset
 */
static vpndiag_vici_stream_t *cmd_reset(vpndiag_store_t *store,
										vpndiag_vici_node_t *req,
										vpndiag_vici_builder_t *res)
{
	static const char *known[] = { "conn", NULL };
	char esc[VPNDIAG_MAX_ESCAPE];
	const char *conn;

	if (!vpndiag_vici_check_args(req, known, res))
	{
		return NULL;
	}
	conn = vpndiag_vici_get(req, "conn");
	store->reset(store, conn);
	DBG1(DBG_CFG, "vpndiag: history and counters reset by a VICI client "
		 "(%s%s)", conn ? "conn " : "all connections",
		 conn ? vpndiag_escape(conn, esc, sizeof(esc)) : "");
	vpndiag_vici_str(res, "success", "yes");
	return NULL;
}

/**
 * Streamed catalogue
 */
typedef struct {
	vpndiag_vici_stream_t public;
	int next;
} code_stream_t;

METHOD(vpndiag_vici_stream_t, codes_next, vpndiag_stream_state_t,
	code_stream_t *this, vpndiag_vici_builder_t *b)
{
	if (this->next >= VPNDIAG_CODE_MAX)
	{
		return VPNDIAG_STREAM_DONE;
	}
	vpndiag_vici_add_code(b, vpndiag_code_info(this->next++));
	return VPNDIAG_STREAM_MORE;
}

METHOD(vpndiag_vici_stream_t, codes_finish, void,
	code_stream_t *this, vpndiag_vici_builder_t *b)
{
	vpndiag_vici_str(b, "success", "yes");
	vpndiag_vici_fmt(b, "count", "%d", VPNDIAG_CODE_MAX - 1);
	vpndiag_vici_fmt(b, "seed", "%d", VPNDIAG_SEED_CODES);
}

METHOD(vpndiag_vici_stream_t, codes_destroy, void,
	code_stream_t *this)
{
	free(this);
}

/**
 * vpndiag-codes
 */
static vpndiag_vici_stream_t *cmd_codes(vpndiag_store_t *store,
										vpndiag_vici_node_t *req,
										vpndiag_vici_builder_t *res)
{
	static const char *known[] = { NULL };
	code_stream_t *stream;

	if (!vpndiag_vici_check_args(req, known, res))
	{
		return NULL;
	}
	INIT(stream,
		.public = {
			.event = VPNDIAG_EVENT_CODE,
			.next = _codes_next,
			.finish = _codes_finish,
			.destroy = _codes_destroy,
		},
		.next = 1,
	);
	return &stream->public;
}

/**
 * vpndiag-explain
 */
static vpndiag_vici_stream_t *cmd_explain(vpndiag_store_t *store,
										  vpndiag_vici_node_t *req,
										  vpndiag_vici_builder_t *res)
{
	static const char *known[] = { "code", NULL };
	const vpndiag_code_info_t *info;
	const char *code;

	if (!vpndiag_vici_check_args(req, known, res))
	{
		return NULL;
	}
	code = vpndiag_vici_get(req, "code");
	if (!code)
	{
		vpndiag_vici_error(res, "missing argument 'code'");
		return NULL;
	}
	info = vpndiag_code_lookup(code);
	if (!info)
	{
		vpndiag_vici_error(res, "unknown code '%s' (vpndiag --codes lists "
						   "them)", code);
		return NULL;
	}
	vpndiag_vici_str(res, "success", "yes");
	vpndiag_vici_add_code(res, info);
	vpndiag_vici_add_causes(res, info);
	return NULL;
}

/**
 * vpndiag-profiles: the peer profiles (vpndiag_profiles.h) with their values
 * and sources, and the assignments of charon.plugins.vpndiag.profiles
 */
static vpndiag_vici_stream_t *cmd_profiles(vpndiag_store_t *store,
										   vpndiag_vici_node_t *req,
										   vpndiag_vici_builder_t *res)
{
	static const char *known[] = { NULL };
	const vpndiag_profile_source_t *source;
	const vpndiag_profile_t *profile;
	enumerator_t *enumerator;
	char *key, *value;
	int i, f;

	if (!vpndiag_vici_check_args(req, known, res))
	{
		return NULL;
	}
	vpndiag_vici_str(res, "success", "yes");
	vpndiag_vici_section(res, "profiles");
	for (i = 0; (profile = vpndiag_profile_at(i)); i++)
	{
		vpndiag_vici_section(res, profile->name);
		vpndiag_vici_str(res, "edition", profile->edition);
		for (f = 0; f < VPNDIAG_PF_MAX; f++)
		{
			vpndiag_vici_section(res, vpndiag_profile_field_name(f));
			vpndiag_vici_str(res, "value", profile->v[f].value ?: "unknown");
			vpndiag_vici_str(res, "source", profile->v[f].source);
			vpndiag_vici_end_section(res);
		}
		vpndiag_vici_end_section(res);
	}
	vpndiag_vici_end_section(res);
	vpndiag_vici_section(res, "sources");
	for (i = 0; (source = vpndiag_profile_source_at(i)); i++)
	{
		vpndiag_vici_section(res, source->id);
		vpndiag_vici_str(res, "url", source->url);
		vpndiag_vici_str(res, "edition", source->edition);
		vpndiag_vici_str(res, "date", source->date);
		vpndiag_vici_end_section(res);
	}
	vpndiag_vici_end_section(res);
	vpndiag_vici_section(res, "assigned");
	enumerator = lib->settings->create_key_value_enumerator(lib->settings,
								"%s.plugins.vpndiag.profiles", lib->ns);
	while (enumerator->enumerate(enumerator, &key, &value))
	{
		vpndiag_vici_str(res, key, value);
	}
	enumerator->destroy(enumerator);
	vpndiag_vici_end_section(res);
	return NULL;
}

/*
 * Described in header
 */
void vpndiag_vici_cmds_register(vpndiag_vici_socket_t *socket,
								vpndiag_store_t *store)
{
	socket->add_event(socket, VPNDIAG_EVENT_RECORD);
	socket->add_event(socket, VPNDIAG_EVENT_RECORDS);
	socket->add_event(socket, VPNDIAG_EVENT_CODE);
	socket->add_command(socket, "vpndiag-list", (void*)cmd_list, store);
	socket->add_command(socket, "vpndiag-counters", (void*)cmd_counters, store);
	socket->add_command(socket, "vpndiag-reset", (void*)cmd_reset, store);
	socket->add_command(socket, "vpndiag-codes", (void*)cmd_codes, store);
	socket->add_command(socket, "vpndiag-explain", (void*)cmd_explain, store);
	socket->add_command(socket, "vpndiag-profiles", (void*)cmd_profiles,
						store);
}
