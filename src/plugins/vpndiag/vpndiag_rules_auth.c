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
 * Rules of the authentication domain: pre-shared keys, identities,
 * certificates, EAP, XAuth, authorization plugins and uniqueness.
 */

#include "vpndiag_rules.h"

/**
 * Our identity for details, "(none)" if unknown
 */
static const char *local_id(vpndiag_rule_ctx_t *ctx)
{
	return ctx->st && *ctx->st->sa.local_id ? ctx->st->sa.local_id : "(none)";
}

/**
 * The peer's identity for details, "(none)" if unknown
 */
static const char *remote_id(vpndiag_rule_ctx_t *ctx)
{
	return ctx->st && *ctx->st->sa.remote_id ? ctx->st->sa.remote_id :
		   "(none)";
}

/**
 * The cause of an expired or not yet valid certificate, by its role: the
 * alert comes from credential_manager.c check_lifetime(), which
 * check_certificate() calls for the subject and for the issuer of each
 * step of verify_trust_chain() (5.9.8 and 6.0.x), so the certificate may
 * be the peer's end-entity certificate, an intermediate CA certificate or
 * the trust anchor: a self-signed root is only checked once found in our
 * trusted credentials (an untrusted one stops at "self-signed certificate
 * is not trusted" first), i.e. it is our own copy.
 */
static vpndiag_cause_t lifetime_cause(vpndiag_sa_state_t *st, bool not_yet)
{
	switch (st->cert_role)
	{
		case VPNDIAG_CERT_ROLE_INTERMEDIATE:
			return not_yet ? VPNDIAG_CAUSE_CERT_NOT_YET_VALID_INTERMEDIATE :
							 VPNDIAG_CAUSE_CERT_EXPIRED_INTERMEDIATE;
		case VPNDIAG_CERT_ROLE_ROOT:
			return not_yet ? VPNDIAG_CAUSE_CERT_NOT_YET_VALID_CA :
							 VPNDIAG_CAUSE_CERT_EXPIRED_CA;
		default:
			return not_yet ? VPNDIAG_CAUSE_CERT_NOT_YET_VALID :
							 VPNDIAG_CAUSE_CERT_EXPIRED;
	}
}

/**
 * The cause of a certificate alert buffered during authentication
 */
static vpndiag_cause_t cert_cause(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;

	switch (st->cert_alert)
	{
		case VPNDIAG_ALERT_CERT_EXPIRED:
			return lifetime_cause(st, st->not_before &&
						ctx->ev->time_ms / 1000 < (uint64_t)st->not_before);
		case VPNDIAG_ALERT_CERT_REVOKED:
			return VPNDIAG_CAUSE_CERT_REVOKED;
		case VPNDIAG_ALERT_CERT_EXCEEDED_PATH_LEN:
			return VPNDIAG_CAUSE_CERT_PATH_LENGTH;
		case VPNDIAG_ALERT_CERT_POLICY_VIOLATION:
			return VPNDIAG_CAUSE_CERT_POLICY;
		case VPNDIAG_ALERT_CERT_VALIDATION_FAILED:
			return VPNDIAG_CAUSE_CERT_STATUS_UNKNOWN;
		default:
			/* CERT_NO_ISSUER, CERT_UNTRUSTED_ROOT */
			return VPNDIAG_CAUSE_UNTRUSTED_CA;
	}
}

/**
 * The words naming the certificate of a lifetime alert in a detail
 */
static const char *cert_role_name(vpndiag_sa_state_t *st)
{
	if (st->cert_alert != VPNDIAG_ALERT_CERT_EXPIRED)
	{
		return "certificate";
	}
	switch (st->cert_role)
	{
		case VPNDIAG_CERT_ROLE_END_ENTITY:
			return "end-entity certificate";
		case VPNDIAG_CERT_ROLE_INTERMEDIATE:
			return "intermediate CA certificate";
		case VPNDIAG_CERT_ROLE_ROOT:
			return "our trusted copy of the root CA certificate";
		default:
			return "certificate";
	}
}

/**
 * Authentication of the peer failed with a buffered certificate alert:
 * name the certificate, its role in the chain, the cause and its validity
 */
