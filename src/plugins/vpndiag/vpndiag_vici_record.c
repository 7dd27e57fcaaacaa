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

#include "vpndiag_vici_record.h"
#include "vpndiag_cause.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpndiag_vici_cmds.h"

/** FALSE while encoding for the state file (values as they are) */
static __thread bool no_escape;

/** values whose escaped form fits this are escaped on the stack */
#define ESCAPE_STACK 8192

/**
 * Escape (unless no_escape) or copy value of length *len, whose first plain
 * bytes escape to themselves (vpndiag_escape_plain()), into stack if its
 * worst case fits there, else into a buffer allocated here; *len receives
 * the new length. NULL (builder failed) if out of memory.
 */
static char *escape_value(vpndiag_vici_builder_t *b, const char *value,
						  size_t *len, size_t plain,
						  char stack[ESCAPE_STACK])
{
	size_t need = plain + 4 * (*len - plain) + 1;
	char *buf = stack;

	if (need > ESCAPE_STACK)
	{
		buf = malloc(need);
		if (!buf)
		{
			b->failed = true;
			return NULL;
		}
	}
	if (no_escape || plain == *len)
	{
		memcpy(buf, value, *len + 1);
	}
	else
	{	/* the plain run as it is, the rest from its first special byte */
		memcpy(buf, value, plain);
		*len = plain + vpndiag_escape_len(value + plain, *len - plain,
										  buf + plain, false);
	}
	return buf;
}

/**
 * Length of the leading run of value that needs no escaping (all of it
 * when encoding for the state file)
 */
static size_t plain_len(const char *value, size_t len)
{
	if (no_escape)
	{
		return len;
	}
	return vpndiag_escape_plain(value, len, false);
}

/**
 * Add an escaped string value (NULL: omitted)
 */
static void add_str(vpndiag_vici_builder_t *b, const char *name,
					const char *value)
{
	char stack[ESCAPE_STACK], *buf;
	size_t len, plain;

	if (!value)
	{
		return;
	}
	len = strlen(value);
	plain = plain_len(value, len);
	if (plain == len)
	{	/* escapes to itself: no copy needed */
		vpndiag_vici_kv(b, name, value, len);
		return;
	}
	buf = escape_value(b, value, &len, plain, stack);
	if (buf)
	{
		vpndiag_vici_kv(b, name, buf, len);
		if (buf != stack)
		{
			free(buf);
		}
	}
}

/**
 * Add an escaped list item
 */
static void add_item(vpndiag_vici_builder_t *b, const char *value)
{
	char stack[ESCAPE_STACK], *buf;
	size_t len = strlen(value), plain;

	plain = plain_len(value, len);
	if (plain == len)
	{	/* escapes to itself: no copy needed */
		vpndiag_vici_item(b, value);
		return;
	}
	buf = escape_value(b, value, &len, plain, stack);
	if (buf)
	{
		vpndiag_vici_item(b, buf);
		if (buf != stack)
		{
			free(buf);
		}
	}
}

/**
 * Add a list of the space separated words of value, or the whole value as
 * its only item (split = FALSE); nothing if value is NULL
 */
static void add_list(vpndiag_vici_builder_t *b, const char *name,
					 const char *value, bool split)
{
	char stack[ESCAPE_STACK], *copy, *pos, *word, *save = NULL;
	size_t len, plain;

	if (!value)
	{
		return;
	}
	len = strlen(value);
	plain = plain_len(value, len);
	if (!split && plain == len)
	{	/* escapes to itself and is not cut: no copy needed */
		vpndiag_vici_list(b, name);
		vpndiag_vici_item(b, value);
		vpndiag_vici_end_list(b);
		return;
	}
	copy = escape_value(b, value, &len, plain, stack);
	if (!copy)
	{
		return;
	}
	vpndiag_vici_list(b, name);
	if (split)
	{
		for (pos = copy; (word = strtok_r(pos, " ,", &save)); pos = NULL)
		{
			vpndiag_vici_item(b, word);
		}
	}
	else
	{
		vpndiag_vici_item(b, copy);
	}
	vpndiag_vici_end_list(b);
	if (copy != stack)
	{
		free(copy);
	}
}

/**
 * Add a time as RFC 3339 UTC with milliseconds
 */
static void add_time(vpndiag_vici_builder_t *b, const char *name,
					 uint64_t ms)
{
	char buf[32];

	if (ms < VPNDIAG_TIME_FAST_MAX)
	{
		vpndiag_vici_kv(b, name, buf, vpndiag_time_format_fast(ms, buf));
		return;
	}
	vpndiag_vici_str(b, name, vpndiag_time_format(ms, buf, sizeof(buf)));
}

/*
 * Described in header
 */
