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
 * Peer profiles (issue 21): the table has a source for every value and
 * docs/profiles.md shows them; the assignment; the comparison per
 * transform type; the preflight checks against a profile.
 */

#include "vpndiag_tests.h"

#include <stdarg.h>
#include <time.h>

#include "vpndiag_profiles.h"
#include "vpndiag_proposals.h"
#include "vpndiag_event_format.h"
#include "vpndiag_check.h"
#include "vpndiag_classifier.h"
#include "vpndiag_record.h"
#include "vpndiag_ts.h"

#include <library.h>
#include <daemon.h>
#include <config/peer_cfg.h>
#include <crypto/proposal/proposal.h>
#include <selectors/traffic_selector.h>
#include <encoding/payloads/notify_payload.h>

/** the profile names of contract section 8 */
static const char *contract_names[] = {
	"aws", "azure", "gcp", "huawei-cloud", "tencent-cloud", "alibaba-cloud",
	"strongswan-5.9", "strongswan-6.0",
};

/**
 * Read docs/profiles.md
 */
static char *read_doc(void)
{
	char path[512], *buf;
	size_t len = 0;
	FILE *file;

	snprintf(path, sizeof(path), "%s/docs/profiles.md", vpndiag_tests_srcdir());
	file = fopen(path, "r");
	ck_assert_msg(file, "cannot open %s", path);
	buf = malloc(256 * 1024);
	len = fread(buf, 1, 256 * 1024 - 1, file);
	buf[len] = '\0';
	fclose(file);
	return buf;
}

START_TEST(test_table)
{
	const vpndiag_profile_source_t *source;
	const vpndiag_profile_t *profile;
	char err[512], *doc;
	int i, f, known = 0;

	for (i = 0; i < countof(contract_names); i++)
	{
		ck_assert_msg(vpndiag_profile_get(contract_names[i]), "profile %s "
					  "missing", contract_names[i]);
	}
	doc = read_doc();
	for (i = 0; (profile = vpndiag_profile_at(i)); i++)
	{
		ck_assert_msg(vpndiag_profile_validate(profile, err, sizeof(err)),
					  "%s", err);
		ck_assert_msg(strstr(doc, profile->name), "docs/profiles.md lacks "
					  "profile %s", profile->name);
		ck_assert_msg(strstr(doc, profile->edition), "docs/profiles.md lacks "
					  "the edition of %s: '%s'", profile->name,
					  profile->edition);
		for (f = 0; f < VPNDIAG_PF_MAX; f++)
		{
			if (!profile->v[f].value)
			{
				continue;
			}
			known++;
			ck_assert_msg(strstr(doc, profile->v[f].value), "docs/profiles.md "
						  "lacks %s %s = '%s'", profile->name,
						  vpndiag_profile_field_name(f), profile->v[f].value);
		}
	}
	ck_assert(known > 30);
	for (i = 0; (source = vpndiag_profile_source_at(i)); i++)
	{
		ck_assert_msg(strstr(doc, source->url), "docs/profiles.md lacks the "
					  "source %s (%s)", source->id, source->url);
		ck_assert_msg(strstr(doc, source->date), "docs/profiles.md lacks the "
					  "date of %s: '%s'", source->id, source->date);
	}
	free(doc);
}
END_TEST

START_TEST(test_source_required)
{
	vpndiag_profile_t bad = {
		.name = "bad",
		.edition = "test",
		.v = {
			[VPNDIAG_PF_IKE_ENCR] = { "aes128", "aws-cfn-phase1-encryption" },
		},
	};
	char err[512];

	ck_assert(vpndiag_profile_validate(&bad, err, sizeof(err)));
	/* a value without a source */
	bad.v[VPNDIAG_PF_IKE_KE].value = "modp2048";
	ck_assert(!vpndiag_profile_validate(&bad, err, sizeof(err)));
	ck_assert_msg(strstr(err, "ike-ke"), "%s", err);
	/* a source that is not in the table */
	bad.v[VPNDIAG_PF_IKE_KE].source = "no-such-page";
	ck_assert(!vpndiag_profile_validate(&bad, err, sizeof(err)));
	bad.v[VPNDIAG_PF_IKE_KE].source = "aws-lza-phase1";
	ck_assert(vpndiag_profile_validate(&bad, err, sizeof(err)));
	/* a keyword strongSwan does not know */
	bad.v[VPNDIAG_PF_IKE_KE].value = "modp2048,group14";
	ck_assert(!vpndiag_profile_validate(&bad, err, sizeof(err)));
	ck_assert_msg(strstr(err, "group14"), "%s", err);
	/* a source without a value */
	bad.v[VPNDIAG_PF_IKE_KE].value = NULL;
	ck_assert(!vpndiag_profile_validate(&bad, err, sizeof(err)));
}
END_TEST

START_TEST(test_versions)
{
	vpndiag_profile_t v2 = {
		.name = "v2-only",
		.edition = "test",
		.v = {
			[VPNDIAG_PF_IKE_VERSIONS] = { "2", "huawei-faq-enterprise" },
		},
	}, none = { .name = "none", .edition = "test" };

	ck_assert(vpndiag_profile_accepts_version(&v2, 2));
	ck_assert(!vpndiag_profile_accepts_version(&v2, 1));
	/* unknown: not compared */
	ck_assert(vpndiag_profile_accepts_version(&none, 1));
	ck_assert(vpndiag_profile_accepts_version(vpndiag_profile_get("aws"), 1));
	ck_assert(vpndiag_profile_accepts_version(vpndiag_profile_get("aws"), 2));
	ck_assert(vpndiag_profile_accepts_version(vpndiag_profile_get("gcp"), 1));
}
END_TEST