static void cert_rejected(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;
	vpndiag_cause_t cause = cert_cause(ctx);
	char from[32], to[32];

	vpndiag_time_format(st->not_before * 1000, from, sizeof(from));
	vpndiag_time_format(st->not_after * 1000, to, sizeof(to));
	vpndiag_rule_ike(ctx, cause, FALSE, "%s '%s' of %s rejected "
		"(%s)%s%s%s%s", cert_role_name(st), st->cert_subject, remote_id(ctx),
		vpndiag_cause_info(cause)->id, st->not_after ? ", valid from " : "",
		st->not_after ? from : "", st->not_after ? " to " : "",
		st->not_after ? to : "");
}

/**
 * "no trusted <type> public key found for 'X'" without a certificate
 * alert: which of the three readings the facts support.
 *
 * pubkey_authenticator.c process() (5.9.8 and 6.0.x) logs it when
 * credential_manager.c create_public_enumerator() found no key for the
 * peer's identity. Its trusted enumerator only tries certificates that
 * contain the identity (subject or subjectAltName); each one it tries
 * walks the chain in verify_trust_chain(), whose failures raise the
 * certificate alerts (CERT_NO_ISSUER, CERT_UNTRUSTED_ROOT, CERT_EXPIRED,
 * ...) that cert_rejected() reports first. The facts:
 *
 *   CERT payload  chain alert  peer asked for  reading (cause)
 *   received      buffered     unknown CAs
 *   ------------  -----------  --------------  -----------------------------
 *   any           yes          any             cert_rejected(): untrusted-ca,
 *                                              cert-expired, ... (15d, 15a)
 *   yes           no           any             the peer's ID is not in the
 *                                              certificate it sent (no
 *                                              candidate was tried):
 *                                              id-not-in-cert, config ID
 *                                              mismatch
 *   no            no           yes             its CA is unknown: it trusts
 *                                              CAs we lack and, as we sent
 *                                              no CERTREQ for them, sent no
 *                                              certificate (ifasked):
 *                                              untrusted-ca
 *   no            no           no              no certificate was sent and
 *                                              we hold none for the ID:
 *                                              no-cert-received
 *
 * "Peer asked for unknown CAs" is ike_cert_pre.c process_certreq()'s
 * "received N cert requests for an unknown ca" (IKEv1:
 * isakmp_cert_pre.c "received cert request for unknown ca 'X'").
 */
static void no_trusted_key(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;

	if (st->cert_received)
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_ID_NOT_IN_CERT, FALSE, "%s sent "
			"a certificate, but none for its identity '%s': that ID is not "
			"the subject or a subjectAltName of its certificate",
			vpndiag_peer_of(ctx), remote_id(ctx));
	}
	else if (vpndiag_has_fact(st, VPNDIAG_LOG_CERTREQ_UNKNOWN_CA))
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_UNTRUSTED_CA_NO_KEY, FALSE, "%s: "
			"no trusted public key for '%s': it sent no certificate and asked"
			" for certificates of CAs we do not know, so its CA is not in our"
			" trust store", vpndiag_peer_of(ctx), remote_id(ctx));
	}
	else
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_NO_CERT_RECEIVED, FALSE, "%s: "
			"no trusted public key for '%s': it sent no certificate and we "
			"hold none for that identity", vpndiag_peer_of(ctx),
			remote_id(ctx));
	}
}

/**
 * The constraint checks of auth_cfg.c complies() (5.9.8 and 6.0.x), by
 * the words of their "constraint check failed: ..." line
 */
static const struct {
	const char *needle;
	vpndiag_cause_t cause;
} constraints[] = {
	/* "%sidentity '%Y' required" ("EAP " for EAP identities), 6.x also
	 * "certificate does not confirm identity '%Y'" */
	{ "identity", VPNDIAG_CAUSE_IDENTITY_CONSTRAINT },
	/* "peer not authenticated by CA '%Y'" */
	{ "by CA", VPNDIAG_CAUSE_CA_CONSTRAINT },
	/* "group membership to '%Y' required" */
	{ "group membership", VPNDIAG_CAUSE_GROUP_CONSTRAINT },
	/* "peer not authenticated with peer cert '%Y'" */
	{ "peer cert", VPNDIAG_CAUSE_PINNED_CERT_CONSTRAINT },
	/* "RULE_CRL_VALIDATION is SKIPPED, but requires at least GOOD" */
	{ "requires at least", VPNDIAG_CAUSE_REVOCATION_CONSTRAINT },
};

