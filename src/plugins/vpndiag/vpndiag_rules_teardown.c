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
#include "vpndiag_event_format.h"

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
		/* a copy without stdio (snprintf() ~950 instructions in charon) */
		vpndiag_strlcpy(st->down_detail, detail, sizeof(st->down_detail));
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

/** detail of an IKE_SA we deleted to reauthenticate it */
static const char *local_reauth =
	"we deleted the IKE_SA to reauthenticate it (reauth_time)";

/**
 * Remember a local IKE_SA delete: a reauthentication (COND_REAUTHENTICATING,
 * set by ike_sa.c:reauth() for break-before-make and make-before-break)
 * or another local action
 */
static void local_ike_down(vpndiag_rule_ctx_t *ctx)
{
	if (ctx->ev->sa.reauth)
	{
		vpndiag_rules_set_down(ctx->st, VPNDIAG_CAUSE_IKE_REAUTHENTICATED,
							   TRUE, local_reauth);
	}
	else
	{
		vpndiag_rules_set_down(ctx->st, VPNDIAG_CAUSE_LOCAL_DELETE, TRUE,
							   local_ike_delete);
	}
}

/*
 * Described in header. During shutdown our CHILD_SA deletes are no
 * diagnoses.
 */
void vpndiag_rules_delete_sent(vpndiag_rule_ctx_t *ctx)
{
	if (ctx->ev->delete_proto == PROTO_IKE)
	{
		local_ike_down(ctx);
	}
	else if (ctx->replace && ctx->replace->take_closing(ctx->replace,
										ctx->ev->child_id, ctx->ev->time_ms))
	{
		vpndiag_rules_set_child_down(ctx->st, ctx->ev->child_id,
									 VPNDIAG_CAUSE_CONFIG_UNLOADED, TRUE);
	}
	else if (!ctx->shutdown)
	{
		vpndiag_rules_set_child_down(ctx->st, ctx->ev->child_id,
									 VPNDIAG_CAUSE_LOCAL_DELETE, TRUE);
	}
}

/**
 * The IKE_SA ends because the initiator did not reauthenticate as we asked
 * (ike_sa.c:reauth() logged it, VPNDIAG_LOG_REAUTH_NOT_DONE): our hard
 * lifetime, or the initiator's DELETE at the lifetime we announced in
 * AUTH_LIFETIME (ike_sa.c:set_auth_lifetime() makes it its own)
 */
static void no_reauth(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_rules_set_down(ctx->st, VPNDIAG_CAUSE_INITIATOR_NO_REAUTH, FALSE,
		"the initiator did not reauthenticate within the lifetime we "
		"announced (AUTH_LIFETIME; we cannot reauthenticate a peer with a "
		"virtual IP or EAP/XAuth), so the IKE_SA ended; its reauthentication "
		"may have failed, see the records before");
}

/*
 * Described in header
 */
void vpndiag_rules_delete_received(vpndiag_rule_ctx_t *ctx)
{
	if (ctx->ev->delete_proto == PROTO_IKE &&
		vpndiag_has_fact(ctx->st, VPNDIAG_LOG_REAUTH_NOT_DONE))
	{	/* it expired at the lifetime we announced */
		no_reauth(ctx);
	}
	else if (ctx->ev->delete_proto == PROTO_IKE)
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
		local_ike_down(ctx);
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
	if (vpndiag_has_fact(ctx->st, VPNDIAG_LOG_REAUTH_NOT_DONE))
	{
		no_reauth(ctx);
	}
	else if (ctx->ev->sa.has_hard_lifetime)
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

/**
 * Record the pending cause of an IKE_SA that went down
 */
static void record_down(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;

	if (st->down_cause && !shutdown_delete(ctx, st->down_cause) &&
		st->down_cause != VPNDIAG_CAUSE_IKE_REAUTHENTICATED)
	{
		vpndiag_rule_ike(ctx, st->down_cause, st->down_initiator, "%s (%s)",
						 st->down_detail, vpndiag_peer_of(ctx));
	}
	st->down_cause = VPNDIAG_CAUSE_NONE;
}

/**
 * Whether a down may be the first half of a reauthentication: ours, or a
 * DELETE from the peer (a break-before-make reauthentication looks like a
 * plain delete to the responder)
 */
static bool may_be_replaced(vpndiag_sa_state_t *st)
{
	return st->down_cause == VPNDIAG_CAUSE_IKE_REAUTHENTICATED ||
		   st->down_cause == VPNDIAG_CAUSE_PEER_DELETED_IKE ||
		   st->down_cause == VPNDIAG_CAUSE_PEER_INITIAL_CONTACT;
}

/**
 * The phase1 sa replace record of a reauthentication, in the context of
 * the new IKE_SA
 */
static void record_reauth(vpndiag_rule_ctx_t *ctx, uint32_t old, uint32_t new,
						  bool initiator, const char *how)
{
	vpndiag_rule_record(ctx, VPNDIAG_CAUSE_IKE_REAUTHENTICATED, initiator,
		"IKE_SA #%u reauthenticated: #%u of the same identity replaced it "
		"(%s, %s)", old, new, how, vpndiag_peer_of(ctx));
}

/**
 * An IKE_SA destroyed for an INITIAL_CONTACT of the same identity
 * (ike_sa_manager.c:check_uniqueness(), unique = no), in the old IKE_SA's
 * context: the record, and the warning when one identity keeps being taken
 * over from other addresses. new is NULL if no new IKE_SA came up.
 */
static void record_initial_contact(vpndiag_rule_ctx_t *ctx, vpndiag_sa_t *new)
{
	vpndiag_sa_state_t *st = ctx->st;
	u_int n;

	vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_PEER_INITIAL_CONTACT, FALSE,
		"IKE_SA #%u of '%s' (%s) destroyed: %s%u of the same identity from "
		"%s sent INITIAL_CONTACT (the peer restarted or lost its state, or "
		"another client uses this identity; unique = no)", st->id,
		st->sa.remote_id, vpndiag_peer_of(ctx), new ? "the new IKE_SA #" :
		"a new IKE_SA", new ? new->unique_id : 0,
		new && *new->remote ? new->remote : "the peer");
	n = new ? ctx->replace->count(ctx->replace, &st->sa, new->remote,
								  ctx->ev->time_ms) : 0;
	if (n)
	{
		vpndiag_rule_record(ctx, VPNDIAG_CAUSE_SHARED_IDENTITY, FALSE,
			"%u IKE_SAs of '%s' were taken over from another address within "
			"%u s (the last: #%u from %s replaced #%u from %s): several "
			"clients likely share this identity", n, st->sa.remote_id,
			ctx->replace->get_window(ctx->replace), new->unique_id,
			new->remote, st->id, vpndiag_peer_of(ctx));
	}
}

