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
 * Rules of the proposal domain: IKE and ESP/AH proposals, key exchange
 * methods, the IKE version, and which IKE config the addresses select.
 */

#include "vpndiag_rules.h"
#include "vpndiag_proposals.h"

/**
 * The printed text of a proposal list, NULL if there is none or no text
 */
static const char *text_of(vpndiag_proposals_t *proposals)
{
	return proposals && *proposals->text ? proposals->text : NULL;
}

/*
 * Described in header. The initiator only learns that the peer said no
 * (NO_PROPOSAL_CHOSEN): it knows what it offered, not what differs. The
 * responder compares the received proposals with its configured ones; if
 * only the key exchange method differs it is a DH mismatch.
 */
void vpndiag_rules_ike_proposal_mismatch(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	const char *offered = text_of(ev->proposals);
	const char *accepted = text_of(ev->configured);
	vpndiag_record_t *rec;
	char types[64] = "";
	u_int mismatch = 0;

	if (vpndiag_rx_notify(ctx->st, NO_PROPOSAL_CHOSEN))
	{
		rec = vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_P1_PEER_REJECTED_PROPOSAL,
			TRUE, "%s answered NO_PROPOSAL_CHOSEN to our IKE_SA proposals %s; "
			"its log names the transform that differs (the same answer comes "
			"back when it has no IKE config for our address or IKE version)",
			vpndiag_peer_of(ctx), offered ?: "(unknown)");
		if (rec)
		{
			vpndiag_record_set(&rec->offered, offered);
			vpndiag_rules_profile(ctx, rec, NO_PROPOSAL_CHOSEN, TRUE,
								  ev->proposals);
		}
		return;
	}
	if (ev->proposals && ev->configured)
	{
		mismatch = vpndiag_proposals_mismatch(ev->proposals, ev->configured);
		vpndiag_proposals_mismatch_names(mismatch, types, sizeof(types));
	}
	rec = vpndiag_rule_ike(ctx, mismatch == VPNDIAG_MISMATCH_KE ?
			VPNDIAG_CAUSE_NO_COMMON_KE_METHOD :
			VPNDIAG_CAUSE_P1_NO_COMMON_PROPOSAL, ev->sa.initiator,
			"%s proposed %s, we accept %s%s%s", vpndiag_peer_of(ctx),
			offered ?: "(unknown)", accepted ?: "(unknown)",
			mismatch ? ": no common " : "", types);
	if (rec)
	{
		vpndiag_proposals_add_mismatch(rec, mismatch);
		vpndiag_record_set(&rec->offered, offered);
		vpndiag_record_set(&rec->accepted, accepted);
	}
}

/*
 * Described in header. IKE_AUTH selects ESP/AH proposals without key
 * exchange methods, so a PFS group mismatch only shows in CREATE_CHILD_SA,
 * e.g. at the first rekey; the comparison follows that.
 */
void vpndiag_rules_child_proposal_mismatch(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	vpndiag_proposals_t *configured = NULL;
	const char *offered = text_of(ev->proposals), *accepted;
	vpndiag_record_t *rec;
	char types[64] = "";
	u_int mismatch = 0;
	bool rekey = ev->sa.tasks & VPNDIAG_TASK_CHILD_REKEY;
	bool in_auth = (ev->sa.tasks & VPNDIAG_TASK_AUTH) ||
				   (!ev->sa.tasks && ev->sa.state == VPNDIAG_IKE_CONNECTING);

	if (vpndiag_rx_notify(ctx->st, NO_PROPOSAL_CHOSEN))
	{
		rec = vpndiag_rule_child(ctx, VPNDIAG_CAUSE_P2_PEER_REJECTED_PROPOSAL,
			TRUE, "%s answered NO_PROPOSAL_CHOSEN to our %s proposals %s%s; "
			"its log tells whether the ESP transforms, the PFS group or its "
			"kernel install failed", vpndiag_peer_of(ctx),
			rekey ? "CHILD_SA rekeying" : "CHILD_SA", offered ?: "",
			rekey ? " (a PFS group mismatch only shows at the first rekey)" :
			"");
		if (rec)
		{
			vpndiag_record_set(&rec->offered, offered);
			vpndiag_rules_profile(ctx, rec, NO_PROPOSAL_CHOSEN, FALSE,
								  ev->proposals);
		}
		return;
	}
	if (ctx->query && ev->sa.has_peer_cfg)
	{
		configured = ctx->query->child_proposals(ctx->query, ev->sa.conn,
									*ev->child ? ev->child : NULL, in_auth);
	}
	if (ev->proposals && configured)
	{
		mismatch = vpndiag_proposals_mismatch(ev->proposals, configured);
		vpndiag_proposals_mismatch_names(mismatch, types, sizeof(types));
	}
	accepted = text_of(configured);
	rec = vpndiag_rule_child(ctx, mismatch == VPNDIAG_MISMATCH_KE ?
			VPNDIAG_CAUSE_PFS_MISMATCH : VPNDIAG_CAUSE_P2_NO_COMMON_PROPOSAL,
			ev->sa.initiator, "%s proposed %s for the CHILD_SA%s, we accept "
			"%s%s%s", vpndiag_peer_of(ctx), offered ?: "(unknown)",
			rekey ? " (rekeying)" : "", accepted ?: "(unknown)",
			mismatch ? ": no common " : "", types);
	if (rec)
	{
		vpndiag_proposals_add_mismatch(rec, mismatch);
		vpndiag_record_set(&rec->offered, offered);
		vpndiag_record_set(&rec->accepted, accepted);
	}
	free(configured);
}