void vpndiag_vici_add_record(vpndiag_vici_builder_t *b,
							 vpndiag_record_t *r)
{
	const vpndiag_code_info_t *info = vpndiag_code_info(r->code);
	int i;

	if (!info)
	{
		b->failed = true;
		return;
	}
	vpndiag_vici_i64(b, "schema", VPNDIAG_SCHEMA);
	vpndiag_vici_u64(b, "record", r->id);
	vpndiag_vici_str(b, "code", info->name);
	vpndiag_vici_str(b, "code_id", info->id);
	vpndiag_vici_str(b, "category", vpndiag_category_name(r->category));
	vpndiag_vici_str(b, "taxonomy", vpndiag_taxonomy_name(info->taxonomy));
	vpndiag_vici_str(b, "severity", vpndiag_severity_name(r->severity));
	add_time(b, "first", r->first);
	add_time(b, "last", r->last);
	vpndiag_vici_u64(b, "count", r->count);
	add_str(b, "conn", r->conn);
	if (r->conn && r->conn_match)
	{
		vpndiag_vici_str(b, "conn_match", vpndiag_conn_match_name(r->conn_match));
	}
	add_str(b, "child", r->child);
	if (r->ike_sa)
	{
		vpndiag_vici_u64(b, "ike_sa", r->ike_sa);
	}
	vpndiag_vici_str(b, "role", r->initiator ? "initiator" : "responder");
	if (r->version)
	{
		vpndiag_vici_i64(b, "version", r->version);
	}
	add_str(b, "local", r->local);
	add_str(b, "remote", r->remote);
	add_str(b, "local_id", r->local_id);
	add_str(b, "remote_id", r->remote_id);
	add_str(b, "cause", r->cause);
	vpndiag_vici_str(b, "fix", vpndiag_fix_name(r->fix));
	vpndiag_vici_str(b, "confidence", r->confidence ?: "high");
	add_str(b, "profile", r->profile);
	add_str(b, "detail", r->detail);
	if (r->remedy)
	{
		add_str(b, "remedy", r->remedy);
	}
	else
	{	/* the catalogue's static text (vpndiag_record_remedy()) escapes to
		 * itself (test_escape_catalogue of tests/unit/test_escape.c) */
		vpndiag_vici_str(b, "remedy", info->remedy);
	}
	if (r->mismatch[0])
	{
		vpndiag_vici_list(b, "mismatch");
		for (i = 0; r->mismatch[i]; i++)
		{
			vpndiag_vici_item(b, r->mismatch[i]);
		}
		vpndiag_vici_end_list(b);
	}
	add_str(b, "offered", r->offered);
	add_str(b, "accepted", r->accepted);
	add_list(b, "ts_local", r->ts_local, true);
	add_list(b, "ts_remote", r->ts_remote, true);
	add_list(b, "ts_received", r->ts_received, false);
	add_str(b, "ts_relation", r->ts_relation);
	if (r->exchange || r->port || r->retransmits || r->nat || r->fragmented)
	{
		vpndiag_vici_section(b, "evidence");
		add_str(b, "exchange", r->exchange);
		if (r->port)
		{
			vpndiag_vici_i64(b, "port", r->port);
		}
		if (r->retransmits)
		{
			vpndiag_vici_i64(b, "retransmits", r->retransmits);
		}
		vpndiag_vici_str(b, "nat", r->nat);
		vpndiag_vici_str(b, "fragmented", r->fragmented);
		vpndiag_vici_end_section(b);
	}
	if (r->sources)
	{	/* an aggregated record (vpndiag_flood.h) */
		vpndiag_vici_u64(b, "sources", r->sources);
		vpndiag_vici_str(b, "sources_capped", r->sources_capped ? "yes" : "no");
		vpndiag_vici_list(b, "sources_last");
		for (i = 0; r->sources_last[i]; i++)
		{
			add_item(b, r->sources_last[i]);
		}
		vpndiag_vici_end_list(b);
	}
}

/*
 * Described in header
 */
void vpndiag_vici_add_code(vpndiag_vici_builder_t *b,
						   const vpndiag_code_info_t *info)
{
	vpndiag_vici_str(b, "code", info->name);
	vpndiag_vici_str(b, "code_id", info->id);
	vpndiag_vici_fmt(b, "msgid", "VPNDIAG-%d", info->msgid);
	vpndiag_vici_str(b, "category", vpndiag_category_name(info->category));
	if (info->both_categories)
	{
		vpndiag_vici_str(b, "category_also", vpndiag_category_name(
				info->category == VPNDIAG_CAT_NEGOTIATION ?
				VPNDIAG_CAT_DISCONNECTION : VPNDIAG_CAT_NEGOTIATION));
	}
	vpndiag_vici_str(b, "taxonomy", vpndiag_taxonomy_name(info->taxonomy));
	vpndiag_vici_str(b, "severity", vpndiag_severity_name(info->severity));
	vpndiag_vici_str(b, "produced", vpndiag_produced_name(info->produced));
	vpndiag_vici_str(b, "why_not", info->why_not);
	vpndiag_vici_str(b, "description", info->description);
	vpndiag_vici_str(b, "detection", info->detection);
	vpndiag_vici_str(b, "remedy", info->remedy);
	vpndiag_vici_str(b, "fix", vpndiag_fix_name(info->fix));
}

