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

#include "vpndiag_profiles.h"
#include "vpndiag_proposals.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include <crypto/proposal/proposal_keywords.h>
#include <utils/identification.h>

/** IKEv2 transform type numbers (strongSwan's transform_type_t) */
#define T_ENCR 1
#define T_PRF 2
#define T_INTEG 3
#define T_KE 4

/**
 * Field names, in the order of vpndiag_profile_field_t
 */
static const char *field_names[] = {
	"ike-versions", "ike-encr", "ike-integ", "ike-prf", "ike-ke",
	"ike-lifetime", "esp-encr", "esp-integ", "pfs", "pfs-ke",
	"child-lifetime", "dpd", "nat-t", "fragmentation", "mobike",
	"id-types", "selector-style", "selectors", "peer-id-types",
};

/** fields holding strongSwan algorithm keywords */
static const vpndiag_profile_field_t alg_fields[] = {
	VPNDIAG_PF_IKE_ENCR, VPNDIAG_PF_IKE_INTEG, VPNDIAG_PF_IKE_PRF,
	VPNDIAG_PF_IKE_KE, VPNDIAG_PF_ESP_ENCR, VPNDIAG_PF_ESP_INTEG,
	VPNDIAG_PF_PFS_KE,
};

/**
 * Identity types as profiles name them
 */
static const struct {
	int type;
	const char *name;
} id_types[] = {
	{ ID_IPV4_ADDR, "ipv4" },
	{ ID_IPV6_ADDR, "ipv6" },
	{ ID_FQDN, "fqdn" },
	{ ID_RFC822_ADDR, "email" },
	{ ID_DER_ASN1_DN, "dn" },
	{ ID_KEY_ID, "keyid" },
};

/*
 * Described in header
 */
const vpndiag_profile_t *vpndiag_profile_get(const char *name)
{
	const vpndiag_profile_t *profile;
	int i;

	for (i = 0; name && (profile = vpndiag_profile_at(i)); i++)
	{
		if (streq(profile->name, name))
		{
			return profile;
		}
	}
	return NULL;
}

/*
 * Described in header
 */
const vpndiag_profile_source_t *vpndiag_profile_source(const char *id)
{
	const vpndiag_profile_source_t *source;
	int i;

	for (i = 0; id && (source = vpndiag_profile_source_at(i)); i++)
	{
		if (streq(source->id, id))
		{
			return source;
		}
	}
	return NULL;
}

/*
 * Described in header
 */
const char *vpndiag_profile_field_name(vpndiag_profile_field_t field)
{
	if (field < 0 || field >= VPNDIAG_PF_MAX)
	{
		return "?";
	}
	return field_names[field];
}

/*
 * Described in header
 */
const char *vpndiag_profile_value(const vpndiag_profile_t *profile,
								  vpndiag_profile_field_t field)
{
	if (!profile || field < 0 || field >= VPNDIAG_PF_MAX)
	{
		return NULL;
	}
	return profile->v[field].value;
}

/*
 * Described in header
 */
bool vpndiag_profile_list_has(const char *list, const char *word)
{
	char buf[512], *pos, *tok;

	if (!list || !word)
	{
		return FALSE;
	}
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &pos); tok; tok = strtok_r(NULL, ",", &pos))
	{
		if (streq(tok, word))
		{
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * Resolve a keyword (NULL if strongSwan does not know it)
 */
static const proposal_token_t *token(const char *keyword)
{
	if (!lib || !lib->proposal)
	{
		return NULL;
	}
	return lib->proposal->get_token(lib->proposal, keyword);
}

/*
 * Described in header
 */
bool vpndiag_profile_has_alg(const char *list, uint16_t type, uint16_t alg,
							 uint16_t keysize)
{
	const proposal_token_t *t;
	char buf[512], *pos, *tok;

	if (!list)
	{
		return FALSE;
	}
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &pos); tok; tok = strtok_r(NULL, ",", &pos))
	{
		t = token(tok);
		if (t && (uint16_t)t->type == type && t->algorithm == alg &&
			(!t->keysize || t->keysize == keysize))
		{
			return TRUE;
		}
	}
	return FALSE;
}

/*
 * Described in header
 */
