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
 * The cause of a certificate alert buffered during authentication
 */
static vpndiag_cause_t cert_cause(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;

	switch (st->cert_alert)
	{
		case VPNDIAG_ALERT_CERT_EXPIRED:
			if (st->not_before &&
				ctx->ev->time_ms / 1000 < (uint64_t)st->not_before)
			{
				return VPNDIAG_CAUSE_CERT_NOT_YET_VALID;
			}
			return VPNDIAG_CAUSE_CERT_EXPIRED;
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
 * Authentication of the peer failed with a buffered certificate alert:
 * name the certificate, the cause and its validity
 */
static void cert_rejected(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;
	vpndiag_cause_t cause = cert_cause(ctx);
	char from[32], to[32];

	vpndiag_time_format(st->not_before * 1000, from, sizeof(from));
	vpndiag_time_format(st->not_after * 1000, to, sizeof(to));
	vpndiag_rule_ike(ctx, cause, FALSE, "certificate '%s' of %s rejected "
		"(%s)%s%s%s%s", st->cert_subject, remote_id(ctx),
		vpndiag_cause_info(cause)->id, st->not_after ? ", valid from " : "",
		st->not_after ? from : "", st->not_after ? " to " : "",
		st->not_after ? to : "");
}

/*
 * Described in header. The facts are tried from the most specific: an
 * IKEv1 exchange mode refusal, EAP, a certificate alert, a PSK whose MAC
 * did not verify, no peer config for the identities, the IDr we require,
 * no trusted public key; else a generic failure (medium confidence).
 */
void vpndiag_rules_peer_auth_failed(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;
	vpndiag_cause_t mode = VPNDIAG_CAUSE_NONE;

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
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_UNTRUSTED_CA_NO_KEY, FALSE, "%s: "
			"no trusted public key for '%s' (no certificate received, or its "
			"CA is not in our trust store)", vpndiag_peer_of(ctx),
			remote_id(ctx));
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

	if (st && st->rx_eap_code == EAP_FAILURE)
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_PEER_REJECTED_EAP, TRUE, "%s "
			"answered EAP_FAILURE: our EAP credentials for '%s' were "
			"rejected", vpndiag_peer_of(ctx), local_id(ctx));
	}
	else if (vpndiag_rx_notify(st, AUTHENTICATION_FAILED))
	{
		vpndiag_rule_ike(ctx, VPNDIAG_CAUSE_PEER_REJECTED_AUTH, TRUE, "%s "
			"answered AUTHENTICATION_FAILED to us as '%s'; its log tells "
			"which: a pre-shared key mismatch, no connection there for our ID "
			"or for the ID we expect of it, or our certificate expired, "
			"revoked or from a CA it does not trust", vpndiag_peer_of(ctx),
			local_id(ctx));
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
