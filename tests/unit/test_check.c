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
 * The preflight checks (vpndiag_check.h) on real peer_cfg_t, child_cfg_t,
 * ike_cfg_t and auth_cfg_t objects built with libcharon, against a fake
 * environment (algorithms, addresses, routes, credentials).
 */

#include "vpndiag_tests.h"

#include <stdarg.h>

#include "vpndiag_check.h"

#include <library.h>
#include <daemon.h>
#include <config/peer_cfg.h>
#include <crypto/proposal/proposal.h>
#include <selectors/traffic_selector.h>

/** "now" of the fake environment: 2001-09-09 */
#define NOW 1000000000
#define DAY (24 * 3600)

/**
 * A fake certificate: subject, one subjectAltName, validity, key loaded
 */
typedef struct {
	certificate_t public;
	identification_t *subject;
	identification_t *san;
	time_t not_before;
	time_t not_after;
	bool has_key;
	refcount_t ref;
} fake_cert_t;

METHOD(certificate_t, cert_get_type, certificate_type_t,
	fake_cert_t *this)
{
	return CERT_X509;
}

METHOD(certificate_t, cert_get_subject, identification_t*,
	fake_cert_t *this)
{
	return this->subject;
}

METHOD(certificate_t, cert_has_subject, id_match_t,
	fake_cert_t *this, identification_t *id)
{
	if (this->subject->equals(this->subject, id) ||
		this->san->equals(this->san, id))
	{
		return ID_MATCH_PERFECT;
	}
	return ID_MATCH_NONE;
}

METHOD(certificate_t, cert_get_validity, bool,
	fake_cert_t *this, time_t *when, time_t *not_before, time_t *not_after)
{
	*not_before = this->not_before;
	*not_after = this->not_after;
	return *when >= this->not_before && *when <= this->not_after;
}

METHOD(certificate_t, cert_get_ref, certificate_t*,
	fake_cert_t *this)
{
	ref_get(&this->ref);
	return &this->public;
}

METHOD(certificate_t, cert_destroy, void,
	fake_cert_t *this)
{
	if (ref_put(&this->ref))
	{
		this->subject->destroy(this->subject);
		this->san->destroy(this->san);
		free(this);
	}
}

static fake_cert_t *fake_cert(char *san, time_t not_before, time_t not_after,
							  bool has_key)
{
	fake_cert_t *this;
	char dn[128];

	snprintf(dn, sizeof(dn), "C=CH, O=Lab, CN=%s", san);
	INIT(this,
		.public = {
			.get_type = _cert_get_type,
			.get_subject = _cert_get_subject,
			.has_subject = _cert_has_subject,
			.get_validity = _cert_get_validity,
			.get_ref = _cert_get_ref,
			.destroy = _cert_destroy,
		},
		.subject = identification_create_from_string(dn),
		.san = identification_create_from_string(san),
		.not_before = not_before,
		.not_after = not_after,
		.has_key = has_key,
		.ref = 1,
	);
	return this;
}

/**
 * The fake daemon: every algorithm but Twofish, local address 192.0.2.1,
 * routes to 192.0.2.0/24 only, a PSK for moon.lab, certificates found by
 * id from a list, a CA "C=CH, O=Lab, CN=Lab Root CA"
 */
static linked_list_t *certs;

static bool env_algorithm_available(vpndiag_check_env_t *this,
									transform_type_t type, uint16_t alg)
{
	return !(type == ENCRYPTION_ALGORITHM && alg == ENCR_TWOFISH_CBC);
}

static bool env_is_local(vpndiag_check_env_t *this, host_t *host)
{
	host_t *mine = host_create_from_string("192.0.2.1", 0);
	bool local = host->ip_equals(host, mine);

	mine->destroy(mine);
	return local;
}

static bool env_has_route(vpndiag_check_env_t *this, host_t *dst, host_t *src)
{
	chunk_t addr = dst->get_address(dst);

	/* 192.0.2.0/24 */
	return dst->get_family(dst) == AF_INET && addr.len == 4 &&
		   addr.ptr[0] == 192 && addr.ptr[1] == 0 && addr.ptr[2] == 2;
}

static bool env_has_shared_key(vpndiag_check_env_t *this,
							   identification_t *me, identification_t *other)
{
	identification_t *moon = identification_create_from_string("moon.lab");
	bool found = me && me->equals(me, moon);

	moon->destroy(moon);
	return found;
}

