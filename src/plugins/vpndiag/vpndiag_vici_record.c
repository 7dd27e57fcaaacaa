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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/**
 * Add an escaped string value (NULL: omitted)
 */
static void add_str(vpndiag_vici_builder_t *b, const char *name,
					const char *value)
{
	size_t len;
	char *buf;

	if (!value)
	{
		return;
	}
	len = 4 * strlen(value) + 1;
	buf = malloc(len);
	if (!buf)
	{
		b->failed = true;
		return;
	}
	vpndiag_escape_mode(value, buf, len, false);
	vpndiag_vici_str(b, name, buf);
	free(buf);
}

/**
 * Add a list of the space separated words of value, or the whole value as
 * its only item (split = FALSE); nothing if value is NULL
 */
static void add_list(vpndiag_vici_builder_t *b, const char *name,
					 const char *value, bool split)
{
	char *copy, *pos, *word, *save = NULL;
	size_t len;

	if (!value)
	{
		return;
	}
	len = 4 * strlen(value) + 1;
	copy = malloc(len);
	if (!copy)
	{
		b->failed = true;
		return;
	}
	vpndiag_escape_mode(value, copy, len, false);
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
	free(copy);
}

/*
 * Described in header
 */
void vpndiag_vici_add_record(vpndiag_vici_builder_t *b,
							 vpndiag_record_t *r)
{
	const vpndiag_code_info_t *info = vpndiag_code_info(r->code);
	char time[32];
	int i;

	if (!info)
	{
		b->failed = true;
		return;
	}
	vpndiag_vici_fmt(b, "schema", "%d", VPNDIAG_SCHEMA);
	vpndiag_vici_fmt(b, "record", "%llu", (unsigned long long)r->id);
	vpndiag_vici_str(b, "code", info->name);
	vpndiag_vici_str(b, "code_id", info->id);
	vpndiag_vici_str(b, "category", vpndiag_category_name(r->category));
	vpndiag_vici_str(b, "taxonomy", vpndiag_taxonomy_name(info->taxonomy));
	vpndiag_vici_str(b, "severity", vpndiag_severity_name(r->severity));
	vpndiag_vici_str(b, "first", vpndiag_time_format(r->first, time,
													   sizeof(time)));
	vpndiag_vici_str(b, "last", vpndiag_time_format(r->last, time,
													  sizeof(time)));
	vpndiag_vici_fmt(b, "count", "%u", r->count);
	add_str(b, "conn", r->conn);
	add_str(b, "child", r->child);
	if (r->ike_sa)
	{
		vpndiag_vici_fmt(b, "ike_sa", "%u", r->ike_sa);
	}
	vpndiag_vici_str(b, "role", r->initiator ? "initiator" : "responder");
	if (r->version)
	{
		vpndiag_vici_fmt(b, "version", "%d", r->version);
	}
	add_str(b, "local", r->local);
	add_str(b, "remote", r->remote);
	add_str(b, "local_id", r->local_id);
	add_str(b, "remote_id", r->remote_id);
	add_str(b, "cause", r->cause);
	vpndiag_vici_str(b, "fix", vpndiag_fix_name(r->fix));
	vpndiag_vici_str(b, "confidence", r->confidence ?: "high");
	add_str(b, "detail", r->detail);
	add_str(b, "remedy", vpndiag_record_remedy(r));
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
			vpndiag_vici_fmt(b, "port", "%d", r->port);
		}
		if (r->retransmits)
		{
			vpndiag_vici_fmt(b, "retransmits", "%d", r->retransmits);
		}
		vpndiag_vici_str(b, "nat", r->nat);
		vpndiag_vici_str(b, "fragmented", r->fragmented);
		vpndiag_vici_end_section(b);
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
