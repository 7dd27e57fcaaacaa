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

#include <stdio.h>
#include <string.h>
#include <strings.h>

/**
 * Every code with its enum name, to check the naming rule (enum name =
 * VPNDIAG_ + code_id in upper case, '-' as '_') and the enum-style aliases.
 */
#define E(code) { code, #code }
static const struct {
	vpndiag_code_t code;
	const char *enum_name;
} enum_names[] = {
	E(VPNDIAG_P1_PROPOSAL_MISMATCH),
	E(VPNDIAG_P2_PROPOSAL_PFS_MISMATCH),
	E(VPNDIAG_RESPONDER_DH_MISMATCH),
	E(VPNDIAG_INITIATOR_DH_MISMATCH),
	E(VPNDIAG_ENCAP_MODE_MISMATCH),
	E(VPNDIAG_FLOW_MISMATCH),
	E(VPNDIAG_VERSION_MISMATCH),
	E(VPNDIAG_PEER_ADDRESS_MISMATCH),
	E(VPNDIAG_CONFIG_ID_MISMATCH),
	E(VPNDIAG_EXCHANGE_MODE_MISMATCH),
	E(VPNDIAG_AUTH_FAIL),
	E(VPNDIAG_LOCAL_ID_FAIL),
	E(VPNDIAG_REKEY_OLD_SA_NOT_FOUND),
	E(VPNDIAG_REKEY_FAIL),
	E(VPNDIAG_FIRST_PACKET_LIMITED),
	E(VPNDIAG_UNSUPPORTED_VERSION),
	E(VPNDIAG_MALFORMED_MESSAGE),
	E(VPNDIAG_MALFORMED_PAYLOAD),
	E(VPNDIAG_CRITICAL_DROP),
	E(VPNDIAG_COOKIE_MISMATCH),
	E(VPNDIAG_INVALID_COOKIE),
	E(VPNDIAG_INVALID_LENGTH),
	E(VPNDIAG_UNKNOWN_EXCHANGE_TYPE),
	E(VPNDIAG_SHORT_PACKET),
	E(VPNDIAG_UNCRITICAL_DROP),
	E(VPNDIAG_ROUTE_LIMIT),
	E(VPNDIAG_IP_ASSIGN_FAIL),
	E(VPNDIAG_EAP_AUTH_TIMEOUT),
	E(VPNDIAG_EAP_AUTH_FAIL),
	E(VPNDIAG_XAUTH_AUTH_FAIL),
	E(VPNDIAG_XAUTH_AUTH_TIMEOUT),
	E(VPNDIAG_LICENSE_LIMITED),
	E(VPNDIAG_LOCAL_ADDRESS_MISMATCH),
	E(VPNDIAG_PEER_LIMIT_REACHED),
	E(VPNDIAG_TUNNEL_LIMIT_REACHED),
	E(VPNDIAG_NETMASK_MISMATCH),
	E(VPNDIAG_FLOW_CONFLICT),
	E(VPNDIAG_PROPOSAL_MISMATCH_SM),
	E(VPNDIAG_IKEV2_SM_UNSUPPORTED),
	E(VPNDIAG_NO_INTERFACE_POLICY),
	E(VPNDIAG_NAT_DETECTION_FAIL),
	E(VPNDIAG_FRAGMENT_LIMIT),
	E(VPNDIAG_FRAG_REASSEMBLY_TIMEOUT),
	E(VPNDIAG_PEER_CERT_EXPIRED),
	E(VPNDIAG_PEER_CERT_REVOKED),
	E(VPNDIAG_SAME_USER_SA_EXISTS),
	E(VPNDIAG_MAX_TRANSMIT_REACHED),
	E(VPNDIAG_DPD_TIMEOUT),
	E(VPNDIAG_PEER_REQUEST),
	E(VPNDIAG_CONFIG_MODIFY_OFFLINE),
	E(VPNDIAG_P1_HARD_EXPIRY),
	E(VPNDIAG_P2_HARD_EXPIRY),
	E(VPNDIAG_HEARTBEAT_TIMEOUT),
	E(VPNDIAG_REAUTH_TIMEOUT),
	E(VPNDIAG_AAA_CUT_USER),
	E(VPNDIAG_IP_ADDRESS_SYNC_FAIL),
	E(VPNDIAG_PORT_MISMATCH_EXPIRY),
	E(VPNDIAG_KICK_OLD_SA_SAME_FLOW),
	E(VPNDIAG_CPU_TABLE_UPDATED),
	E(VPNDIAG_FLOW_OVERLAP),
	E(VPNDIAG_SPI_CONFLICT),
	E(VPNDIAG_ADMIN_DOWN),
	E(VPNDIAG_PEER_ADDRESS_SWITCH),
	E(VPNDIAG_FORWARD_DOWN),
	E(VPNDIAG_RESET_SA_BY_USER),
	E(VPNDIAG_P1_SA_REPLACE),
	E(VPNDIAG_P2_SA_REPLACE),
	E(VPNDIAG_MANUAL_OFFLINE),
	E(VPNDIAG_NHRP_NOTIFY),
	E(VPNDIAG_BACKUP_DELETE),
	E(VPNDIAG_EAP_DELETE_OLD_SA),
	E(VPNDIAG_INVALID_SPI_NOTIFY),
	E(VPNDIAG_DNS_STATUS_CHANGE),
	E(VPNDIAG_IKEV1_DEPENDENT_OFFLINE),
	E(VPNDIAG_EXCHANGE_TIMEOUT),
	E(VPNDIAG_HASH_GENE_ADJUSTED),
	E(VPNDIAG_KERNEL_SA_INSTALL_FAIL),
	E(VPNDIAG_KERNEL_POLICY_FAIL),
	E(VPNDIAG_AUTHORIZATION_FAIL),
	E(VPNDIAG_WAITING_FOR_TRAFFIC),
	E(VPNDIAG_ONE_WAY_TRAFFIC),
	E(VPNDIAG_IKE_PORT_UNAVAILABLE),
};
#undef E