static certificate_t *env_get_cert(vpndiag_check_env_t *this,
								   identification_t *id)
{
	enumerator_t *enumerator;
	certificate_t *cert, *found = NULL;

	enumerator = certs->create_enumerator(certs);
	while (enumerator->enumerate(enumerator, &cert))
	{
		if (cert->has_subject(cert, id))
		{
			found = cert->get_ref(cert);
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

static bool env_has_private_key(vpndiag_check_env_t *this,
								certificate_t *cert)
{
	return ((fake_cert_t*)cert)->has_key;
}

static bool env_has_ca(vpndiag_check_env_t *this, identification_t *subject)
{
	identification_t *ca;
	bool found;

	ca = identification_create_from_string("C=CH, O=Lab, CN=Lab Root CA");
	found = ca->equals(ca, subject);
	ca->destroy(ca);
	return found;
}

static time_t env_now(vpndiag_check_env_t *this)
{
	return NOW;
}

static vpndiag_check_env_t env = {
	.algorithm_available = env_algorithm_available,
	.is_local = env_is_local,
	.has_route = env_has_route,
	.has_shared_key = env_has_shared_key,
	.get_cert = env_get_cert,
	.has_private_key = env_has_private_key,
	.has_ca = env_has_ca,
	.now = env_now,
};

/**
 * How a test writes a connection; conn_clean() is a connection without
 * findings, each test changes what its check looks at
 */
typedef struct {
	char *name;
	ike_version_t version;
	char *local_addrs;
	char *remote_addrs;
	char *proposals;
	bool aggressive;
	unique_policy_t unique;
	uint32_t keyingtries;
	uint32_t dpd;
	fragmentation_t fragmentation;
	auth_class_t local_auth;
	char *local_id;
	certificate_t *cert;
	char *remote_id;
	char *ca_id;
	char *esp_proposals;
	action_t start_action;
	action_t dpd_action;
	char *local_ts;
	char *remote_ts;
} conn_t;

static conn_t conn_clean(char *name)
{
	return (conn_t){
		.name = name,
		.version = IKEV2,
		.local_addrs = "192.0.2.1",
		.remote_addrs = "192.0.2.2",
		.proposals = "aes128-sha256-x25519",
		.unique = UNIQUE_NO,
		.keyingtries = 0,
		.fragmentation = FRAGMENTATION_YES,
		.local_auth = AUTH_CLASS_PSK,
		.local_id = "moon.lab",
		.remote_id = "sun.lab",
		.esp_proposals = "aes128gcm16",
		.start_action = ACTION_TRAP,
		.dpd_action = ACTION_NONE,
		.local_ts = "10.1.0.0/16",
		.remote_ts = "10.2.0.0/16",
	};
}

/**
 * Build the peer config of a conn_t with libcharon's constructors
 */
static peer_cfg_t *build(conn_t *c)
{
	ike_cfg_create_t ike = {
		.version = c->version,
		.local = c->local_addrs,
		.local_port = 500,
		.remote = c->remote_addrs,
		.remote_port = 500,
		.fragmentation = c->fragmentation,
	};
	peer_cfg_create_t peer = {
		.unique = c->unique,
		.keyingtries = c->keyingtries,
		.dpd = c->dpd,
#ifdef VPNDIAG_PEER_CFG_OPTIONS
		.options = c->aggressive ? OPT_IKEV1_AGGRESSIVE : 0,
#else
		.aggressive = c->aggressive,
#endif
	};
	child_cfg_create_t child = {
		.mode = MODE_TUNNEL,
		.start_action = c->start_action,
		.dpd_action = c->dpd_action,
	};
	ike_cfg_t *ike_cfg;
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;
	auth_cfg_t *auth;
	proposal_t *proposal;

	ike_cfg = ike_cfg_create(&ike);
	proposal = proposal_create_from_string(PROTO_IKE, c->proposals);
	ck_assert_msg(proposal, "proposal %s", c->proposals);
	ike_cfg->add_proposal(ike_cfg, proposal);
	peer_cfg = peer_cfg_create(c->name, ike_cfg, &peer);

	auth = auth_cfg_create();
	auth->add(auth, AUTH_RULE_AUTH_CLASS, c->local_auth);
	if (c->local_id)
	{
		auth->add(auth, AUTH_RULE_IDENTITY,
				  identification_create_from_string(c->local_id));
	}
	if (c->cert)
	{
		auth->add(auth, AUTH_RULE_SUBJECT_CERT, c->cert->get_ref(c->cert));
	}
	peer_cfg->add_auth_cfg(peer_cfg, auth, TRUE);
	auth = auth_cfg_create();
	auth->add(auth, AUTH_RULE_AUTH_CLASS, c->local_auth);
	if (c->remote_id)
	{
		auth->add(auth, AUTH_RULE_IDENTITY,
				  identification_create_from_string(c->remote_id));
	}
	if (c->ca_id)
	{
		auth->add(auth, AUTH_RULE_CA_IDENTITY,
				  identification_create_from_string(c->ca_id));
	}
	peer_cfg->add_auth_cfg(peer_cfg, auth, FALSE);

	child_cfg = child_cfg_create("net", &child);
	proposal = proposal_create_from_string(PROTO_ESP, c->esp_proposals);
	ck_assert_msg(proposal, "proposal %s", c->esp_proposals);
	child_cfg->add_proposal(child_cfg, proposal);
	child_cfg->add_traffic_selector(child_cfg, TRUE,
			traffic_selector_create_from_cidr(c->local_ts, 0, 0, 65535));
	child_cfg->add_traffic_selector(child_cfg, FALSE,
			traffic_selector_create_from_cidr(c->remote_ts, 0, 0, 65535));
	peer_cfg->add_child_cfg(peer_cfg, child_cfg);
	return peer_cfg;
}

/**
 * Run the checks on connections, return the findings
 */
static linked_list_t *run(conn_t *conns, int count, const char *only)
{
	linked_list_t *peer_cfgs, *findings;
	int i;

	peer_cfgs = linked_list_create();
	for (i = 0; i < count; i++)
	{
		peer_cfgs->insert_last(peer_cfgs, build(&conns[i]));
	}
	findings = vpndiag_check_run(&env, peer_cfgs, only);
	peer_cfgs->destroy_offset(peer_cfgs, offsetof(peer_cfg_t, destroy));
	return findings;
}

static void findings_destroy(linked_list_t *findings)
{
	findings->destroy_function(findings, (void*)vpndiag_finding_destroy);
}

/**
 * Assert the findings are exactly these slugs for a connection (in this
 * order), NULL-terminated; prints them all on failure
 */
static void assert_only(linked_list_t *findings, char *conn, ...)
{
	enumerator_t *enumerator;
	vpndiag_finding_t *f;
	char got[2048] = "", want[1024] = "", *slug;
	va_list args;

	enumerator = findings->create_enumerator(findings);
	while (enumerator->enumerate(enumerator, &f))
	{
		if (streq(f->conn, conn))
		{
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s ",
					 f->info->slug);
		}
	}
	enumerator->destroy(enumerator);
	va_start(args, conn);
	while ((slug = va_arg(args, char*)))
	{
		snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s ",
				 slug);
	}
	va_end(args);
	ck_assert_msg(streq(got, want), "%s: findings '%s', expected '%s'",
				  conn, got, want);
}

/** the first finding's field */
static vpndiag_finding_t *first(linked_list_t *findings)
{
	vpndiag_finding_t *f = NULL;

	ck_assert(findings->get_first(findings, (void**)&f) == SUCCESS);
	return f;
}

/** run one connection, assert exactly the slugs */
#define ONE(c, ...) ({ \
	linked_list_t *_f = run(&(c), 1, NULL); \
	assert_only(_f, (c).name, __VA_ARGS__, NULL); \
	_f; })