/*
 * Described in header. A down that may be the first half of a
 * reauthentication waits for its replacement (vpndiag_replace.h); with
 * make-before-break the replacement is already up.
 */
void vpndiag_rules_ike_down(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;
	uint32_t up;

	if (st->down_cause && may_be_replaced(st) && ctx->replace &&
		!ctx->shutdown)
	{
		up = ctx->replace->recent_up(ctx->replace, &st->sa, ctx->ev->time_ms);
		if (up && st->down_cause != VPNDIAG_CAUSE_PEER_INITIAL_CONTACT)
		{
			record_reauth(ctx, st->id, up, st->down_initiator,
						  "make-before-break: the new IKE_SA came up first");
			st->down_cause = VPNDIAG_CAUSE_NONE;
			return;
		}
		if (ctx->replace->park(ctx->replace, &st->sa, ctx->ev->time_ms, st,
							   sizeof(*st)))
		{
			st->down_cause = VPNDIAG_CAUSE_NONE;
			return;
		}
	}
	record_down(ctx);
}

/*
 * Described in header
 */
void vpndiag_rules_ike_up(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t parked;
	vpndiag_sa_t old;

	if (!ctx->replace)
	{
		return;
	}
	ctx->replace->up(ctx->replace, &ctx->ev->sa, ctx->ev->time_ms);
	if (ctx->replace->take(ctx->replace, &ctx->ev->sa, &old, &parked,
						   sizeof(parked)))
	{
		if (parked.down_cause == VPNDIAG_CAUSE_PEER_INITIAL_CONTACT)
		{	/* recorded in the old IKE_SA's context */
			vpndiag_rule_ctx_t old_ctx = *ctx;

			old_ctx.st = &parked;
			parked.diagnosed = FALSE;
			record_initial_contact(&old_ctx, &ctx->ev->sa);
			return;
		}
		record_reauth(ctx, old.unique_id, ctx->ev->sa.unique_id,
					  parked.down_initiator, "break-before-make: the old "
					  "IKE_SA was deleted first");
	}
}

/*
 * Described in header. No IKE_SA of the same identity came up: the parked
 * cause stands (a failed reauthentication of ours was recorded as the
 * failure the new IKE_SA ran into, see vpndiag_replace_t.drop_failed()).
 */
void vpndiag_rules_parked_expired(vpndiag_rule_ctx_t *ctx)
{
	if (ctx->st->down_cause == VPNDIAG_CAUSE_PEER_INITIAL_CONTACT)
	{
		record_initial_contact(ctx, NULL);
		return;
	}
	record_down(ctx);
}

/*
 * Described in header. check_uniqueness() checks the old IKE_SA out, so
 * the line comes in the old IKE_SA's context (5.9.8 and 6.x); the new
 * IKE_SA's ike_updown(up) follows its ike_updown(down).
 */
void vpndiag_rules_initial_contact(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_rules_set_down(ctx->st, VPNDIAG_CAUSE_PEER_INITIAL_CONTACT,
						   FALSE, ctx->ev->text);
}

/*
 * Described in header. vici_config.c:clear_start_action() logs the line
 * without an IKE_SA context before it terminates the IKE_SA (5.9.x only for
 * children with start_action = start); the DELETE and state change that
 * follow find this cause pending.
 */
void vpndiag_rules_config_closing(vpndiag_rule_ctx_t *ctx)
{
	char detail[VPNDIAG_TEXT_LEN];

	snprintf(detail, sizeof(detail), "vici closed the IKE_SA because its "
			 "connection was unloaded or replaced (swanctl --load-conns; "
			 "charon: \"%s\")", ctx->ev->text);
	vpndiag_rules_set_down(ctx->st, VPNDIAG_CAUSE_CONFIG_UNLOADED, TRUE,
						   detail);
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
				cause == VPNDIAG_CAUSE_CONFIG_UNLOADED ? "by vici because "
				"its child config was unloaded or replaced (swanctl "
				"--load-conns)" :
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

/*
 * Described in header. As for the IKE_SA, but the line names the CHILD_SA's
 * unique id only: its DELETE (vpndiag_rules_delete_sent()) finds it.
 */
void vpndiag_rules_config_closing_child(vpndiag_rule_ctx_t *ctx)
{
	const char *hash = strrchr(ctx->ev->text, '#');
	u_int id;

	if (ctx->replace && hash && sscanf(hash, "#%u", &id) == 1 && id)
	{
		ctx->replace->closing(ctx->replace, id, ctx->ev->time_ms);
	}
}
