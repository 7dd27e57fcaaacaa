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
	}
	vpndiag_record_set(&rec->child, ctx->ev->child);
	vpndiag_record_set(&rec->local, sa->local);
	vpndiag_record_set(&rec->remote, sa->remote);
	vpndiag_record_set(&rec->local_id, sa->local_id);
	vpndiag_record_set(&rec->remote_id, sa->remote_id);
	return rec;
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
	ctx->out->insert_last(ctx->out, rec);
	return rec;
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
	return st && (st->logfacts & (1 << fact));
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

	snprintf(buf, len, "%s", hostport);
	bracket = strrchr(buf, '[');
	if (bracket && bracket != buf)
	{
		*bracket = '\0';
	}
	return buf;
}