bool vpndiag_profile_validate(const vpndiag_profile_t *profile, char *err,
							  size_t len)
{
	const vpndiag_profile_source_t *source;
	char buf[512], *pos, *tok;
	int f, i;

	for (f = 0; f < VPNDIAG_PF_MAX; f++)
	{
		if (!profile->v[f].value)
		{
			if (profile->v[f].source)
			{
				snprintf(err, len, "%s: %s has a source but no value",
						 profile->name, field_names[f]);
				return FALSE;
			}
			continue;
		}
		source = vpndiag_profile_source(profile->v[f].source);
		if (!source || !source->url || !*source->url || !source->edition ||
			!*source->edition || !source->date || !*source->date)
		{
			snprintf(err, len, "%s: %s = '%s' has no source (URL, edition "
					 "and date)", profile->name, field_names[f],
					 profile->v[f].value);
			return FALSE;
		}
	}
	for (i = 0; i < countof(alg_fields); i++)
	{
		if (!profile->v[alg_fields[i]].value)
		{
			continue;
		}
		snprintf(buf, sizeof(buf), "%s", profile->v[alg_fields[i]].value);
		for (tok = strtok_r(buf, ",", &pos); tok;
			 tok = strtok_r(NULL, ",", &pos))
		{
			if (!token(tok))
			{
				snprintf(err, len, "%s: %s: '%s' is no strongSwan keyword",
						 profile->name, field_names[alg_fields[i]], tok);
				return FALSE;
			}
		}
	}
	return TRUE;
}

/*
 * Described in header. Settings are read on the worker or the VICI thread,
 * never in a bus hook.
 */