/*
 * Described in header
 */
void vpndiag_vici_add_causes(vpndiag_vici_builder_t *b,
							 const vpndiag_code_info_t *info)
{
	const vpndiag_cause_info_t *cause, *primary;
	char name[16];
	int i, n = 0;

	vpndiag_vici_section(b, "causes");
	for (i = VPNDIAG_CAUSE_NONE + 1; i < VPNDIAG_CAUSE_MAX; i++)
	{
		cause = vpndiag_cause_info(i);
		if (!cause || cause->code != info->code)
		{
			continue;
		}
		primary = vpndiag_cause_lookup(cause->id, cause->code);
		snprintf(name, sizeof(name), "%d", ++n);
		vpndiag_vici_section(b, name);
		vpndiag_vici_str(b, "cause", cause->id);
		vpndiag_vici_str(b, "fix", vpndiag_fix_name(cause->fix));
		vpndiag_vici_str(b, "confidence",
						 vpndiag_confidence_name(cause->confidence));
		vpndiag_vici_str(b, "meaning", cause->meaning ?: primary->meaning);
		if (cause->retired)
		{
			vpndiag_vici_str(b, "retired", "yes");
		}
		vpndiag_vici_end_section(b);
	}
	vpndiag_vici_end_section(b);
}

/*
 * Described in header
 */
void vpndiag_vici_add_record_raw(vpndiag_vici_builder_t *b,
								 vpndiag_record_t *record)
{
	no_escape = true;
	vpndiag_vici_add_record(b, record);
	no_escape = false;
}

/**
 * A static string of a set, NULL if value is none of them
 */
static const char *static_of(const char *value, const char *set[])
{
	int i;

	for (i = 0; value && set[i]; i++)
	{
		if (strcmp(value, set[i]) == 0)
		{
			return set[i];
		}
	}
	return NULL;
}

/**
 * Join the items of a list with spaces (NULL if absent)
 */
static char *join_list(vpndiag_vici_node_t *section, const char *name)
{
	vpndiag_vici_node_t *list, *item;
	size_t len = 0;
	char *out;

	list = vpndiag_vici_find(section, name, VPNDIAG_VICI_LIST_START);
	if (!list || !list->child)
	{
		return NULL;
	}
	for (item = list->child; item; item = item->next)
	{
		len += item->len + 1;
	}
	out = calloc(1, len + 1);
	for (item = list->child; item; item = item->next)
	{
		if (*out)
		{
			strcat(out, " ");
		}
		strcat(out, item->value);
	}
	return out;
}

/*
 * Described in header
 */
