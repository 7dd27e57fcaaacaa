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

/*
 * Rules of the teardown domain: who deleted an IKE_SA or CHILD_SA, hard
 * expiries, replacement by uniqueness, rekeys and address changes.
 *
 * ike_updown and child_updown carry no reason: the events before them
 * (DELETE payloads, state changes, alerts) leave a pending cause in the
 * IKE_SA's state, which the down event then records.
 */

#include "vpndiag_rules.h"

/** detail of an IKE_SA we deleted */
static const char *local_ike_delete =
	"we deleted the IKE_SA (swanctl --terminate, vici or another local "
	"action)";

/*
 * Described in header
 */
void vpndiag_rules_set_down(vpndiag_sa_state_t *st, vpndiag_cause_t cause,
							bool initiator, const char *detail)
{
	if (st && !st->down_cause)
	{
		st->down_cause = cause;
		st->down_initiator = initiator;
		snprintf(st->down_detail, sizeof(st->down_detail), "%s", detail);
	}
}

/*
 * Described in header. A full table reuses its first slot.
 */
void vpndiag_rules_set_child_down(vpndiag_sa_state_t *st, uint32_t id,
								  vpndiag_cause_t cause, bool initiator)
{
	int i, free_slot = -1;

	if (!st || !id)
	{
		return;
	}
	for (i = 0; i < VPNDIAG_MAX_CHILD_CAUSES; i++)
	{
		if (st->child_down[i].id == id)
		{
			return;
		}
		if (!st->child_down[i].id && free_slot < 0)
		{
			free_slot = i;
		}
	}
	i = free_slot < 0 ? 0 : free_slot;
	st->child_down[i].id = id;
	st->child_down[i].cause = cause;
	st->child_down[i].initiator = initiator;
}

/*
 * Described in header. During shutdown our CHILD_SA deletes are no
 * diagnoses.
 */
void vpndiag_rules_delete_sent(vpndiag_rule_ctx_t *ctx)
{
	if (ctx->ev->delete_proto == PROTO_IKE)
	{
		vpndiag_rules_set_down(ctx->st, VPNDIAG_CAUSE_LOCAL_DELETE, TRUE,
							   local_ike_delete);
	}
	else if (!ctx->shutdown)
	{
		vpndiag_rules_set_child_down(ctx->st, ctx->ev->child_id,
									 VPNDIAG_CAUSE_LOCAL_DELETE, TRUE);
	}
}

/*
 * Described in header
 */
void vpndiag_rules_delete_received(vpndiag_rule_ctx_t *ctx)
{
	if (ctx->ev->delete_proto == PROTO_IKE)
	{
		vpndiag_rules_set_down(ctx->st, VPNDIAG_CAUSE_PEER_DELETED_IKE, FALSE,
							   "the peer deleted the IKE_SA");
	}
	else
	{
		vpndiag_rules_set_child_down(ctx->st, ctx->ev->child_id,
									 VPNDIAG_CAUSE_PEER_DELETED_CHILD, FALSE);
	}
}

/*
 * Described in header. An established IKE_SA that starts deleting without
 * another cause pending was deleted by us.
 */
void vpndiag_rules_ike_deleting(vpndiag_rule_ctx_t *ctx)
{
	if (ctx->ev->sa.state == VPNDIAG_IKE_ESTABLISHED && !ctx->shutdown)
	{
		vpndiag_rules_set_down(ctx->st, VPNDIAG_CAUSE_LOCAL_DELETE, TRUE,
							   local_ike_delete);
	}
}

/*
 * Described in header
 */
void vpndiag_rules_unique_replace(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_rules_set_down(ctx->st, VPNDIAG_CAUSE_UNIQUE_REPLACE, FALSE,
		"replaced by a new IKE_SA of the same identity (uniqueness policy "
		"replace)");
}

/*
 * Described in header. charon also raises the alert for ordinary deletes:
 * only an IKE_SA with a hard lifetime set expired.
 */
void vpndiag_rules_ike_expired(vpndiag_rule_ctx_t *ctx)
{
	if (ctx->ev->sa.has_hard_lifetime)
	{
		vpndiag_rules_set_down(ctx->st, VPNDIAG_CAUSE_IKE_LIFETIME_EXPIRED,
			TRUE, "the IKE_SA reached its hard lifetime before a rekeying or "
			"reauthentication replaced it");
	}
}

/**
 * Whether a pending cause is a local delete during charon's shutdown
 */
static bool shutdown_delete(vpndiag_rule_ctx_t *ctx, vpndiag_cause_t cause)
{
	return ctx->shutdown &&
		   vpndiag_cause_info(cause)->code == VPNDIAG_MANUAL_OFFLINE;
}

/*
 * Described in header
 */
void vpndiag_rules_ike_down(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;

	if (st->down_cause && !shutdown_delete(ctx, st->down_cause))
	{
		vpndiag_rule_ike(ctx, st->down_cause, st->down_initiator, "%s (%s)",
						 st->down_detail, vpndiag_peer_of(ctx));
	}
	st->down_cause = VPNDIAG_CAUSE_NONE;
}

/*
 * Described in header
 */
void vpndiag_rules_child_down(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	vpndiag_sa_state_t *st = ctx->st;
	vpndiag_cause_t cause;
	int i;

	if (ev->hard_expired)
	{
		vpndiag_rule_record(ctx, VPNDIAG_CAUSE_CHILD_LIFETIME_EXPIRED, TRUE,
			"CHILD_SA %s reached its hard lifetime before a rekeying replaced "
			"it", ev->child);
		return;
	}
	for (i = 0; st && i < VPNDIAG_MAX_CHILD_CAUSES; i++)
	{
		if (st->child_down[i].id != ev->child_id)
		{
			continue;
		}
		cause = st->child_down[i].cause;
		if (!shutdown_delete(ctx, cause))
		{
			vpndiag_rule_record(ctx, cause, st->child_down[i].initiator,
				"CHILD_SA %s deleted %s", ev->child,
				vpndiag_cause_info(cause)->code == VPNDIAG_PEER_REQUEST ?
				"by the peer" : "by us (swanctl --terminate, vici or another "
				"local action)");
		}
		st->child_down[i].id = 0;
		return;
	}
}

/*
 * Described in header
 */
void vpndiag_rules_rekeyed(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;

	if (ev->type == VPNDIAG_EV_IKE_REKEY)
	{
		vpndiag_rule_record(ctx, VPNDIAG_CAUSE_IKE_REKEYED, ev->sa.initiator,
			"IKE_SA rekeyed: #%u replaced by #%u", (u_int)ev->arg,
			ev->sa.unique_id);
	}
	else
	{
		vpndiag_rule_record(ctx, VPNDIAG_CAUSE_CHILD_REKEYED,
			ev->sa.initiator, "CHILD_SA %s rekeyed: {%u} replaced by {%u}",
			ev->child, (u_int)ev->arg, ev->child_id);
	}
}

/*
 * Described in header
 */
void vpndiag_rules_peer_moved(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_rule_record(ctx, VPNDIAG_CAUSE_PEER_ADDRESS_CHANGED, FALSE,
		"the peer moved from %s to %s (MOBIKE or a NAT mapping change)",
		ctx->ev->sa.remote, ctx->ev->text);
}
