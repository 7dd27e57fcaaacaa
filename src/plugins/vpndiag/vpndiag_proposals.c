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

#include "vpndiag_proposals.h"

#include <stdio.h>
#include <string.h>

#include <library.h>

/**
 * Transform types in the order they are reported, IKEv2 numbering
 */
static const struct {
	uint16_t type;
	u_int bit;
	const char *name;
} types[] = {
	{ 1, VPNDIAG_MISMATCH_ENCR, "encr" },
	{ 3, VPNDIAG_MISMATCH_INTEG, "integ" },
	{ 2, VPNDIAG_MISMATCH_PRF, "prf" },
	{ 4, VPNDIAG_MISMATCH_KE, "ke" },
	{ 5, VPNDIAG_MISMATCH_ESN, "esn" },
};

/**
 * Whether a list has any transform of a type
 */
static bool has_type(vpndiag_proposals_t *list, uint16_t type)
{
	int i, j;

	for (i = 0; i < list->count; i++)
	{
		for (j = 0; j < list->p[i].count; j++)
		{
			if (list->p[i].t[j].type == type)
			{
				return TRUE;
			}
		}
	}
	return FALSE;
}

/**
 * Whether a list contains a transform
 */
static bool has_transform(vpndiag_proposals_t *list, vpndiag_transform_t *t)
{
	int i, j;

	for (i = 0; i < list->count; i++)
	{
		for (j = 0; j < list->p[i].count; j++)
		{
			if (list->p[i].t[j].type == t->type &&
				list->p[i].t[j].alg == t->alg &&
				list->p[i].t[j].keysize == t->keysize)
			{
				return TRUE;
			}
		}
	}
	return FALSE;
}

/**
 * Whether two lists share a transform of a type
 */
static bool overlap(vpndiag_proposals_t *a, vpndiag_proposals_t *b,
					uint16_t type)
{
	int i, j;

	for (i = 0; i < a->count; i++)
	{
		for (j = 0; j < a->p[i].count; j++)
		{
			if (a->p[i].t[j].type == type && has_transform(b, &a->p[i].t[j]))
			{
				return TRUE;
			}
		}
	}
	return FALSE;
}

/*
 * Described in header
 */
u_int vpndiag_proposals_mismatch(vpndiag_proposals_t *a,
								 vpndiag_proposals_t *b)
{
	u_int mismatch = 0;
	int i;

	for (i = 0; i < countof(types); i++)
	{
		if (!has_type(a, types[i].type) && !has_type(b, types[i].type))
		{
			continue;
		}
		if (!overlap(a, b, types[i].type))
		{
			mismatch |= types[i].bit;
		}
	}
	return mismatch;
}

/*
 * Described in header
 */
char *vpndiag_proposals_mismatch_names(u_int mismatch, char *buf, size_t len)
{
	size_t pos = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < countof(types); i++)
	{
		if (mismatch & types[i].bit)
		{
			pos += snprintf(buf + pos, len > pos ? len - pos : 0, "%s%s",
							pos ? ", " : "", types[i].name);
		}
	}
	return buf;
}

/*
 * Described in header
 */
void vpndiag_proposals_add_mismatch(vpndiag_record_t *record, u_int mismatch)
{
	int i;

	for (i = 0; i < countof(types); i++)
	{
		if (mismatch & types[i].bit)
		{
			vpndiag_record_add_mismatch(record, types[i].name);
		}
	}
}