START_TEST(test_lifetimes)
{
	uint64_t def, min, max;

	ck_assert(vpndiag_profile_lifetime(vpndiag_profile_get("aws"),
					VPNDIAG_PF_IKE_LIFETIME, &def, &min, &max));
	ck_assert(def == 28800 && min == 900 && max == 28800);
	ck_assert(vpndiag_profile_lifetime(vpndiag_profile_get("strongswan-5.9"),
					VPNDIAG_PF_CHILD_LIFETIME, &def, &min, &max));
	ck_assert(def == 3600 && min == 0 && max == 0);
	ck_assert(!vpndiag_profile_lifetime(vpndiag_profile_get("gcp"),
					VPNDIAG_PF_IKE_LIFETIME, &def, &min, &max));
}
END_TEST

START_TEST(test_assigned)
{
	char buf[64];

	ck_assert(!vpndiag_profile_assigned("gw", buf, sizeof(buf)));
	lib->settings->set_str(lib->settings, "%s.plugins.vpndiag.profiles.gw",
						   "huawei-cloud", lib->ns);
	lib->settings->set_str(lib->settings, "%s.plugins.vpndiag.profiles.aws-*",
						   "aws", lib->ns);
	ck_assert_str_eq(vpndiag_profile_assigned("gw", buf, sizeof(buf)),
					 "huawei-cloud");
	ck_assert_str_eq(vpndiag_profile_assigned("aws-east", buf, sizeof(buf)),
					 "aws");
	ck_assert(!vpndiag_profile_assigned("gw2", buf, sizeof(buf)));
	ck_assert(!vpndiag_profile_assigned("xaws-east", buf, sizeof(buf)));
	lib->settings->set_str(lib->settings, "%s.plugins.vpndiag.profiles.gw",
						   NULL, lib->ns);
	lib->settings->set_str(lib->settings, "%s.plugins.vpndiag.profiles.aws-*",
						   NULL, lib->ns);
	ck_assert(!vpndiag_profile_assigned("gw", buf, sizeof(buf)));
}
END_TEST

/**
 * Compare a proposal string with a profile
 */
static u_int compare(const char *name, bool ike, u_int types, char *props,
					 char *detail, size_t len)
{
	linked_list_t *list = linked_list_create();
	vpndiag_proposals_t *ours;
	char buf[256], *pos, *tok;
	proposal_t *proposal;
	u_int mismatch;

	snprintf(buf, sizeof(buf), "%s", props);
	for (tok = strtok_r(buf, ",", &pos); tok; tok = strtok_r(NULL, ",", &pos))
	{
		proposal = proposal_create_from_string(ike ? PROTO_IKE : PROTO_ESP,
											   tok);
		ck_assert_msg(proposal, "proposal %s", tok);
		list->insert_last(list, proposal);
	}
	ours = vpndiag_copy_proposals(list);
	list->destroy_offset(list, offsetof(proposal_t, destroy));
	mismatch = vpndiag_profile_compare(vpndiag_profile_get(name), ike, types,
									   ours, detail, len);
	free(ours);
	return mismatch;
}