START_TEST(test_clean)
{
	conn_t c[] = { conn_clean("a"), conn_clean("b") };
	linked_list_t *f;

	c[1].remote_addrs = "192.0.2.3";
	c[1].local_ts = "10.3.0.0/16";
	c[1].remote_ts = "10.4.0.0/16";
	f = run(c, 2, NULL);
	ck_assert_int_eq(f->get_count(f), 0);
	findings_destroy(f);
}
END_TEST

START_TEST(test_weak_algorithm)
{
	conn_t c = conn_clean("weak");
	vpndiag_finding_t *w;
	linked_list_t *f;

	c.proposals = "3des-md5-modp1024";
	c.esp_proposals = "aes128-sha1-modp1536";
	f = ONE(c, "weak-algorithm", "weak-algorithm");
	w = first(f);
	ck_assert_msg(strstr(w->detail, "3DES_CBC") &&
				  strstr(w->detail, "HMAC_MD5_96") &&
				  strstr(w->detail, "PRF_HMAC_MD5") &&
				  strstr(w->detail, "MODP_1024"), "%s", w->detail);
	ck_assert_str_eq(w->setting, "connections.weak.proposals (ipsec.conf ike)");
	ck_assert_msg(strstr(w->detail, "IKE"), "%s", w->detail);
	f->get_last(f, (void**)&w);
	ck_assert_str_eq(w->child, "net");
	ck_assert_str_eq(w->setting, "connections.weak.children.net.esp_proposals "
					 "(ipsec.conf esp)");
	/* RFC 8247 keeps HMAC_SHA1_96 as integrity algorithm */
	ck_assert_msg(strstr(w->detail, "MODP_1536") &&
				  !strstr(w->detail, "HMAC_SHA1_96"), "%s", w->detail);
	findings_destroy(f);

	c = conn_clean("prf");
	c.proposals = "aes128-sha1-modp2048";
	f = ONE(c, "weak-algorithm");
	ck_assert_msg(strstr(first(f)->detail, "PRF_HMAC_SHA1"), "%s",
				  first(f)->detail);
	findings_destroy(f);

	/* a weak algorithm next to a strong one of the same type (as in
	 * strongSwan's default IKE proposal): the SA need not use it */
	c = conn_clean("mixed");
	c.proposals = "aes128-3des-sha256-sha1-modp3072-modp1024";
	c.esp_proposals = "aes128-sha256-modp3072-modp1536";
	f = ONE(c, NULL);
	findings_destroy(f);
}
END_TEST

