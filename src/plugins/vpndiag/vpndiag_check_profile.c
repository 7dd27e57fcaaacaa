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
 * Checks of one connection against its peer profile (vpndiag_check.h,
 * vpndiag_profiles.h): with charon.plugins.vpndiag.profiles.<conn> set,
 * what we would offer is compared with what the profile accepts by
 * default. A value the profile does not know is skipped. "error" means
 * "fails against the profile's defaults" (contract section 8): the peer's
 * administrator may have changed them.
 */

#include "vpndiag_check.h"
#include "vpndiag_compat.h"
#include "vpndiag_profiles.h"
#include "vpndiag_proposals.h"
#include "vpndiag_event_format.h"

#include <crypto/proposal/proposal.h>
#include <selectors/traffic_selector.h>

#include <stdio.h>

/**
 * Add a finding and mark it as compared with a profile
 */
#define profile_add(ctx, profile, id, conn, child, fmt, ...) ({ \
	vpndiag_finding_t *_f = NULL; \
	vpndiag_check_add(ctx, id, conn, child, fmt, ##__VA_ARGS__); \
	if (ctx->findings->get_last(ctx->findings, (void**)&_f) == SUCCESS && \
		_f && !_f->profile) \
	{ \
		_f->profile = strdup(profile->name); \
	} \
})

/**
 * Copy a list of proposal_t and destroy it
 */
static vpndiag_proposals_t *copy_destroy(linked_list_t *list)
{
	vpndiag_proposals_t *copy = NULL;

	if (list)
	{
		copy = list->get_count(list) ? vpndiag_copy_proposals(list) : NULL;
		list->destroy_offset(list, offsetof(proposal_t, destroy));
	}
	return copy;
}

/**
 * The profile of a connection; adds profile-unknown for a name not in the
 * table
 */
static const vpndiag_profile_t *profile_of(vpndiag_check_ctx_t *ctx,
										   peer_cfg_t *peer_cfg)
{
	const vpndiag_profile_t *profile;
	char buf[64], *name;

	name = vpndiag_profile_assigned(peer_cfg->get_name(peer_cfg), buf,
									sizeof(buf));
	if (!name)
	{
		return NULL;
	}
	profile = vpndiag_profile_get(name);
	if (!profile)
	{
		vpndiag_check_add(ctx, VPNDIAG_CHECK_PROFILE_UNKNOWN,
					peer_cfg->get_name(peer_cfg), NULL, "the profile '%s' "
					"assigned to this connection is not one vpndiag knows: "
					"nothing is compared", name);
	}
	return profile;
}

/**
 * The IKE version, the IKE proposals and the local identity
 */
static void check_ike(vpndiag_check_ctx_t *ctx, peer_cfg_t *peer_cfg)
{
	const vpndiag_profile_t *profile;
	ike_cfg_t *ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
	char *conn = peer_cfg->get_name(peer_cfg);
	vpndiag_proposals_t *ours;
	identification_t *id;
	auth_cfg_t *auth;
	const char *versions, *type;
	char detail[1024];
	int version;

	profile = profile_of(ctx, peer_cfg);
	if (!profile)
	{
		return;
	}
	/* IKE_ANY accepts both as responder and initiates IKEv2
	 * (swanctl.opt connections.<conn>.version) */
	version = ike_cfg->get_version(ike_cfg) == IKEV1 ? 1 : 2;
	versions = vpndiag_profile_value(profile, VPNDIAG_PF_IKE_VERSIONS);
	if (!vpndiag_profile_accepts_version(profile, version))
	{
		profile_add(ctx, profile, VPNDIAG_CHECK_PROFILE_IKE_VERSION, conn,
					NULL, "we initiate IKEv%d; by default %s accepts IKE "
					"version(s) %s (from profile %s)", version, profile->name,
					versions, profile->name);
	}
	ours = copy_destroy(vpndiag_ike_proposals(ike_cfg));
	if (vpndiag_profile_compare(profile, TRUE, 0, ours, detail,
								sizeof(detail)))
	{
		profile_add(ctx, profile, VPNDIAG_CHECK_PROFILE_IKE_PROPOSAL, conn,
					NULL, "no IKE proposal in common with the defaults of "
					"profile %s: %s; the peer answers NO_PROPOSAL_CHOSEN to "
					"IKE_SA_INIT", profile->name, detail);
	}
	free(ours);

	type = vpndiag_profile_value(profile, VPNDIAG_PF_ID_TYPES);
	if (type)
	{
		id = vpndiag_check_round_id(vpndiag_check_get_round(peer_cfg, TRUE,
									AUTH_CLASS_ANY),
									ike_cfg->get_my_addr(ike_cfg));
		if (id && vpndiag_profile_id_type_name(id->get_type(id)) &&
			!vpndiag_profile_list_has(type,
							vpndiag_profile_id_type_name(id->get_type(id))))
		{
			profile_add(ctx, profile, VPNDIAG_CHECK_PROFILE_IDENTITY, conn,
						NULL, "our identity '%Y' is of type %s; by default %s "
						"expects %s (from profile %s); the peer answers "
						"AUTHENTICATION_FAILED", id,
						vpndiag_profile_id_type_name(id->get_type(id)),
						profile->name, type, profile->name);
		}
		DESTROY_IF(id);
	}
	type = vpndiag_profile_value(profile, VPNDIAG_PF_PEER_ID_TYPES);
	id = NULL;
	if (type)
	{
		auth = vpndiag_check_get_round(peer_cfg, FALSE, AUTH_CLASS_ANY);
		id = auth ? auth->get(auth, AUTH_RULE_IDENTITY) : NULL;
	}
	/* %any or no remote.id accepts whatever the peer sends */
	if (id && id->get_type(id) != ID_ANY &&
		vpndiag_profile_id_type_name(id->get_type(id)) &&
		!vpndiag_profile_list_has(type,
							vpndiag_profile_id_type_name(id->get_type(id))))
	{
		profile_add(ctx, profile, VPNDIAG_CHECK_PROFILE_PEER_IDENTITY, conn,
					NULL, "we expect the peer as '%Y', of type %s; by default "
					"%s identifies itself with type %s (from profile %s): "
					"our charon refuses its IKE_AUTH (identity constraint)",
					id, vpndiag_profile_id_type_name(id->get_type(id)),
					profile->name, type, profile->name);
	}
}