START_TEST(test_compare_ike)
{
	char detail[1024];

	/* Huawei Cloud Enterprise Edition lists no curve25519 */
	ck_assert_int_eq(compare("huawei-cloud", TRUE, 0, "aes256-sha256-x25519",
					 detail, sizeof(detail)), VPNDIAG_MISMATCH_KE);
	ck_assert_msg(strstr(detail, "ke: we offer CURVE_25519"), "%s", detail);
	ck_assert_msg(strstr(detail, "huawei-cloud accepts modp768"), "%s",
				  detail);
	ck_assert_int_eq(compare("huawei-cloud", TRUE, 0,
					 "aes256-sha256-x25519,aes128-sha256-modp3072", detail,
					 sizeof(detail)), 0);
	/* only AES-256-GCM-16 among its AEADs */
	ck_assert_int_eq(compare("huawei-cloud", TRUE, 0,
					 "aes128gcm16-prfsha256-ecp256", detail, sizeof(detail)),
					 VPNDIAG_MISMATCH_ENCR);
	ck_assert_int_eq(compare("huawei-cloud", TRUE, 0,
					 "aes256gcm16-prfsha256-ecp256", detail, sizeof(detail)),
					 0);
	/* key sizes count */
	ck_assert_int_eq(compare("aws", TRUE, 0, "aes192-sha256-modp2048",
					 detail, sizeof(detail)), VPNDIAG_MISMATCH_ENCR);
	ck_assert_int_eq(compare("aws", TRUE, 0, "aes256-md5-modp2048",
					 detail, sizeof(detail)), VPNDIAG_MISMATCH_INTEG);
	ck_assert_int_eq(compare("aws", TRUE, 0, "aes256-sha256-x25519",
					 detail, sizeof(detail)), VPNDIAG_MISMATCH_KE);
	/* Azure's default IKEv2 policy: group 2 only */
	ck_assert_int_eq(compare("azure", TRUE, 0, "aes256-sha256-modp2048",
					 detail, sizeof(detail)), VPNDIAG_MISMATCH_KE);
	/* Azure Virtual WAN as responder: DH group 2 only, GCM only in ESP */
	ck_assert_int_eq(compare("azure-vwan", TRUE, 0, "aes256-sha256-modp2048",
					 detail, sizeof(detail)), VPNDIAG_MISMATCH_KE);
	ck_assert_int_eq(compare("azure-vwan", TRUE, 0, "aes256-sha256-modp1024",
					 detail, sizeof(detail)), 0);
	ck_assert_int_eq(compare("azure-vwan", FALSE, 0, "aes256gcm16", detail,
					 sizeof(detail)), 0);
	ck_assert_int_eq(compare("azure-vwan", FALSE, 0, "aes128gcm16", detail,
					 sizeof(detail)), VPNDIAG_MISMATCH_ENCR);
	/* PFS optional: no group is fine, a group must be one of its */
	ck_assert_int_eq(compare("azure-vwan", FALSE, 0, "aes256-sha256", detail,
					 sizeof(detail)), 0);
	ck_assert_int_eq(compare("azure-vwan", FALSE, 0, "aes256-sha256-ecp256",
					 detail, sizeof(detail)), VPNDIAG_MISMATCH_KE);
	/* unknown values are skipped */
	ck_assert_int_eq(compare("gcp", TRUE, 0, "3des-md5-modp768", detail,
					 sizeof(detail)), 0);
	ck_assert_str_eq(detail, "");
}
END_TEST

START_TEST(test_compare_esp_pfs)
{
	char detail[1024];

	/* the classic edition requires PFS */
	ck_assert_int_eq(compare("huawei-cloud-classic", FALSE, 0, "aes128-sha256",
					 detail, sizeof(detail)), VPNDIAG_MISMATCH_KE);
	ck_assert_msg(strstr(detail, "we offer no PFS group"), "%s", detail);
	ck_assert_int_eq(compare("huawei-cloud-classic", FALSE, 0,
					 "aes128-sha256-modp2048", detail, sizeof(detail)), 0);
	ck_assert_int_eq(compare("huawei-cloud-classic", FALSE, 0,
					 "aes128-sha256-x25519", detail, sizeof(detail)),
					 VPNDIAG_MISMATCH_KE);
	ck_assert_int_eq(compare("huawei-cloud-classic", FALSE, 0,
					 "aes128gcm16-modp2048", detail, sizeof(detail)),
					 VPNDIAG_MISMATCH_ENCR);
	/* restricted to some types */
	ck_assert_int_eq(compare("huawei-cloud-classic", FALSE,
					 VPNDIAG_MISMATCH_ENCR | VPNDIAG_MISMATCH_INTEG,
					 "aes128-sha256", detail, sizeof(detail)), 0);
	/* strongSwan's default ESP proposals have no group: one without NONE
	 * fails, one with NONE does not (proposal.c select_algo()) */
	ck_assert_int_eq(compare("strongswan-5.9", FALSE, 0,
					 "aes128-sha256-modp2048", detail, sizeof(detail)),
					 VPNDIAG_MISMATCH_KE);
	ck_assert_msg(strstr(detail, "accepts no PFS group"), "%s", detail);
	ck_assert_int_eq(compare("strongswan-5.9", FALSE, 0,
					 "aes128-sha256-modp2048-modpnone", detail,
					 sizeof(detail)), 0);
	ck_assert_int_eq(compare("strongswan-5.9", FALSE, 0, "aes128gcm16",
					 detail, sizeof(detail)), 0);
	/* AWS lists the groups but says nothing of PFS without one */
	ck_assert_int_eq(compare("aws", FALSE, 0, "aes128-sha256", detail,
					 sizeof(detail)), 0);
	ck_assert_int_eq(compare("aws", FALSE, 0, "aes128-sha256-x25519", detail,
					 sizeof(detail)), VPNDIAG_MISMATCH_KE);
}
END_TEST

/* ---- preflight against a profile ---------------------------------------- */

static bool env_true(vpndiag_check_env_t *this)
{
	return TRUE;
}

static certificate_t *env_no_cert(vpndiag_check_env_t *this,
								  identification_t *id)
{
	return NULL;
}

static time_t env_now(vpndiag_check_env_t *this)
{
	return time(NULL);
}

/** a daemon where everything is in place */
static vpndiag_check_env_t env = {
	.algorithm_available = (void*)env_true,
	.is_local = (void*)env_true,
	.has_route = (void*)env_true,
	.has_shared_key = (void*)env_true,
	.get_cert = env_no_cert,
	.has_private_key = (void*)env_true,
	.has_ca = (void*)env_true,
	.now = env_now,
};

/**
 * A connection "gw" with everything else in order
 */
static char *cfg_local_ts = "10.1.0.0/16", *cfg_remote_ts = "10.2.0.0/16";
static char *cfg_remote_id = "192.0.2.2";