char *vpndiag_profile_assigned(const char *conn, char *buf, size_t len)
{
	enumerator_t *enumerator;
	char *key, *value, *found = NULL;

	if (!conn || !lib || !lib->settings)
	{
		return NULL;
	}
	value = lib->settings->get_str(lib->settings,
								"%s.plugins.vpndiag.profiles.%s", NULL,
								lib->ns, conn);
	if (value && *value)
	{
		snprintf(buf, len, "%s", value);
		return buf;
	}
	enumerator = lib->settings->create_key_value_enumerator(lib->settings,
								"%s.plugins.vpndiag.profiles", lib->ns);
	while (!found && enumerator->enumerate(enumerator, &key, &value))
	{
		if (value && *value && fnmatch(key, conn, 0) == 0)
		{
			snprintf(buf, len, "%s", value);
			found = buf;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * The keyword list of a profile for a transform type, NULL if unknown
 */
static const char *list_of(const vpndiag_profile_t *profile, bool ike,
						   uint16_t type)
{
	switch (type)
	{
		case T_ENCR:
			return profile->v[ike ? VPNDIAG_PF_IKE_ENCR :
							  VPNDIAG_PF_ESP_ENCR].value;
		case T_INTEG:
			return profile->v[ike ? VPNDIAG_PF_IKE_INTEG :
							  VPNDIAG_PF_ESP_INTEG].value;
		case T_PRF:
			return ike ? profile->v[VPNDIAG_PF_IKE_PRF].value : NULL;
		case T_KE:
			return profile->v[ike ? VPNDIAG_PF_IKE_KE :
							  VPNDIAG_PF_PFS_KE].value;
		default:
			return NULL;
	}
}

/**
 * Names of our algorithms of a type, once each
 */
static void our_names(vpndiag_proposals_t *ours, uint16_t type, char *buf,
					  size_t len)
{
	vpndiag_transform_t *t;
	char name[64];
	int i, j;

	*buf = '\0';
	for (i = 0; i < ours->count; i++)
	{
		for (j = 0; j < ours->p[i].count; j++)
		{
			t = &ours->p[i].t[j];
			if (t->type != type)
			{
				continue;
			}
			switch (type)
			{
				case T_ENCR:
					snprintf(name, sizeof(name), "%N", encryption_algorithm_names,
							 t->alg);
					if (t->keysize)
					{
						snprintf(name + strlen(name), sizeof(name) -
								 strlen(name), "_%u", t->keysize);
					}
					break;
				case T_INTEG:
					snprintf(name, sizeof(name), "%N", integrity_algorithm_names,
							 t->alg);
					break;
				case T_PRF:
					snprintf(name, sizeof(name), "%N",
							 pseudo_random_function_names, t->alg);
					break;
				default:
					snprintf(name, sizeof(name), "%N",
							 key_exchange_method_names, t->alg);
					break;
			}
			if (!strstr(buf, name))
			{
				snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
						 *buf ? "/" : "", name);
			}
		}
	}
}

/**
 * Whether we offer a type at all; for KE, with a group other than NONE
 */
static bool offers(vpndiag_proposals_t *ours, uint16_t type)
{
	int i, j;

	for (i = 0; i < ours->count; i++)
	{
		for (j = 0; j < ours->p[i].count; j++)
		{
			if (ours->p[i].t[j].type == type &&
				(type != T_KE || ours->p[i].t[j].alg))
			{
				return TRUE;
			}
		}
	}
	return FALSE;
}

/**
 * Whether some ESP proposal of ours goes without PFS (no KE transform, or
 * NONE among them: strongSwan's proposal.c select_algo() accepts NONE)
 */
static bool offers_no_pfs(vpndiag_proposals_t *ours)
{
	bool ke, none;
	int i, j;

	for (i = 0; i < ours->count; i++)
	{
		ke = none = FALSE;
		for (j = 0; j < ours->p[i].count; j++)
		{
			if (ours->p[i].t[j].type == T_KE)
			{
				ke = TRUE;
				none |= !ours->p[i].t[j].alg;
			}
		}
		if (!ke || none)
		{
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * Whether one of our algorithms of a type is in a profile's list
 */
static bool common(vpndiag_proposals_t *ours, uint16_t type, const char *list)
{
	vpndiag_transform_t *t;
	int i, j;

	for (i = 0; i < ours->count; i++)
	{
		for (j = 0; j < ours->p[i].count; j++)
		{
			t = &ours->p[i].t[j];
			if (t->type == type && (type != T_KE || t->alg) &&
				vpndiag_profile_has_alg(list, type, t->alg, t->keysize))
			{
				return TRUE;
			}
		}
	}
	return FALSE;
}

/**
 * Append to a detail
 */
static void append(char *detail, size_t len, const char *fmt, ...)
{
	va_list args;
	size_t used = strlen(detail);

	if (used >= len - 1)
	{
		return;
	}
	if (used)
	{
		snprintf(detail + used, len - used, "; ");
		used = strlen(detail);
	}
	va_start(args, fmt);
	vsnprintf(detail + used, len - used, fmt, args);
	va_end(args);
}

/*
 * Described in header
 */
u_int vpndiag_profile_compare(const vpndiag_profile_t *profile, bool ike,
							  u_int which, vpndiag_proposals_t *ours,
							  char *detail, size_t len)
{
	static const struct {
		uint16_t type;
		u_int bit;
		const char *name;
	} types[] = {
		{ T_ENCR, VPNDIAG_MISMATCH_ENCR, "encr" },
		{ T_INTEG, VPNDIAG_MISMATCH_INTEG, "integ" },
		{ T_PRF, VPNDIAG_MISMATCH_PRF, "prf" },
		{ T_KE, VPNDIAG_MISMATCH_KE, "ke" },
	};
	const char *list, *pfs;
	char names[256];
	u_int mismatch = 0;
	int i;

	*detail = '\0';
	if (!profile || !ours)
	{
		return 0;
	}
	for (i = 0; i < countof(types); i++)
	{
		if (which && !(which & types[i].bit))
		{
			continue;
		}
		list = list_of(profile, ike, types[i].type);
		if (!ike && types[i].type == T_KE)
		{	/* PFS: the KE group of a CREATE_CHILD_SA (IKEv2) or Quick Mode */
			pfs = profile->v[VPNDIAG_PF_PFS].value;
			if (pfs && streq(pfs, "required") && !offers(ours, T_KE))
			{
				mismatch |= types[i].bit;
				append(detail, len, "ke: we offer no PFS group; %s requires "
					   "PFS%s%s", profile->name, list ? " with " : "",
					   list ?: "");
				continue;
			}
			if (pfs && streq(pfs, "none") && !offers_no_pfs(ours))
			{
				mismatch |= types[i].bit;
				our_names(ours, T_KE, names, sizeof(names));
				append(detail, len, "ke: we require PFS (%s); %s accepts "
					   "no PFS group", names, profile->name);
				continue;
			}
			if (!offers(ours, T_KE) || offers_no_pfs(ours))
			{	/* no group, or NONE offered: the groups do not decide */
				continue;
			}
		}
		if (!list || !offers(ours, types[i].type))
		{
			continue;
		}
		if (!common(ours, types[i].type, list))
		{
			mismatch |= types[i].bit;
			our_names(ours, types[i].type, names, sizeof(names));
			append(detail, len, "%s: we offer %s; %s accepts %s",
				   types[i].name, names, profile->name, list);
		}
	}
	return mismatch;
}

/*
 * Described in header
 */
bool vpndiag_profile_lifetime(const vpndiag_profile_t *profile,
							  vpndiag_profile_field_t field, uint64_t *def,
							  uint64_t *min, uint64_t *max)
{
	const char *value = vpndiag_profile_value(profile, field);
	char a[32], b[32], c[32];

	if (!value || sscanf(value, "%31s %31s %31s", a, b, c) != 3)
	{
		return FALSE;
	}
	*def = strtoull(a, NULL, 10);
	*min = streq(b, "-") ? 0 : strtoull(b, NULL, 10);
	*max = streq(c, "-") ? 0 : strtoull(c, NULL, 10);
	return *def > 0;
}

/*
 * Described in header
 */
const char *vpndiag_profile_id_type_name(int id_type)
{
	int i;

	for (i = 0; i < countof(id_types); i++)
	{
		if (id_types[i].type == id_type)
		{
			return id_types[i].name;
		}
	}
	return NULL;
}

/*
 * Described in header
 */
bool vpndiag_profile_accepts_version(const vpndiag_profile_t *profile,
									 int version)
{
	const char *versions;
	char v[8];

	versions = vpndiag_profile_value(profile, VPNDIAG_PF_IKE_VERSIONS);
	if (!versions)
	{
		return TRUE;
	}
	snprintf(v, sizeof(v), "%d", version);
	return vpndiag_profile_list_has(versions, v);
}