START_TEST(test_algorithm_unavailable)
{
	conn_t c = conn_clean("twofish");
	linked_list_t *f;

	c.proposals = "twofish128-sha256-modp2048";
	f = ONE(c, "algorithm-unavailable");
	ck_assert_msg(strstr(first(f)->detail, "TWOFISH_CBC"), "%s",
				  first(f)->detail);
	ck_assert_int_eq(first(f)->info->severity, VPNDIAG_CHECK_ERROR);
	findings_destroy(f);

	/* another algorithm of the same proposal can be used */
	c.proposals = "twofish128-aes128-sha256-modp2048";
	f = ONE(c, NULL);
	findings_destroy(f);
}
END_TEST

START_TEST(test_aggressive_psk)
{
	conn_t c = conn_clean("aggr");
	linked_list_t *f;

	c.version = IKEV1;
	c.aggressive = TRUE;
	f = ONE(c, "aggressive-psk");
	findings_destroy(f);
	/* Main Mode, or certificates: fine */
	c.aggressive = FALSE;
	f = ONE(c, NULL);
	findings_destroy(f);
}
END_TEST

START_TEST(test_nothing_initiates)
{
	conn_t c = conn_clean("idle");
	linked_list_t *f;

	c.start_action = ACTION_NONE;
	f = ONE(c, "nothing-initiates");
	ck_assert_str_eq(first(f)->child, "net");
	ck_assert_str_eq(first(f)->setting, "connections.idle.children.net."
					 "start_action (ipsec.conf auto)");
	ck_assert_msg(strstr(first(f)->detail, "nothing initiates this "
				  "connection"), "%s", first(f)->detail);
	findings_destroy(f);
	/* a responder for many peers is not expected to initiate */
	c.remote_addrs = "%any";
	f = ONE(c, NULL);
	findings_destroy(f);
	c.remote_addrs = "192.0.2.0/24";
	f = ONE(c, NULL);
	findings_destroy(f);
}
END_TEST

START_TEST(test_restart_single_try)
{
	conn_t c = conn_clean("once");
	linked_list_t *f;

	c.keyingtries = 1;
	c.dpd = 30;
	c.dpd_action = ACTION_START;
	f = ONE(c, "restart-single-try");
	findings_destroy(f);
	c.keyingtries = 0;
	f = ONE(c, NULL);
	findings_destroy(f);
	c.keyingtries = 1;
	c.dpd_action = ACTION_TRAP;
	f = ONE(c, NULL);
	findings_destroy(f);
}
END_TEST

START_TEST(test_unique_keep_any)
{
	conn_t c = conn_clean("rw");
	linked_list_t *f;

	c.remote_addrs = "%any";
	c.remote_id = "%any";
	c.unique = UNIQUE_KEEP;
	f = ONE(c, "unique-keep-any");
	findings_destroy(f);
	c.unique = UNIQUE_REPLACE;
	f = ONE(c, NULL);
	findings_destroy(f);
	/* one peer: keep is a choice */
	c = conn_clean("rw");
	c.unique = UNIQUE_KEEP;
	f = ONE(c, NULL);
	findings_destroy(f);
}
END_TEST