static linked_list_t *check(ike_version_t version, char *proposals,
							char *esp_proposals, char *local_id,
							uint32_t ike_rekey, uint32_t child_rekey)
{
	ike_cfg_create_t ike = {
		.version = version,
		.local = "192.0.2.1",
		.local_port = 500,
		.remote = "192.0.2.2",
		.remote_port = 500,
		.fragmentation = FRAGMENTATION_YES,
	};
	peer_cfg_create_t peer = {
		.unique = UNIQUE_NO,
		.rekey_time = ike_rekey,
	};
	child_cfg_create_t child = {
		.mode = MODE_TUNNEL,
		.start_action = ACTION_TRAP,
		.lifetime = {
			.time = { .rekey = child_rekey, .life = child_rekey * 11 / 10 },
		},
	};
	linked_list_t *peer_cfgs, *findings;
	ike_cfg_t *ike_cfg;
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;
	auth_cfg_t *auth;

	ike_cfg = ike_cfg_create(&ike);
	ike_cfg->add_proposal(ike_cfg, proposal_create_from_string(PROTO_IKE,
														   proposals));
	peer_cfg = peer_cfg_create("gw", ike_cfg, &peer);
	auth = auth_cfg_create();
	auth->add(auth, AUTH_RULE_AUTH_CLASS, AUTH_CLASS_PSK);
	auth->add(auth, AUTH_RULE_IDENTITY,
			  identification_create_from_string(local_id));
	peer_cfg->add_auth_cfg(peer_cfg, auth, TRUE);
	auth = auth_cfg_create();
	auth->add(auth, AUTH_RULE_AUTH_CLASS, AUTH_CLASS_PSK);
	auth->add(auth, AUTH_RULE_IDENTITY,
			  identification_create_from_string(cfg_remote_id));
	peer_cfg->add_auth_cfg(peer_cfg, auth, FALSE);
	child_cfg = child_cfg_create("net", &child);
	child_cfg->add_proposal(child_cfg, proposal_create_from_string(PROTO_ESP,
														esp_proposals));
	child_cfg->add_traffic_selector(child_cfg, TRUE,
			traffic_selector_create_from_cidr(cfg_local_ts, 0, 0, 65535));
	child_cfg->add_traffic_selector(child_cfg, FALSE,
			traffic_selector_create_from_cidr(cfg_remote_ts, 0, 0, 65535));
	peer_cfg->add_child_cfg(peer_cfg, child_cfg);

	peer_cfgs = linked_list_create();
	peer_cfgs->insert_last(peer_cfgs, peer_cfg);
	findings = vpndiag_check_run(&env, peer_cfgs, NULL);
	peer_cfgs->destroy_offset(peer_cfgs, offsetof(peer_cfg_t, destroy));
	return findings;
}

/**
 * Assert exactly these slugs (NULL-terminated), return the first finding
 */
static vpndiag_finding_t *assert_slugs(linked_list_t *findings, ...)
{
	enumerator_t *enumerator;
	vpndiag_finding_t *f, *first = NULL;
	char got[1024] = "", want[1024] = "", *slug;
	va_list args;

	enumerator = findings->create_enumerator(findings);
	while (enumerator->enumerate(enumerator, &f))
	{
		first = first ?: f;
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s ",
				 f->info->slug);
	}
	enumerator->destroy(enumerator);
	va_start(args, findings);
	while ((slug = va_arg(args, char*)))
	{
		snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s ",
				 slug);
	}
	va_end(args);
	ck_assert_msg(streq(got, want), "findings '%s', expected '%s'", got, want);
	return first;
}

static void assign(char *profile)
{
	lib->settings->set_str(lib->settings, "%s.plugins.vpndiag.profiles.gw",
						   profile, lib->ns);
}

static void findings_destroy(linked_list_t *findings)
{
	findings->destroy_function(findings, (void*)vpndiag_finding_destroy);
}

/** the proposals of a connection that fits huawei-cloud-classic */
#define GOOD_IKE "aes256-sha256-modp2048"
#define GOOD_ESP "aes256-sha256-modp2048"

START_TEST(test_check_without_profile)
{
	linked_list_t *f;

	assign(NULL);
	/* all of these would be findings with a profile */
	f = check(IKEV2, "aes256-sha256-x25519", "aes128gcm16", "moon@lab",
			  36000, 3600);
	assert_slugs(f, NULL);
	findings_destroy(f);
	assign("huawei-cloud-classic");
	f = check(IKEV2, GOOD_IKE, GOOD_ESP, "192.0.2.1", 14400, 3600);
	assert_slugs(f, NULL);
	findings_destroy(f);
	assign(NULL);
}
END_TEST

START_TEST(test_check_unknown)
{
	vpndiag_finding_t *first;
	linked_list_t *f;

	assign("oracle");
	f = check(IKEV2, GOOD_IKE, GOOD_ESP, "192.0.2.1", 14400, 3600);
	first = assert_slugs(f, "profile-unknown", NULL);
	ck_assert(strstr(first->detail, "'oracle'"));
	ck_assert_str_eq(first->setting, "charon.plugins.vpndiag.profiles.gw "
					 "(strongswan.conf)");
	findings_destroy(f);
	assign(NULL);
}
END_TEST