/**
 * A constraint of the peer config failed after the peer authenticated
 * (ike_auth.c update_cfg_candidates(), then "no alternative config
 * found" and ALERT_PEER_AUTH_FAILED): its cause, NONE if unknown
 */
static vpndiag_cause_t constraint_cause(vpndiag_sa_state_t *st)
{
	int i;

	if (!vpndiag_has_fact(st, VPNDIAG_LOG_CONSTRAINT))
	{
		return VPNDIAG_CAUSE_NONE;
	}
	for (i = 0; i < countof(constraints); i++)
	{
		if (strstr(st->constraint, constraints[i].needle))
		{
			return constraints[i].cause;
		}
	}
	return VPNDIAG_CAUSE_NONE;
}

/*
 * Described in header. The facts are tried from the most specific: an
 * IKEv1 exchange mode refusal, a failed constraint (the peer did
 * authenticate), EAP, a certificate alert, a PSK whose MAC
 * did not verify, no peer config for the identities, the IDr we require,
 * no trusted public key; else a generic failure (medium confidence).
 */
void vpndiag_rules_peer_auth_failed(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;
	vpndiag_cause_t mode = VPNDIAG_CAUSE_NONE, constraint;

	if (vpndiag_has_fact(st, VPNDIAG_LOG_AGGRESSIVE_PSK_DISABLED))
	{
		mode = VPNDIAG_CAUSE_AGGRESSIVE_PSK_DISABLED;
	}
	else if (vpndiag_has_fact(st, VPNDIAG_LOG_MODE_NOT_ALLOWED))
	{
		mode = VPNDIAG_CAUSE_MODE_NOT_ALLOWED;
	}
	if (mode)
	{
		vpndiag_rule_ike(ctx, mode, FALSE, "IKEv1 %s: %s",
						 vpndiag_peer_of(ctx), st->log_text);
	}
	else if ((constraint = constraint_cause(st)))
	{	/* authenticated, refused by the config: before EAP, which ran */
		vpndiag_rule_ike(ctx, constraint, FALSE, "%s authenticated as '%s', "
			"but the connection refused it: %s", vpndiag_peer_of(ctx),
			remote_id(ctx), st->constraint);
	}
	else if (st && st->eap_seen)
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_EAP_FAILED, FALSE, "EAP "
			"authentication of %s (%s) failed on our side", remote_id(ctx),
			vpndiag_peer_of(ctx));
	}
	else if (st && st->cert_alert)
	{
		cert_rejected(ctx);
	}
	else if (vpndiag_has_fact(st, VPNDIAG_LOG_PSK_MISMATCH))
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_PSK_MISMATCH, FALSE, "the "
			"pre-shared key for '%s' - '%s' differs from the peer's (AUTH "
			"payload MAC mismatched)", local_id(ctx), remote_id(ctx));
	}
	else if (st && !st->sa.has_peer_cfg)
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_NO_MATCHING_PEER_CONFIG, FALSE,
			"no connection matches %s identifying as '%s' and asking for us "
			"as '%s'", vpndiag_peer_of(ctx), remote_id(ctx), local_id(ctx));
	}
	else if (vpndiag_has_fact(st, VPNDIAG_LOG_IDR_MISMATCH))
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_IDR_MISMATCH, FALSE, "%s",
						 st->log_text);
	}
	else if (vpndiag_has_fact(st, VPNDIAG_LOG_NO_TRUSTED_KEY))
	{
		no_trusted_key(ctx);
	}
	else
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_PEER_AUTH_FAILED, FALSE,
			"authentication of %s as '%s' failed", vpndiag_peer_of(ctx),
			remote_id(ctx));
	}
}

/*
 * Described in header. The peer's verdict first (EAP_FAILURE,
 * AUTHENTICATION_FAILED), then a missing local credential; else a generic
 * failure (medium confidence).
 */
