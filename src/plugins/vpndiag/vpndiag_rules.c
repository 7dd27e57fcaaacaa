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

#include "vpndiag_rules.h"

#include <stdarg.h>

/**
 * Create a record of a cause for the event's IKE_SA: the context from the
 * state (or the event without state), the rest from the cause's row
 */
static vpndiag_record_t *new_record(vpndiag_rule_ctx_t *ctx,
									const vpndiag_cause_info_t *info,
									bool initiator)
{
	vpndiag_sa_t *sa = ctx->st ? &ctx->st->sa : &ctx->ev->sa;
	vpndiag_record_t *rec;

	rec = vpndiag_record_create(info->code);
	rec->first = rec->last = ctx->ev->time_ms;
	rec->initiator = initiator;
	rec->ike_sa = sa->unique_id;
	rec->version = sa->version;
	vpndiag_record_set(&rec->cause, info->id);
	rec->fix = info->fix;
	rec->confidence = vpndiag_confidence_name(info->confidence);
	if (info->severity)
	{
		rec->severity = info->severity;
	}
	switch (info->category)
	{
		case VPNDIAG_CAUSE_CAT_NEGOTIATION:
			rec->category = VPNDIAG_CAT_NEGOTIATION;
			break;
		case VPNDIAG_CAUSE_CAT_DISCONNECTION:
			rec->category = VPNDIAG_CAT_DISCONNECTION;
			break;
		case VPNDIAG_CAUSE_CAT_CODE:
			break;
	}
	vpndiag_record_set(&rec->remedy, info->remedy);
	if (sa->has_peer_cfg)
	{
		vpndiag_record_set(&rec->conn, sa->conn);
		rec->conn_match = rec->conn ? VPNDIAG_CONN_MATCH_CONFIG :
									  VPNDIAG_CONN_MATCH_NONE;
	}
	vpndiag_record_set(&rec->child, ctx->ev->child);
	vpndiag_record_set(&rec->local, sa->local);
	vpndiag_record_set(&rec->remote, sa->remote);
	vpndiag_record_set(&rec->local_id, sa->local_id);
	vpndiag_record_set(&rec->remote_id, sa->remote_id);
	return rec;
}

/**
 * Attribute a record whose IKE_SA has no peer config (yet) by its
 * addresses. Not when charon found no IKE config for them: then no
 * connection matches them, and vpndiag_rules_no_ike_config() looks further.
 */
static void attribute_by_sa(vpndiag_rule_ctx_t *ctx, vpndiag_record_t *rec)
{
	vpndiag_sa_t *sa = ctx->st ? &ctx->st->sa : &ctx->ev->sa;

	if (rec->conn || sa->has_peer_cfg || (sa->unique_id && !sa->has_ike_cfg) ||
		!*sa->local || !*sa->remote)
	{
		return;
	}
	vpndiag_rule_attribute(ctx, rec, sa->local, sa->remote, sa->version,
						   FALSE);
}

/*
 * Described in header
 */
vpndiag_record_t *vpndiag_rule_emit(vpndiag_rule_ctx_t *ctx,
									vpndiag_scope_t scope,
									vpndiag_cause_t cause, bool initiator,
									const char *fmt, ...)
{
	const vpndiag_cause_info_t *info = vpndiag_cause_info(cause);
	vpndiag_sa_state_t *st = ctx->st;
	vpndiag_record_t *rec;
	va_list args;

	if (!info || info->retired)
	{	/* a rule bug: never publish a retired or unknown cause */
		return NULL;
	}
	if (st && ((scope == VPNDIAG_SCOPE_IKE_SA && st->diagnosed) ||
			   (scope == VPNDIAG_SCOPE_CHILD && st->child_diagnosed)))
	{
		return NULL;
	}
	rec = new_record(ctx, info, initiator);
	if (st && scope == VPNDIAG_SCOPE_IKE_SA &&
		rec->severity != VPNDIAG_SEV_INFO)
	{
		st->diagnosed = TRUE;
	}
	if (st && scope == VPNDIAG_SCOPE_CHILD)
	{
		st->child_diagnosed = TRUE;
	}
	va_start(args, fmt);
	vpndiag_record_vsetf(&rec->detail, fmt, args);
	va_end(args);
	attribute_by_sa(ctx, rec);
	ctx->out->insert_last(ctx->out, rec);
	return rec;
}

/**
 * Append a clause to a record's detail
 */
static void append_detail(vpndiag_record_t *rec, const char *clause)
{
	size_t have = rec->detail ? strlen(rec->detail) : 0;
	size_t add = strlen(clause);
	char *value;

	/* as vpndiag_record_setf("%s%s") did, without its ~3 000 instructions
	 * of vasprintf() in charon */
	value = malloc(have + add + 1);
	if (value)
	{
		if (have)
		{
			memcpy(value, rec->detail, have);
		}
		memcpy(value + have, clause, add + 1);
	}
	free(rec->detail);
	rec->detail = value;
}

/*
 * Described in header. The peer's side of a candidate must match by an
 * address, range or subnet (%any does not count, find_conns() leaves those
 * out); the record is attributed only to the one candidate whose peer side
 * names the peer's address itself, so that failures from addresses nobody
 * configured (floods, scans, spoofed sources in a configured subnet) stay
 * unattributed and cannot evict a connection's history.
 */