START_TEST(test_check_ike_proposal)
{
	vpndiag_finding_t *first;
	linked_list_t *f;

	assign("huawei-cloud");
	f = check(IKEV2, "aes256-sha256-x25519", GOOD_ESP, "192.0.2.1", 14400,
			  3600);
	first = assert_slugs(f, "profile-ike-proposal", NULL);
	ck_assert_int_eq(first->info->severity, VPNDIAG_CHECK_ERROR);
	ck_assert_str_eq(first->profile, "huawei-cloud");
	ck_assert_msg(strstr(first->detail, "ke: we offer CURVE_25519"), "%s",
				  first->detail);
	ck_assert_str_eq(first->setting, "connections.gw.proposals (ipsec.conf "
					 "ike)");
	findings_destroy(f);
	assign(NULL);
}
END_TEST

START_TEST(test_check_esp_and_pfs)
{
	vpndiag_finding_t *first;
	linked_list_t *f;

	assign("huawei-cloud-classic");
	/* an AEAD the classic edition lacks: fails at once */
	f = check(IKEV2, GOOD_IKE, "aes128gcm16-modp2048", "192.0.2.1", 14400,
			  3600);
	first = assert_slugs(f, "profile-esp-proposal", NULL);
	ck_assert_str_eq(first->child, "net");
	ck_assert_msg(strstr(first->detail, "encr: we offer AES_GCM_16_128"),
				  "%s", first->detail);
	findings_destroy(f);

	/* no PFS: IKEv2 fails only at the first rekey, and says when */
	f = check(IKEV2, GOOD_IKE, "aes256-sha256", "192.0.2.1", 14400, 1200);
	first = assert_slugs(f, "profile-pfs", NULL);
	ck_assert_int_eq(first->info->severity, VPNDIAG_CHECK_WARNING);
	ck_assert_msg(strstr(first->detail, "after 1200 s"), "%s", first->detail);
	ck_assert_msg(strstr(first->detail, "we offer no PFS group"), "%s",
				  first->detail);
	findings_destroy(f);

	/* IKEv1 Quick Mode carries the group: fails at once */
	f = check(IKEV1, GOOD_IKE, "aes256-sha256", "192.0.2.1", 14400, 1200);
	assert_slugs(f, "profile-esp-proposal", NULL);
	findings_destroy(f);
	assign(NULL);
}
END_TEST

START_TEST(test_check_lifetime)
{
	vpndiag_finding_t *first;
	linked_list_t *f;

	assign("aws");
	f = check(IKEV2, "aes256-sha256-modp2048", "aes256-sha256", "192.0.2.1",
			  36000, 3600);
	first = assert_slugs(f, "profile-lifetime", NULL);
	ck_assert_msg(strstr(first->detail, "at most 28800 s"), "%s",
				  first->detail);
	ck_assert(!first->child);
	findings_destroy(f);
	f = check(IKEV2, "aes256-sha256-modp2048", "aes256-sha256", "192.0.2.1",
			  600, 3600);
	first = assert_slugs(f, "profile-lifetime", NULL);
	ck_assert_msg(strstr(first->detail, "at least 900 s"), "%s",
				  first->detail);
	findings_destroy(f);
	assign("huawei-cloud-classic");
	f = check(IKEV2, GOOD_IKE, GOOD_ESP, "192.0.2.1", 14400, 300);
	first = assert_slugs(f, "profile-lifetime", NULL);
	ck_assert_str_eq(first->child, "net");
	findings_destroy(f);
	/* within the range, but the peer's default lifetime runs out first */
	f = check(IKEV2, GOOD_IKE, GOOD_ESP, "192.0.2.1", 14400, 7200);
	first = assert_slugs(f, "profile-lifetime", NULL);
	ck_assert_msg(strstr(first->detail, "lifetime is 3600 s"), "%s",
				  first->detail);
	findings_destroy(f);
	f = check(IKEV2, GOOD_IKE, GOOD_ESP, "192.0.2.1", 14400, 3600);
	assert_slugs(f, NULL);
	findings_destroy(f);
	assign(NULL);
}
END_TEST

START_TEST(test_check_identity)
{
	vpndiag_finding_t *first;
	linked_list_t *f;

	assign("huawei-cloud");
	f = check(IKEV2, "aes256-sha256-modp2048", GOOD_ESP, "moon@lab", 14400,
			  3600);
	first = assert_slugs(f, "profile-identity", NULL);
	ck_assert_msg(strstr(first->detail, "of type email"), "%s",
				  first->detail);
	findings_destroy(f);
	f = check(IKEV2, "aes256-sha256-modp2048", GOOD_ESP, "moon.lab", 14400,
			  3600);
	assert_slugs(f, NULL);
	findings_destroy(f);
	/* the peer's identity: by default Huawei Cloud sends its IP address */
	cfg_remote_id = "sun.lab";
	f = check(IKEV2, "aes256-sha256-modp2048", GOOD_ESP, "moon.lab", 14400,
			  3600);
	first = assert_slugs(f, "profile-peer-identity", NULL);
	ck_assert_msg(strstr(first->detail, "we expect the peer as 'sun.lab', of "
				  "type fqdn; by default huawei-cloud identifies itself with "
				  "type ipv4"), "%s", first->detail);
	findings_destroy(f);
	cfg_remote_id = "%any";
	f = check(IKEV2, "aes256-sha256-modp2048", GOOD_ESP, "moon.lab", 14400,
			  3600);
	assert_slugs(f, NULL);
	findings_destroy(f);
	cfg_remote_id = "192.0.2.2";
	assign(NULL);
}
END_TEST