START_TEST(test_fragmentation_off)
{
	conn_t c = conn_clean("frag");
	linked_list_t *f;

	c.fragmentation = FRAGMENTATION_NO;
	f = ONE(c, "fragmentation-off");
	findings_destroy(f);
}
END_TEST

START_TEST(test_psk_missing)
{
	conn_t c = conn_clean("nopsk");
	linked_list_t *f;

	c.local_id = "lonely.lab";
	f = ONE(c, "psk-missing");
	ck_assert_str_eq(first(f)->setting, "secrets.ike-<name> (ipsec.secrets: "
					 "ID ID : PSK)");
	ck_assert_msg(strstr(first(f)->detail, "'lonely.lab' and 'sun.lab'"),
				  "%s", first(f)->detail);
	findings_destroy(f);
}
END_TEST

START_TEST(test_certs)
{
	fake_cert_t *good, *expired, *soon, *nokey;
	conn_t c = conn_clean("cert");
	linked_list_t *f;

	good = fake_cert("moon.lab", NOW - DAY, NOW + 365 * DAY, TRUE);
	expired = fake_cert("moon.lab", NOW - 30 * DAY, NOW - DAY, TRUE);
	soon = fake_cert("moon.lab", NOW - DAY, NOW + 10 * DAY, TRUE);
	nokey = fake_cert("moon.lab", NOW - DAY, NOW + 365 * DAY, FALSE);
	c.local_auth = AUTH_CLASS_PUBKEY;
	c.ca_id = "C=CH, O=Lab, CN=Lab Root CA";

	c.cert = &good->public;
	f = ONE(c, NULL);
	findings_destroy(f);

	c.cert = &expired->public;
	f = ONE(c, "cert-expired");
	findings_destroy(f);

	c.cert = &soon->public;
	f = ONE(c, "cert-expiring");
	ck_assert_msg(strstr(first(f)->detail, "expires in 10 days"), "%s",
				  first(f)->detail);
	findings_destroy(f);

	c.cert = &nokey->public;
	f = ONE(c, "key-missing");
	findings_destroy(f);

	c.cert = &good->public;
	c.local_id = "other.lab";
	f = ONE(c, "cert-id-mismatch");
	findings_destroy(f);

	/* no local.certs: looked up by local.id */
	c.cert = NULL;
	c.local_id = "moon.lab";
	f = ONE(c, "cert-missing");
	findings_destroy(f);
	certs->insert_last(certs, good->public.get_ref(&good->public));
	f = ONE(c, NULL);
	findings_destroy(f);

	/* the CA of remote.ca_id is not loaded */
	c.ca_id = "C=CH, O=Nope, CN=Missing CA";
	f = ONE(c, "ca-missing");
	findings_destroy(f);

	certs->destroy_offset(certs, offsetof(certificate_t, destroy));
	certs = linked_list_create();
	good->public.destroy(&good->public);
	expired->public.destroy(&expired->public);
	soon->public.destroy(&soon->public);
	nokey->public.destroy(&nokey->public);
}
END_TEST

START_TEST(test_addresses)
{
	conn_t c = conn_clean("addr");
	linked_list_t *f;

	c.local_addrs = "192.0.2.99";
	f = ONE(c, "local-addr-not-local");
	findings_destroy(f);

	c = conn_clean("route");
	c.remote_addrs = "198.51.100.1";
	f = ONE(c, "no-route-to-peer");
	findings_destroy(f);
}
END_TEST

START_TEST(test_ts)
{
	conn_t c[] = { conn_clean("a"), conn_clean("b") };
	linked_list_t *f;

	/* b to another peer with the same selectors */
	c[1].remote_addrs = "192.0.2.3";
	f = run(c, 2, NULL);
	assert_only(f, "a", "ts-conflict", NULL);
	assert_only(f, "b", "ts-conflict", NULL);
	ck_assert_str_eq(first(f)->info->code, "flow confict");
	findings_destroy(f);

	/* a narrower remote side */
	c[1].remote_ts = "10.2.1.0/24";
	f = run(c, 2, NULL);
	assert_only(f, "a", "ts-overlap", NULL);
	assert_only(f, "b", "ts-overlap", NULL);
	ck_assert_str_eq(first(f)->info->code, "flow overlap");
	findings_destroy(f);

	/* only the findings of one connection */
	f = run(c, 2, "b");
	ck_assert_int_eq(f->get_count(f), 1);
	assert_only(f, "b", "ts-overlap", NULL);
	findings_destroy(f);

	/* disjoint remote side */
	c[1].remote_ts = "10.9.0.0/16";
	f = run(c, 2, NULL);
	ck_assert_int_eq(f->get_count(f), 0);
	findings_destroy(f);
}
END_TEST

