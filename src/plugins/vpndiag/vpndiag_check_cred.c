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
 * Checks of one connection's credentials and addresses (vpndiag_check.h):
 * what charon looks up when the connection is used (the PSK in
 * psk_authenticator.c, the certificate and key in pubkey_authenticator.c,
 * the CA in the constraints of auth_cfg.c, the source address in
 * ike_sa.c:resolve_hosts()), asked of the daemon through the environment.
 */

#include "vpndiag_check.h"

/*
 * Described in header
 */
identification_t *vpndiag_check_round_id(auth_cfg_t *auth, char *addrs)
{
	identification_t *id = NULL;
	host_t *host;

	if (auth)
	{
		id = auth->get(auth, AUTH_RULE_IDENTITY);
	}
	if (id && id->get_type(id) != ID_ANY)
	{
		return id->clone(id);
	}
	if (vpndiag_check_single_peer(addrs))
	{
		host = host_create_from_string(addrs, 0);
		if (host)
		{
			id = identification_create_from_sockaddr(host->get_sockaddr(host));
			host->destroy(host);
			return id;
		}
	}
	return NULL;
}

/*
 * Described in header
 */
auth_cfg_t *vpndiag_check_get_round(peer_cfg_t *peer_cfg, bool local,
							 auth_class_t class)
{
	enumerator_t *enumerator;
	auth_cfg_t *auth, *found = NULL;

	enumerator = peer_cfg->create_auth_cfg_enumerator(peer_cfg, local);
	while (enumerator->enumerate(enumerator, &auth))
	{
		if (class == AUTH_CLASS_ANY ||
			(auth_class_t)(uintptr_t)auth->get(auth,
										AUTH_RULE_AUTH_CLASS) == class)
		{
			found = auth;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * psk-missing: no IKE secret for the identities
 */
static void check_psk(vpndiag_check_ctx_t *ctx, peer_cfg_t *peer_cfg)
{
	ike_cfg_t *ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
	identification_t *me, *other;
	auth_cfg_t *local, *remote;

	local = vpndiag_check_get_round(peer_cfg, TRUE, AUTH_CLASS_PSK);
	if (!local)
	{
		return;
	}
	remote = vpndiag_check_get_round(peer_cfg, FALSE, AUTH_CLASS_PSK) ?:
			 vpndiag_check_get_round(peer_cfg, FALSE, AUTH_CLASS_ANY);
	me = vpndiag_check_round_id(local, ike_cfg->get_my_addr(ike_cfg));
	other = vpndiag_check_round_id(remote, ike_cfg->get_other_addr(ike_cfg));
	if (!ctx->env->has_shared_key(ctx->env, me, other))
	{
		vpndiag_check_add(ctx, VPNDIAG_CHECK_PSK_MISSING,
			peer_cfg->get_name(peer_cfg), NULL, "authentication uses a "
			"pre-shared key, but no IKE secret is loaded for '%Y' and '%Y'",
			me, other);
	}
	DESTROY_IF(me);
	DESTROY_IF(other);
}

/**
 * Check the lifetime of a certificate: expired or not yet valid (error),
 * expiring soon (warning)
 */
static void check_validity(vpndiag_check_ctx_t *ctx, char *conn,
						   certificate_t *cert)
{
	time_t now = ctx->env->now(ctx->env), not_before, not_after;

	if (!cert->get_validity(cert, &now, &not_before, &not_after))
	{
		vpndiag_check_add(ctx, VPNDIAG_CHECK_CERT_EXPIRED, conn, NULL,
			"the certificate '%Y' is %s (valid from %T to %T)",
			cert->get_subject(cert), now < not_before ? "not yet valid" :
			"expired", &not_before, TRUE, &not_after, TRUE);
	}
	else if (not_after - now < VPNDIAG_CHECK_EXPIRY_DAYS * 24 * 3600)
	{
		vpndiag_check_add(ctx, VPNDIAG_CHECK_CERT_EXPIRING, conn, NULL,
			"the certificate '%Y' expires in %d days (%T)",
			cert->get_subject(cert), (int)((not_after - now) / (24 * 3600)),
			&not_after, TRUE);
	}
}

/**
 * cert-missing, key-missing, cert-expired, cert-expiring, cert-id-mismatch:
 * the certificate of every local public key round
 */
static void check_certs(vpndiag_check_ctx_t *ctx, peer_cfg_t *peer_cfg)
{
	char *conn = peer_cfg->get_name(peer_cfg);
	identification_t *id;
	enumerator_t *enumerator;
	certificate_t *cert;
	auth_cfg_t *auth;

	enumerator = peer_cfg->create_auth_cfg_enumerator(peer_cfg, TRUE);
	while (enumerator->enumerate(enumerator, &auth))
	{
		if ((auth_class_t)(uintptr_t)auth->get(auth, AUTH_RULE_AUTH_CLASS) !=
				AUTH_CLASS_PUBKEY)
		{
			continue;
		}
		id = auth->get(auth, AUTH_RULE_IDENTITY);
		if (id && id->get_type(id) == ID_ANY)
		{
			id = NULL;
		}
		cert = auth->get(auth, AUTH_RULE_SUBJECT_CERT);
		if (cert)
		{
			cert = cert->get_ref(cert);
		}
		else if (id)
		{
			cert = ctx->env->get_cert(ctx->env, id);
		}
		if (!cert)
		{
			vpndiag_check_add(ctx, VPNDIAG_CHECK_CERT_MISSING, conn, NULL,
				"authentication uses a certificate, but none is configured "
				"(local.certs) and none is loaded for '%Y'", id);
			continue;
		}
		check_validity(ctx, conn, cert);
		if (!ctx->env->has_private_key(ctx->env, cert))
		{
			vpndiag_check_add(ctx, VPNDIAG_CHECK_KEY_MISSING, conn, NULL,
				"the private key of the certificate '%Y' is not loaded",
				cert->get_subject(cert));
		}
		if (id && cert->has_subject(cert, id) == ID_MATCH_NONE)
		{
			vpndiag_check_add(ctx, VPNDIAG_CHECK_CERT_ID_MISMATCH, conn, NULL,
				"local.id '%Y' is neither the subject nor a subjectAltName "
				"of the certificate '%Y': the peer refuses the identity",
				id, cert->get_subject(cert));
		}
		cert->destroy(cert);
	}
	enumerator->destroy(enumerator);
}

/**
 * ca-missing: a CA the remote rounds require is not loaded as trusted
 */
static void check_ca(vpndiag_check_ctx_t *ctx, peer_cfg_t *peer_cfg)
{
	enumerator_t *enumerator, *rules;
	identification_t *id;
	certificate_t *cert;
	auth_rule_t rule;
	auth_cfg_t *auth;
	void *value;

	enumerator = peer_cfg->create_auth_cfg_enumerator(peer_cfg, FALSE);
	while (enumerator->enumerate(enumerator, &auth))
	{
		rules = auth->create_enumerator(auth);
		while (rules->enumerate(rules, &rule, &value))
		{
			switch (rule)
			{
				case AUTH_RULE_CA_IDENTITY:
					id = value;
					break;
				case AUTH_RULE_CA_CERT:
					cert = value;
					id = cert->get_subject(cert);
					break;
				default:
					continue;
			}
			if (!ctx->env->has_ca(ctx->env, id))
			{
				vpndiag_check_add(ctx, VPNDIAG_CHECK_CA_MISSING,
					peer_cfg->get_name(peer_cfg), NULL, "the peer's "
					"certificate must be issued by '%Y', but no trusted CA "
					"certificate with that subject is loaded", id);
			}
		}
		rules->destroy(rules);
	}
	enumerator->destroy(enumerator);
}

/**
 * local-addr-not-local: an address of local_addrs that no interface has
 */
static void check_local_addrs(vpndiag_check_ctx_t *ctx, peer_cfg_t *peer_cfg)
{
	ike_cfg_t *ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
	enumerator_t *enumerator;
	host_t *host;
	char *token;

	enumerator = enumerator_create_token(ike_cfg->get_my_addr(ike_cfg),
										 ",", " ");
	while (enumerator->enumerate(enumerator, &token))
	{
		if (!vpndiag_check_single_peer(token))
		{
			continue;
		}
		host = host_create_from_string(token, 0);
		if (host && !ctx->env->is_local(ctx->env, host))
		{
			vpndiag_check_add(ctx, VPNDIAG_CHECK_LOCAL_ADDR_NOT_LOCAL,
				peer_cfg->get_name(peer_cfg), NULL, "local_addrs names %H, "
				"which is not an address of this host: charon cannot send "
				"or receive IKE on it", host);
		}
		DESTROY_IF(host);
	}
	enumerator->destroy(enumerator);
}

/**
 * no-route-to-peer: a single peer address that no route reaches (DNS names
 * are not resolved here)
 */
static void check_route(vpndiag_check_ctx_t *ctx, peer_cfg_t *peer_cfg)
{
	ike_cfg_t *ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
	char *mine = ike_cfg->get_my_addr(ike_cfg);
	host_t *other, *src = NULL;

	if (!vpndiag_check_single_peer(ike_cfg->get_other_addr(ike_cfg)))
	{
		return;
	}
	other = host_create_from_string(ike_cfg->get_other_addr(ike_cfg), 0);
	if (!other)
	{
		return;
	}
	if (vpndiag_check_single_peer(mine))
	{
		src = host_create_from_string(mine, 0);
		if (src && !ctx->env->is_local(ctx->env, src))
		{	/* reported by local-addr-not-local */
			src->destroy(src);
			other->destroy(other);
			return;
		}
	}
	if (!ctx->env->has_route(ctx->env, other, src))
	{
		vpndiag_check_add(ctx, VPNDIAG_CHECK_NO_ROUTE_TO_PEER,
			peer_cfg->get_name(peer_cfg), NULL, "no route reaches the peer "
			"%H ('ip route get %H' fails): IKE messages cannot be sent",
			other, other);
	}
	DESTROY_IF(src);
	other->destroy(other);
}

/*
 * Described in header
 */
vpndiag_conn_check_t vpndiag_cred_checks[] = {
	check_psk,
	check_certs,
	check_ca,
	check_local_addrs,
	check_route,
	NULL,
};