/* ---- diagnosis with a profile ------------------------------------------- */

/** what the fake configuration of "gw" offers */
static char *cfg_ike = "aes256-sha256-x25519";
static char *cfg_esp = "aes256-sha256";

static vpndiag_proposals_t *from_string(protocol_id_t proto, char *props,
										bool strip_ke)
{
	linked_list_t *list = linked_list_create();
	vpndiag_proposals_t *copy;
	proposal_t *proposal;

	proposal = proposal_create_from_string(proto, props);
	ck_assert_msg(proposal, "proposal %s", props);
	/* the rules ask with strip_ke FALSE; IKE_AUTH is handled by types */
	ck_assert(!strip_ke);
	list->insert_last(list, proposal);
	copy = vpndiag_copy_proposals(list);
	vpndiag_proposals_format(copy);
	list->destroy_offset(list, offsetof(proposal_t, destroy));
	return copy;
}

static vpndiag_proposals_t *fake_ike_proposals(vpndiag_config_query_t *q,
											   const char *conn)
{
	return from_string(PROTO_IKE, cfg_ike, FALSE);
}

static vpndiag_proposals_t *fake_child_proposals(vpndiag_config_query_t *q,
								const char *conn, const char *child,
								bool strip_ke)
{
	return from_string(PROTO_ESP, cfg_esp, strip_ke);
}

static int fake_child_ts(vpndiag_config_query_t *q, const char *conn,
						 vpndiag_child_ts_t *ts, int max)
{
	snprintf(ts[0].name, sizeof(ts[0].name), "net");
	ts[0].local_ts = linked_list_create_with_items(
			traffic_selector_create_from_cidr("10.1.0.0/16", 0, 0, 65535), NULL);
	ts[0].remote_ts = linked_list_create_with_items(
			traffic_selector_create_from_cidr("10.2.0.0/16", 0, 0, 65535), NULL);
	snprintf(ts[0].local, sizeof(ts[0].local), "%#R", ts[0].local_ts);
	snprintf(ts[0].remote, sizeof(ts[0].remote), "%#R", ts[0].remote_ts);
	return 1;
}

static vpndiag_config_query_t query = {
	.ike_proposals = fake_ike_proposals,
	.child_proposals = fake_child_proposals,
	.child_ts = fake_child_ts,
};

static vpndiag_classifier_t *classifier;
static linked_list_t *out;
static uint64_t now = 1000;

/**
 * An event of moon's IKE_SA 1 (connection gw) towards sun, moon initiating
 */
static vpndiag_event_t ev(vpndiag_event_type_t type, bool established)
{
	vpndiag_event_t e = {
		.type = type,
		.time_ms = now += 10,
		.sa = {
			.unique_id = 1,
			.spi_i = 0x1122334455667788ULL,
			.version = 2,
			.initiator = TRUE,
			.has_ike_cfg = TRUE,
			.has_peer_cfg = TRUE,
			.state = established ? VPNDIAG_IKE_ESTABLISHED :
								   VPNDIAG_IKE_CONNECTING,
		},
	};
	snprintf(e.sa.conn, sizeof(e.sa.conn), "gw");
	snprintf(e.sa.local, sizeof(e.sa.local), "192.0.2.1[500]");
	snprintf(e.sa.remote, sizeof(e.sa.remote), "192.0.2.2[500]");
	snprintf(e.sa.local_id, sizeof(e.sa.local_id), "moon.lab");
	snprintf(e.sa.remote_id, sizeof(e.sa.remote_id), "sun.lab");
	snprintf(e.child, sizeof(e.child), "net");
	return e;
}

static void feed(vpndiag_event_t e)
{
	classifier->process(classifier, &e, out);
	free(e.proposals);
	free(e.configured);
}

/** the peer answered a request of ours with an error notify */
static void rejected(int exchange, uint16_t notify, bool established)
{
	vpndiag_event_t e = ev(VPNDIAG_EV_MESSAGE, established);

	e.incoming = TRUE;
	e.exchange = exchange;
	e.notifies[e.notify_count++] = notify;
	feed(e);
}

static void alert(vpndiag_alert_t a, bool established)
{
	vpndiag_event_t e = ev(VPNDIAG_EV_ALERT, established);

	e.alert = a;
	feed(e);
}

/** the one record */
static vpndiag_record_t *record(const char *cause)
{
	vpndiag_record_t *rec = NULL;

	ck_assert_int_eq(out->get_count(out), 1);
	out->get_first(out, (void**)&rec);
	ck_assert_str_eq(rec->cause, cause);
	return rec;
}

static void diag_setup(void)
{
	cfg_ike = "aes256-sha256-x25519";
	cfg_esp = "aes256-sha256";
	classifier = vpndiag_classifier_create(&query);
	out = linked_list_create();
}

static void diag_teardown(void)
{
	out->destroy_function(out, (void*)vpndiag_record_destroy);
	classifier->destroy(classifier);
	assign(NULL);
}

