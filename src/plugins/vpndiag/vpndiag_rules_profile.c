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
 * When the peer rejects us and the connection has a peer profile
 * (vpndiag_profiles.h, contract section 8): compare what we offered with
 * what the profile accepts by default and name what differs. The record
 * then carries the profile, the mismatch, fix local and confidence medium
 * (the peer's administrator may have changed its defaults); when the
 * profile knows nothing that differs the record stays as the notify rule
 * made it. Runs on the worker (settings and config lookups).
 */

#include "vpndiag_rules.h"
#include "vpndiag_profiles.h"
#include "vpndiag_proposals.h"

#include <stdio.h>

/** IKEv2 exchange type of IKE_AUTH (its CHILD_SA carries no KE) */
#define EXCHANGE_IKE_AUTH 35

/**
 * Our proposals against the profile
 */
static u_int compare_proposals(vpndiag_rule_ctx_t *ctx, vpndiag_record_t *rec,
							   const vpndiag_profile_t *profile, bool ike,
							   vpndiag_proposals_t *offered, char *detail,
							   size_t len)
{
	vpndiag_config_query_t *q = ctx->query;
	vpndiag_proposals_t *ours = NULL;
	u_int types = 0, mismatch;

	if (!ike && ctx->st && ctx->st->rx_exchange == EXCHANGE_IKE_AUTH)
	{	/* RFC 7296 1.2: no KE in IKE_AUTH, PFS is not negotiated there */
		types = VPNDIAG_MISMATCH_ENCR | VPNDIAG_MISMATCH_INTEG;
	}
	if (offered && offered->count)
	{
		return vpndiag_profile_compare(profile, ike, types, offered, detail,
									   len);
	}
	if (q && ike && q->ike_proposals)
	{
		ours = q->ike_proposals(q, rec->conn);
	}
	else if (q && !ike && q->child_proposals)
	{
		ours = q->child_proposals(q, rec->conn, rec->child, FALSE);
	}
	if (!ours)
	{
		return 0;
	}
	mismatch = vpndiag_profile_compare(profile, ike, types, ours, detail, len);
	if (mismatch && !rec->offered)
	{
		vpndiag_record_set(&rec->offered, ours->text);
	}
	free(ours);
	return mismatch;
}

/**
 * Our selectors against the profile's defaults ("<ours> === <its>")
 */
static bool compare_ts(vpndiag_rule_ctx_t *ctx, vpndiag_record_t *rec,
					   const vpndiag_profile_t *profile, char *detail,
					   size_t len)
{
	vpndiag_child_ts_t children[8];
	const char *selectors;
	char want[256];
	bool differ = FALSE;
	int i, count;

	selectors = vpndiag_profile_value(profile, VPNDIAG_PF_SELECTORS);
	if (!selectors || !ctx->query || !ctx->query->child_ts)
	{
		return FALSE;
	}
	count = ctx->query->child_ts(ctx->query, rec->conn, children,
								 countof(children));
	for (i = 0; i < count; i++)
	{
		if (rec->child && !streq(rec->child, children[i].name))
		{
			continue;
		}
		snprintf(want, sizeof(want), "%s === %s", children[i].local,
				 children[i].remote);
		if (!streq(want, selectors))
		{
			differ = TRUE;
			snprintf(detail, len, "ts: we propose %s; %s's default selectors "
					 "are %s", want, profile->name, selectors);
			break;
		}
	}
	vpndiag_child_ts_clear(children, count);
	return differ;
}

/**
 * Our identity's type against the types the profile expects
 */
static bool compare_id(vpndiag_record_t *rec, const vpndiag_profile_t *profile,
					   char *detail, size_t len)
{
	identification_t *id;
	const char *types, *type;
	bool differ = FALSE;

	types = vpndiag_profile_value(profile, VPNDIAG_PF_ID_TYPES);
	if (!types || !rec->local_id)
	{
		return FALSE;
	}
	id = identification_create_from_string(rec->local_id);
	type = vpndiag_profile_id_type_name(id->get_type(id));
	if (type && !vpndiag_profile_list_has(types, type))
	{
		differ = TRUE;
		snprintf(detail, len, "id: our identity %s is of type %s; %s expects "
				 "%s", rec->local_id, type, profile->name, types);
	}
	id->destroy(id);
	return differ;
}

/*
 * Described in header
 */
void vpndiag_rules_profile(vpndiag_rule_ctx_t *ctx, vpndiag_record_t *rec,
						   uint16_t notify, bool ike,
						   vpndiag_proposals_t *offered)
{
	const vpndiag_profile_t *profile;
	char name[64], detail[1024] = "";
	u_int mismatch = 0;

	if (!rec || !rec->conn ||
		!vpndiag_profile_assigned(rec->conn, name, sizeof(name)))
	{
		return;
	}
	profile = vpndiag_profile_get(name);
	if (!profile)
	{
		return;
	}
	switch (notify)
	{
		case NO_PROPOSAL_CHOSEN:
			mismatch = compare_proposals(ctx, rec, profile, ike, offered,
										 detail, sizeof(detail));
			if (!mismatch)
			{
				return;
			}
			vpndiag_proposals_add_mismatch(rec, mismatch);
			break;
		case TS_UNACCEPTABLE:
			if (!compare_ts(ctx, rec, profile, detail, sizeof(detail)))
			{
				return;
			}
			vpndiag_record_add_mismatch(rec, "ts");
			break;
		case AUTHENTICATION_FAILED:
			if (!compare_id(rec, profile, detail, sizeof(detail)))
			{
				return;
			}
			vpndiag_record_add_mismatch(rec, "id");
			break;
		default:
			return;
	}
	vpndiag_record_set(&rec->profile, profile->name);
	rec->fix = VPNDIAG_FIX_LOCAL;
	rec->confidence = "medium";
	vpndiag_record_setf(&rec->detail, "%s; from profile %s (the defaults of "
						"%s, docs/profiles.md): %s", rec->detail ?: "",
						profile->name, profile->edition, detail);
	vpndiag_record_setf(&rec->remedy, "Make what we offer match what profile "
						"%s accepts by default (vpndiag --profiles %s), or "
						"have the peer's administrator accept ours; the "
						"peer's settings may differ from its defaults. %s",
						profile->name, profile->name,
						vpndiag_record_remedy(rec) ?: "");
}