/**
 * Check a lifetime against a profile's range
 */
static void check_lifetime(vpndiag_check_ctx_t *ctx,
						   const vpndiag_profile_t *profile, char *conn,
						   char *child, vpndiag_profile_field_t field,
						   uint64_t ours, const char *what)
{
	uint64_t def, min, max;

	if (!ours || !vpndiag_profile_lifetime(profile, field, &def, &min, &max))
	{
		return;
	}
	if (max && ours > max)
	{
		profile_add(ctx, profile, VPNDIAG_CHECK_PROFILE_LIFETIME, conn, child,
					"our %s rekeys after %llu s; %s allows at most %llu s "
					"(default %llu s, from profile %s): an IKEv1 peer refuses "
					"the proposed lifetime, an IKEv2 peer's SA expires first "
					"and it rekeys or deletes it", what,
					(unsigned long long)ours, profile->name,
					(unsigned long long)max, (unsigned long long)def,
					profile->name);
	}
	else if (ours > def)
	{
		profile_add(ctx, profile, VPNDIAG_CHECK_PROFILE_LIFETIME, conn, child,
					"our %s rekeys after %llu s; by default %s's lifetime is "
					"%llu s (from profile %s): its SA expires before we rekey, "
					"so it rekeys or deletes it first, and one that deletes "
					"it takes the tunnel down until we notice", what,
					(unsigned long long)ours, profile->name,
					(unsigned long long)def, profile->name);
	}
	else if (min && ours < min)
	{
		profile_add(ctx, profile, VPNDIAG_CHECK_PROFILE_LIFETIME, conn, child,
					"our %s rekeys after %llu s; %s allows at least %llu s "
					"(from profile %s): an IKEv1 peer refuses the proposed "
					"lifetime", what, (unsigned long long)ours, profile->name,
					(unsigned long long)min, profile->name);
	}
}

/**
 * Whether every selector of a list lies inside a CIDR
 */
static bool inside(linked_list_t *list, const char *cidr)
{
	traffic_selector_t *theirs, *ts;
	enumerator_t *enumerator;
	bool in = TRUE;

	theirs = traffic_selector_create_from_cidr((char*)cidr, 0, 0, 65535);
	if (!theirs)
	{
		return TRUE;
	}
	enumerator = list->create_enumerator(list);
	while (in && enumerator->enumerate(enumerator, &ts))
	{
		in = ts->is_contained_in(ts, theirs);
	}
	enumerator->destroy(enumerator);
	theirs->destroy(theirs);
	return in;
}

/**
 * Our selectors against the profile's defaults "<ours> === <its>"
 */
