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
 * What an error notify from the peer means: the peer's verdict, with low
 * confidence (its log knows more). One table for IKE_SA setup, one for
 * CHILD_SA exchanges; the first notify of the message that a row names
 * decides.
 */

#include "vpndiag_rules.h"

/**
 * A rule: the peer told us no with this notify.
 */
struct vpndiag_notify_rule_t {
	/** notify type received */
	notify_type_t notify;
	/** what it means */
	vpndiag_cause_t cause;
	/** the notify and its meaning, for the detail */
	const char *text;
};

/**
 * Error notifies during IKE_SA setup
 */
static const vpndiag_notify_rule_t ike_rejected[] = {
	{ NO_PROPOSAL_CHOSEN, VPNDIAG_CAUSE_P1_PEER_REJECTED_PROPOSAL,
	  "NO_PROPOSAL_CHOSEN: no common IKE proposal, or no IKE config there for "
	  "our address or IKE version" },
	{ AUTHENTICATION_FAILED, VPNDIAG_CAUSE_PEER_REJECTED_AUTH,
	  "AUTHENTICATION_FAILED: pre-shared key, identities, certificate or "
	  "exchange mode (main/aggressive) differ" },
	{ INVALID_MAJOR_VERSION, VPNDIAG_CAUSE_PEER_REJECTED_VERSION,
	  "INVALID_MAJOR_VERSION: the peer does not speak our IKE version" },
	{ INVALID_SYNTAX, VPNDIAG_CAUSE_PEER_REJECTED_SYNTAX,
	  "INVALID_SYNTAX: the peer could not parse our message" },
	{ PAYLOAD_MALFORMED, VPNDIAG_CAUSE_PEER_REJECTED_PAYLOAD,
	  "PAYLOAD_MALFORMED: in IKEv1 Main Mode this usually means the "
	  "pre-shared keys differ" },
	{ UNSUPPORTED_CRITICAL_PAYLOAD, VPNDIAG_CAUSE_PEER_REJECTED_CRITICAL,
	  "UNSUPPORTED_CRITICAL_PAYLOAD" },
	{ INVALID_KE_PAYLOAD, VPNDIAG_CAUSE_PEER_REQUESTED_OTHER_KE,
	  "INVALID_KE_PAYLOAD: the peer wants a key exchange method we cannot "
	  "offer" },
};

/**
 * Error notifies about a CHILD_SA
 */
static const vpndiag_notify_rule_t child_rejected[] = {
	/* child_create.c build_r(): a failed policy install (select_and_install()
	 * returns NOT_FOUND) is answered with TS_UNACCEPTABLE too */
	{ TS_UNACCEPTABLE, VPNDIAG_CAUSE_PEER_REJECTED_TS,
	  "TS_UNACCEPTABLE: its local_ts/remote_ts do not cover ours, or "
	  "(charon) its kernel refused the CHILD_SA's policies" },
	{ INVALID_SELECTORS, VPNDIAG_CAUSE_PEER_REJECTED_TS,
	  "INVALID_SELECTORS" },
	{ INVALID_ID_INFORMATION, VPNDIAG_CAUSE_PEER_REJECTED_TS,
	  "INVALID_ID_INFORMATION: its Quick Mode selectors or mode differ" },
	{ NO_PROPOSAL_CHOSEN, VPNDIAG_CAUSE_P2_PEER_REJECTED_PROPOSAL,
	  "NO_PROPOSAL_CHOSEN: no common ESP proposal or PFS group, or it failed "
	  "to install the SA" },
	{ INTERNAL_ADDRESS_FAILURE, VPNDIAG_CAUSE_PEER_REJECTED_VIP,
	  "INTERNAL_ADDRESS_FAILURE: it could not assign us a virtual IP" },
	{ FAILED_CP_REQUIRED, VPNDIAG_CAUSE_PEER_REQUIRES_VIP,
	  "FAILED_CP_REQUIRED: it requires us to request a virtual IP" },
	{ NO_ADDITIONAL_SAS, VPNDIAG_CAUSE_PEER_NO_MORE_SAS,
	  "NO_ADDITIONAL_SAS: it accepts no more CHILD_SAs" },
	/* no rows for TEMPORARY_FAILURE and CHILD_SA_NOT_FOUND: charon raises no
	 * ALERT_KEEP_ON_CHILD_SA_FAILURE for them (child_create.c process_i()
	 * retries later, child_rekey.c process_i() re-creates the CHILD_SA), so
	 * such a row could only match a stale notify of an earlier exchange */
};

/**
 * Diagnose from the error notifies of the last message the peer sent,
 * with the first matching rule, once per scope
 */
static void notified(vpndiag_rule_ctx_t *ctx,
					 const vpndiag_notify_rule_t *rules, int count,
					 vpndiag_scope_t scope)
{
	vpndiag_sa_state_t *st = ctx->st;
	vpndiag_record_t *rec;
	int i, j;

	for (i = 0; st && i < st->rx_count; i++)
	{
		for (j = 0; j < count; j++)
		{
			if (rules[j].notify != st->rx_notifies[i])
			{
				continue;
			}
			rec = vpndiag_rule_emit(ctx, scope, rules[j].cause,
						st->sa.initiator, "%s answered %s; its log holds the "
						"reason", vpndiag_peer_of(ctx), rules[j].text);
			if (rec)
			{
				vpndiag_record_set(&rec->exchange,
								   vpndiag_exchange_name(st->rx_exchange));
				vpndiag_rules_profile(ctx, rec, rules[j].notify,
									  scope == VPNDIAG_SCOPE_IKE_SA, NULL);
			}
			return;
		}
	}
}

/*
 * Described in header
 */
void vpndiag_rules_ike_rejected(vpndiag_rule_ctx_t *ctx)
{
	notified(ctx, ike_rejected, countof(ike_rejected), VPNDIAG_SCOPE_IKE_SA);
}

/*
 * Described in header
 */
void vpndiag_rules_child_rejected(vpndiag_rule_ctx_t *ctx)
{
	notified(ctx, child_rejected, countof(child_rejected),
			 VPNDIAG_SCOPE_CHILD);
}

/*
 * Described in header. IKEv1 raises no alert for errors the peer reports:
 * during Main/Aggressive Mode the IKE_SA setup failed, on an established
 * IKE_SA a Quick Mode (each one its own failure).
 */
void vpndiag_rules_v1_notified(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;

	if (ctx->ev->sa.state == VPNDIAG_IKE_CONNECTING)
	{
		vpndiag_rules_ike_rejected(ctx);
	}
	else if (ctx->ev->sa.state == VPNDIAG_IKE_ESTABLISHED)
	{
		st->child_diagnosed = FALSE;
		vpndiag_rules_child_rejected(ctx);
		st->child_diagnosed = FALSE;
	}
}