void vpndiag_rules_local_auth_failed(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;
	vpndiag_record_t *rec;

	if (st && st->rx_eap_code == EAP_FAILURE)
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_PEER_REJECTED_EAP, TRUE, "%s "
			"answered EAP_FAILURE: our EAP credentials for '%s' were "
			"rejected", vpndiag_peer_of(ctx), local_id(ctx));
	}
	else if (vpndiag_rx_notify(st, INVALID_SYNTAX) && st->rx_auth &&
			 st->rx_exchange == IKE_AUTH)
	{	/* ike_auth.c process_i() raises this alert for any error notify in
		 * the IKE_AUTH response; with the peer's AUTH payload beside it the
		 * peer authenticated us and refused the CHILD_SA part: a strongSwan
		 * peer answers INVALID_SYNTAX there only from child_create.c
		 * handle_childless() (a message it cannot parse gets a response
		 * with nothing but the notify, task_manager_v2.c) */
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_PEER_REJECTED_CHILDLESS, TRUE,
			"%s authenticated us, then answered INVALID_SYNTAX to our "
			"IKE_AUTH: its childless setting refuses how we initiated "
			"(childless = force there while we create the first CHILD_SA in "
			"IKE_AUTH, or childless = never there while we initiated without "
			"one); less likely, it could not parse our IKE_AUTH. Its log "
			"tells which", vpndiag_peer_of(ctx));
	}
	else if (vpndiag_rx_notify(st, AUTHENTICATION_FAILED))
	{
		rec = vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_PEER_REJECTED_AUTH, TRUE,
			"%s answered AUTHENTICATION_FAILED to us as '%s'; its log tells "
			"which: a pre-shared key mismatch, no connection there for our ID "
			"or for the ID we expect of it, or our certificate expired, "
			"revoked or from a CA it does not trust", vpndiag_peer_of(ctx),
			local_id(ctx));
		vpndiag_rules_profile(ctx, rec, AUTHENTICATION_FAILED, TRUE, NULL);
	}
	else if (vpndiag_has_fact(st, VPNDIAG_LOG_NO_LOCAL_CREDENTIAL))
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_NO_LOCAL_CREDENTIAL,
						 ctx->ev->sa.initiator, "%s", st->log_text);
	}
	else
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_LOCAL_AUTH_FAILED,
			ctx->ev->sa.initiator, "authenticating ourselves as '%s' to %s "
			"failed", local_id(ctx), vpndiag_peer_of(ctx));
	}
}

/*
 * Described in header. Certificate alerts fire for candidate certificates
 * although authentication may still succeed with another one: keep the
 * first (a later one replaces only a mere validation failure) until the
 * authentication outcome decides.
 */
void vpndiag_rules_cert_alert(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;

	if (st && (!st->cert_alert ||
		st->cert_alert == VPNDIAG_ALERT_CERT_VALIDATION_FAILED))
	{
		st->cert_alert = ctx->ev->alert;
		snprintf(st->cert_subject, sizeof(st->cert_subject), "%s",
				 ctx->ev->text);
		st->not_before = ctx->ev->not_before;
		st->not_after = ctx->ev->not_after;
		st->cert_role = ctx->ev->cert_role;
	}
}

/*
 * Described in header
 */
void vpndiag_rules_unique_keep(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_UNIQUE_KEEP, FALSE, "rejected a new "
		"IKE_SA of '%s' (%s): one already exists and the uniqueness policy "
		"keeps it", ctx->ev->sa.remote_id, vpndiag_peer_of(ctx));
}

/*
 * Described in header
 */
void vpndiag_rules_authorization_failed(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_AUTHORIZATION_DENIED,
		ctx->ev->sa.initiator, "an authorization plugin refused the IKE_SA "
		"with %s", vpndiag_peer_of(ctx));
}

/*
 * Described in header
 */
void vpndiag_rules_radius_timeout(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_RADIUS_TIMEOUT, FALSE,
					 "the RADIUS server did not answer");
}

/*
 * Described in header. charon's line names "(myself)" when the peer, as
 * XAuth server, rejected our credentials.
 */
void vpndiag_rules_xauth_failed(vpndiag_rule_ctx_t *ctx)
{
	bool myself = strstr(ctx->ev->text, "(myself)") != NULL;

	vpndiag_rule_ike(ctx, myself ? VPNDIAG_CAUSE_PEER_REJECTED_XAUTH :
					 VPNDIAG_CAUSE_XAUTH_FAILED, !myself, "%s", ctx->ev->text);
}
