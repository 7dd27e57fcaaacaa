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

#include "vpndiag_tests.h"
#include "vpndiag_catalogue.h"
#include "vpndiag_cause.h"

#include <stdio.h>
#include <string.h>

/** longest cause slug */
#define MAX_SLUG 32

static bool empty(const char *s)
{
	return !s || !*s;
}

static bool valid_severity(vpndiag_severity_t severity)
{
	return severity == VPNDIAG_SEV_ERR || severity == VPNDIAG_SEV_WARNING ||
		   severity == VPNDIAG_SEV_NOTICE || severity == VPNDIAG_SEV_INFO;
}

/*******************************************************************************
 * every row is complete and consistent
 */

START_TEST(test_row)
{
	const vpndiag_cause_info_t *info, *primary;
	const vpndiag_code_info_t *code;
	const char *p;

	info = vpndiag_cause_info(_i);
	ck_assert_msg(info, "cause %d has no row", _i);
	ck_assert_msg(info->id, "cause %d: row missing from the table", _i);
	ck_assert_msg(info->cause == (vpndiag_cause_t)_i, "%s: row at index %d "
				  "has .cause %d", info->id, _i, info->cause);

	/* slug: [a-z0-9-], 1 to 32 characters, no '-' at either end */
	ck_assert_msg(!empty(info->id), "cause %d: empty slug", _i);
	ck_assert_msg(strlen(info->id) <= MAX_SLUG, "%s: slug longer than %d",
				  info->id, MAX_SLUG);
	for (p = info->id; *p; p++)
	{
		ck_assert_msg((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
					  *p == '-', "%s: invalid character in slug", info->id);
	}
	ck_assert_msg(info->id[0] != '-' && info->id[strlen(info->id) - 1] != '-',
				  "%s: slug starts or ends with '-'", info->id);

	/* a valid code, fix and confidence */
	code = vpndiag_code_info(info->code);
	ck_assert_msg(code, "%s: invalid code %d", info->id, info->code);
	ck_assert_msg(info->fix == VPNDIAG_FIX_LOCAL ||
				  info->fix == VPNDIAG_FIX_PEER ||
				  info->fix == VPNDIAG_FIX_EITHER, "%s: invalid fix %d",
				  info->id, info->fix);
	ck_assert_msg(info->confidence == VPNDIAG_CONF_HIGH ||
				  info->confidence == VPNDIAG_CONF_MEDIUM ||
				  info->confidence == VPNDIAG_CONF_LOW,
				  "%s: invalid confidence %d", info->id, info->confidence);

	/* overrides: severity 0 or valid; category only (and always) where the
	 * catalogue lists the code under both categories */
	ck_assert_msg(info->severity == 0 || valid_severity(info->severity),
				  "%s: invalid severity override %d", info->id,
				  info->severity);
	ck_assert_msg(info->category == VPNDIAG_CAUSE_CAT_CODE ||
				  info->category == VPNDIAG_CAUSE_CAT_NEGOTIATION ||
				  info->category == VPNDIAG_CAUSE_CAT_DISCONNECTION,
				  "%s: invalid category %d", info->id, info->category);
	if (code->both_categories)
	{
		ck_assert_msg(info->category != VPNDIAG_CAUSE_CAT_CODE, "%s: code %s "
					  "is listed under both categories, the cause must pick "
					  "one", info->id, code->id);
	}
	else
	{
		ck_assert_msg(info->category == VPNDIAG_CAUSE_CAT_CODE, "%s: category "
					  "override on code %s, which has one category", info->id,
					  code->id);
	}

	/* the first row of a (code, slug) pair documents it, variants do not */
	primary = vpndiag_cause_lookup(info->id, info->code);
	ck_assert_ptr_nonnull(primary);
	ck_assert_int_le(primary->cause, info->cause);
	if (vpndiag_cause_is_primary(info))
	{
		ck_assert_ptr_eq(primary, info);
		ck_assert_msg(!empty(info->meaning), "%s (%s): primary row without "
					  "meaning", info->id, code->id);
	}
	else
	{
		ck_assert_msg(info->meaning == NULL, "%s (%s): variant row %d has a "
					  "meaning (a new meaning needs a new slug)", info->id,
					  code->id, _i);
		/* a retired slug is never emitted again, not by a variant either */
		ck_assert_msg(!primary->retired || info->retired, "%s (%s): active "
					  "variant %d of a retired cause", info->id, code->id, _i);
	}

	/* texts: one line each (records stay one line), remedy never empty */
	ck_assert_msg(!info->meaning || !strpbrk(info->meaning, "\r\n"),
				  "%s: meaning has a newline", info->id);
	ck_assert_msg(!info->remedy || !empty(info->remedy), "%s: empty remedy "
				  "(NULL keeps the code's)", info->id);
	ck_assert_msg(!info->remedy || !strpbrk(info->remedy, "\r\n"),
				  "%s: remedy has a newline", info->id);
}
END_TEST

START_TEST(test_range)
{
	const vpndiag_cause_info_t *info;

	ck_assert_ptr_null(vpndiag_cause_info(VPNDIAG_CAUSE_NONE));
	ck_assert_ptr_null(vpndiag_cause_info(VPNDIAG_CAUSE_MAX));
	ck_assert_ptr_null(vpndiag_cause_info((vpndiag_cause_t)-1));
	ck_assert(!vpndiag_cause_is_primary(NULL));

	ck_assert_ptr_null(vpndiag_cause_lookup(NULL, VPNDIAG_CODE_NONE));
	ck_assert_ptr_null(vpndiag_cause_lookup("", VPNDIAG_CODE_NONE));
	ck_assert_ptr_null(vpndiag_cause_lookup("no-such-cause",
											VPNDIAG_CODE_NONE));
	/* a slug is found per code */
	info = vpndiag_cause_lookup("no-common-proposal",
								VPNDIAG_P2_PROPOSAL_PFS_MISMATCH);
	ck_assert_ptr_eq(info, vpndiag_cause_info(
								VPNDIAG_CAUSE_P2_NO_COMMON_PROPOSAL));
	ck_assert_ptr_null(vpndiag_cause_lookup("psk-mismatch",
											VPNDIAG_DPD_TIMEOUT));
	/* variants: the first row of the pair is the primary */
	ck_assert_ptr_eq(vpndiag_cause_lookup("psk-mismatch", VPNDIAG_AUTH_FAIL),
					 vpndiag_cause_info(VPNDIAG_CAUSE_PSK_MISMATCH));
	ck_assert(vpndiag_cause_is_primary(
					vpndiag_cause_info(VPNDIAG_CAUSE_PSK_MISMATCH)));
	ck_assert(!vpndiag_cause_is_primary(
					vpndiag_cause_info(VPNDIAG_CAUSE_PSK_MISMATCH_V1)));

	ck_assert_str_eq(vpndiag_confidence_name(VPNDIAG_CONF_HIGH), "high");
	ck_assert_str_eq(vpndiag_confidence_name(VPNDIAG_CONF_MEDIUM), "medium");
	ck_assert_str_eq(vpndiag_confidence_name(VPNDIAG_CONF_LOW), "low");
}
END_TEST

/*******************************************************************************
 * one meaning per slug within a code
 */

START_TEST(test_unique)
{
	const vpndiag_cause_info_t *a, *b;
	int i, j;

	for (i = VPNDIAG_CAUSE_NONE + 1; i < VPNDIAG_CAUSE_MAX; i++)
	{
		a = vpndiag_cause_info(i);
		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_nonnull(a->id);
		for (j = i + 1; j < VPNDIAG_CAUSE_MAX; j++)
		{
			b = vpndiag_cause_info(j);
			ck_assert_ptr_nonnull(b);
			ck_assert_ptr_nonnull(b->id);
			if (a->code != b->code)
			{
				continue;
			}
			/* a slug has one meaning in a code: a later row with the same
			 * slug (retired or not) is a variant and adds none */
			ck_assert_msg(strcmp(a->id, b->id) != 0 || !b->meaning,
						  "slug '%s' used for two meanings in code %s (rows "
						  "%d and %d): a new meaning needs a new slug", a->id,
						  vpndiag_code_info(a->code)->id, i, j);
			/* and a meaning has one slug */
			ck_assert_msg(!a->meaning || !b->meaning ||
						  strcmp(a->meaning, b->meaning) != 0,
						  "causes '%s' and '%s' of code %s have the same "
						  "meaning", a->id, b->id,
						  vpndiag_code_info(a->code)->id);
		}
	}
}
END_TEST

/*******************************************************************************
 * golden file: (code_id, slug) pairs are frozen
 */

/**
 * Position of a row in the table (not its .cause, which test_row checks)
 */
static int row_index(const vpndiag_cause_info_t *info)
{
	int i;

	for (i = VPNDIAG_CAUSE_NONE + 1; i < VPNDIAG_CAUSE_MAX; i++)
	{
		if (vpndiag_cause_info(i) == info)
		{
			return i;
		}
	}
	ck_abort_msg("row of '%s' not in the table", info->id);
	return 0;
}

/**
 * Split a golden line into its three TAB separated fields
 */
static bool split(char *line, char *field[3])
{
	char *tab;
	int i;

	for (i = 0; i < 3; i++)
	{
		field[i] = line;
		tab = strchr(line, '\t');
		if (i < 2)
		{
			if (!tab)
			{
				return false;
			}
			*tab = '\0';
			line = tab + 1;
		}
		else if (tab)
		{
			return false;
		}
	}
	return !empty(field[0]) && !empty(field[1]) && !empty(field[2]);
}

START_TEST(test_golden)
{
	const vpndiag_cause_info_t *info;
	const vpndiag_code_info_t *code;
	char path[4096], line[1024], *field[3];
	bool seen[VPNDIAG_CAUSE_MAX] = {};
	bool retired;
	int i, lineno = 0, pairs = 0;
	FILE *file;

	file = vpndiag_tests_golden_open("cause_ids.golden", path, sizeof(path));
	while (vpndiag_tests_golden_line(file, path, line, sizeof(line), &lineno))
	{
		ck_assert_msg(split(line, field), "%s:%d: not 'code_id TAB cause TAB "
					  "status'", path, lineno);
		ck_assert_msg(strcmp(field[2], "active") == 0 ||
					  strcmp(field[2], "retired") == 0, "%s:%d: status '%s' "
					  "is neither active nor retired", path, lineno, field[2]);
		retired = strcmp(field[2], "retired") == 0;

		code = vpndiag_code_lookup(field[0]);
		ck_assert_msg(code && strcmp(code->id, field[0]) == 0, "%s:%d: '%s' "
					  "is not a code_id", path, lineno, field[0]);
		info = vpndiag_cause_lookup(field[1], code->code);
		ck_assert_msg(info && strcmp(info->id, field[1]) == 0, "%s:%d: cause "
					  "'%s' of %s is gone from the cause table: slugs are "
					  "frozen, retire it (.retired) instead of renaming or "
					  "removing it", path, lineno, field[1], field[0]);
		i = row_index(info);
		ck_assert_msg(!seen[i], "%s:%d: %s %s listed twice", path, lineno,
					  field[0], field[1]);
		seen[i] = true;
		pairs++;
		/* active may turn retired, never the other way round */
		ck_assert_msg(!retired || info->retired, "%s:%d: cause '%s' of %s is "
					  "retired but active again in the table: a retired slug "
					  "is never emitted again", path, lineno, field[1],
					  field[0]);
	}
	fclose(file);

	for (i = VPNDIAG_CAUSE_NONE + 1; i < VPNDIAG_CAUSE_MAX; i++)
	{
		info = vpndiag_cause_info(i);
		ck_assert_ptr_nonnull(info);
		if (!vpndiag_cause_is_primary(info))
		{
			continue;
		}
		ck_assert_msg(seen[i], "%s: cause '%s' of %s is missing from the "
					  "golden file; add its line (vpndiag-gencodes --causes)",
					  path, info->id, vpndiag_code_info(info->code)->id);
	}
	ck_assert_int_gt(pairs, 0);
}
END_TEST

/*
 * remedies: a remedy that names a swanctl.conf key ends with the command
 * that applies it; no remedy names a plugin that cannot refuse an IKE_SA
 */

#ifndef countof
#define countof(array) (sizeof(array) / sizeof((array)[0]))
#endif

/** swanctl.conf keys, and the load commands that apply them */
static struct {
	const char *key;
	/* the swanctl --load-* command that applies it, besides --load-all */
	const char *load;
} swanctl_keys[] = {
	{ "local_addrs", "--load-conns" }, { "remote_addrs", "--load-conns" },
	{ "esp_proposals", "--load-conns" }, { "ah_proposals", "--load-conns" },
	{ "local_ts", "--load-conns" }, { "remote_ts", "--load-conns" },
	{ "local.id", "--load-conns" }, { "remote.id", "--load-conns" },
	{ "local.auth", "--load-conns" }, { "remote.auth", "--load-conns" },
	{ "local.certs", "--load-c" }, { "remote.certs", "--load-c" },
	{ "remote.cacerts", "--load-c" }, { "remote.revocation", "--load-conns" },
	{ "remote.groups", "--load-conns" }, { "eap_id", "--load-conns" },
	{ "xauth_id", "--load-conns" }, { "send_cert", "--load-conns" },
	{ "mobike = ", "--load-conns" }, { "encap = ", "--load-conns" },
	{ "fragmentation = ", "--load-conns" }, { "dpd_delay", "--load-conns" },
	{ "dpd_timeout", "--load-conns" }, { "dpd_action", "--load-conns" },
	{ "start_action", "--load-conns" }, { "close_action", "--load-conns" },
	{ "rekey_time", "--load-conns" }, { "reauth_time", "--load-conns" },
	{ "over_time", "--load-conns" }, { "life_time", "--load-conns" },
	{ "rand_time", "--load-conns" }, { "keyingtries", "--load-conns" },
	{ "unique = ", "--load-conns" }, { "version = ", "--load-conns" },
	{ "aggressive = ", "--load-conns" }, { "mode = ", "--load-conns" },
	{ "vips = ", "--load-conns" }, { "if_id_in", "--load-conns" },
	{ "mark_in", "--load-conns" }, { "rekey_bytes", "--load-conns" },
	{ "life_bytes", "--load-conns" }, { "childless", "--load-conns" },
	{ "secrets.", "--load-creds" }, { "pools.", "--load-pools" },
	{ "pools = ", "--load-pools" }, { "x509ca", "--load-creds" },
	{ "x509crl", "--load-creds" },
};

/** plugins with an authorize hook that always allows (certexpire) or
 *  without one: naming them as the refusing plugin is wrong */
static const char *cannot_refuse[] = {
	"certexpire", "updown", "lookip", "counters", "error-notify",
	"duplicheck", "attr", "unity", "radattr",
};

/** plugins that can refuse an authenticated IKE_SA (5.9.8 and 6.0.x:
 *  whitelist_listener.c and ext_auth_listener.c authorize()) */
static const char *can_refuse[] = { "whitelist", "ext-auth" };

/**
 * Check one remedy; what names it in a message
 */
static void check_remedy(const char *what, const char *remedy,
						 bool authorization)
{
	const char *last = NULL, *pos, *tail;
	int i, j;
	bool allowed;

	if (!remedy)
	{
		return;
	}
	for (pos = remedy; (pos = strstr(pos, "swanctl --load-")); pos++)
	{
		last = pos;
	}
	for (i = 0; i < countof(swanctl_keys); i++)
	{
		if (!strstr(remedy, swanctl_keys[i].key))
		{
			continue;
		}
		ck_assert_msg(last, "%s: remedy names %s but no swanctl --load-* "
					  "command", what, swanctl_keys[i].key);
		ck_assert_msg(strstr(remedy, swanctl_keys[i].load) ||
					  strstr(remedy, "--load-all"), "%s: remedy names %s but "
					  "not swanctl %s", what, swanctl_keys[i].key,
					  swanctl_keys[i].load);
	}
	if (last)
	{	/* the command is in the remedy's last sentence */
		tail = last + strlen("swanctl --load-");
		ck_assert_msg(!strstr(tail, ". ") && remedy[strlen(remedy) - 1] == '.',
					  "%s: remedy does not end with its load command: %s",
					  what, remedy);
	}
	for (i = 0; i < countof(cannot_refuse); i++)
	{
		ck_assert_msg(!authorization || !strstr(remedy, cannot_refuse[i]),
					  "%s: remedy names %s, which cannot refuse an IKE_SA",
					  what, cannot_refuse[i]);
	}
	if (authorization)
	{
		for (j = 0; j < countof(can_refuse); j++)
		{
			allowed = strstr(remedy, can_refuse[j]) != NULL;
			ck_assert_msg(allowed, "%s: remedy lacks %s", what,
						  can_refuse[j]);
		}
	}
	/* ipsec.conf names are labelled legacy (stroke is not built by
	 * default in 6.x) */
	ck_assert_msg(!strstr(remedy, "ipsec.conf") ||
				  strstr(remedy, "egacy ipsec.conf"), "%s: ipsec.conf not "
				  "labelled legacy: %s", what, remedy);
	/* certexpire never refuses (certexpire_listener.c authorize()) */
	ck_assert_msg(!strstr(remedy, "certexpire"), "%s: remedy names "
				  "certexpire", what);
}

START_TEST(test_remedy_code)
{
	const vpndiag_code_info_t *info = vpndiag_code_info(_i);

	check_remedy(info->id, info->remedy, _i == VPNDIAG_AUTHORIZATION_FAIL);
}
END_TEST

START_TEST(test_remedy_cause)
{
	const vpndiag_cause_info_t *info = vpndiag_cause_info(_i);

	check_remedy(info->id, info->remedy, info->code ==
				 VPNDIAG_AUTHORIZATION_FAIL);
}
END_TEST

/* the promises the expert review found wrong stay out */
START_TEST(test_remedy_promises)
{
	vpndiag_code_t local[] = {
		VPNDIAG_MANUAL_OFFLINE, VPNDIAG_RESET_SA_BY_USER,
		VPNDIAG_CONFIG_MODIFY_OFFLINE,
	};
	const char *remedy;
	int i;

	for (i = 0; i < countof(local); i++)
	{	/* a locally terminated tunnel: re-initiate, or trap */
		remedy = vpndiag_code_info(local[i])->remedy;
		ck_assert_msg(strstr(remedy, "swanctl --initiate --child"), "%s",
					  remedy);
		ck_assert_msg(strstr(remedy, "start_action = trap"), "%s", remedy);
		ck_assert_msg(!strstr(remedy, "close_action (") &&
					  !strstr(remedy, "returns by"), "%s", remedy);
	}
	/* lost fragments end as timeouts, never as a parse error */
	remedy = vpndiag_code_info(VPNDIAG_MALFORMED_MESSAGE)->remedy;
	ck_assert_msg(!strstr(remedy, "MTU") && !strstr(remedy, "fragmentation ="),
				  "%s", remedy);
	/* the port 4500 remedy offers mobike = no */
	ck_assert(strstr(vpndiag_cause_info(VPNDIAG_CAUSE_IKE_AUTH_LOST)->remedy,
					 "mobike = no"));
}
END_TEST

Suite *cause_suite_create(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("cause");

	tc = tcase_create("rows");
	tcase_add_loop_test(tc, test_row, VPNDIAG_CAUSE_NONE + 1,
						VPNDIAG_CAUSE_MAX);
	tcase_add_test(tc, test_range);
	tcase_add_test(tc, test_unique);
	suite_add_tcase(s, tc);

	tc = tcase_create("remedies");
	tcase_add_loop_test(tc, test_remedy_code, VPNDIAG_CODE_NONE + 1,
						VPNDIAG_CODE_MAX);
	tcase_add_loop_test(tc, test_remedy_cause, VPNDIAG_CAUSE_NONE + 1,
						VPNDIAG_CAUSE_MAX);
	tcase_add_test(tc, test_remedy_promises);
	suite_add_tcase(s, tc);

	tc = tcase_create("golden");
	tcase_add_test(tc, test_golden);
	suite_add_tcase(s, tc);

	return s;
}