vpndiag_record_t *vpndiag_vici_read_record(vpndiag_vici_node_t *s)
{
	static const char *confidences[] = { "high", "medium", "low", NULL };
	static const char *yesno[] = { "yes", "no", "possible", NULL };
	const vpndiag_code_info_t *info;
	vpndiag_vici_node_t *list, *item, *ev;
	vpndiag_record_t *r;
	const char *v;
	uint64_t ms;
	int i;

	v = vpndiag_vici_get(s, "code_id");
	info = v ? vpndiag_code_lookup(v) : NULL;
	if (!info || !vpndiag_vici_get(s, "record"))
	{
		return NULL;
	}
	r = vpndiag_record_create(info->code);
	r->id = strtoull(vpndiag_vici_get(s, "record"), NULL, 10);
	v = vpndiag_vici_get(s, "category");
	if (v && strcmp(v, vpndiag_category_name(VPNDIAG_CAT_DISCONNECTION)) == 0)
	{
		r->category = VPNDIAG_CAT_DISCONNECTION;
	}
	else if (v)
	{
		r->category = VPNDIAG_CAT_NEGOTIATION;
	}
	v = vpndiag_vici_get(s, "severity");
	for (i = VPNDIAG_SEV_ERR; v && i <= VPNDIAG_SEV_INFO; i++)
	{
		if (strcmp(v, vpndiag_severity_name(i)) == 0)
		{
			r->severity = i;
		}
	}
	if ((v = vpndiag_vici_get(s, "first")) && vpndiag_vici_parse_time(v, &ms))
	{
		r->first = ms;
	}
	if ((v = vpndiag_vici_get(s, "last")) && vpndiag_vici_parse_time(v, &ms))
	{
		r->last = ms;
	}
	if ((v = vpndiag_vici_get(s, "count")))
	{
		r->count = strtoul(v, NULL, 10) ?: 1;
	}
	vpndiag_record_set(&r->conn, vpndiag_vici_get(s, "conn"));
	if (r->conn)
	{	/* absent in records of earlier versions: NONE (not recorded) */
		r->conn_match = vpndiag_conn_match_parse(
									vpndiag_vici_get(s, "conn_match"));
	}
	vpndiag_record_set(&r->child, vpndiag_vici_get(s, "child"));
	if ((v = vpndiag_vici_get(s, "ike_sa")))
	{
		r->ike_sa = strtoul(v, NULL, 10);
	}
	v = vpndiag_vici_get(s, "role");
	r->initiator = v && strcmp(v, "initiator") == 0;
	if ((v = vpndiag_vici_get(s, "version")))
	{
		r->version = atoi(v);
	}
	vpndiag_record_set(&r->local, vpndiag_vici_get(s, "local"));
	vpndiag_record_set(&r->remote, vpndiag_vici_get(s, "remote"));
	vpndiag_record_set(&r->local_id, vpndiag_vici_get(s, "local_id"));
	vpndiag_record_set(&r->remote_id, vpndiag_vici_get(s, "remote_id"));
	vpndiag_record_set(&r->cause, vpndiag_vici_get(s, "cause"));
	v = vpndiag_vici_get(s, "fix");
	for (i = VPNDIAG_FIX_LOCAL; v && i <= VPNDIAG_FIX_EITHER; i++)
	{
		if (strcmp(v, vpndiag_fix_name(i)) == 0)
		{
			r->fix = i;
		}
	}
	r->confidence = static_of(vpndiag_vici_get(s, "confidence"),
							  confidences) ?: "high";
	vpndiag_record_set(&r->profile, vpndiag_vici_get(s, "profile"));
	vpndiag_record_set(&r->detail, vpndiag_vici_get(s, "detail"));
	v = vpndiag_vici_get(s, "remedy");
	if (v && (!info->remedy || strcmp(v, info->remedy)))
	{
		vpndiag_record_set(&r->remedy, v);
	}
	list = vpndiag_vici_find(s, "mismatch", VPNDIAG_VICI_LIST_START);
	for (item = list ? list->child : NULL; item; item = item->next)
	{
		vpndiag_record_add_mismatch(r, item->value);
	}
	vpndiag_record_set(&r->offered, vpndiag_vici_get(s, "offered"));
	vpndiag_record_set(&r->accepted, vpndiag_vici_get(s, "accepted"));
	r->ts_local = join_list(s, "ts_local");
	r->ts_remote = join_list(s, "ts_remote");
	r->ts_received = join_list(s, "ts_received");
	vpndiag_record_set(&r->ts_relation, vpndiag_vici_get(s, "ts_relation"));
	ev = vpndiag_vici_find(s, "evidence", VPNDIAG_VICI_SECTION_START);
	if (ev)
	{
		vpndiag_record_set(&r->exchange, vpndiag_vici_get(ev, "exchange"));
		if ((v = vpndiag_vici_get(ev, "port")))
		{
			r->port = atoi(v);
		}
		if ((v = vpndiag_vici_get(ev, "retransmits")))
		{
			r->retransmits = atoi(v);
		}
		r->nat = static_of(vpndiag_vici_get(ev, "nat"), yesno);
		r->fragmented = static_of(vpndiag_vici_get(ev, "fragmented"), yesno);
	}
	if ((v = vpndiag_vici_get(s, "sources")))
	{	/* absent in records that are not aggregated, and in older files */
		r->sources = strtoul(v, NULL, 10);
		v = vpndiag_vici_get(s, "sources_capped");
		r->sources_capped = r->sources && v && strcmp(v, "yes") == 0;
		list = vpndiag_vici_find(s, "sources_last", VPNDIAG_VICI_LIST_START);
		for (item = list ? list->child : NULL; item; item = item->next)
		{
			vpndiag_record_add_source(r, item->value);
		}
	}
	return r;
}

/*
 * Described in header
 */
void vpndiag_vici_add_failures(vpndiag_vici_builder_t *b, const char *section,
							   vpndiag_failures_t *failures)
{
	vpndiag_code_t code;
	const char *cause;
	char key[256];
	int i;

	vpndiag_vici_section(b, section);
	for (i = 0; i < VPNDIAG_FAILURE_SLOTS; i++)
	{
		code = failures->count[i] ? vpndiag_failure_slot_info(i, &cause)
								  : VPNDIAG_CODE_NONE;
		if (code != VPNDIAG_CODE_NONE)
		{
			snprintf(key, sizeof(key), "%s%s%s", vpndiag_code_info(code)->id,
					 *cause ? "/" : "", cause);
			vpndiag_vici_fmt(b, key, "%llu",
							 (unsigned long long)failures->count[i]);
		}
	}
	vpndiag_vici_end_section(b);
}