/*
 * Described in header. In this order: a config for the addresses but the
 * other IKE version; a config with the addresses swapped; a config for the
 * peer but another local address; no config for the peer at all. The
 * connection found is named in the detail; the record is attributed to it
 * (conn_match "address": charon selected none, vpndiag inferred it from
 * the addresses) by the rules of vpndiag_rule_attribute(), so that a
 * connection for %any or a subnet does not collect failures of unknown
 * sources.
 */
void vpndiag_rules_no_ike_config(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_config_query_t *q = ctx->query;
	vpndiag_event_t *ev = ctx->ev;
	char me[VPNDIAG_HOST_LEN], other[VPNDIAG_HOST_LEN];
	char name[VPNDIAG_NAME_LEN] = "";
	vpndiag_record_t *rec;
	int version = ev->sa.version, other_version = version == 1 ? 2 : 1;

	vpndiag_addr_only(ev->sa.local, me, sizeof(me));
	vpndiag_addr_only(ev->sa.remote, other, sizeof(other));

	if (q && q->find_ike_cfg(q, me, other, other_version, name, sizeof(name)))
	{
		rec = vpndiag_rule_ike(ctx, version == 1 ?
				VPNDIAG_CAUSE_PEER_USES_IKEV1 : VPNDIAG_CAUSE_PEER_USES_IKEV2,
				FALSE, "%s initiated with IKEv%d, but our connection '%s' for "
				"%s...%s is IKEv%d only", other, version, name, me, other,
				other_version);
		if (rec)
		{
			vpndiag_rule_attribute(ctx, rec, me, other, other_version, FALSE);
		}
	}
	else if (q && q->find_ike_cfg(q, other, me, 0, name, sizeof(name)))
	{
		rec = vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_REVERSED_ADDRESSES, FALSE,
				"no IKE config for %s...%s, but connection '%s' has local and "
				"remote addresses the other way round", me, other, name);
		if (rec)
		{
			vpndiag_rule_attribute(ctx, rec, me, other, 0, TRUE);
		}
	}
	else if (q && q->find_ike_cfg(q, NULL, other, 0, name, sizeof(name)))
	{
		rec = vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_LOCAL_ADDRESS_MISMATCH,
				FALSE, "%s reached us at %s, but connection '%s' for this peer "
				"expects another local address", other, me, name);
		if (rec)
		{
			vpndiag_rule_attribute(ctx, rec, NULL, other, 0, FALSE);
		}
	}
	else
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_UNKNOWN_PEER_ADDRESS, FALSE,
				"no IKE config for %s...%s: no connection has %s as remote "
				"address", me, other, other);
	}
}

/**
 * charon's childless lines (child_create.c, 5.9.8) and what they mean
 */
static const struct {
	/** a part of the line only this case logs */
	const char *needle;
	vpndiag_cause_t cause;
	/** we are the initiator of the IKE_SA */
	bool initiator;
	/** the detail; %s: the peer */
	const char *text;
} childless_lines[] = {
	/* handle_childless(): SA and TS payloads in IKE_AUTH, childless = force */
	{ "did not initiate", VPNDIAG_CAUSE_CHILDLESS_FORCED, FALSE,
	  "%s created a CHILD_SA with the IKE_SA (SA and TS payloads in "
	  "IKE_AUTH), but our childless = force accepts only IKE_SAs without "
	  "one: we answered INVALID_SYNTAX and closed the IKE_SA" },
	/* handle_childless(): no SA and TS payloads, childless = never */
	{ "tried to initiate", VPNDIAG_CAUSE_CHILDLESS_REFUSED, FALSE,
	  "%s initiated the IKE_SA without a CHILD_SA (no SA and TS payloads in "
	  "IKE_AUTH), but our childless = never refuses that: we answered "
	  "INVALID_SYNTAX and closed the IKE_SA" },
	/* defer_child_sa(): no CHILDLESS_IKEV2_SUPPORTED, childless = force */
	{ "does not support", VPNDIAG_CAUSE_CHILDLESS_UNSUPPORTED, TRUE,
	  "%s did not announce CHILDLESS_IKEV2_SUPPORTED in its IKE_SA_INIT "
	  "response (childless = never there, or no RFC 6023 support), and our "
	  "childless = force allows no CHILD_SA in IKE_AUTH: charon gave up the "
	  "IKE_SA before IKE_AUTH; the peer keeps a half-open IKE_SA until its "
	  "timeout" },
};

/*
 * Described in header. IKEv2 only: IKEv1 has no childless initiation.
 */
void vpndiag_rules_childless(vpndiag_rule_ctx_t *ctx)
{
	int i;

	for (i = 0; i < countof(childless_lines); i++)
	{
		if (strstr(ctx->ev->text, childless_lines[i].needle))
		{
			vpndiag_rule_ike(ctx, childless_lines[i].cause,
							 childless_lines[i].initiator,
							 childless_lines[i].text, vpndiag_peer_of(ctx));
			return;
		}
	}
}