static void check_selectors(vpndiag_check_ctx_t *ctx,
							const vpndiag_profile_t *profile, char *conn,
							child_cfg_t *child)
{
	const char *selectors, *sep;
	linked_list_t *local, *remote;
	char mine[64];

	selectors = vpndiag_profile_value(profile, VPNDIAG_PF_SELECTORS);
	sep = selectors ? strstr(selectors, " === ") : NULL;
	if (!sep)
	{
		return;
	}
	snprintf(mine, sizeof(mine), "%.*s", (int)(sep - selectors), selectors);
	local = vpndiag_cfg_ts(child, TRUE);
	remote = vpndiag_cfg_ts(child, FALSE);
	if (!inside(local, mine) || !inside(remote, sep + strlen(" === ")))
	{
		profile_add(ctx, profile, VPNDIAG_CHECK_PROFILE_SELECTORS, conn,
					child->get_name(child), "our selectors %#R === %#R are not "
					"inside the default selectors of profile %s (%s): the "
					"peer answers TS_UNACCEPTABLE when the CHILD_SA is "
					"created", local, remote, profile->name, selectors);
	}
	local->destroy_offset(local, offsetof(traffic_selector_t, destroy));
	remote->destroy_offset(remote, offsetof(traffic_selector_t, destroy));
}

/**
 * ESP proposals, PFS and lifetimes of each child
 */
static void check_children(vpndiag_check_ctx_t *ctx, peer_cfg_t *peer_cfg)
{
	const vpndiag_profile_t *profile;
	ike_cfg_t *ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
	char *conn = peer_cfg->get_name(peer_cfg), *name;
	enumerator_t *enumerator;
	vpndiag_proposals_t *ours;
	lifetime_cfg_t *lifetime;
	child_cfg_t *child;
	char detail[1024];
	uint64_t rekey;
	bool ikev1;

	profile = vpndiag_profile_get(vpndiag_profile_assigned(conn,
										(char[64]){}, 64));
	if (!profile)
	{
		return;
	}
	ikev1 = ike_cfg->get_version(ike_cfg) == IKEV1;
	rekey = peer_cfg->get_rekey_time(peer_cfg, FALSE) ?:
			peer_cfg->get_reauth_time(peer_cfg, FALSE);
	check_lifetime(ctx, profile, conn, NULL, VPNDIAG_PF_IKE_LIFETIME, rekey,
				   "IKE_SA");

	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (enumerator->enumerate(enumerator, &child))
	{
		name = child->get_name(child);
		ours = copy_destroy(vpndiag_child_proposals(child, FALSE));
		lifetime = child->get_lifetime(child, FALSE);
		rekey = lifetime ? lifetime->time.rekey : 0;
		free(lifetime);
		/* IKEv1 Quick Mode carries the PFS group in every exchange, so a
		 * group mismatch fails at once there */
		if (vpndiag_profile_compare(profile, FALSE, ikev1 ? 0 :
							VPNDIAG_MISMATCH_ENCR | VPNDIAG_MISMATCH_INTEG,
							ours, detail, sizeof(detail)))
		{
			profile_add(ctx, profile, VPNDIAG_CHECK_PROFILE_ESP_PROPOSAL,
						conn, name, "no ESP proposal in common with the "
						"defaults of profile %s: %s; the peer answers "
						"NO_PROPOSAL_CHOSEN when the CHILD_SA is created",
						profile->name, detail);
		}
		else if (!ikev1 && vpndiag_profile_compare(profile, FALSE,
							VPNDIAG_MISMATCH_KE, ours, detail, sizeof(detail)))
		{	/* RFC 7296 1.2: the CHILD_SA of IKE_AUTH has no KE payload */
			profile_add(ctx, profile, VPNDIAG_CHECK_PROFILE_PFS, conn, name,
						"PFS differs from the defaults of profile %s: %s; the "
						"first CHILD_SA comes up (IKE_AUTH carries no key "
						"exchange), the first rekey of the CHILD_SA (after "
						"%llu s, rekey_time) fails with NO_PROPOSAL_CHOSEN",
						profile->name, detail, (unsigned long long)rekey);
		}
		check_lifetime(ctx, profile, conn, name, VPNDIAG_PF_CHILD_LIFETIME,
					   rekey, "CHILD_SA");
		check_selectors(ctx, profile, conn, child);
		free(ours);
	}
	enumerator->destroy(enumerator);
}

/**
 * The checks of this file, in the order they run
 */
vpndiag_conn_check_t vpndiag_profile_checks[] = {
	check_ike,
	check_children,
	NULL,
};