/** moon's IKE_SA_INIT refused with NO_PROPOSAL_CHOSEN */
static vpndiag_record_t *ike_refused(void)
{
	rejected(IKE_SA_INIT, NO_PROPOSAL_CHOSEN, FALSE);
	alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE, FALSE);
	return record("peer-rejected-proposal");
}

START_TEST(test_diag_ike_proposal)
{
	vpndiag_record_t *rec;

	assign("huawei-cloud");
	rec = ike_refused();
	ck_assert_str_eq(rec->profile, "huawei-cloud");
	ck_assert_str_eq(rec->confidence, "medium");
	ck_assert_int_eq(rec->fix, VPNDIAG_FIX_LOCAL);
	ck_assert_str_eq(rec->mismatch[0], "ke");
	ck_assert_ptr_null(rec->mismatch[1]);
	ck_assert_msg(strstr(rec->detail, "from profile huawei-cloud"), "%s",
				  rec->detail);
	ck_assert_msg(strstr(rec->detail, "ke: we offer CURVE_25519"), "%s",
				  rec->detail);
	ck_assert_msg(strstr(rec->remedy, "vpndiag --profiles huawei-cloud"),
				  "%s", rec->remedy);
	/* and then the remedy of the code or cause, as without a profile */
	ck_assert_msg(strstr(rec->remedy, "swanctl --load-conns"), "%s",
				  rec->remedy);
}
END_TEST

START_TEST(test_diag_without_profile)
{
	vpndiag_record_t *rec;

	/* no profile: the peer's verdict only, as before */
	rec = ike_refused();
	ck_assert_ptr_null(rec->profile);
	ck_assert_str_eq(rec->confidence, "low");
	ck_assert_ptr_null(rec->mismatch[0]);
	ck_assert(!strstr(rec->detail, "profile"));
}
END_TEST

START_TEST(test_diag_profile_agrees)
{
	vpndiag_record_t *rec;

	/* the profile accepts what we offer: it cannot tell, nothing changes */
	assign("huawei-cloud");
	cfg_ike = "aes256-sha256-modp2048";
	rec = ike_refused();
	ck_assert_ptr_null(rec->profile);
	ck_assert_str_eq(rec->confidence, "low");
	ck_assert_ptr_null(rec->mismatch[0]);
}
END_TEST

START_TEST(test_diag_unknown_profile)
{
	vpndiag_record_t *rec;

	assign("oracle");
	rec = ike_refused();
	ck_assert_ptr_null(rec->profile);
	ck_assert_str_eq(rec->confidence, "low");
}
END_TEST

START_TEST(test_diag_pfs_at_rekey)
{
	vpndiag_record_t *rec;

	assign("huawei-cloud-classic");
	cfg_ike = "aes256-sha256-modp2048";
	/* the CREATE_CHILD_SA of a rekey carries the group (or none) */
	rejected(CREATE_CHILD_SA, NO_PROPOSAL_CHOSEN, TRUE);
	alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_CHILD, TRUE);
	rec = record("peer-rejected-proposal");
	ck_assert_str_eq(rec->profile, "huawei-cloud-classic");
	ck_assert_str_eq(rec->confidence, "medium");
	ck_assert_str_eq(rec->mismatch[0], "ke");
	ck_assert_msg(strstr(rec->detail, "we offer no PFS group"), "%s",
				  rec->detail);
}
END_TEST

START_TEST(test_diag_pfs_not_in_ike_auth)
{
	vpndiag_record_t *rec;

	/* IKE_AUTH carries no group: PFS cannot be what the peer refused */
	assign("huawei-cloud-classic");
	cfg_ike = "aes256-sha256-modp2048";
	rejected(IKE_AUTH, NO_PROPOSAL_CHOSEN, TRUE);
	alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_CHILD, TRUE);
	rec = record("peer-rejected-proposal");
	ck_assert_ptr_null(rec->profile);
	ck_assert_str_eq(rec->confidence, "low");
	/* but an encryption it lacks can */
	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	classifier->destroy(classifier);
	classifier = vpndiag_classifier_create(&query);
	cfg_esp = "aes128gcm16";
	rejected(IKE_AUTH, NO_PROPOSAL_CHOSEN, TRUE);
	alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_CHILD, TRUE);
	rec = record("peer-rejected-proposal");
	ck_assert_str_eq(rec->profile, "huawei-cloud-classic");
	ck_assert_str_eq(rec->mismatch[0], "encr");
}
END_TEST

START_TEST(test_diag_ts)
{
	vpndiag_record_t *rec;

	assign("aws");
	rejected(IKE_AUTH, TS_UNACCEPTABLE, TRUE);
	alert(VPNDIAG_ALERT_KEEP_ON_CHILD_SA_FAILURE, TRUE);
	rec = record("peer-rejected-ts");
	ck_assert_str_eq(rec->profile, "aws");
	ck_assert_str_eq(rec->confidence, "medium");
	ck_assert_str_eq(rec->mismatch[0], "ts");
	ck_assert_msg(strstr(rec->detail, "we propose 10.1.0.0/16 === "
				  "10.2.0.0/16; aws's default selectors are 0.0.0.0/0 === "
				  "0.0.0.0/0"), "%s", rec->detail);
}
END_TEST

