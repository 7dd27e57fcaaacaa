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
 * Checks of one connection's settings and algorithms (vpndiag_check.h).
 * Each reads the peer config as vici_config.c built it from swanctl.conf.
 */

#include "vpndiag_check.h"
#include "vpndiag_compat.h"

#include <crypto/proposal/proposal.h>

/*
 * Described in header
 */
bool vpndiag_check_aggressive(peer_cfg_t *peer_cfg)
{
#ifdef VPNDIAG_PEER_CFG_OPTIONS
	return peer_cfg->has_option(peer_cfg, OPT_IKEV1_AGGRESSIVE);
#else
	return peer_cfg->use_aggressive(peer_cfg);
#endif
}

/*
 * Described in header
 */
bool vpndiag_check_single_peer(char *addrs)
{
	host_t *host, *from, *to;
	bool single;

	if (!addrs || !*addrs || strchr(addrs, ',') || strchr(addrs, '/') ||
		strchr(addrs, '%'))
	{
		return FALSE;
	}
	if (host_create_from_range(addrs, &from, &to))
	{
		from->destroy(from);
		to->destroy(to);
		return FALSE;
	}
	host = host_create_from_string(addrs, 0);
	if (!host)
	{	/* a DNS name: one peer too */
		return TRUE;
	}
	single = !host->is_anyaddr(host);
	host->destroy(host);
	return single;
}

/*
 * Described in header
 */
bool vpndiag_check_any_peer(char *addrs)
{
	host_t *host;
	bool any;

	if (!addrs || !*addrs || strstr(addrs, "%any") ||
		streq(addrs, "0.0.0.0/0") || streq(addrs, "::/0"))
	{
		return TRUE;
	}
	host = host_create_from_string(addrs, 0);
	any = host && host->is_anyaddr(host);
	DESTROY_IF(host);
	return any;
}

/*
 * Described in header
 */