bool vpndiag_rule_attribute(vpndiag_rule_ctx_t *ctx, vpndiag_record_t *rec,
							const char *local, const char *remote,
							int version, bool reversed)
{
	vpndiag_conn_candidate_t found[VPNDIAG_MAX_CANDIDATES];
	vpndiag_config_query_t *q = ctx->query;
	vpndiag_addr_match_t kind, one_kind = VPNDIAG_ADDR_NONE;
	char me[VPNDIAG_HOST_LEN] = "", other[VPNDIAG_HOST_LEN];
	char names[VPNDIAG_MAX_CANDIDATES * (VPNDIAG_NAME_LEN + 4)] = "";
	char clause[sizeof(names) + 2 * VPNDIAG_HOST_LEN + 128];
	int total, filled, count = 0, one = -1, i;
	size_t pos = 0;

	if (rec->conn || !q || !q->find_conns || !remote || !*remote)
	{
		return FALSE;
	}
	if (local && *local)
	{
		vpndiag_addr_only(local, me, sizeof(me));
	}
	vpndiag_addr_only(remote, other, sizeof(other));
	/* reversed: the configs' local side against the peer's address */
	total = reversed ? q->find_conns(q, other, *me ? me : NULL, version,
									 found, countof(found))
					 : q->find_conns(q, *me ? me : NULL, other, version,
									 found, countof(found));
	filled = min(max(total, 0), (int)countof(found));
	for (i = 0; i < filled; i++)
	{
		kind = reversed ? found[i].me : found[i].other;
		if (kind < VPNDIAG_ADDR_RANGE)
		{
			continue;
		}
		one = i;
		one_kind = kind;
		count++;
		if (pos < sizeof(names))
		{
			pos += snprintf(names + pos, sizeof(names) - pos, "%s'%s'",
							pos ? ", " : "", found[i].name);
		}
	}
	/* those not reported may be candidates too */
	count += max(total, 0) - filled;
	if (!count)
	{
		return FALSE;
	}
	if (count == 1 && one >= 0 && one_kind == VPNDIAG_ADDR_EXACT)
	{
		vpndiag_record_set(&rec->conn, found[one].name);
		rec->conn_match = VPNDIAG_CONN_MATCH_ADDRESS;
		return TRUE;
	}
	if (count == 1 && one >= 0)
	{
		snprintf(clause, sizeof(clause), " (not attributed to connection "
				 "%s: %s lies in its %s range or subnet, it is not one of its "
				 "configured addresses)", names, other,
				 reversed ? "local" : "remote");
	}
	else
	{
		snprintf(clause, sizeof(clause), " (not attributed: %d connections "
				 "match these addresses: %s%s)", count, names,
				 total > filled ? " and more" : "");
	}
	append_detail(rec, clause);
	return FALSE;
}

/*
 * Described in header
 */
bool vpndiag_has_notify(uint16_t *notifies, int count, uint16_t type)
{
	int i;

	for (i = 0; i < count; i++)
	{
		if (notifies[i] == type)
		{
			return TRUE;
		}
	}
	return FALSE;
}

/*
 * Described in header
 */
bool vpndiag_rx_notify(vpndiag_sa_state_t *st, uint16_t type)
{
	return st && vpndiag_has_notify(st->rx_notifies, st->rx_count, type);
}

/*
 * Described in header
 */
bool vpndiag_has_fact(vpndiag_sa_state_t *st, vpndiag_logfact_t fact)
{
	return st && (st->logfacts & (1u << fact));
}

/*
 * Described in header
 */
const char *vpndiag_peer_of(vpndiag_rule_ctx_t *ctx)
{
	const char *remote = ctx->st ? ctx->st->sa.remote : ctx->ev->sa.remote;

	return *remote ? remote : "the peer";
}

/*
 * Described in header
 */
const char *vpndiag_exchange_name(int exchange)
{
	switch (exchange)
	{
		case ID_PROT:
			return "ID_PROT";
		case AGGRESSIVE:
			return "AGGRESSIVE";
		case INFORMATIONAL_V1:
			return "INFORMATIONAL_V1";
		case TRANSACTION:
			return "TRANSACTION";
		case QUICK_MODE:
			return "QUICK_MODE";
		case IKE_SA_INIT:
			return "IKE_SA_INIT";
		case IKE_AUTH:
			return "IKE_AUTH";
		case CREATE_CHILD_SA:
			return "CREATE_CHILD_SA";
		case INFORMATIONAL:
			return "INFORMATIONAL";
		default:
			return NULL;
	}
}

/*
 * Described in header
 */
char *vpndiag_addr_only(const char *hostport, char *buf, size_t len)
{
	char *bracket;
	size_t n;

	if (!len)
	{
		return buf;
	}
	/* a copy without stdio (snprintf costs ~1 000 instructions in charon) */
	n = strnlen(hostport, len - 1);
	memcpy(buf, hostport, n);
	buf[n] = '\0';
	bracket = strrchr(buf, '[');
	if (bracket && bracket != buf)
	{
		*bracket = '\0';
	}
	return buf;
}