START_TEST(test_duplicate_identity)
{
	conn_t c[] = { conn_clean("a"), conn_clean("b") };
	linked_list_t *f;

	c[1].local_ts = "10.3.0.0/16";
	c[1].remote_ts = "10.4.0.0/16";
	f = run(c, 2, NULL);
	assert_only(f, "a", "duplicate-identity", NULL);
	assert_only(f, "b", "duplicate-identity", NULL);
	findings_destroy(f);

	c[1].remote_id = "sun2.lab";
	f = run(c, 2, NULL);
	ck_assert_int_eq(f->get_count(f), 0);
	findings_destroy(f);
}
END_TEST

START_TEST(test_order_and_table)
{
	conn_t c = conn_clean("many");
	vpndiag_finding_t *f1;
	linked_list_t *f;
	int i;

	/* a warning first in the checks' order, an error later: errors first */
	c.fragmentation = FRAGMENTATION_NO;
	c.local_id = "lonely.lab";
	f = ONE(c, "psk-missing", "fragmentation-off");
	f1 = first(f);
	ck_assert_int_eq(f1->info->severity, VPNDIAG_CHECK_ERROR);
	findings_destroy(f);

	for (i = 0; i < VPNDIAG_CHECK_MAX; i++)
	{
		ck_assert(vpndiag_check_info(i)->slug);
		ck_assert(strlen(vpndiag_check_info(i)->slug) <= 24);
		ck_assert(strspn(vpndiag_check_info(i)->slug,
				  "abcdefghijklmnopqrstuvwxyz0123456789-") ==
				  strlen(vpndiag_check_info(i)->slug));
		ck_assert(vpndiag_check_info(i)->remedy);
	}
	ck_assert(!vpndiag_check_info(VPNDIAG_CHECK_MAX));
}
END_TEST

START_TEST(test_golden)
{
	const vpndiag_check_info_t *info;
	char path[512], line[256], want[256];
	int lineno = 0, i = 0;
	FILE *file;

	file = vpndiag_tests_golden_open("check_ids.golden", path, sizeof(path));
	while (vpndiag_tests_golden_line(file, path, line, sizeof(line), &lineno))
	{
		info = vpndiag_check_info(i++);
		ck_assert_msg(info, "%s:%d: '%s' is no longer in the check table",
					  path, lineno, line);
		snprintf(want, sizeof(want), "%s %s", info->slug,
				 vpndiag_check_severity_name(info->severity));
		ck_assert_msg(streq(line, want), "%s:%d: '%s' frozen, the table has "
					  "'%s'", path, lineno, line, want);
	}
	fclose(file);
	ck_assert_msg(i == VPNDIAG_CHECK_MAX, "%s lacks the checks from row %d on "
				  "(append them)", path, i);
}
END_TEST

static void setup(void)
{
	certs = linked_list_create();
}

/**
 * libcharon's config objects log through charon->bus (bus.h's DBG macros):
 * create the daemon object once (not started, no plugins)
 */
static void charon_setup(void)
{
	if (!charon)
	{
		ck_assert(libcharon_init());
		atexit(libcharon_deinit);
	}
}

static void teardown(void)
{
	certs->destroy_offset(certs, offsetof(certificate_t, destroy));
}

Suite *check_suite_create(void)
{
	Suite *s = suite_create("check");
	TCase *tc = tcase_create("preflight");

	tcase_add_unchecked_fixture(tc, charon_setup, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_clean);
	tcase_add_test(tc, test_weak_algorithm);
	tcase_add_test(tc, test_algorithm_unavailable);
	tcase_add_test(tc, test_aggressive_psk);
	tcase_add_test(tc, test_nothing_initiates);
	tcase_add_test(tc, test_restart_single_try);
	tcase_add_test(tc, test_unique_keep_any);
	tcase_add_test(tc, test_fragmentation_off);
	tcase_add_test(tc, test_psk_missing);
	tcase_add_test(tc, test_certs);
	tcase_add_test(tc, test_addresses);
	tcase_add_test(tc, test_ts);
	tcase_add_test(tc, test_duplicate_identity);
	tcase_add_test(tc, test_order_and_table);
	tcase_add_test(tc, test_golden);
	suite_add_tcase(s, tc);
	return s;
}