#define countof(a) ((int)(sizeof(a) / sizeof((a)[0])))

static bool empty(const char *s)
{
	return !s || !*s;
}

/*******************************************************************************
 * every row is complete and consistent
 */

START_TEST(test_row)
{
	const vpndiag_code_info_t *info;
	const char *p;

	info = vpndiag_code_info(_i);
	ck_assert_msg(info, "code %d has no row", _i);
	ck_assert_int_eq(info->code, _i);
	ck_assert_msg(!empty(info->name), "code %d: no name", _i);
	ck_assert_msg(!empty(info->id), "code %d: no id", _i);
	ck_assert_msg(!empty(info->description), "%s: no description", info->id);
	ck_assert_msg(!empty(info->detection), "%s: no detection", info->id);
	ck_assert_msg(!empty(info->remedy), "%s: no remedy", info->id);
	if (info->produced == VPNDIAG_PRODUCED_NO)
	{
		ck_assert_msg(!empty(info->why_not), "%s: no why_not", info->id);
	}
	else
	{
		ck_assert_msg(info->why_not == NULL, "%s: why_not set", info->id);
	}

	/* one line each: records must stay single-line in syslog and logs */
	ck_assert_msg(!strpbrk(info->remedy, "\r\n"), "%s: remedy has a newline",
				  info->id);
	ck_assert_msg(!strpbrk(info->detection, "\r\n"), "%s: detection has a "
				  "newline", info->id);
	ck_assert_msg(!strpbrk(info->description, "\r\n"), "%s: description has "
				  "a newline", info->id);
	ck_assert_msg(!info->why_not || !strpbrk(info->why_not, "\r\n"),
				  "%s: why_not has a newline", info->id);

	/* code_id: [a-z0-9-], at most 24 characters */
	ck_assert_msg(strlen(info->id) <= 24, "%s: id too long", info->id);
	for (p = info->id; *p; p++)
	{
		ck_assert_msg((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
					  *p == '-', "%s: invalid character in id", info->id);
	}
	ck_assert_msg(info->id[0] != '-' && info->id[strlen(info->id) - 1] != '-',
				  "%s: id starts or ends with '-'", info->id);

	/* enum ranges */
	ck_assert(info->category == VPNDIAG_CAT_NEGOTIATION ||
			  info->category == VPNDIAG_CAT_DISCONNECTION);
	ck_assert(info->severity == VPNDIAG_SEV_ERR ||
			  info->severity == VPNDIAG_SEV_WARNING ||
			  info->severity == VPNDIAG_SEV_NOTICE ||
			  info->severity == VPNDIAG_SEV_INFO);
	ck_assert(info->produced == VPNDIAG_PRODUCED_DIRECT ||
			  info->produced == VPNDIAG_PRODUCED_PARTIAL ||
			  info->produced == VPNDIAG_PRODUCED_NO);
	ck_assert(info->fix == VPNDIAG_FIX_LOCAL ||
			  info->fix == VPNDIAG_FIX_PEER ||
			  info->fix == VPNDIAG_FIX_EITHER);

	/* seed codes first, numbered as in the seed; extensions from 101 */
	if (_i <= VPNDIAG_SEED_CODES)
	{
		ck_assert_int_eq(info->taxonomy, VPNDIAG_TAX_SEED);
		ck_assert_int_eq(info->msgid, _i);
	}
	else
	{
		ck_assert_int_eq(info->taxonomy, VPNDIAG_TAX_EXTENSION);
		ck_assert_int_ge(info->msgid, 101);
	}
	ck_assert_int_eq(info->both_categories, _i == VPNDIAG_SAME_USER_SA_EXISTS);

	/* a row is found by its own name and id */
	ck_assert_ptr_eq(vpndiag_code_lookup(info->name), info);
	ck_assert_ptr_eq(vpndiag_code_lookup(info->id), info);
}
END_TEST

START_TEST(test_info_range)
{
	ck_assert_ptr_null(vpndiag_code_info(VPNDIAG_CODE_NONE));
	ck_assert_ptr_null(vpndiag_code_info(VPNDIAG_CODE_MAX));
	ck_assert_ptr_null(vpndiag_code_info(VPNDIAG_CODE_MAX + 1));
	ck_assert_ptr_null(vpndiag_code_info((vpndiag_code_t)-1));
}
END_TEST

/*******************************************************************************
 * uniqueness and counts
 */

START_TEST(test_unique)
{
	const vpndiag_code_info_t *a, *b;
	int i, j;

	for (i = VPNDIAG_CODE_NONE + 1; i < VPNDIAG_CODE_MAX; i++)
	{
		a = vpndiag_code_info(i);
		ck_assert_ptr_nonnull(a);
		for (j = i + 1; j < VPNDIAG_CODE_MAX; j++)
		{
			b = vpndiag_code_info(j);
			ck_assert_ptr_nonnull(b);
			/* lookups are case-insensitive, so compare that way */
			ck_assert_msg(strcasecmp(a->name, b->name) != 0,
						  "duplicate name '%s'", a->name);
			ck_assert_msg(strcasecmp(a->id, b->id) != 0,
						  "duplicate id '%s'", a->id);
			ck_assert_msg(a->msgid != b->msgid, "duplicate msgid %d",
						  a->msgid);
			ck_assert_msg(strcasecmp(a->name, b->id) != 0 &&
						  strcasecmp(a->id, b->name) != 0,
						  "name/id clash between '%s' and '%s'", a->id, b->id);
		}
	}
}
END_TEST

START_TEST(test_counts)
{
	const vpndiag_code_info_t *info;
	int i, seed = 0, ext = 0, both = 0, direct = 0, partial = 0, no = 0;

	for (i = VPNDIAG_CODE_NONE + 1; i < VPNDIAG_CODE_MAX; i++)
	{
		info = vpndiag_code_info(i);
		ck_assert_ptr_nonnull(info);
		if (info->taxonomy == VPNDIAG_TAX_SEED)
		{
			seed++;
			direct += info->produced == VPNDIAG_PRODUCED_DIRECT;
			partial += info->produced == VPNDIAG_PRODUCED_PARTIAL;
			no += info->produced == VPNDIAG_PRODUCED_NO;
		}
		else
		{
			ext++;
		}
		both += info->both_categories;
	}
	ck_assert_int_eq(seed, VPNDIAG_SEED_CODES);
	ck_assert_int_eq(seed, 76);
	ck_assert_int_eq(ext, VPNDIAG_CODE_MAX - 1 - 76);
	ck_assert_int_eq(both, 1);
	/* the taxonomy map: direct 40, partial 29, not applicable 7 */
	ck_assert_int_eq(direct, 40);
	ck_assert_int_eq(partial, 29);
	ck_assert_int_eq(no, 7);
}
END_TEST

START_TEST(test_contract_rules)
{
	/* the typo is the display string */
	ck_assert_str_eq(vpndiag_code_info(VPNDIAG_FLOW_CONFLICT)->name,
					 "flow confict");
	ck_assert_str_eq(vpndiag_code_info(VPNDIAG_CONFIG_ID_MISMATCH)->name,
					 "config ID mismatch");
	ck_assert_str_eq(vpndiag_code_info(VPNDIAG_PEER_CERT_REVOKED)->name,
					 "peer cert is revoked by CRL");
	/* successful replaces are informational */
	ck_assert_int_eq(vpndiag_code_info(VPNDIAG_P1_SA_REPLACE)->severity,
					 VPNDIAG_SEV_INFO);
	ck_assert_int_eq(vpndiag_code_info(VPNDIAG_P2_SA_REPLACE)->severity,
					 VPNDIAG_SEV_INFO);
	/* "keep" is the default category of the code listed in both */
	ck_assert_int_eq(vpndiag_code_info(VPNDIAG_SAME_USER_SA_EXISTS)->category,
					 VPNDIAG_CAT_NEGOTIATION);
	ck_assert_int_eq(vpndiag_code_info(VPNDIAG_DPD_TIMEOUT)->category,
					 VPNDIAG_CAT_DISCONNECTION);
	ck_assert_int_eq(vpndiag_code_info(VPNDIAG_MAX_TRANSMIT_REACHED)->category,
					 VPNDIAG_CAT_NEGOTIATION);
	/* vendor-only codes are never produced */
	ck_assert_int_eq(vpndiag_code_info(VPNDIAG_HASH_GENE_ADJUSTED)->produced,
					 VPNDIAG_PRODUCED_NO);
	ck_assert_int_eq(vpndiag_code_info(VPNDIAG_LICENSE_LIMITED)->produced,
					 VPNDIAG_PRODUCED_NO);
	/* extension msgids */
	ck_assert_int_eq(vpndiag_code_info(VPNDIAG_KERNEL_SA_INSTALL_FAIL)->msgid,
					 101);
	ck_assert_int_eq(vpndiag_code_info(VPNDIAG_WAITING_FOR_TRAFFIC)->msgid,
					 104);
}
END_TEST

/*******************************************************************************
 * enum names and lookups
 */

START_TEST(test_enum_names)
{
	const vpndiag_code_info_t *info;
	char id[64];
	const char *p;
	size_t j;
	int i;

	ck_assert_int_eq(countof(enum_names), VPNDIAG_CODE_MAX - 1);
	for (i = 0; i < countof(enum_names); i++)
	{
		ck_assert_int_eq(enum_names[i].code, i + 1);
		info = vpndiag_code_info(enum_names[i].code);
		ck_assert_ptr_nonnull(info);

		/* VPNDIAG_FOO_BAR -> foo-bar */
		p = enum_names[i].enum_name + strlen("VPNDIAG_");
		ck_assert_int_lt(strlen(p), sizeof(id));
		for (j = 0; j <= strlen(p); j++)
		{
			id[j] = p[j] == '_' ? '-' : (p[j] >= 'A' && p[j] <= 'Z') ?
					p[j] - 'A' + 'a' : p[j];
		}
		ck_assert_str_eq(info->id, id);

		/* enum-style aliases, with and without prefix */
		ck_assert_ptr_eq(vpndiag_code_lookup(enum_names[i].enum_name), info);
		ck_assert_ptr_eq(vpndiag_code_lookup(p), info);
	}
}
END_TEST

START_TEST(test_lookup)
{
	const vpndiag_code_info_t *p1, *flow;

	p1 = vpndiag_code_info(VPNDIAG_P1_PROPOSAL_MISMATCH);
	flow = vpndiag_code_info(VPNDIAG_FLOW_CONFLICT);

	/* name, any case */
	ck_assert_ptr_eq(vpndiag_code_lookup("phase1 proposal mismatch"), p1);
	ck_assert_ptr_eq(vpndiag_code_lookup("PHASE1 Proposal MISMATCH"), p1);
	/* id, any case */
	ck_assert_ptr_eq(vpndiag_code_lookup("p1-proposal-mismatch"), p1);
	ck_assert_ptr_eq(vpndiag_code_lookup("P1-Proposal-Mismatch"), p1);
	/* enum style */
	ck_assert_ptr_eq(vpndiag_code_lookup("P1_PROPOSAL_MISMATCH"), p1);
	ck_assert_ptr_eq(vpndiag_code_lookup("VPNDIAG_P1_PROPOSAL_MISMATCH"), p1);
	ck_assert_ptr_eq(vpndiag_code_lookup("vpndiag_p1_proposal_mismatch"), p1);
	ck_assert_ptr_eq(vpndiag_code_lookup("p1_proposal_mismatch"), p1);
	/* the typo and its correction */
	ck_assert_ptr_eq(vpndiag_code_lookup("flow confict"), flow);
	ck_assert_ptr_eq(vpndiag_code_lookup("flow conflict"), flow);
	ck_assert_ptr_eq(vpndiag_code_lookup("Flow Conflict"), flow);
	ck_assert_ptr_eq(vpndiag_code_lookup("flow-conflict"), flow);
	ck_assert_ptr_eq(vpndiag_code_lookup("FLOW_CONFLICT"), flow);
	/* mixed-case seed strings */
	ck_assert_ptr_eq(vpndiag_code_lookup("config id mismatch"),
					 vpndiag_code_info(VPNDIAG_CONFIG_ID_MISMATCH));
	ck_assert_ptr_eq(vpndiag_code_lookup("peer cert is revoked by crl"),
					 vpndiag_code_info(VPNDIAG_PEER_CERT_REVOKED));
	/* the code listed in both categories is one row */
	ck_assert_ptr_eq(vpndiag_code_lookup("sa with same user exists"),
					 vpndiag_code_info(VPNDIAG_SAME_USER_SA_EXISTS));
	/* extension codes */
	ck_assert_ptr_eq(vpndiag_code_lookup("kernel sa install fail"),
					 vpndiag_code_info(VPNDIAG_KERNEL_SA_INSTALL_FAIL));
	ck_assert_ptr_eq(vpndiag_code_lookup("waiting-for-traffic"),
					 vpndiag_code_info(VPNDIAG_WAITING_FOR_TRAFFIC));

	/* unknown */
	ck_assert_ptr_null(vpndiag_code_lookup(NULL));
	ck_assert_ptr_null(vpndiag_code_lookup(""));
	ck_assert_ptr_null(vpndiag_code_lookup("no such code"));
	ck_assert_ptr_null(vpndiag_code_lookup("flow conflic"));
	ck_assert_ptr_null(vpndiag_code_lookup("phase1 proposal mismatch "));
	ck_assert_ptr_null(vpndiag_code_lookup("p1-proposal"));
	ck_assert_ptr_null(vpndiag_code_lookup("p1-proposal-mismatch-x"));
	ck_assert_ptr_null(vpndiag_code_lookup("VPNDIAG_"));
	ck_assert_ptr_null(vpndiag_code_lookup("VPNDIAG_CODE_NONE"));
	ck_assert_ptr_null(vpndiag_code_lookup("VPNDIAG_CODE_MAX"));
	ck_assert_ptr_null(vpndiag_code_lookup("code-max"));
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(vpndiag_category_name(VPNDIAG_CAT_NEGOTIATION),
					 "negotiation failure");
	ck_assert_str_eq(vpndiag_category_name(VPNDIAG_CAT_DISCONNECTION),
					 "connection disconnection");
	ck_assert_str_eq(vpndiag_severity_name(VPNDIAG_SEV_ERR), "err");
	ck_assert_str_eq(vpndiag_severity_name(VPNDIAG_SEV_WARNING), "warning");
	ck_assert_str_eq(vpndiag_severity_name(VPNDIAG_SEV_NOTICE), "notice");
	ck_assert_str_eq(vpndiag_severity_name(VPNDIAG_SEV_INFO), "info");
	ck_assert_str_eq(vpndiag_fix_name(VPNDIAG_FIX_LOCAL), "local");
	ck_assert_str_eq(vpndiag_fix_name(VPNDIAG_FIX_PEER), "peer");
	ck_assert_str_eq(vpndiag_fix_name(VPNDIAG_FIX_EITHER), "either");
	ck_assert_str_eq(vpndiag_taxonomy_name(VPNDIAG_TAX_SEED), "seed");
	ck_assert_str_eq(vpndiag_taxonomy_name(VPNDIAG_TAX_EXTENSION),
					 "extension");
	ck_assert_str_eq(vpndiag_produced_name(VPNDIAG_PRODUCED_DIRECT), "direct");
	ck_assert_str_eq(vpndiag_produced_name(VPNDIAG_PRODUCED_PARTIAL),
					 "partial");
	ck_assert_str_eq(vpndiag_produced_name(VPNDIAG_PRODUCED_NO), "no");
	/* out of range values never crash */
	ck_assert_str_eq(vpndiag_category_name((vpndiag_category_t)42), "unknown");
	ck_assert_str_eq(vpndiag_severity_name((vpndiag_severity_t)0), "unknown");
	ck_assert_str_eq(vpndiag_fix_name((vpndiag_fix_t)42), "unknown");
	ck_assert_str_eq(vpndiag_taxonomy_name((vpndiag_taxonomy_t)42), "unknown");
	ck_assert_str_eq(vpndiag_produced_name((vpndiag_produced_t)42), "unknown");
}
END_TEST

/*******************************************************************************
 * golden file: code_ids are frozen
 */

START_TEST(test_golden)
{
	const vpndiag_code_info_t *info;
	char path[4096], line[1024], expected[1024];
	int code = VPNDIAG_CODE_NONE + 1, lineno = 0;
	FILE *file;

	file = vpndiag_tests_golden_open("code_ids.golden", path, sizeof(path));
	while (vpndiag_tests_golden_line(file, path, line, sizeof(line), &lineno))
	{
		ck_assert_msg(code < VPNDIAG_CODE_MAX, "%s:%d: '%s' has no code in "
					  "the catalogue (removed or renumbered?)", path, lineno,
					  line);
		info = vpndiag_code_info(code);
		ck_assert_ptr_nonnull(info);
		snprintf(expected, sizeof(expected), "%d\t%s\t%s", info->msgid,
				 info->id, info->name);
		ck_assert_msg(strcmp(line, expected) == 0, "%s:%d: golden '%s' but "
					  "catalogue has '%s' (code_ids are frozen)", path, lineno,
					  line, expected);
		code++;
	}
	fclose(file);
	ck_assert_msg(code == VPNDIAG_CODE_MAX, "%s: catalogue code %d ('%s') "
				  "missing from the golden file; append new codes to it",
				  path, code, code < VPNDIAG_CODE_MAX ?
				  vpndiag_code_info(code)->id : "");
}
END_TEST

Suite *catalogue_suite_create(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("catalogue");

	tc = tcase_create("rows");
	tcase_add_loop_test(tc, test_row, VPNDIAG_CODE_NONE + 1, VPNDIAG_CODE_MAX);
	tcase_add_test(tc, test_info_range);
	suite_add_tcase(s, tc);

	tc = tcase_create("unique and counts");
	tcase_add_test(tc, test_unique);
	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_contract_rules);
	suite_add_tcase(s, tc);

	tc = tcase_create("lookup");
	tcase_add_test(tc, test_enum_names);
	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("golden");
	tcase_add_test(tc, test_golden);
	suite_add_tcase(s, tc);

	return s;
}