START_TEST(test_diag_identity_alert)
{
	vpndiag_event_t e;
	vpndiag_record_t *rec;

	/* as charon 5.9 does: the notify, then ALERT_LOCAL_AUTH_FAILED */
	assign("huawei-cloud");
	e = ev(VPNDIAG_EV_MESSAGE, FALSE);
	e.incoming = TRUE;
	e.exchange = IKE_AUTH;
	e.notifies[e.notify_count++] = AUTHENTICATION_FAILED;
	snprintf(e.sa.local_id, sizeof(e.sa.local_id), "moon@lab.example");
	feed(e);
	e = ev(VPNDIAG_EV_ALERT, FALSE);
	e.alert = VPNDIAG_ALERT_LOCAL_AUTH_FAILED;
	snprintf(e.sa.local_id, sizeof(e.sa.local_id), "moon@lab.example");
	feed(e);
	rec = record("peer-rejected-auth");
	ck_assert_str_eq(rec->profile, "huawei-cloud");
	ck_assert_str_eq(rec->confidence, "medium");
	ck_assert_str_eq(rec->mismatch[0], "id");
}
END_TEST

START_TEST(test_diag_identity)
{
	vpndiag_event_t e;
	vpndiag_record_t *rec;

	assign("huawei-cloud");
	e = ev(VPNDIAG_EV_MESSAGE, FALSE);
	e.incoming = TRUE;
	e.exchange = IKE_AUTH;
	e.notifies[e.notify_count++] = AUTHENTICATION_FAILED;
	snprintf(e.sa.local_id, sizeof(e.sa.local_id), "moon@lab");
	feed(e);
	e = ev(VPNDIAG_EV_IKE_STATE, FALSE);
	e.new_state = VPNDIAG_IKE_DESTROYING;
	snprintf(e.sa.local_id, sizeof(e.sa.local_id), "moon@lab");
	feed(e);
	rec = record("peer-rejected-auth");
	ck_assert_str_eq(rec->profile, "huawei-cloud");
	ck_assert_str_eq(rec->mismatch[0], "id");
	ck_assert_msg(strstr(rec->detail, "of type email"), "%s", rec->detail);
}
END_TEST

START_TEST(test_check_selectors)
{
	vpndiag_finding_t *first;
	linked_list_t *f;

	assign("aws");
	/* narrower than AWS's 0.0.0.0/0 === 0.0.0.0/0: it may narrow, no finding */
	f = check(IKEV2, "aes256-sha256-modp2048", "aes256-sha256", "192.0.2.1",
			  14400, 3600);
	assert_slugs(f, NULL);
	findings_destroy(f);
	/* IPv6 selectors are outside */
	cfg_local_ts = "fd00:1::/64";
	cfg_remote_ts = "fd00:2::/64";
	f = check(IKEV2, "aes256-sha256-modp2048", "aes256-sha256", "192.0.2.1",
			  14400, 3600);
	first = assert_slugs(f, "profile-selectors", NULL);
	ck_assert_msg(strstr(first->detail, "fd00:1::/64 === fd00:2::/64 are not "
				  "inside the default selectors of profile aws (0.0.0.0/0 === "
				  "0.0.0.0/0)"), "%s", first->detail);
	findings_destroy(f);
	cfg_local_ts = "10.1.0.0/16";
	cfg_remote_ts = "10.2.0.0/16";
	assign(NULL);
}
END_TEST

/**
 * libcharon's config objects log through charon->bus
 */
static void charon_setup(void)
{
	if (!charon)
	{
		ck_assert(libcharon_init());
		atexit(libcharon_deinit);
	}
}

Suite *profiles_suite_create(void)
{
	Suite *s = suite_create("profiles");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_source_required);
	tcase_add_test(tc, test_assigned);
	tcase_add_test(tc, test_versions);
	tcase_add_test(tc, test_lifetimes);
	tcase_add_test(tc, test_compare_ike);
	tcase_add_test(tc, test_compare_esp_pfs);
	suite_add_tcase(s, tc);

	tc = tcase_create("preflight");
	tcase_add_unchecked_fixture(tc, charon_setup, NULL);
	tcase_add_test(tc, test_check_without_profile);
	tcase_add_test(tc, test_check_unknown);
	tcase_add_test(tc, test_check_ike_proposal);
	tcase_add_test(tc, test_check_esp_and_pfs);
	tcase_add_test(tc, test_check_lifetime);
	tcase_add_test(tc, test_check_identity);
	tcase_add_test(tc, test_check_selectors);
	suite_add_tcase(s, tc);

	tc = tcase_create("diagnosis");
	tcase_add_checked_fixture(tc, diag_setup, diag_teardown);
	tcase_add_test(tc, test_diag_ike_proposal);
	tcase_add_test(tc, test_diag_without_profile);
	tcase_add_test(tc, test_diag_profile_agrees);
	tcase_add_test(tc, test_diag_unknown_profile);
	tcase_add_test(tc, test_diag_pfs_at_rekey);
	tcase_add_test(tc, test_diag_pfs_not_in_ike_auth);
	tcase_add_test(tc, test_diag_ts);
	tcase_add_test(tc, test_diag_identity);
	tcase_add_test(tc, test_diag_identity_alert);
	suite_add_tcase(s, tc);
	return s;
}