bool vpndiag_check_auth_class(peer_cfg_t *peer_cfg, bool local,
							  auth_class_t class)
{
	enumerator_t *enumerator;
	auth_cfg_t *auth;
	bool found = FALSE;

	enumerator = peer_cfg->create_auth_cfg_enumerator(peer_cfg, local);
	while (!found && enumerator->enumerate(enumerator, &auth))
	{
		found = (auth_class_t)(uintptr_t)auth->get(auth,
											AUTH_RULE_AUTH_CLASS) == class;
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Algorithms RFC 8247 deprecates (MUST NOT / SHOULD NOT) or the issue names
 */
static struct {
	transform_type_t type;
	uint16_t alg;
} weak[] = {
	{ ENCRYPTION_ALGORITHM, ENCR_DES },
	{ ENCRYPTION_ALGORITHM, ENCR_3DES },
	{ ENCRYPTION_ALGORITHM, ENCR_BLOWFISH },
	{ ENCRYPTION_ALGORITHM, ENCR_CAST },
	{ ENCRYPTION_ALGORITHM, ENCR_NULL },
	{ INTEGRITY_ALGORITHM, AUTH_HMAC_MD5_96 },
	{ INTEGRITY_ALGORITHM, AUTH_HMAC_MD5_128 },
	{ INTEGRITY_ALGORITHM, AUTH_DES_MAC },
	{ PSEUDO_RANDOM_FUNCTION, PRF_HMAC_MD5 },
	{ PSEUDO_RANDOM_FUNCTION, PRF_HMAC_SHA1 },
	{ KEY_EXCHANGE_METHOD, MODP_768_BIT },
	{ KEY_EXCHANGE_METHOD, MODP_1024_BIT },
	{ KEY_EXCHANGE_METHOD, MODP_1536_BIT },
	{ KEY_EXCHANGE_METHOD, MODP_1024_160 },
	{ KEY_EXCHANGE_METHOD, MODP_2048_224 },
	{ KEY_EXCHANGE_METHOD, MODP_2048_256 },
};

/** the transform types a proposal is checked for */
static transform_type_t types[] = {
	ENCRYPTION_ALGORITHM, INTEGRITY_ALGORITHM, PSEUDO_RANDOM_FUNCTION,
	KEY_EXCHANGE_METHOD,
};

/**
 * The names of a transform type's algorithms
 */
static enum_name_t *alg_names(transform_type_t type)
{
	switch (type)
	{
		case ENCRYPTION_ALGORITHM:
			return encryption_algorithm_names;
		case INTEGRITY_ALGORITHM:
			return integrity_algorithm_names;
		case PSEUDO_RANDOM_FUNCTION:
			return pseudo_random_function_names;
		default:
			return key_exchange_method_names;
	}
}

/**
 * Whether an algorithm is in the weak table
 */
static bool is_weak(transform_type_t type, uint16_t alg)
{
	int i;

	for (i = 0; i < countof(weak); i++)
	{
		if (weak[i].type == type && weak[i].alg == alg)
		{
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * Append an algorithm's name to a list of names once
 */
static void add_name(char *buf, size_t len, transform_type_t type,
					 uint16_t alg)
{
	char name[64];

	snprintf(name, sizeof(name), "%N", alg_names(type), alg);
	if (strstr(buf, name))
	{
		return;
	}
	snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", *buf ? ", " : "",
			 name);
}

/**
 * Check one list of proposals (IKE or a child's ESP/AH):
 *  - weak-algorithm (warning) for a transform type of a proposal that
 *    offers only deprecated algorithms, so that the SA is sure to use one;
 *    a weak algorithm offered next to a strong one is not reported
 *    (strongSwan's own default IKE proposal appends 3DES and SHA1 as PRF
 *    for old peers, proposal.c:proposal_add_supported_ike());
 *  - algorithm-unavailable (error) if no proposal can be built from what
 *    the loaded plugins provide (a type offered with none available).
 */
static void check_proposals(vpndiag_check_ctx_t *ctx, char *conn, char *child,
							linked_list_t *proposals)
{
	enumerator_t *enumerator, *algs;
	proposal_t *proposal;
	char weak_names[512] = "", missing[512] = "", type_weak[256];
	bool usable = FALSE, proposal_ok, type_ok, type_used, type_strong;
	uint16_t alg, ks;
	int i;

	enumerator = proposals->create_enumerator(proposals);
	while (enumerator->enumerate(enumerator, &proposal))
	{
		proposal_ok = TRUE;
		for (i = 0; i < countof(types); i++)
		{
			type_ok = type_used = type_strong = FALSE;
			type_weak[0] = '\0';
			algs = proposal->create_enumerator(proposal, types[i]);
			while (algs->enumerate(algs, &alg, &ks))
			{
				type_used = TRUE;
				if (is_weak(types[i], alg))
				{
					add_name(type_weak, sizeof(type_weak), types[i], alg);
				}
				else
				{
					type_strong = TRUE;
				}
				/* "none" (no PFS, or no integrity with AEAD) needs nothing */
				if ((types[i] == KEY_EXCHANGE_METHOD && alg == KE_NONE) ||
					(types[i] == INTEGRITY_ALGORITHM && alg == AUTH_UNDEFINED) ||
					ctx->env->algorithm_available(ctx->env, types[i], alg))
				{
					type_ok = TRUE;
				}
				else
				{
					add_name(missing, sizeof(missing), types[i], alg);
				}
			}
			algs->destroy(algs);
			if (type_used && !type_ok)
			{
				proposal_ok = FALSE;
			}
			if (!type_strong && type_weak[0] &&
				!strstr(weak_names, type_weak))
			{
				snprintf(weak_names + strlen(weak_names),
						 sizeof(weak_names) - strlen(weak_names), "%s%s",
						 weak_names[0] ? ", " : "", type_weak);
			}
		}
		usable = usable || proposal_ok;
	}
	enumerator->destroy(enumerator);
	if (*weak_names)
	{
		vpndiag_check_add(ctx, VPNDIAG_CHECK_WEAK_ALGORITHM, conn, child,
			"%s proposals use deprecated algorithms only: %s",
			child ? "the child's ESP/AH" : "the IKE", weak_names);
	}
	if (!usable && proposals->get_count(proposals))
	{
		vpndiag_check_add(ctx, VPNDIAG_CHECK_ALGORITHM_UNAVAILABLE, conn,
			child, "no %s proposal can be used: the loaded crypto plugins do "
			"not provide %s", child ? "ESP/AH" : "IKE", missing);
	}
}

/**
 * weak-algorithm, algorithm-unavailable: IKE and every child's proposals
 */
static void check_crypto(vpndiag_check_ctx_t *ctx, peer_cfg_t *peer_cfg)
{
	ike_cfg_t *ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
	char *conn = peer_cfg->get_name(peer_cfg);
	enumerator_t *enumerator;
	child_cfg_t *child_cfg;
	linked_list_t *list;

	list = vpndiag_ike_proposals(ike_cfg);
	check_proposals(ctx, conn, NULL, list);
	list->destroy_offset(list, offsetof(proposal_t, destroy));

	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (enumerator->enumerate(enumerator, &child_cfg))
	{
		list = vpndiag_child_proposals(child_cfg, FALSE);
		check_proposals(ctx, conn, child_cfg->get_name(child_cfg), list);
		list->destroy_offset(list, offsetof(proposal_t, destroy));
	}
	enumerator->destroy(enumerator);
}

/**
 * aggressive-psk: IKEv1 Aggressive Mode with a pre-shared key
 */
static void check_aggressive_psk(vpndiag_check_ctx_t *ctx,
								 peer_cfg_t *peer_cfg)
{
	if (peer_cfg->get_ike_version(peer_cfg) != IKEV2 &&
		vpndiag_check_aggressive(peer_cfg) &&
		vpndiag_check_auth_class(peer_cfg, TRUE, AUTH_CLASS_PSK))
	{
		vpndiag_check_add(ctx, VPNDIAG_CHECK_AGGRESSIVE_PSK,
			peer_cfg->get_name(peer_cfg), NULL, "IKEv1 Aggressive Mode with "
			"a pre-shared key sends the key's hash in the clear: anyone who "
			"sees the exchange can try keys offline");
	}
}

/**
 * nothing-initiates: one peer address, but no child traps or starts
 */
static void check_nothing_initiates(vpndiag_check_ctx_t *ctx,
									peer_cfg_t *peer_cfg)
{
	ike_cfg_t *ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
	enumerator_t *enumerator;
	child_cfg_t *child_cfg;
	char *first = NULL;
	bool starts = FALSE;

	if (!vpndiag_check_single_peer(ike_cfg->get_other_addr(ike_cfg)))
	{
		return;
	}
	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (enumerator->enumerate(enumerator, &child_cfg))
	{
		first = first ?: child_cfg->get_name(child_cfg);
		if (child_cfg->get_start_action(child_cfg) &
			(ACTION_TRAP | ACTION_START))
		{
			starts = TRUE;
		}
	}
	enumerator->destroy(enumerator);
	if (first && !starts)
	{
		vpndiag_check_add(ctx, VPNDIAG_CHECK_NOTHING_INITIATES,
			peer_cfg->get_name(peer_cfg), first, "nothing initiates this "
			"connection: it has one peer (remote_addrs = %s) but no child "
			"has start_action = trap or start; unless the peer initiates, "
			"the tunnel only comes up by hand",
			ike_cfg->get_other_addr(ike_cfg));
	}
}

/**
 * restart-single-try: DPD restarts the child with one keying try
 */
static void check_restart_single_try(vpndiag_check_ctx_t *ctx,
									 peer_cfg_t *peer_cfg)
{
	enumerator_t *enumerator;
	child_cfg_t *child_cfg;

	if (peer_cfg->get_keyingtries(peer_cfg) != 1 ||
		!peer_cfg->get_dpd(peer_cfg))
	{
		return;
	}
	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (enumerator->enumerate(enumerator, &child_cfg))
	{
		if (child_cfg->get_dpd_action(child_cfg) & ACTION_START)
		{
			vpndiag_check_add(ctx, VPNDIAG_CHECK_RESTART_SINGLE_TRY,
				peer_cfg->get_name(peer_cfg), child_cfg->get_name(child_cfg),
				"keyingtries = 1 with dpd_action = restart: after a DPD "
				"timeout charon re-initiates once, and if the peer is still "
				"unreachable the tunnel stays down");
			break;
		}
	}
	enumerator->destroy(enumerator);
}

/**
 * unique-keep-any: unique = keep for clients from %any
 */
static void check_unique_keep_any(vpndiag_check_ctx_t *ctx,
								  peer_cfg_t *peer_cfg)
{
	ike_cfg_t *ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);

	if (peer_cfg->get_unique_policy(peer_cfg) == UNIQUE_KEEP &&
		vpndiag_check_any_peer(ike_cfg->get_other_addr(ike_cfg)))
	{
		vpndiag_check_add(ctx, VPNDIAG_CHECK_UNIQUE_KEEP_ANY,
			peer_cfg->get_name(peer_cfg), NULL, "unique = keep for clients "
			"from any address (remote_addrs = %s): a client that crashed or "
			"moved is refused until DPD clears its old IKE_SA",
			ike_cfg->get_other_addr(ike_cfg));
	}
}

/**
 * fragmentation-off: IKE fragmentation disabled
 */
static void check_fragmentation(vpndiag_check_ctx_t *ctx,
								peer_cfg_t *peer_cfg)
{
	ike_cfg_t *ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);

	if (ike_cfg->fragmentation(ike_cfg) == FRAGMENTATION_NO)
	{
		vpndiag_check_add(ctx, VPNDIAG_CHECK_FRAGMENTATION_OFF,
			peer_cfg->get_name(peer_cfg), NULL, "IKE fragmentation is off: "
			"an IKE message larger than the path MTU (certificates, many "
			"proposals) goes out IP-fragmented and is lost where fragments "
			"are dropped");
	}
}

/*
 * Described in header
 */
vpndiag_conn_check_t vpndiag_conn_checks[] = {
	check_crypto,
	check_aggressive_psk,
	check_nothing_initiates,
	check_restart_single_try,
	check_unique_keep_any,
	check_fragmentation,
	NULL,
};
