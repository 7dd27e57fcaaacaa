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
 * The classification rules, one test per code the classifier claims (and
 * the sequences and traps of the taxonomy map), by feeding the events the
 * listener produces in real charon and checking the exact records.
 */

#include "vpndiag_tests.h"

#include <vpndiag_classifier.h>
#include <vpndiag_replace.h>
#include <vpndiag_cause.h>
#include <vpndiag_store.h>
#include <vpndiag_event_format.h>
#include <vpndiag_ike_ports.h>
#include <library.h>
#include <eap/eap.h>
#include <crypto/proposal/proposal.h>
#include <encoding/payloads/notify_payload.h>
#include <encoding/payloads/ike_header.h>
#include <selectors/traffic_selector.h>

#include <netinet/in.h>

#include <string.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>


static vpndiag_classifier_t *classifier;
static linked_list_t *out;
static uint64_t now = 1800000000000ULL;

/* a fake configuration for the lookups */
static bool cfg_has_v2 = FALSE, cfg_reversed = FALSE, cfg_other_local = FALSE;

static bool fake_find_ike_cfg(vpndiag_config_query_t *q, const char *me,
							  const char *other, int version, char *name,
							  size_t len)
{
	bool found = FALSE;

	if (me && other && streq(me, "192.0.2.2") && streq(other, "192.0.2.1"))
	{	/* the addresses of the packet */
		found = cfg_has_v2 && version == 2;
	}
	else if (me && other && streq(me, "192.0.2.1") &&
			 streq(other, "192.0.2.2"))
	{	/* swapped */
		found = cfg_reversed;
	}
	else if (!me && other)
	{
		found = cfg_other_local;
	}
	if (found)
	{
		snprintf(name, len, "gw");
	}
	return found;
}

/* fake connections for find_conns(): their addresses as charon matched
 * them (the kinds find_conns() reports; %any peers are left out there) */
static struct {
	const char *name;
	/* local and remote address; NULL remote: any address in 10.64.0.0/10 */
	const char *local, *remote;
	int version;
	vpndiag_addr_match_t me, other;
} cfg_conns[4];
static int cfg_nconns, find_conns_calls;

static void add_conn(const char *name, const char *local, const char *remote,
					 vpndiag_addr_match_t other)
{
	cfg_conns[cfg_nconns++] = (typeof(cfg_conns[0])){
		.name = name, .local = local, .remote = remote,
		.me = VPNDIAG_ADDR_EXACT, .other = other,
	};
}

/** what the fake Main Mode PSK lookup finds (v1_psk_candidates) */
static vpndiag_psk_candidate_t cfg_psk[4];
static int cfg_npsk;

static int fake_v1_psk_candidates(vpndiag_config_query_t *q, const char *me,
								  const char *other,
								  vpndiag_psk_candidate_t *out, int max)
{
	int i;

	ck_assert(me && *me && other && *other);
	for (i = 0; i < cfg_npsk && i < max; i++)
	{
		out[i] = cfg_psk[i];
	}
	return i;
}

static int fake_find_conns(vpndiag_config_query_t *q, const char *me,
						   const char *other, int version,
						   vpndiag_conn_candidate_t *found, int max)
{
	int i, count = 0;

	find_conns_calls++;
	for (i = 0; i < cfg_nconns; i++)
	{
		if ((me && !streq(me, cfg_conns[i].local)) ||
			(cfg_conns[i].remote ? !streq(other, cfg_conns[i].remote) :
			 strncmp(other, "10.64.", 6) != 0) ||
			(version && cfg_conns[i].version &&
			 cfg_conns[i].version != version))
		{
			continue;
		}
		if (count < max)
		{
			snprintf(found[count].name, sizeof(found[count].name), "%s",
					 cfg_conns[i].name);
			found[count].me = me ? cfg_conns[i].me : VPNDIAG_ADDR_ANY;
			found[count].other = cfg_conns[i].other;
		}
		count++;
	}
	return count;
}

static vpndiag_proposals_t *esp(uint16_t encr, uint16_t keysize, uint16_t ke)
{
	vpndiag_proposals_t *p = calloc(1, sizeof(*p));

	p->count = 1;
	p->p[0].t[p->p[0].count++] = (vpndiag_transform_t){ 1, encr, keysize };
	if (ke)
	{
		p->p[0].t[p->p[0].count++] = (vpndiag_transform_t){ 4, ke, 0 };
	}
	snprintf(p->text, sizeof(p->text), "ESP:%u_%u/%u", encr, keysize, ke);
	return p;
}

static uint16_t cfg_esp_ke = 0;

static vpndiag_proposals_t *fake_child_proposals(vpndiag_config_query_t *q,
								const char *conn, const char *child,
								bool strip_ke)
{
	return esp(20, 128, strip_ke ? 0 : cfg_esp_ke);
}

/* the child config "net": local_ts 10.2.0.0/16, remote_ts 10.1.0.0/16,
 * with this protocol and port (0: any) */
static uint8_t cfg_ts_proto = 0;
static uint16_t cfg_ts_port = 0;

/**
 * A list of one selector for a subnet, address range ("a-b") or "dynamic"
 */
static linked_list_t *ts_list(char *addr, uint8_t proto, uint16_t port)
{
	uint16_t from = port, to = port ? port : 65535;
	traffic_selector_t *ts;
	char buf[64], *end;

	snprintf(buf, sizeof(buf), "%s", addr);
	end = strchr(buf, '-');
	if (streq(buf, "dynamic"))
	{
		ts = traffic_selector_create_dynamic(proto, from, to);
	}
	else if (end)
	{
		*end++ = '\0';
		ts = traffic_selector_create_from_string(proto, TS_IPV4_ADDR_RANGE,
												 buf, from, end, to);
	}
	else
	{
		ts = traffic_selector_create_from_cidr(buf, proto, from, to);
	}
	ck_assert_msg(ts, "invalid selector %s", addr);
	return linked_list_create_with_items(ts, NULL);
}

static int fake_child_ts(vpndiag_config_query_t *q, const char *conn,
						 vpndiag_child_ts_t *ts, int max)
{
	snprintf(ts[0].name, sizeof(ts[0].name), "net");
	ts[0].local_ts = ts_list("10.2.0.0/16", cfg_ts_proto, cfg_ts_port);
	ts[0].remote_ts = ts_list("10.1.0.0/16", cfg_ts_proto, cfg_ts_port);
	snprintf(ts[0].local, sizeof(ts[0].local), "%#R", ts[0].local_ts);
	snprintf(ts[0].remote, sizeof(ts[0].remote), "%#R", ts[0].remote_ts);
	return 1;
}

static int cfg_mtu = 0;
static bool cfg_noroute = FALSE;

static bool fake_has_route(vpndiag_config_query_t *q, const char *remote)
{
	return !cfg_noroute;
}

static int fake_link_mtu(vpndiag_config_query_t *q, const char *local)
{
	return cfg_mtu;
}

static vpndiag_config_query_t query = {
	.find_ike_cfg = fake_find_ike_cfg,
	.find_conns = fake_find_conns,
	.child_proposals = fake_child_proposals,
	.child_ts = fake_child_ts,
	.link_mtu = fake_link_mtu,
	.has_route = fake_has_route,
	.v1_psk_candidates = fake_v1_psk_candidates,
};

static void setup(void)
{
	cfg_has_v2 = cfg_reversed = cfg_other_local = FALSE;
	cfg_nconns = find_conns_calls = 0;
	cfg_esp_ke = 0;
	cfg_ts_proto = 0;
	cfg_ts_port = 0;
	cfg_mtu = 0;
	cfg_noroute = FALSE;
	cfg_npsk = 0;
	classifier = vpndiag_classifier_create(&query);
	out = linked_list_create();
}

static void teardown(void)
{
	out->destroy_function(out, (void*)vpndiag_record_destroy);
	classifier->destroy(classifier);
}

/**
 * An event of IKE_SA 1 between moon (192.0.2.1) and sun (192.0.2.2), seen
 * from sun unless initiator is set
 */
static vpndiag_event_t ev(vpndiag_event_type_t type, bool initiator)
{
	vpndiag_event_t e = {
		.type = type,
		.time_ms = now += 10,
		.sa = {
			.unique_id = 1,
			.spi_i = 0x1122334455667788ULL,
			.version = 2,
			.initiator = initiator,
			.has_ike_cfg = TRUE,
			.state = VPNDIAG_IKE_CONNECTING,
		},
	};
	snprintf(e.sa.local, sizeof(e.sa.local), initiator ? "192.0.2.1[500]" :
			 "192.0.2.2[500]");
	snprintf(e.sa.remote, sizeof(e.sa.remote), initiator ? "192.0.2.2[500]" :
			 "192.0.2.1[500]");
	snprintf(e.sa.local_id, sizeof(e.sa.local_id), initiator ? "moon.lab" :
			 "sun.lab");
	snprintf(e.sa.remote_id, sizeof(e.sa.remote_id), initiator ? "sun.lab" :
			 "moon.lab");
	return e;
}

static vpndiag_event_t alert(vpndiag_alert_t a, bool initiator)
{
	vpndiag_event_t e = ev(VPNDIAG_EV_ALERT, initiator);

	e.alert = a;
	return e;
}

static vpndiag_event_t msg_in(int exchange, bool request, uint16_t notify,
							  bool initiator)
{
	vpndiag_event_t e = ev(VPNDIAG_EV_MESSAGE, initiator);

	e.incoming = TRUE;
	e.request = request;
	e.exchange = exchange;
	if (notify)
	{
		e.notifies[e.notify_count++] = notify;
	}
	return e;
}

static vpndiag_event_t logfact(vpndiag_logfact_t fact, const char *text,
							   bool initiator)
{
	vpndiag_event_t e = ev(VPNDIAG_EV_LOG, initiator);

	e.logfact = fact;
	snprintf(e.text, sizeof(e.text), "%s", text);
	return e;
}

static vpndiag_event_t state(int new_state, vpndiag_state_t old,
							 bool initiator)
{
	vpndiag_event_t e = ev(VPNDIAG_EV_IKE_STATE, initiator);

	e.new_state = new_state;
	e.sa.state = old;
	return e;
}

static void feed(vpndiag_event_t e)
{
	classifier->process(classifier, &e, out);
	free(e.proposals);
	free(e.configured);
}

/**
 * Assert exactly one record (of severity other than info, unless info)
 */
static vpndiag_record_t *only(vpndiag_code_t code, const char *cause)
{
	vpndiag_record_t *rec = NULL;
	const vpndiag_code_info_t *want = vpndiag_code_info(code);

	ck_assert_msg(out->get_count(out) == 1, "expected one %s record, got %d",
				  want->id, out->get_count(out));
	out->get_first(out, (void**)&rec);
	ck_assert_msg(rec->code == code, "expected %s, got %s", want->id,
				  vpndiag_code_info(rec->code)->id);
	if (cause)
	{
		ck_assert_str_eq(rec->cause, cause);
	}
	ck_assert(rec->detail && *rec->detail);
	return rec;
}

static void none(void)
{
	vpndiag_record_t *rec;

	if (out->get_first(out, (void**)&rec) == SUCCESS)
	{
		ck_abort_msg("expected no record, got %s (%s)",
					 vpndiag_code_info(rec->code)->id, rec->cause);
	}
}

/**
 * The test proved on the event sequence charon emits that vpndiag reports
 * the code of rec: note "<code_id> TAB unit:<test>" in the file
 * VPNDIAG_REPORTED_OUT names (testing/tests/unit.sh sets it to its
 * results' codes.tsv, which testing/reported reads). Called after the
 * test's assertions: a failed assertion ends the test before.
 */
static void reported(const char *test, vpndiag_record_t *rec)
{
	const char *path = getenv("VPNDIAG_REPORTED_OUT");
	FILE *file;

	if (!path || !*path)
	{
		return;
	}
	file = fopen(path, "a");
	if (file)
	{
		fprintf(file, "%s\tunit:%s\n", vpndiag_code_info(rec->code)->id,
				test);
		fclose(file);
	}
}

static vpndiag_proposals_t *ike(uint16_t encr, uint16_t integ, uint16_t prf,
								uint16_t ke)
{
	vpndiag_proposals_t *p = calloc(1, sizeof(*p));

	p->count = 1;
	p->p[0].t[p->p[0].count++] = (vpndiag_transform_t){ 1, encr, 128 };
	p->p[0].t[p->p[0].count++] = (vpndiag_transform_t){ 3, integ, 0 };
	p->p[0].t[p->p[0].count++] = (vpndiag_transform_t){ 2, prf, 0 };
	p->p[0].t[p->p[0].count++] = (vpndiag_transform_t){ 4, ke, 0 };
	snprintf(p->text, sizeof(p->text), "IKE:%u/%u/%u/%u", encr, integ, prf, ke);
	return p;
}

/* ----- IKE_SA_INIT ------------------------------------------------------ */

START_TEST(test_p1_responder)
{
	vpndiag_event_t e = alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE, FALSE);
	vpndiag_record_t *rec;

	e.proposals = ike(12, 12, 5, 31);
	e.configured = ike(12, 13, 6, 31);
	feed(e);
	rec = only(VPNDIAG_P1_PROPOSAL_MISMATCH, "no-common-proposal");
	ck_assert_str_eq(rec->mismatch[0], "integ");
	ck_assert_str_eq(rec->mismatch[1], "prf");
	ck_assert_ptr_null(rec->mismatch[2]);
	ck_assert_ptr_null(rec->conn);
	ck_assert(!rec->initiator);
}
END_TEST

START_TEST(test_responder_dh)
{
	vpndiag_event_t e = alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE, FALSE);
	vpndiag_record_t *rec;

	e.proposals = ike(12, 12, 5, 31);
	e.configured = ike(12, 12, 5, 14);
	feed(e);
	rec = only(VPNDIAG_RESPONDER_DH_MISMATCH, "no-common-ke-method");
	ck_assert_str_eq(rec->mismatch[0], "ke");
}
END_TEST

START_TEST(test_p1_initiator_rejected)
{
	vpndiag_event_t e;
	vpndiag_record_t *rec;

	feed(msg_in(IKE_SA_INIT, FALSE, NO_PROPOSAL_CHOSEN, TRUE));
	e = alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE, TRUE);
	e.proposals = ike(12, 12, 5, 31);
	feed(e);
	rec = only(VPNDIAG_P1_PROPOSAL_MISMATCH, "peer-rejected-proposal");
	ck_assert_str_eq(rec->confidence, "low");
	ck_assert(rec->initiator);
	ck_assert_str_eq(rec->offered, "IKE:12/12/5/31");
	/* the SA's end adds nothing */
	feed(state(VPNDIAG_IKE_DESTROYING, VPNDIAG_IKE_CONNECTING, TRUE));
	ck_assert_int_eq(out->get_count(out), 1);
	ck_assert_int_eq(classifier->get_sa_count(classifier), 0);
}
END_TEST

START_TEST(test_initiator_dh)
{
	feed(msg_in(IKE_SA_INIT, FALSE, INVALID_KE_PAYLOAD, TRUE));
	feed(state(VPNDIAG_IKE_DESTROYING, VPNDIAG_IKE_CONNECTING, TRUE));
	only(VPNDIAG_INITIATOR_DH_MISMATCH, "peer-requested-other-ke");
}
END_TEST

START_TEST(test_invalid_ke_retry_ok)
{
	vpndiag_event_t up = ev(VPNDIAG_EV_IKE_UPDOWN, TRUE);

	feed(msg_in(IKE_SA_INIT, FALSE, INVALID_KE_PAYLOAD, TRUE));
	up.up = TRUE;
	feed(up);
	none();
}
END_TEST

START_TEST(test_unsupported_version)
{
	feed(msg_in(IKE_SA_INIT, FALSE, INVALID_MAJOR_VERSION, TRUE));
	feed(state(VPNDIAG_IKE_DESTROYING, VPNDIAG_IKE_CONNECTING, TRUE));
	only(VPNDIAG_UNSUPPORTED_VERSION, "peer-rejected-version");
}
END_TEST

/**
 * A log line charon writes without an IKE_SA context (the listener's
 * logger gets ike_sa == NULL and fill_sa() leaves the context empty)
 */
static vpndiag_event_t pre_sa_log(vpndiag_logfact_t fact, const char *text)
{
	vpndiag_event_t e = {
		.type = VPNDIAG_EV_LOG,
		.time_ms = now += 10,
		.logfact = fact,
	};

	snprintf(e.text, sizeof(e.text), "%s", text);
	return e;
}

/* the receiver's and the IKE_SA manager's refusals, charon's exact lines
 * (receiver.c:drop_ike_sa_init() and receive_packets(),
 * ike_sa_manager.c:checkout_by_message(), all DBG1) */
static struct {
	vpndiag_logfact_t fact;
	const char *text;
	vpndiag_code_t code;
	const char *cause;
	const char *remote;
} pre_sa_tests[] = {
	{ VPNDIAG_LOG_INIT_LIMIT_PER_IP, "ignoring IKE_SA setup from 10.64.0.1, "
	  "per-IP half-open IKE_SA limit of 5 reached", VPNDIAG_FIRST_PACKET_LIMITED,
	  "per-ip-half-open-limit", "10.64.0.1" },
	{ VPNDIAG_LOG_INIT_LIMIT, "ignoring IKE_SA setup from 10.64.0.2, "
	  "half-open IKE_SA limit of 8 reached", VPNDIAG_FIRST_PACKET_LIMITED,
	  "half-open-limit", "10.64.0.2" },
	{ VPNDIAG_LOG_INIT_JOB_LOAD, "ignoring IKE_SA setup from 2001:db8::9, "
	  "job load of 12 exceeds limit of 10", VPNDIAG_FIRST_PACKET_LIMITED,
	  "job-load-limit", "2001:db8::9" },
	{ VPNDIAG_LOG_IKESA_LIMIT, "ignoring IKE_SA_INIT, hitting IKE_SA limit (1)",
	  VPNDIAG_PEER_LIMIT_REACHED, "ikesa-limit", NULL },
	{ VPNDIAG_LOG_UNSUPPORTED_VERSION, "received unsupported IKE version 3.0 "
	  "from 10.64.0.3, sending INVALID_MAJOR_VERSION",
	  VPNDIAG_UNSUPPORTED_VERSION, "received-unsupported-version",
	  "10.64.0.3" },
};

START_TEST(test_pre_sa)
{
	vpndiag_record_t *rec;

	feed(pre_sa_log(pre_sa_tests[_i].fact, pre_sa_tests[_i].text));
	rec = only(pre_sa_tests[_i].code, pre_sa_tests[_i].cause);
	ck_assert(rec->conn == NULL);
	ck_assert_int_eq(rec->ike_sa, 0);
	ck_assert_int_eq(rec->version, 0);
	ck_assert(!rec->initiator);
	if (pre_sa_tests[_i].remote)
	{
		ck_assert_str_eq(rec->remote, pre_sa_tests[_i].remote);
	}
	else
	{
		ck_assert(rec->remote == NULL || !*rec->remote);
	}
	ck_assert(strstr(rec->detail, pre_sa_tests[_i].text));
	ck_assert_int_eq(classifier->get_sa_count(classifier), 0);
	reported("test_pre_sa", rec);
}
END_TEST

/* the same facts inside an IKE_SA (not where charon logs them) are only
 * remembered for the IKE_SA's rules, never a record without connection */
START_TEST(test_pre_sa_in_ike_sa)
{
	feed(logfact(pre_sa_tests[_i].fact, pre_sa_tests[_i].text, FALSE));
	none();
}
END_TEST

/* a flood of one source's refusals: one record per line, each without a
 * connection (the store folds them, test_store.c) */
START_TEST(test_pre_sa_repeats)
{
	vpndiag_record_t *rec;
	enumerator_t *enumerator;
	int i, n = 0;

	for (i = 0; i < 50; i++)
	{
		feed(pre_sa_log(VPNDIAG_LOG_INIT_LIMIT_PER_IP, pre_sa_tests[0].text));
	}
	enumerator = out->create_enumerator(out);
	while (enumerator->enumerate(enumerator, &rec))
	{
		ck_assert(rec->code == VPNDIAG_FIRST_PACKET_LIMITED && !rec->conn);
		n++;
	}
	enumerator->destroy(enumerator);
	ck_assert_int_eq(n, 50);
	ck_assert_int_eq(classifier->get_sa_count(classifier), 0);
}
END_TEST

/** outgoing NO_PROPOSAL_CHOSEN of a responder without IKE config */
static vpndiag_event_t no_config(int version)
{
	vpndiag_event_t e = ev(VPNDIAG_EV_MESSAGE, FALSE);

	e.sa.version = version;
	e.sa.has_ike_cfg = FALSE;
	e.exchange = version == 1 ? INFORMATIONAL_V1 : IKE_SA_INIT;
	e.notifies[e.notify_count++] = NO_PROPOSAL_CHOSEN;
	return e;
}

START_TEST(test_version_mismatch)
{
	vpndiag_record_t *rec;

	cfg_has_v2 = TRUE;
	add_conn("gw", "192.0.2.2", "192.0.2.1", VPNDIAG_ADDR_EXACT);
	cfg_conns[0].version = 2;
	feed(no_config(1));
	rec = only(VPNDIAG_VERSION_MISMATCH, "peer-uses-ikev1");
	/* charon selected no config: inferred from the addresses */
	ck_assert_str_eq(rec->conn, "gw");
	ck_assert_int_eq(rec->conn_match, VPNDIAG_CONN_MATCH_ADDRESS);
}
END_TEST

/* the IKEv2 connection is for a subnet only: named, not attributed */
START_TEST(test_version_mismatch_subnet)
{
	vpndiag_record_t *rec;

	cfg_has_v2 = TRUE;
	add_conn("gw", "192.0.2.2", "192.0.2.1", VPNDIAG_ADDR_RANGE);
	feed(no_config(1));
	rec = only(VPNDIAG_VERSION_MISMATCH, "peer-uses-ikev1");
	ck_assert_ptr_null(rec->conn);
	ck_assert_int_eq(rec->conn_match, VPNDIAG_CONN_MATCH_NONE);
	ck_assert(strstr(rec->detail, "our connection 'gw'"));
	ck_assert(strstr(rec->detail, "not attributed to connection 'gw': "
					 "192.0.2.1 lies in its remote range or subnet"));
}
END_TEST

START_TEST(test_reversed_addresses)
{
	vpndiag_record_t *rec;

	cfg_reversed = TRUE;
	/* local 192.0.2.1 (moon's), remote 192.0.2.2 (ours) */
	add_conn("gw", "192.0.2.1", "192.0.2.2", VPNDIAG_ADDR_EXACT);
	feed(no_config(2));
	rec = only(VPNDIAG_PEER_ADDRESS_MISMATCH, "reversed-addresses");
	ck_assert_str_eq(rec->conn, "gw");
	ck_assert_int_eq(rec->conn_match, VPNDIAG_CONN_MATCH_ADDRESS);
}
END_TEST

/* reversed with %any as local side: the peer's address is nobody's */
START_TEST(test_reversed_addresses_any)
{
	vpndiag_record_t *rec;

	cfg_reversed = TRUE;
	add_conn("gw", "192.0.2.1", "192.0.2.2", VPNDIAG_ADDR_EXACT);
	cfg_conns[0].me = VPNDIAG_ADDR_ANY;
	feed(no_config(2));
	rec = only(VPNDIAG_PEER_ADDRESS_MISMATCH, "reversed-addresses");
	ck_assert_ptr_null(rec->conn);
	ck_assert(strstr(rec->detail, "connection 'gw' has local and remote"));
}
END_TEST

START_TEST(test_local_address_mismatch)
{
	vpndiag_record_t *rec;

	cfg_other_local = TRUE;
	add_conn("gw", "192.0.2.9", "192.0.2.1", VPNDIAG_ADDR_EXACT);
	feed(no_config(2));
	rec = only(VPNDIAG_LOCAL_ADDRESS_MISMATCH, NULL);
	ck_assert_str_eq(rec->conn, "gw");
	ck_assert_int_eq(rec->conn_match, VPNDIAG_CONN_MATCH_ADDRESS);
}
END_TEST

START_TEST(test_unknown_peer_address)
{
	vpndiag_record_t *rec;

	feed(no_config(2));
	rec = only(VPNDIAG_PEER_ADDRESS_MISMATCH, "unknown-peer-address");
	ck_assert_ptr_null(rec->conn);
	/* charon found no IKE config: nothing to look up by address */
	ck_assert_int_eq(find_conns_calls, 0);
}
END_TEST

/* ----- attribution by address ------------------------------------------- */

static vpndiag_event_t with_cfg(vpndiag_event_t e);

/** sun's proposal mismatch of IKE_SA id from moon (or from) */
static vpndiag_record_t *p1_mismatch_from(uint32_t id, const char *from)
{
	vpndiag_event_t e = alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE, FALSE);
	vpndiag_record_t *rec;

	e.sa.unique_id = id;
	if (from)
	{
		snprintf(e.sa.remote, sizeof(e.sa.remote), "%s[500]", from);
	}
	e.proposals = ike(12, 12, 5, 31);
	e.configured = ike(12, 13, 6, 31);
	feed(e);
	ck_assert_int_eq(out->get_count(out), 1);
	out->remove_first(out, (void**)&rec);
	return rec;
}

START_TEST(test_attrib_config)
{
	vpndiag_record_t *rec;

	add_conn("other", "192.0.2.2", "192.0.2.1", VPNDIAG_ADDR_EXACT);
	feed(with_cfg(logfact(VPNDIAG_LOG_PSK_MISMATCH, "tried 1 shared key for "
				  "'sun.lab' - 'moon.lab', but MAC mismatched", FALSE)));
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	rec = only(VPNDIAG_AUTH_FAIL, "psk-mismatch");
	ck_assert_str_eq(rec->conn, "gw");
	ck_assert_int_eq(rec->conn_match, VPNDIAG_CONN_MATCH_CONFIG);
	/* charon selected it: no lookup */
	ck_assert_int_eq(find_conns_calls, 0);
}
END_TEST

/* IKE_AUTH found no peer config for the identities (06a): the addresses
 * still name the connection */
START_TEST(test_attrib_no_peer_config)
{
	vpndiag_record_t *rec;

	add_conn("gw", "192.0.2.2", "192.0.2.1", VPNDIAG_ADDR_EXACT);
	feed(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE));
	rec = only(VPNDIAG_CONFIG_ID_MISMATCH, "no-matching-peer-config");
	ck_assert_str_eq(rec->conn, "gw");
	ck_assert_int_eq(rec->conn_match, VPNDIAG_CONN_MATCH_ADDRESS);
}
END_TEST

/* the kinds behind charon's match qualities (ike_cfg.c match(): 129 an
 * address, mask + 1 a subnet, 1 %any, a range that is no subnet, /0) */
START_TEST(test_addr_match_kind)
{
	ck_assert_int_eq(vpndiag_addr_match_kind(0, "192.0.2.1", "192.0.2.9"),
					 VPNDIAG_ADDR_NONE);
	ck_assert_int_eq(vpndiag_addr_match_kind(129, "192.0.2.1", "192.0.2.1"),
					 VPNDIAG_ADDR_EXACT);
	ck_assert_int_eq(vpndiag_addr_match_kind(129, "sun.example.org, %any",
					 "192.0.2.1"), VPNDIAG_ADDR_EXACT);
	ck_assert_int_eq(vpndiag_addr_match_kind(33, "192.0.2.1/32", "192.0.2.1"),
					 VPNDIAG_ADDR_EXACT);
	ck_assert_int_eq(vpndiag_addr_match_kind(25, "192.0.2.0/24", "192.0.2.1"),
					 VPNDIAG_ADDR_RANGE);
	ck_assert_int_eq(vpndiag_addr_match_kind(31, "192.0.2.4-192.0.2.7",
					 "192.0.2.5"), VPNDIAG_ADDR_RANGE);
	ck_assert_int_eq(vpndiag_addr_match_kind(1, "192.0.2.1-192.0.2.9",
					 "192.0.2.5"), VPNDIAG_ADDR_RANGE);
	ck_assert_int_eq(vpndiag_addr_match_kind(1, "%any, 192.0.2.1-192.0.2.9",
					 "192.0.2.5"), VPNDIAG_ADDR_RANGE);
	ck_assert_int_eq(vpndiag_addr_match_kind(1, "%any, 192.0.2.1-192.0.2.9",
					 "198.51.100.1"), VPNDIAG_ADDR_ANY);
	ck_assert_int_eq(vpndiag_addr_match_kind(1, "%any", "192.0.2.1"),
					 VPNDIAG_ADDR_ANY);
	ck_assert_int_eq(vpndiag_addr_match_kind(1, "0.0.0.0/0", "192.0.2.1"),
					 VPNDIAG_ADDR_ANY);
	ck_assert_int_eq(vpndiag_addr_match_kind(1, "%any6", "2001:db8::1"),
					 VPNDIAG_ADDR_ANY);
	ck_assert_int_eq(vpndiag_addr_match_kind(129, "2001:db8::1",
					 "2001:db8::1"), VPNDIAG_ADDR_EXACT);
	ck_assert_int_eq(vpndiag_addr_match_kind(65, "2001:db8::/64",
					 "2001:db8::1"), VPNDIAG_ADDR_RANGE);
	ck_assert_int_eq(vpndiag_addr_match_kind(1, "2001:db8::1-2001:db8::9",
					 "2001:db8::5"), VPNDIAG_ADDR_RANGE);
	/* a v4 range does not contain a v6 address */
	ck_assert_int_eq(vpndiag_addr_match_kind(1, "%any, 0.0.0.1-0.0.0.9",
					 "::5"), VPNDIAG_ADDR_ANY);
}
END_TEST

START_TEST(test_attrib_one)
{
	vpndiag_record_t *rec;

	add_conn("gw", "192.0.2.2", "192.0.2.1", VPNDIAG_ADDR_EXACT);
	add_conn("other", "192.0.2.2", "192.0.2.7", VPNDIAG_ADDR_EXACT);
	rec = p1_mismatch_from(1, NULL);
	ck_assert_str_eq(rec->conn, "gw");
	ck_assert_int_eq(rec->conn_match, VPNDIAG_CONN_MATCH_ADDRESS);
	ck_assert(!strstr(rec->detail, "attributed"));
	vpndiag_record_destroy(rec);
	/* the same for a local side matched by a subnet or %any */
	cfg_conns[0].me = VPNDIAG_ADDR_ANY;
	rec = p1_mismatch_from(2, NULL);
	ck_assert_str_eq(rec->conn, "gw");
	vpndiag_record_destroy(rec);
}
END_TEST

START_TEST(test_attrib_several)
{
	vpndiag_record_t *rec;

	add_conn("gw", "192.0.2.2", "192.0.2.1", VPNDIAG_ADDR_EXACT);
	add_conn("gw2", "192.0.2.2", "192.0.2.1", VPNDIAG_ADDR_EXACT);
	rec = p1_mismatch_from(1, NULL);
	ck_assert_ptr_null(rec->conn);
	ck_assert_int_eq(rec->conn_match, VPNDIAG_CONN_MATCH_NONE);
	ck_assert_msg(strstr(rec->detail, "(not attributed: 2 connections match "
						 "these addresses: 'gw', 'gw2')"), "%s", rec->detail);
	vpndiag_record_destroy(rec);
	/* one named by its address, one by a subnet: still two candidates */
	cfg_conns[1].other = VPNDIAG_ADDR_RANGE;
	rec = p1_mismatch_from(2, NULL);
	ck_assert_ptr_null(rec->conn);
	ck_assert(strstr(rec->detail, "'gw', 'gw2'"));
	vpndiag_record_destroy(rec);
}
END_TEST

/* the other version's configs do not count */
START_TEST(test_attrib_version)
{
	vpndiag_record_t *rec;

	add_conn("gw", "192.0.2.2", "192.0.2.1", VPNDIAG_ADDR_EXACT);
	add_conn("gw1", "192.0.2.2", "192.0.2.1", VPNDIAG_ADDR_EXACT);
	cfg_conns[1].version = 1;
	rec = p1_mismatch_from(1, NULL);
	ck_assert_str_eq(rec->conn, "gw");
	vpndiag_record_destroy(rec);
}
END_TEST

/* a subnet (or range) is a candidate, but its sources are nobody's */
START_TEST(test_attrib_range)
{
	vpndiag_record_t *rec;

	add_conn("flood", "192.0.2.2", NULL, VPNDIAG_ADDR_RANGE);
	rec = p1_mismatch_from(1, "10.64.0.9");
	ck_assert_ptr_null(rec->conn);
	ck_assert_msg(strstr(rec->detail, "(not attributed to connection "
				"'flood': 10.64.0.9 lies in its remote range or subnet, it is "
				"not one of its configured addresses)"), "%s", rec->detail);
	vpndiag_record_destroy(rec);
}
END_TEST

/* %any peers are no candidates (find_conns() leaves them out; a reported
 * one is ignored) */
START_TEST(test_attrib_any)
{
	vpndiag_record_t *rec;

	add_conn("rw", "192.0.2.2", "192.0.2.1", VPNDIAG_ADDR_ANY);
	rec = p1_mismatch_from(1, NULL);
	ck_assert_ptr_null(rec->conn);
	ck_assert(!strstr(rec->detail, "attributed"));
	vpndiag_record_destroy(rec);
}
END_TEST

/* half-open on the responder: the IKE_SA has an IKE config, no peer
 * config */
START_TEST(test_attrib_half_open)
{
	vpndiag_record_t *rec;

	add_conn("gw", "192.0.2.2", "192.0.2.1", VPNDIAG_ADDR_EXACT);
	feed(alert(VPNDIAG_ALERT_HALF_OPEN_TIMEOUT, FALSE));
	rec = only(VPNDIAG_EXCHANGE_TIMEOUT, "half-open-timeout");
	ck_assert_str_eq(rec->conn, "gw");
	ck_assert_int_eq(rec->conn_match, VPNDIAG_CONN_MATCH_ADDRESS);
}
END_TEST

/*
 * The pool decision: failures from a configured peer address count for the
 * connection (counters, status, its history); a flood of sources in a
 * configured subnet stays unattributed and cannot evict that history.
 */
START_TEST(test_attrib_flood_pool)
{
	vpndiag_caps_t caps = {
		.max_records = 10, .per_conn = 3, .max_unattributed = 4, .max_info = 2,
	};
	vpndiag_filter_t filter = { .conn = "gw" };
	vpndiag_store_t *store = vpndiag_store_create(&caps);
	vpndiag_counters_t counters;
	vpndiag_record_t *rec, *copy;
	linked_list_t *list;
	char addr[32];
	bool is_new;
	u_int downs;
	int i;

	add_conn("gw", "192.0.2.2", "192.0.2.1", VPNDIAG_ADDR_EXACT);
	add_conn("flood", "192.0.2.2", NULL, VPNDIAG_ADDR_RANGE);
	copy = store->add(store, p1_mismatch_from(1, NULL), &is_new);
	ck_assert_str_eq(copy->conn, "gw");
	vpndiag_record_destroy(copy);
	for (i = 0; i < 50; i++)
	{
		snprintf(addr, sizeof(addr), "10.64.0.%d", i + 1);
		copy = store->add(store, p1_mismatch_from(100 + i, addr), &is_new);
		ck_assert(is_new);
		ck_assert_ptr_null(copy->conn);
		vpndiag_record_destroy(copy);
	}
	list = store->list(store, &filter);
	ck_assert_int_eq(list->get_count(list), 1);
	list->destroy_function(list, (void*)vpndiag_record_destroy);
	ck_assert(store->get_counters(store, "gw", &counters));
	ck_assert_int_eq(counters.total[VPNDIAG_P1_PROPOSAL_MISMATCH], 1);
	ck_assert(!store->get_counters(store, "flood", &counters));
	ck_assert(store->get_counters(store, NULL, &counters));
	ck_assert_int_eq(counters.total[VPNDIAG_P1_PROPOSAL_MISMATCH], 51);
	ck_assert_int_eq(counters.records, 1 + 4);
	rec = store->get_last_failure(store, "gw", 0, &downs);
	ck_assert(rec);
	ck_assert_int_eq(rec->code, VPNDIAG_P1_PROPOSAL_MISMATCH);
	ck_assert_int_eq(rec->conn_match, VPNDIAG_CONN_MATCH_ADDRESS);
	vpndiag_record_destroy(rec);
	store->destroy(store);
}
END_TEST

/* ----- authentication --------------------------------------------------- */

/** sun after IKE_AUTH selected config gw */
static vpndiag_event_t with_cfg(vpndiag_event_t e)
{
	e.sa.has_peer_cfg = TRUE;
	snprintf(e.sa.conn, sizeof(e.sa.conn), "gw");
	return e;
}

START_TEST(test_psk_mismatch)
{
	vpndiag_record_t *rec;

	feed(with_cfg(logfact(VPNDIAG_LOG_PSK_MISMATCH, "tried 1 shared key for "
				  "'sun.lab' - 'moon.lab', but MAC mismatched", FALSE)));
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	rec = only(VPNDIAG_AUTH_FAIL, "psk-mismatch");
	ck_assert_str_eq(rec->conn, "gw");
	ck_assert_str_eq(rec->confidence, "high");
}
END_TEST

START_TEST(test_no_peer_config)
{
	vpndiag_record_t *rec;

	feed(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE));
	rec = only(VPNDIAG_CONFIG_ID_MISMATCH, "no-matching-peer-config");
	ck_assert_ptr_null(rec->conn);
	ck_assert_str_eq(rec->remote_id, "moon.lab");
}
END_TEST

START_TEST(test_idr_mismatch)
{
	feed(with_cfg(logfact(VPNDIAG_LOG_IDR_MISMATCH, "received IDr other.lab, "
				  "but require sun.lab", FALSE)));
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	only(VPNDIAG_CONFIG_ID_MISMATCH, "idr-mismatch");
}
END_TEST

/* "no trusted key": the peer asked for CAs we lack and sent no cert (15d) */
START_TEST(test_untrusted_key)
{
	feed(with_cfg(logfact(VPNDIAG_LOG_CERTREQ_UNKNOWN_CA, "received 1 cert "
				  "requests for an unknown ca", FALSE)));
	feed(with_cfg(logfact(VPNDIAG_LOG_NO_TRUSTED_KEY, "no trusted ECDSA public "
				  "key found for 'moon.lab'", FALSE)));
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	only(VPNDIAG_AUTH_FAIL, "untrusted-ca");
}
END_TEST

/* "no trusted key" although a certificate came: the ID is not in it */
START_TEST(test_id_not_in_cert)
{
	vpndiag_event_t m = with_cfg(msg_in(IKE_AUTH, TRUE, 0, FALSE));
	vpndiag_record_t *rec;

	m.certs = TRUE;
	feed(m);
	/* even if the peer also asked for CAs we do not know */
	feed(with_cfg(logfact(VPNDIAG_LOG_CERTREQ_UNKNOWN_CA, "received 1 cert "
				  "requests for an unknown ca", FALSE)));
	feed(with_cfg(logfact(VPNDIAG_LOG_NO_TRUSTED_KEY, "no trusted ECDSA public "
				  "key found for 'moon.other'", FALSE)));
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	rec = only(VPNDIAG_CONFIG_ID_MISMATCH, "id-not-in-cert");
	ck_assert(strstr(rec->detail, "subjectAltName"));
	ck_assert(strstr(rec->remedy, "swanctl --load-conns"));
}
END_TEST

/* "no trusted key", no certificate, no unknown CA asked for */
START_TEST(test_no_cert_received)
{
	feed(with_cfg(logfact(VPNDIAG_LOG_NO_TRUSTED_KEY, "no trusted ECDSA public "
				  "key found for 'moon.lab'", FALSE)));
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	only(VPNDIAG_AUTH_FAIL, "no-cert-received");
}
END_TEST

/* a chain alert decides before the certificate facts (15d with a cert) */
START_TEST(test_untrusted_ca_alert_first)
{
	vpndiag_event_t m = with_cfg(msg_in(IKE_AUTH, TRUE, 0, FALSE));

	m.certs = TRUE;
	feed(m);
	feed(with_cfg(alert(VPNDIAG_ALERT_CERT_NO_ISSUER, FALSE)));
	feed(with_cfg(logfact(VPNDIAG_LOG_NO_TRUSTED_KEY, "no trusted ECDSA public "
				  "key found for 'moon.lab'", FALSE)));
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	only(VPNDIAG_AUTH_FAIL, "untrusted-ca");
}
END_TEST

/* the constraint lines of auth_cfg.c complies(), 5.9.8 and 6.x wording */
static struct {
	const char *line;
	vpndiag_code_t code;
	const char *cause;
} constraint_lines[] = {
	{ "constraint check failed: identity 'sun.lab' required ",
	  VPNDIAG_CONFIG_ID_MISMATCH, "identity-constraint" },
	{ "constraint check failed: EAP identity 'carol' required ",
	  VPNDIAG_CONFIG_ID_MISMATCH, "identity-constraint" },
	{ "constraint check failed: EAP identity 'carol' (ID_FQDN) required, "
	  "not matched by 'dave' (ID_FQDN)",
	  VPNDIAG_CONFIG_ID_MISMATCH, "identity-constraint" },
	{ "constraint check failed: certificate does not confirm identity "
	  "'moon.lab' (ID_FQDN)",
	  VPNDIAG_CONFIG_ID_MISMATCH, "identity-constraint" },
	{ "constraint check failed: peer not authenticated by CA 'C=CH, O=Lab, "
	  "CN=Other CA'", VPNDIAG_AUTH_FAIL, "ca-constraint" },
	{ "constraint check failed: group membership to 'admins' required",
	  VPNDIAG_AUTH_FAIL, "group-constraint" },
	{ "constraint check failed: peer not authenticated with peer cert "
	  "'C=CH, O=Lab, CN=moon.lab'", VPNDIAG_AUTH_FAIL,
	  "pinned-cert-constraint" },
	{ "constraint check failed: RULE_CRL_VALIDATION is SKIPPED, but requires "
	  "at least GOOD", VPNDIAG_AUTH_FAIL, "revocation-constraint" },
};

START_TEST(test_constraint)
{
	vpndiag_event_t m = with_cfg(msg_in(IKE_AUTH, TRUE, 0, FALSE));
	vpndiag_record_t *rec;

	/* EAP ran (the EAP identity case): the constraint still decides */
	m.eap_code = EAP_SUCCESS;
	feed(m);
	feed(with_cfg(logfact(VPNDIAG_LOG_CONSTRAINT, constraint_lines[_i].line,
						  FALSE)));
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	rec = only(constraint_lines[_i].code, constraint_lines[_i].cause);
	ck_assert(strstr(rec->detail, constraint_lines[_i].line));
}
END_TEST

/* a constraint line for a config charon then switched away from is no
 * failure by itself, and an unknown wording is no constraint cause */
START_TEST(test_constraint_unknown)
{
	feed(with_cfg(logfact(VPNDIAG_LOG_CONSTRAINT, "constraint check failed: "
				  "something new", FALSE)));
	none();
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	only(VPNDIAG_AUTH_FAIL, "peer-auth-failed");
}
END_TEST

START_TEST(test_peer_rejected_auth)
{
	vpndiag_record_t *rec;

	feed(msg_in(IKE_AUTH, FALSE, AUTHENTICATION_FAILED, TRUE));
	feed(alert(VPNDIAG_ALERT_LOCAL_AUTH_FAILED, TRUE));
	rec = only(VPNDIAG_AUTH_FAIL, "peer-rejected-auth");
	ck_assert_str_eq(rec->confidence, "low");
	ck_assert_int_eq(rec->fix, VPNDIAG_FIX_EITHER);
	/* one record per IKE_SA: a second alert adds nothing */
	feed(alert(VPNDIAG_ALERT_LOCAL_AUTH_FAILED, TRUE));
	ck_assert_int_eq(out->get_count(out), 1);
}
END_TEST

static vpndiag_event_t down_ev(bool initiator);
static vpndiag_event_t up_ev(uint32_t id, bool initiator);

/** charon's childless lines (child_create.c 5.9.8), who logs them, and
 *  the cause */
static struct {
	const char *line;
	bool initiator;
	const char *cause;
} childless_lines[] = {
	{ "peer did not initiate a childless IKE_SA", FALSE, "childless-forced" },
	{ "peer tried to initiate a childless IKE_SA", FALSE, "childless-refused" },
	{ "peer does not support childless IKE_SA initiation", TRUE,
	  "childless-unsupported" },
};

START_TEST(test_childless_local)
{
	vpndiag_record_t *rec;
	bool initiator = childless_lines[_i].initiator;

	if (!initiator)
	{	/* the responder established the IKE_SA before the CHILD_SA part */
		feed(up_ev(1, FALSE));
	}
	none();
	feed(with_cfg(logfact(VPNDIAG_LOG_CHILDLESS, childless_lines[_i].line,
						  initiator)));
	rec = only(VPNDIAG_EXCHANGE_MODE_MISMATCH, childless_lines[_i].cause);
	ck_assert_str_eq(rec->confidence, "high");
	ck_assert(strstr(rec->detail, "childless = "));
	ck_assert(strstr(vpndiag_record_remedy(rec), "childless = allow"));
	/* the IKE_SA's end adds nothing */
	feed(down_ev(initiator));
	ck_assert_int_eq(out->get_count(out), 1);
}
END_TEST

START_TEST(test_childless_peer_rejected)
{
	vpndiag_event_t m = msg_in(IKE_AUTH, FALSE, INVALID_SYNTAX, TRUE);
	vpndiag_record_t *rec;

	/* IDr AUTH ... N(INVAL_SYN): the peer authenticated us first */
	m.auth = TRUE;
	feed(m);
	feed(alert(VPNDIAG_ALERT_LOCAL_AUTH_FAILED, TRUE));
	rec = only(VPNDIAG_EXCHANGE_MODE_MISMATCH, "peer-rejected-childless");
	ck_assert_str_eq(rec->confidence, "medium");
	ck_assert(strstr(rec->detail, "could not parse"));
}
END_TEST

START_TEST(test_invalid_syntax_without_auth)
{
	/* nothing but the notify (a response to a message the peer could not
	 * parse): not a childless refusal, the record stays as before */
	feed(msg_in(IKE_AUTH, FALSE, INVALID_SYNTAX, TRUE));
	feed(alert(VPNDIAG_ALERT_LOCAL_AUTH_FAILED, TRUE));
	only(VPNDIAG_AUTH_FAIL, "local-auth-failed");
}
END_TEST

/*
 * IKE ports held by another process (vpndiag_ike_ports.c on a fake /proc)
 */

static char fake_proc[64];

/** write a file below fake_proc */
static void fake_file(const char *name, const char *content)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fake_proc, name);
	f = fopen(path, "w");
	ck_assert(f);
	fputs(content, f);
	fclose(f);
}

/** a process with one socket fd */
static void fake_process(int pid, const char *comm, unsigned long inode)
{
	char path[256], link[64];

	snprintf(path, sizeof(path), "%s/%d", fake_proc, pid);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%d/fd", fake_proc, pid);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%d/fd/%lu", fake_proc, pid, inode % 100);
	snprintf(link, sizeof(link), "socket:[%lu]", inode);
	ck_assert(symlink(link, path) == 0);
	snprintf(path, sizeof(path), "%d/comm", pid);
	fake_file(path, comm);
}

#define UDP_HEAD "  sl  local_address rem_address   st tx_queue rx_queue tr " \
	"tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
#define UDP_LINE(addr, port, inode) "   7: " addr ":" port " 00000000:0000 07 " \
	"00000000:00000000 00:00000000 00000000     0        0 " inode " 2 " \
	"0000000000000000 0\n"
#define ANY6 "00000000000000000000000000000000"

static void fake_proc_tree(const char *udp, const char *udp6)
{
	char path[128];

	snprintf(fake_proc, sizeof(fake_proc), "/tmp/vd-proc-XXXXXX");
	ck_assert(mkdtemp(fake_proc));
	snprintf(path, sizeof(path), "%s/net", fake_proc);
	mkdir(path, 0700);
	fake_file("net/udp", udp);
	fake_file("net/udp6", udp6);
	/* charon (200) with its IPv6 socket on 500, a python3 (100) */
	fake_process(200, "charon\n", 2222);
	fake_process(100, "python3\n", 1111);
}

static void fake_proc_remove(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", fake_proc);
	ck_assert(system(cmd) == 0);
}

START_TEST(test_ike_port_held)
{
	char holders[128];

	/* python3 holds 0.0.0.0:500, charon only [::]:500 */
	fake_proc_tree(UDP_HEAD UDP_LINE("00000000", "01F4", "1111"),
				   UDP_HEAD UDP_LINE(ANY6, "01F4", "2222"));
	ck_assert_int_eq(vpndiag_ike_port_conflict(fake_proc, 200, 500, FALSE,
											   holders, sizeof(holders)), 1);
	ck_assert_str_eq(holders, "pid 100 (python3)");
	/* IPv6: charon has its socket */
	ck_assert_int_eq(vpndiag_ike_port_conflict(fake_proc, 200, 500, TRUE,
											   holders, sizeof(holders)), 0);
	/* 4500: nobody */
	ck_assert_int_eq(vpndiag_ike_port_conflict(fake_proc, 200, 4500, FALSE,
											   holders, sizeof(holders)), 0);
	/* another pid as charon: both ports' holders are foreign */
	ck_assert_int_eq(vpndiag_ike_port_conflict(fake_proc, 300, 500, TRUE,
											   holders, sizeof(holders)), 1);
	ck_assert_str_eq(holders, "pid 200 (charon)");
	fake_proc_remove();
}
END_TEST

START_TEST(test_ike_port_ours)
{
	char holders[128];

	/* charon (200) also has 0.0.0.0:500 (inode 3333): the port is its own
	 * although python3 shares it */
	fake_proc_tree(UDP_HEAD UDP_LINE("00000000", "01F4", "1111")
				   UDP_LINE("00000000", "01F4", "3333"), UDP_HEAD);
	fake_process(200, "charon\n", 3333);
	ck_assert_int_eq(vpndiag_ike_port_conflict(fake_proc, 200, 500, FALSE,
											   holders, sizeof(holders)), 0);
	fake_proc_remove();
}
END_TEST

START_TEST(test_ike_port_dual_stack)
{
	char holders[128];

	/* python3 on [::]:500 (dual-stack takes IPv4 too), an unknown socket on
	 * 192.0.2.1:500; on [2001:db8::1]:4500 a socket does not count for IPv4 */
	fake_proc_tree(UDP_HEAD UDP_LINE("0102000C", "01F4", "4444"),
				   UDP_HEAD UDP_LINE(ANY6, "01F4", "1111")
				   UDP_LINE("B80D0120000000000000000001000000", "1194", "1111"));
	ck_assert_int_eq(vpndiag_ike_port_conflict(fake_proc, 200, 500, FALSE,
											   holders, sizeof(holders)), 2);
	ck_assert_str_eq(holders, "pid 100 (python3), a process vpndiag cannot "
					 "see");
	ck_assert_int_eq(vpndiag_ike_port_conflict(fake_proc, 200, 4500, FALSE,
											   holders, sizeof(holders)), 0);
	ck_assert_int_eq(vpndiag_ike_port_conflict(fake_proc, 200, 4500, TRUE,
											   holders, sizeof(holders)), 1);
	/* no procfs: nothing */
	ck_assert_int_eq(vpndiag_ike_port_conflict("/nonexistent", 200, 500,
									FALSE, holders, sizeof(holders)), 0);
	fake_proc_remove();
}
END_TEST

START_TEST(test_ike_port_in_use)
{
	vpndiag_event_t e = {
		.type = VPNDIAG_EV_LOG,
		.logfact = VPNDIAG_LOG_IKE_PORT_IN_USE,
		.time_ms = now += 10,
		.text = "pid 100 (python3)",
		.text2 = "IPv4",
		.dst_port = 500,
	};
	vpndiag_record_t *rec;

	feed(e);
	rec = only(VPNDIAG_IKE_PORT_UNAVAILABLE, "port-in-use");
	ck_assert(!rec->conn);
	ck_assert_int_eq(rec->fix, VPNDIAG_FIX_LOCAL);
	ck_assert(strstr(rec->detail, "no IPv4 socket on UDP 500 (charon.port): "
					 "pid 100 (python3) holds it"));
}
END_TEST

START_TEST(test_no_local_credential)
{
	feed(logfact(VPNDIAG_LOG_NO_LOCAL_CREDENTIAL, "no shared key found for "
				 "'moon.lab' - 'sun.lab'", TRUE));
	feed(alert(VPNDIAG_ALERT_LOCAL_AUTH_FAILED, TRUE));
	only(VPNDIAG_LOCAL_ID_FAIL, "no-local-credential");
}
END_TEST

START_TEST(test_cert_expired)
{
	vpndiag_event_t e = with_cfg(alert(VPNDIAG_ALERT_CERT_EXPIRED, FALSE));
	vpndiag_record_t *rec;

	snprintf(e.text, sizeof(e.text), "C=CH, O=Lab, CN=moon.lab");
	e.not_before = now / 1000 - 30 * 86400;
	e.not_after = now / 1000 - 86400;
	feed(e);
	none();
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	rec = only(VPNDIAG_PEER_CERT_EXPIRED, "cert-expired");
	ck_assert(strstr(rec->detail, "CN=moon.lab"));
}
END_TEST

/* the expired certificate's role: end entity, intermediate, our root copy */
static struct {
	vpndiag_cert_role_t role;
	bool not_yet;
	const char *cause;
	const char *words;
	vpndiag_fix_t fix;
} cert_roles[] = {
	{ VPNDIAG_CERT_ROLE_END_ENTITY, FALSE, "cert-expired",
	  "end-entity certificate 'C=CH", VPNDIAG_FIX_PEER },
	{ VPNDIAG_CERT_ROLE_INTERMEDIATE, FALSE, "cert-expired",
	  "intermediate CA certificate 'C=CH", VPNDIAG_FIX_EITHER },
	{ VPNDIAG_CERT_ROLE_ROOT, FALSE, "cert-expired",
	  "our trusted copy of the root CA certificate 'C=CH", VPNDIAG_FIX_LOCAL },
	{ VPNDIAG_CERT_ROLE_END_ENTITY, TRUE, "cert-not-yet-valid",
	  "end-entity certificate 'C=CH", VPNDIAG_FIX_PEER },
	{ VPNDIAG_CERT_ROLE_INTERMEDIATE, TRUE, "cert-not-yet-valid",
	  "intermediate CA certificate 'C=CH", VPNDIAG_FIX_EITHER },
	{ VPNDIAG_CERT_ROLE_ROOT, TRUE, "cert-not-yet-valid",
	  "our trusted copy of the root CA certificate 'C=CH", VPNDIAG_FIX_LOCAL },
};

START_TEST(test_cert_expired_role)
{
	vpndiag_event_t e = with_cfg(alert(VPNDIAG_ALERT_CERT_EXPIRED, FALSE));
	vpndiag_record_t *rec;

	snprintf(e.text, sizeof(e.text), "C=CH, O=Lab, CN=Some Cert");
	e.cert_role = cert_roles[_i].role;
	e.not_before = now / 1000 + (cert_roles[_i].not_yet ? 1 : -30) * 86400;
	e.not_after = now / 1000 + (cert_roles[_i].not_yet ? 30 : -1) * 86400;
	feed(e);
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	rec = only(VPNDIAG_PEER_CERT_EXPIRED, cert_roles[_i].cause);
	ck_assert_msg(strstr(rec->detail, cert_roles[_i].words), "%s",
				  rec->detail);
	ck_assert_int_eq(rec->fix, cert_roles[_i].fix);
	ck_assert(strstr(rec->remedy, "swanctl --load-creds"));
}
END_TEST

START_TEST(test_cert_not_yet_valid)
{
	vpndiag_event_t e = with_cfg(alert(VPNDIAG_ALERT_CERT_EXPIRED, FALSE));

	e.not_before = now / 1000 + 86400;
	e.not_after = now / 1000 + 30 * 86400;
	feed(e);
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	only(VPNDIAG_PEER_CERT_EXPIRED, "cert-not-yet-valid");
}
END_TEST

START_TEST(test_cert_revoked)
{
	feed(with_cfg(alert(VPNDIAG_ALERT_CERT_REVOKED, FALSE)));
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	only(VPNDIAG_PEER_CERT_REVOKED, "cert-revoked");
}
END_TEST

START_TEST(test_cert_status_noise)
{
	vpndiag_event_t up = with_cfg(ev(VPNDIAG_EV_IKE_UPDOWN, FALSE));

	feed(with_cfg(alert(VPNDIAG_ALERT_CERT_VALIDATION_FAILED, FALSE)));
	up.up = TRUE;
	feed(up);
	none();
}
END_TEST

START_TEST(test_eap_server)
{
	vpndiag_event_t m = with_cfg(msg_in(IKE_AUTH, TRUE, 0, FALSE));

	m.eap_code = EAP_RESPONSE;
	feed(m);
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	only(VPNDIAG_EAP_AUTH_FAIL, "eap-failed");
}
END_TEST

START_TEST(test_eap_client)
{
	vpndiag_event_t m = msg_in(IKE_AUTH, FALSE, 0, TRUE);

	m.eap_code = EAP_FAILURE;
	feed(m);
	feed(alert(VPNDIAG_ALERT_LOCAL_AUTH_FAILED, TRUE));
	only(VPNDIAG_EAP_AUTH_FAIL, "peer-rejected-eap");
}
END_TEST

START_TEST(test_exchange_mode)
{
	vpndiag_event_t e = logfact(VPNDIAG_LOG_AGGRESSIVE_PSK_DISABLED,
						"Aggressive Mode PSK disabled for security reasons",
						FALSE);

	e.sa.version = 1;
	feed(e);
	e = alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE);
	e.sa.version = 1;
	feed(e);
	only(VPNDIAG_EXCHANGE_MODE_MISMATCH, "aggressive-psk-disabled");
}
END_TEST

START_TEST(test_ikev1_rejected)
{
	vpndiag_event_t e = msg_in(INFORMATIONAL_V1, TRUE,
							   AUTHENTICATION_FAILED, TRUE);

	e.sa.version = 1;
	feed(e);
	only(VPNDIAG_AUTH_FAIL, "peer-rejected-auth");
}
END_TEST

START_TEST(test_ikev1_psk_parse_error)
{
	vpndiag_event_t e = alert(VPNDIAG_ALERT_PARSE_ERROR_BODY, FALSE);

	e.sa.version = 1;
	e.exchange = ID_PROT;
	e.arg = PARSE_ERROR;
	feed(e);
	only(VPNDIAG_AUTH_FAIL, "psk-mismatch");
}
END_TEST

/** a Main Mode responder's undecryptable ID message */
static vpndiag_event_t mm_parse_error(bool initiator)
{
	vpndiag_event_t e = alert(VPNDIAG_ALERT_PARSE_ERROR_BODY, initiator);

	e.sa.version = 1;
	e.exchange = ID_PROT;
	e.arg = PARSE_ERROR;
	return e;
}

START_TEST(test_ikev1_psk_ambiguous)
{
	vpndiag_record_t *rec;

	cfg_psk[0] = (vpndiag_psk_candidate_t){ .name = "nokey", .key = 0 };
	cfg_psk[1] = (vpndiag_psk_candidate_t){ .name = "rw", .key = 1 };
	cfg_psk[2] = (vpndiag_psk_candidate_t){ .name = "gw", .key = 2 };
	cfg_psk[3] = (vpndiag_psk_candidate_t){ .name = "rw2", .key = 1 };
	cfg_npsk = 4;
	feed(mm_parse_error(FALSE));
	rec = only(VPNDIAG_AUTH_FAIL, "psk-ambiguous");
	ck_assert_str_eq(rec->confidence, "medium");
	ck_assert_int_eq(rec->fix, VPNDIAG_FIX_LOCAL);
	ck_assert(strstr(rec->detail, "4 IKEv1 connections accept these "
		"addresses with 2 different keys: 'nokey' (no secret for its ids), "
		"'rw' (key used), 'gw' (another key), 'rw2' (same key); charon used "
		"the key of 'rw'"));
	ck_assert(strstr(vpndiag_record_remedy(rec), "IKEv2"));
}
END_TEST

START_TEST(test_ikev1_psk_not_ambiguous)
{
	/* several connections, one key: a plain mismatch */
	cfg_psk[0] = (vpndiag_psk_candidate_t){ .name = "rw", .key = 1 };
	cfg_psk[1] = (vpndiag_psk_candidate_t){ .name = "gw", .key = 1 };
	cfg_npsk = 2;
	feed(mm_parse_error(FALSE));
	only(VPNDIAG_AUTH_FAIL, "psk-mismatch");
}
END_TEST

START_TEST(test_ikev1_psk_ambiguous_initiator)
{
	/* the initiator chose its key by its own config: not ambiguous */
	cfg_psk[0] = (vpndiag_psk_candidate_t){ .name = "rw", .key = 1 };
	cfg_psk[1] = (vpndiag_psk_candidate_t){ .name = "gw", .key = 2 };
	cfg_npsk = 2;
	feed(mm_parse_error(TRUE));
	only(VPNDIAG_AUTH_FAIL, "psk-mismatch");
}
END_TEST

START_TEST(test_xauth)
{
	vpndiag_event_t e = with_cfg(logfact(VPNDIAG_LOG_XAUTH_FAILED,
						"XAuth authentication of 'xuser' failed", FALSE));

	e.sa.version = 1;
	feed(e);
	only(VPNDIAG_XAUTH_AUTH_FAIL, "xauth-failed");
}
END_TEST

START_TEST(test_xauth_client)
{
	vpndiag_event_t e = logfact(VPNDIAG_LOG_XAUTH_FAILED, "XAuth "
						"authentication of 'xuser' (myself) failed", TRUE);

	e.sa.version = 1;
	feed(e);
	only(VPNDIAG_XAUTH_AUTH_FAIL, "peer-rejected-xauth");
}
END_TEST

START_TEST(test_authorization)
{
	feed(with_cfg(alert(VPNDIAG_ALERT_AUTHORIZATION_FAILED, FALSE)));
	only(VPNDIAG_AUTHORIZATION_FAIL, NULL);
}
END_TEST

/* charon's sequence when an authorize listener (whitelist, ext-auth; not
 * shipped in Debian's bookworm packages, so no lab scenario) vetoes on the
 * IKEv2 responder: bus.c authorize() raises ALERT_AUTHORIZATION_FAILED
 * once a listener sets success = FALSE, ike_auth.c process_r() logs DBG1
 * 'authorization hook forbids IKE_SA, canceling' and sets
 * authentication_failed, build_r() then sends AUTHENTICATION_FAILED and
 * raises ALERT_PEER_AUTH_FAILED (label peer_auth_failed), and the IKE_SA
 * is destroyed while connecting (the log line matches no fact of the
 * listener, so it is no event): one record, the authorization one */
START_TEST(test_authorization_responder_sequence)
{
	vpndiag_record_t *rec;

	feed(with_cfg(alert(VPNDIAG_ALERT_AUTHORIZATION_FAILED, FALSE)));
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	feed(with_cfg(state(VPNDIAG_IKE_DESTROYING, VPNDIAG_IKE_CONNECTING,
						FALSE)));
	rec = only(VPNDIAG_AUTHORIZATION_FAIL, "authorization-denied");
	ck_assert_str_eq(rec->confidence, "high");
	ck_assert(!rec->initiator);
	ck_assert(strstr(rec->detail, "authorization plugin refused"));
	reported("test_authorization_responder_sequence", rec);
}
END_TEST

START_TEST(test_unique_keep)
{
	vpndiag_record_t *rec;

	feed(with_cfg(alert(VPNDIAG_ALERT_UNIQUE_KEEP, FALSE)));
	rec = only(VPNDIAG_SAME_USER_SA_EXISTS, "unique-keep");
	ck_assert_int_eq(rec->category, VPNDIAG_CAT_NEGOTIATION);
}
END_TEST

/* ----- timeouts --------------------------------------------------------- */

static vpndiag_event_t give_up(int exchange, vpndiag_state_t st,
							   unsigned tasks, uint16_t port)
{
	vpndiag_event_t e = alert(VPNDIAG_ALERT_RETRANSMIT_SEND_TIMEOUT, TRUE);

	e.exchange = exchange;
	e.sa.state = st;
	e.sa.tasks = tasks;
	e.dst_port = port;
	return e;
}

START_TEST(test_no_response)
{
	vpndiag_event_t r = alert(VPNDIAG_ALERT_RETRANSMIT_SEND, TRUE);
	vpndiag_record_t *rec;

	r.arg = 3;
	feed(r);
	feed(give_up(IKE_SA_INIT, VPNDIAG_IKE_CONNECTING, 0, 500));
	rec = only(VPNDIAG_MAX_TRANSMIT_REACHED, "no-response");
	ck_assert_int_eq(rec->retransmits, 3);
	ck_assert_int_eq(rec->port, 500);
	feed(alert(VPNDIAG_ALERT_PEER_INIT_UNREACHABLE, TRUE));
	ck_assert_int_eq(out->get_count(out), 1);
}
END_TEST

START_TEST(test_no_route)
{
	vpndiag_event_t e;
	vpndiag_record_t *rec;

	cfg_noroute = TRUE;
	e = give_up(IKE_SA_INIT, VPNDIAG_IKE_CONNECTING, 0, 500);
	snprintf(e.sa.remote, sizeof(e.sa.remote), "198.51.100.7[500]");
	feed(e);
	rec = only(VPNDIAG_MAX_TRANSMIT_REACHED, "no-route-to-peer");
	ck_assert_int_eq(rec->fix, VPNDIAG_FIX_LOCAL);
	ck_assert(strstr(rec->detail, "no local address routes to"));
	ck_assert(strstr(rec->remedy, "ip route get"));
}
END_TEST

START_TEST(test_ike_auth_lost)
{
	vpndiag_record_t *rec;

	vpndiag_event_t e;

	/* a small IKE_AUTH: UDP 4500 filtered is likelier */
	e = give_up(IKE_AUTH, VPNDIAG_IKE_CONNECTING, VPNDIAG_TASK_AUTH, 4500);
	e.size = 300;
	cfg_mtu = 1500;
	feed(e);
	rec = only(VPNDIAG_MAX_TRANSMIT_REACHED, "ike-auth-lost");
	ck_assert_str_eq(rec->exchange, "IKE_AUTH");
	ck_assert_str_eq(rec->fragmented, "no");
	ck_assert_str_eq(rec->nat, "no");
	ck_assert(strstr(rec->detail, "likelier UDP 4500 is filtered"));
	/* no NAT, nothing forced, no MOBIKE: no reason is made up */
	ck_assert(!strstr(rec->detail, "port 4500"));
	ck_assert(strstr(rec->remedy, "Allow UDP 4500"));
	ck_assert(strstr(rec->remedy, "mobike = no"));
	ck_assert(strstr(rec->remedy, "swanctl --load-conns"));
}
END_TEST

/* why IKE used UDP 4500 without a NAT: MOBIKE (IKEv2, the default), or
 * encapsulation forced by encap = yes / kernel-libipsec (COND_NAT_FAKE) */
START_TEST(test_ike_auth_lost_why_4500)
{
	vpndiag_record_t *rec;
	vpndiag_event_t e;

	e = give_up(IKE_AUTH, VPNDIAG_IKE_CONNECTING, VPNDIAG_TASK_AUTH, 4500);
	e.size = 300;
	cfg_mtu = 1500;
	e.sa.mobike = TRUE;
	feed(e);
	rec = only(VPNDIAG_MAX_TRANSMIT_REACHED, "ike-auth-lost");
	ck_assert(strstr(rec->detail, "because MOBIKE is enabled"));
	ck_assert(!strstr(rec->detail, "kernel-libipsec"));

	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	e.sa.unique_id++;
	e.sa.nat = e.sa.nat_forced = TRUE;
	feed(e);
	rec = only(VPNDIAG_MAX_TRANSMIT_REACHED, "ike-auth-lost");
	ck_assert(strstr(rec->detail, "forced by encap = yes"));
	ck_assert(!strstr(rec->detail, "MOBIKE"));

	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	e.sa.unique_id++;
	e.sa.nat_forced = FALSE;
	feed(e);
	rec = only(VPNDIAG_MAX_TRANSMIT_REACHED, "ike-auth-lost");
	ck_assert(strstr(rec->detail, "the peer is behind a NAT or forces UDP "
					 "encapsulation"));

	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	e.sa.unique_id++;
	e.sa.nat_here = TRUE;
	feed(e);
	rec = only(VPNDIAG_MAX_TRANSMIT_REACHED, "ike-auth-lost");
	ck_assert(strstr(rec->detail, "we are behind a NAT"));
	e.sa.nat_here = FALSE;

	/* on UDP 500 no port reason at all */
	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	e.sa.unique_id++;
	e.sa.nat = FALSE;
	e.dst_port = 500;
	feed(e);
	rec = only(VPNDIAG_MAX_TRANSMIT_REACHED, "ike-auth-lost");
	ck_assert(!strstr(rec->detail, "port 4500"));
}
END_TEST

/* IKEv1 Main Mode message IDs are 0: the responder's cookie (SPI) tells
 * whether it answered the first messages */
START_TEST(test_ike_auth_lost_v1)
{
	vpndiag_event_t e;
	vpndiag_record_t *rec;

	e = give_up(ID_PROT, VPNDIAG_IKE_CONNECTING, VPNDIAG_TASK_AUTH, 500);
	e.sa.version = 1;
	feed(e);
	only(VPNDIAG_MAX_TRANSMIT_REACHED, "no-response");

	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	e.sa.unique_id++;
	e.sa.spi_r = 0x1122334455667788ULL;
	e.dst_port = 4500;
	e.size = 108;
	feed(e);
	rec = only(VPNDIAG_MAX_TRANSMIT_REACHED, "ike-auth-lost");
	ck_assert_str_eq(rec->exchange, "ID_PROT");
	ck_assert(strstr(rec->detail, "answered the first Main Mode messages "
					 "but not ID_PROT"));
}
END_TEST

START_TEST(test_ike_auth_lost_fragments)
{
	vpndiag_event_t e;
	vpndiag_record_t *rec;

	/* 900 bytes over a 576-byte link, no IKE fragmentation */
	e = give_up(IKE_AUTH, VPNDIAG_IKE_CONNECTING, VPNDIAG_TASK_AUTH, 4500);
	e.size = 900;
	cfg_mtu = 576;
	feed(e);
	rec = only(VPNDIAG_MAX_TRANSMIT_REACHED, "ike-auth-lost");
	ck_assert_str_eq(rec->fragmented, "yes");
	ck_assert_str_eq(rec->confidence, "medium");
	ck_assert(strstr(rec->detail, "IP fragments of the 932-byte packet"));
	ck_assert(strstr(rec->detail, "MTU of 576 bytes"));
	ck_assert(strstr(rec->remedy, "fragmentation = yes"));

	/* unknown MTU, but larger than 1280: possible */
	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	e.size = 1400;
	e.sa.unique_id = 99;
	cfg_mtu = 0;
	feed(e);
	rec = only(VPNDIAG_MAX_TRANSMIT_REACHED, "ike-auth-lost");
	ck_assert_str_eq(rec->fragmented, "possible");

	/* with IKE fragmentation in use, IP fragments are not the reason */
	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	e.sa.fragmentation = TRUE;
	e.sa.unique_id = 100;
	cfg_mtu = 576;
	feed(e);
	rec = only(VPNDIAG_MAX_TRANSMIT_REACHED, "ike-auth-lost");
	ck_assert_str_eq(rec->fragmented, "no");
	ck_assert(strstr(rec->detail, "IKE fragmentation was negotiated"));
}
END_TEST

START_TEST(test_dpd_timeout_sequence)
{
	vpndiag_event_t down = with_cfg(ev(VPNDIAG_EV_IKE_UPDOWN, TRUE));

	/* retransmit give-up while a DPD task is active */
	feed(with_cfg(give_up(INFORMATIONAL, VPNDIAG_IKE_ESTABLISHED,
						  VPNDIAG_TASK_DPD, 4500)));
	only(VPNDIAG_DPD_TIMEOUT, "dpd-no-response");
	feed(down);
	ck_assert_int_eq(out->get_count(out), 1);
}
END_TEST

START_TEST(test_informational_not_dpd)
{
	/* an unanswered INFORMATIONAL of no liveness task (e.g. a DELETE) */
	feed(give_up(INFORMATIONAL, VPNDIAG_IKE_ESTABLISHED, VPNDIAG_TASK_DELETE,
				 4500));
	only(VPNDIAG_MAX_TRANSMIT_REACHED, "request-unanswered");
}
END_TEST

START_TEST(test_mobike_update_lost)
{
	/* an unanswered MOBIKE address update is no liveness check */
	vpndiag_event_t e = give_up(INFORMATIONAL, VPNDIAG_IKE_ESTABLISHED,
								VPNDIAG_TASK_MOBIKE, 4500);

	feed(logfact(VPNDIAG_LOG_MOBIKE_UPDATE, "sending address list update "
				 "using MOBIKE", TRUE));
	feed(e);
	only(VPNDIAG_MAX_TRANSMIT_REACHED, "mobike-update-unanswered");
}
END_TEST

START_TEST(test_mobike_dpd)
{
	/* the original initiator's DPD runs as a MOBIKE task */
	feed(logfact(VPNDIAG_LOG_MOBIKE_UPDATE, "sending address list update "
				 "using MOBIKE", TRUE));
	feed(logfact(VPNDIAG_LOG_DPD_SENT, "sending DPD request", TRUE));
	feed(give_up(INFORMATIONAL, VPNDIAG_IKE_ESTABLISHED,
				 VPNDIAG_TASK_MOBIKE, 4500));
	only(VPNDIAG_DPD_TIMEOUT, "dpd-no-response");
}
END_TEST

START_TEST(test_ikev1_dpd)
{
	vpndiag_event_t e = give_up(-1, VPNDIAG_IKE_ESTABLISHED, 0, 0);

	e.sa.version = 1;
	feed(e);
	only(VPNDIAG_DPD_TIMEOUT, NULL);
}
END_TEST

START_TEST(test_half_open)
{
	vpndiag_event_t e = alert(VPNDIAG_ALERT_HALF_OPEN_TIMEOUT, FALSE);
	vpndiag_record_t *rec;

	feed(e);
	rec = only(VPNDIAG_EXCHANGE_TIMEOUT, "half-open-timeout");
	ck_assert(!rec->initiator);
}
END_TEST

/* an EAP server whose request (IKE_AUTH response 1) is never answered:
 * the half-open timeout is an EAP timeout (scenario 67b) */
START_TEST(test_half_open_eap_server)
{
	vpndiag_event_t m = with_cfg(ev(VPNDIAG_EV_MESSAGE, FALSE));

	m.exchange = IKE_AUTH;
	m.eap_code = EAP_REQUEST;
	feed(m);
	none();
	feed(alert(VPNDIAG_ALERT_HALF_OPEN_TIMEOUT, FALSE));
	only(VPNDIAG_EAP_AUTH_TIMEOUT, "eap-timeout");
}
END_TEST

/* charon dropped the peer's fragmented IKE_AUTH as larger than max_packet
 * (message.c:add_fragment(), DBG1 enc, in the half-open IKE_SA's context),
 * each retransmit again, until the half-open timeout */
START_TEST(test_half_open_fragment_limit)
{
	feed(logfact(VPNDIAG_LOG_FRAGMENT_LIMIT,
				 "fragmented IKE message is too large", FALSE));
	none();
	feed(alert(VPNDIAG_ALERT_HALF_OPEN_TIMEOUT, FALSE));
	only(VPNDIAG_FRAGMENT_LIMIT, "fragmented-too-large");
}
END_TEST

/* IKEv1: only a running XAuth exchange is an XAuth timeout; a Main or
 * Aggressive Mode left half open is an exchange timeout naming it */
START_TEST(test_half_open_v1)
{
	vpndiag_event_t e = alert(VPNDIAG_ALERT_HALF_OPEN_TIMEOUT, FALSE);
	vpndiag_record_t *rec;

	e.sa.version = 1;
	e.sa.tasks = VPNDIAG_TASK_AUTH;
	feed(e);
	rec = only(VPNDIAG_EXCHANGE_TIMEOUT, "half-open-timeout");
	ck_assert_str_eq(rec->exchange, "ID_PROT");
	ck_assert(strstr(rec->detail, "started IKEv1 Main Mode"));
	ck_assert(strstr(rec->detail, "(message 5)"));
	ck_assert(!strstr(rec->detail, "IKE_AUTH"));

	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	e.sa.unique_id++;
	e.sa.tasks = VPNDIAG_TASK_AUTH | VPNDIAG_TASK_AGGRESSIVE;
	feed(e);
	rec = only(VPNDIAG_EXCHANGE_TIMEOUT, "half-open-timeout");
	ck_assert_str_eq(rec->exchange, "AGGRESSIVE");
	ck_assert(strstr(rec->detail, "started IKEv1 Aggressive Mode"));

	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	e = with_cfg(e);
	e.sa.unique_id++;
	e.sa.tasks = VPNDIAG_TASK_AUTH | VPNDIAG_TASK_XAUTH;
	feed(e);
	rec = only(VPNDIAG_XAUTH_AUTH_TIMEOUT, "xauth-timeout");
	ck_assert(!rec->exchange);
}
END_TEST

START_TEST(test_eap_timeout)
{
	vpndiag_event_t m = with_cfg(msg_in(IKE_AUTH, TRUE, 0, FALSE));

	m.eap_code = EAP_RESPONSE;
	feed(m);
	feed(with_cfg(alert(VPNDIAG_ALERT_HALF_OPEN_TIMEOUT, FALSE)));
	only(VPNDIAG_EAP_AUTH_TIMEOUT, "eap-timeout");
}
END_TEST

START_TEST(test_radius)
{
	feed(with_cfg(alert(VPNDIAG_ALERT_RADIUS_NOT_RESPONDING, FALSE)));
	only(VPNDIAG_EAP_AUTH_TIMEOUT, "radius-timeout");
}
END_TEST

START_TEST(test_dns)
{
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_ADDR_FAILED, TRUE)));
	only(VPNDIAG_DNS_STATUS_CHANGE, NULL);
}
END_TEST

/* ----- deletes and expiry ------------------------------------------------ */

static vpndiag_event_t established(vpndiag_event_t e);

static vpndiag_event_t down_ev(bool initiator)
{
	vpndiag_event_t e = with_cfg(ev(VPNDIAG_EV_IKE_UPDOWN, initiator));

	e.sa.state = VPNDIAG_IKE_DELETING;
	return e;
}

START_TEST(test_peer_request)
{
	vpndiag_event_t m = with_cfg(msg_in(INFORMATIONAL, TRUE, 0, TRUE));

	m.delete_proto = PROTO_IKE;
	m.sa.state = VPNDIAG_IKE_ESTABLISHED;
	feed(m);
	none();
	feed(with_cfg(state(VPNDIAG_IKE_DELETING, VPNDIAG_IKE_ESTABLISHED, TRUE)));
	feed(down_ev(TRUE));
	/* parked: the peer may be reauthenticating break-before-make */
	none();
	classifier->flush(classifier, now + 1000, out);
	none();
	classifier->flush(classifier, now + VPNDIAG_REPLACE_WAIT * 1000, out);
	only(VPNDIAG_PEER_REQUEST, "peer-deleted-ike");
}
END_TEST

/** ike_updown(up) of IKE_SA id, established, with moon's and sun's IDs */
static vpndiag_event_t up_ev(uint32_t id, bool initiator)
{
	vpndiag_event_t e = established(ev(VPNDIAG_EV_IKE_UPDOWN, initiator));

	e.sa.unique_id = id;
	e.up = TRUE;
	return e;
}

/** the peer's DELETE of IKE_SA 1 and its down */
static void peer_deletes_ike(bool initiator)
{
	vpndiag_event_t m = with_cfg(msg_in(INFORMATIONAL, TRUE, 0, initiator));

	m.delete_proto = PROTO_IKE;
	m.sa.state = VPNDIAG_IKE_ESTABLISHED;
	feed(m);
	feed(with_cfg(state(VPNDIAG_IKE_DELETING, VPNDIAG_IKE_ESTABLISHED,
						initiator)));
	feed(down_ev(initiator));
}

START_TEST(test_reauth_bbm_responder)
{
	vpndiag_record_t *rec;

	peer_deletes_ike(FALSE);
	none();
	feed(up_ev(2, FALSE));
	rec = only(VPNDIAG_P1_SA_REPLACE, "ike-reauthenticated");
	ck_assert_int_eq(rec->ike_sa, 2);
	ck_assert(strstr(rec->detail, "IKE_SA #1 reauthenticated: #2"));
	ck_assert(strstr(rec->detail, "break-before-make"));
	ck_assert(!rec->initiator);
	vpndiag_record_destroy(out->remove_first(out, (void**)&rec) == SUCCESS ?
						   rec : NULL);
	classifier->flush(classifier, UINT64_MAX, out);
	none();
}
END_TEST

START_TEST(test_reauth_bbm_initiator)
{
	vpndiag_event_t e = with_cfg(state(VPNDIAG_IKE_DELETING,
									   VPNDIAG_IKE_ESTABLISHED, TRUE));
	vpndiag_record_t *rec;

	e.sa.reauth = TRUE;
	feed(e);
	e = down_ev(TRUE);
	e.sa.reauth = TRUE;
	feed(e);
	none();
	feed(up_ev(2, TRUE));
	rec = only(VPNDIAG_P1_SA_REPLACE, "ike-reauthenticated");
	ck_assert(rec->initiator);
}
END_TEST

START_TEST(test_reauth_mbb)
{
	vpndiag_event_t e;

	feed(up_ev(2, TRUE));
	none();
	e = with_cfg(state(VPNDIAG_IKE_DELETING, VPNDIAG_IKE_ESTABLISHED, TRUE));
	e.sa.reauth = TRUE;
	feed(e);
	e = down_ev(TRUE);
	e.sa.reauth = TRUE;
	feed(e);
	ck_assert(strstr(only(VPNDIAG_P1_SA_REPLACE,
						  "ike-reauthenticated")->detail, "make-before-break"));
}
END_TEST

START_TEST(test_reauth_failed)
{
	vpndiag_event_t e;

	peer_deletes_ike(FALSE);
	/* the new IKE_SA fails: that is the record, not peer request */
	e = with_cfg(logfact(VPNDIAG_LOG_PSK_MISMATCH, "tried 1 shared key for "
				 "'sun.lab' - 'moon.lab', but MAC mismatched", FALSE));
	e.sa.unique_id = 2;
	feed(e);
	e = with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE));
	e.sa.unique_id = 2;
	feed(e);
	only(VPNDIAG_AUTH_FAIL, "psk-mismatch");
	classifier->flush(classifier, UINT64_MAX, out);
	only(VPNDIAG_AUTH_FAIL, "psk-mismatch");
}
END_TEST

START_TEST(test_reauth_other_identity)
{
	vpndiag_event_t up = up_ev(2, FALSE);

	peer_deletes_ike(FALSE);
	snprintf(up.sa.remote_id, sizeof(up.sa.remote_id), "venus.lab");
	feed(up);
	none();
	classifier->flush(classifier, UINT64_MAX, out);
	only(VPNDIAG_PEER_REQUEST, "peer-deleted-ike");
}
END_TEST

/** sun: new IKE_SA id from addr sends INITIAL_CONTACT, IKE_SA old goes
 *  (the log line in the old IKE_SA's context, then its down, then the new
 *  one's up) */
static void initial_contact(uint32_t id, const char *addr, uint32_t old,
							const char *old_addr)
{
	vpndiag_event_t e = established(logfact(VPNDIAG_LOG_INITIAL_CONTACT,
		"destroying duplicate IKE_SA for peer 'moon.lab', received "
		"INITIAL_CONTACT", FALSE));

	e.sa.unique_id = old;
	snprintf(e.sa.remote, sizeof(e.sa.remote), "%s[500]", old_addr);
	feed(e);
	e = established(down_ev(FALSE));
	e.sa.unique_id = old;
	snprintf(e.sa.remote, sizeof(e.sa.remote), "%s[500]", old_addr);
	feed(e);
	e = up_ev(id, FALSE);
	snprintf(e.sa.remote, sizeof(e.sa.remote), "%s[500]", addr);
	feed(e);
}

START_TEST(test_initial_contact)
{
	vpndiag_record_t *rec;

	initial_contact(2, "192.0.2.1", 1, "192.0.2.1");
	rec = only(VPNDIAG_SAME_USER_SA_EXISTS, "peer-initial-contact");
	ck_assert_int_eq(rec->ike_sa, 1);
	ck_assert_int_eq(rec->category, VPNDIAG_CAT_DISCONNECTION);
	ck_assert(strstr(rec->detail, "IKE_SA #1 of 'moon.lab' (192.0.2.1[500])"));
	ck_assert(strstr(rec->detail, "new IKE_SA #2 of the same identity from "
					 "192.0.2.1[500] sent INITIAL_CONTACT"));
}
END_TEST

START_TEST(test_initial_contact_no_new)
{
	vpndiag_event_t e = established(logfact(VPNDIAG_LOG_INITIAL_CONTACT,
		"destroying duplicate IKE_SA for peer 'moon.lab', received "
		"INITIAL_CONTACT", FALSE));

	feed(e);
	feed(established(down_ev(FALSE)));
	none();
	classifier->flush(classifier, UINT64_MAX, out);
	ck_assert(strstr(only(VPNDIAG_SAME_USER_SA_EXISTS,
						  "peer-initial-contact")->detail, "a new IKE_SA"));
}
END_TEST

START_TEST(test_shared_identity)
{
	vpndiag_record_t *rec;
	enumerator_t *enumerator;
	int warnings = 0, takeovers = 0;

	initial_contact(2, "192.0.2.11", 1, "192.0.2.1");
	initial_contact(3, "192.0.2.1", 2, "192.0.2.11");
	/* the same address (a restart) does not count */
	initial_contact(4, "192.0.2.1", 3, "192.0.2.1");
	enumerator = out->create_enumerator(out);
	while (enumerator->enumerate(enumerator, &rec))
	{
		warnings += streq(rec->cause, "shared-identity");
		takeovers += streq(rec->cause, "peer-initial-contact");
	}
	enumerator->destroy(enumerator);
	ck_assert_int_eq(takeovers, 3);
	ck_assert_int_eq(warnings, 0);
	initial_contact(5, "192.0.2.12", 4, "192.0.2.1");
	enumerator = out->create_enumerator(out);
	while (enumerator->enumerate(enumerator, &rec))
	{
		if (streq(rec->cause, "shared-identity"))
		{
			warnings++;
			ck_assert_int_eq(rec->severity, VPNDIAG_SEV_WARNING);
			ck_assert(strstr(rec->detail, "3 IKE_SAs of 'moon.lab'"));
		}
	}
	enumerator->destroy(enumerator);
	ck_assert_int_eq(warnings, 1);
}
END_TEST

START_TEST(test_config_unloaded)
{
	vpndiag_event_t e = logfact(VPNDIAG_LOG_CONFIG_CLOSING,
								"closing IKE_SA #1", TRUE);

	e.sa = (vpndiag_sa_t){};
	feed(e);
	none();
	feed(with_cfg(state(VPNDIAG_IKE_DELETING, VPNDIAG_IKE_ESTABLISHED, TRUE)));
	feed(down_ev(TRUE));
	ck_assert(strstr(only(VPNDIAG_CONFIG_MODIFY_OFFLINE,
						  "config-unloaded")->detail, "closing IKE_SA #1"));
}
END_TEST

START_TEST(test_config_unloaded_child)
{
	vpndiag_event_t e = logfact(VPNDIAG_LOG_CONFIG_CLOSING_CHILD,
								"closing 'net2' #7", TRUE);
	vpndiag_record_t *rec;

	e.sa = (vpndiag_sa_t){};
	feed(e);
	e = established(ev(VPNDIAG_EV_MESSAGE, TRUE));
	e.request = TRUE;
	e.exchange = INFORMATIONAL;
	e.delete_proto = PROTO_ESP;
	e.child_id = 7;
	snprintf(e.child, sizeof(e.child), "net2");
	feed(e);
	none();
	e = established(ev(VPNDIAG_EV_CHILD_UPDOWN, TRUE));
	e.child_id = 7;
	snprintf(e.child, sizeof(e.child), "net2");
	feed(e);
	rec = only(VPNDIAG_CONFIG_MODIFY_OFFLINE, "config-unloaded");
	ck_assert(strstr(rec->detail, "CHILD_SA net2 deleted by vici"));
	vpndiag_record_destroy(out->remove_first(out, (void**)&rec) == SUCCESS ?
						   rec : NULL);
	/* another CHILD_SA deleted later is a local delete */
	e = established(ev(VPNDIAG_EV_MESSAGE, TRUE));
	e.request = TRUE;
	e.exchange = INFORMATIONAL;
	e.delete_proto = PROTO_ESP;
	e.child_id = 8;
	feed(e);
	e = established(ev(VPNDIAG_EV_CHILD_UPDOWN, TRUE));
	e.child_id = 8;
	feed(e);
	only(VPNDIAG_MANUAL_OFFLINE, "local-delete");
}
END_TEST

START_TEST(test_config_unloaded_6x)
{
	vpndiag_event_t e = logfact(VPNDIAG_LOG_CONFIG_CLOSING,
								"vici closing IKE_SA 'gw' #1", TRUE);

	e.sa = (vpndiag_sa_t){};
	feed(e);
	feed(with_cfg(state(VPNDIAG_IKE_DELETING, VPNDIAG_IKE_ESTABLISHED, TRUE)));
	feed(down_ev(TRUE));
	only(VPNDIAG_CONFIG_MODIFY_OFFLINE, "config-unloaded");
}
END_TEST

START_TEST(test_manual_offline)
{
	feed(with_cfg(state(VPNDIAG_IKE_DELETING, VPNDIAG_IKE_ESTABLISHED, FALSE)));
	feed(down_ev(FALSE));
	only(VPNDIAG_MANUAL_OFFLINE, "local-delete");
}
END_TEST

START_TEST(test_shutdown_no_manual_offline)
{
	vpndiag_event_t sig = alert(VPNDIAG_ALERT_SHUTDOWN_SIGNAL, FALSE);

	sig.sa.unique_id = 0;
	feed(sig);
	feed(with_cfg(state(VPNDIAG_IKE_DELETING, VPNDIAG_IKE_ESTABLISHED, FALSE)));
	feed(down_ev(FALSE));
	none();
}
END_TEST

START_TEST(test_hard_expiry)
{
	vpndiag_event_t e = with_cfg(alert(VPNDIAG_ALERT_IKE_SA_EXPIRED, TRUE));

	e.sa.has_hard_lifetime = TRUE;
	feed(e);
	feed(with_cfg(state(VPNDIAG_IKE_DELETING, VPNDIAG_IKE_ESTABLISHED, TRUE)));
	feed(down_ev(TRUE));
	only(VPNDIAG_P1_HARD_EXPIRY, "ike-lifetime-expired");
}
END_TEST

/* sun, responder, cannot reauthenticate moon (a virtual IP): ike_sa.c:
 * reauth() logs that moon did not reauthenticate as requested (DBG1 ike),
 * then sun's hard lifetime (scenario 69b, moon's packets dropped) or moon's
 * DELETE at the announced lifetime ends the IKE_SA */
START_TEST(test_reauth_timeout_expiry)
{
	vpndiag_event_t e = with_cfg(alert(VPNDIAG_ALERT_IKE_SA_EXPIRED, FALSE));
	vpndiag_event_t t = with_cfg(alert(VPNDIAG_ALERT_RETRANSMIT_SEND_TIMEOUT,
									   FALSE));

	feed(established(logfact(VPNDIAG_LOG_REAUTH_NOT_DONE, "initiator did not "
		"reauthenticate as requested, IKE_SA gw[1] will timeout in 4 "
		"seconds", FALSE)));
	none();
	e.sa.has_hard_lifetime = TRUE;
	feed(e);
	feed(with_cfg(state(VPNDIAG_IKE_DELETING, VPNDIAG_IKE_ESTABLISHED, FALSE)));
	/* our DELETE goes unanswered: the peer gave the IKE_SA up already */
	t.sa.state = VPNDIAG_IKE_DELETING;
	t.exchange = INFORMATIONAL;
	feed(t);
	none();
	feed(down_ev(FALSE));
	only(VPNDIAG_REAUTH_TIMEOUT, "initiator-no-reauth");
}
END_TEST

START_TEST(test_reauth_timeout_peer_delete)
{
	feed(established(logfact(VPNDIAG_LOG_REAUTH_NOT_DONE, "initiator did not "
		"reauthenticate as requested, IKE_SA gw[1] will timeout in 4 "
		"seconds", FALSE)));
	peer_deletes_ike(FALSE);
	/* not parked as a possible reauthentication: it is the missing one */
	only(VPNDIAG_REAUTH_TIMEOUT, "initiator-no-reauth");
}
END_TEST

START_TEST(test_false_expiry)
{
	/* raised for an ordinary delete when no lifetime is set */
	feed(with_cfg(alert(VPNDIAG_ALERT_IKE_SA_EXPIRED, FALSE)));
	feed(with_cfg(state(VPNDIAG_IKE_DELETING, VPNDIAG_IKE_ESTABLISHED, FALSE)));
	feed(down_ev(FALSE));
	only(VPNDIAG_MANUAL_OFFLINE, NULL);
}
END_TEST

START_TEST(test_unique_replace)
{
	vpndiag_record_t *rec;

	feed(with_cfg(alert(VPNDIAG_ALERT_UNIQUE_REPLACE, FALSE)));
	feed(with_cfg(state(VPNDIAG_IKE_DELETING, VPNDIAG_IKE_ESTABLISHED, FALSE)));
	feed(down_ev(FALSE));
	rec = only(VPNDIAG_SAME_USER_SA_EXISTS, "unique-replace");
	ck_assert_int_eq(rec->category, VPNDIAG_CAT_DISCONNECTION);
}
END_TEST

START_TEST(test_stray_spi)
{
	vpndiag_event_t spi = alert(VPNDIAG_ALERT_INVALID_IKE_SPI, FALSE);

	/* the IKE_SA was destroyed a moment ago: a late message is no record */
	feed(with_cfg(alert(VPNDIAG_ALERT_PEER_AUTH_FAILED, FALSE)));
	feed(state(VPNDIAG_IKE_DESTROYING, VPNDIAG_IKE_CONNECTING, FALSE));
	ck_assert_int_eq(out->get_count(out), 1);
	spi.sa.unique_id = 0;
	feed(spi);
	ck_assert_int_eq(out->get_count(out), 1);
	/* an unknown SPI is */
	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	spi.sa.spi_i = 42;
	feed(spi);
	only(VPNDIAG_COOKIE_MISMATCH, "unknown-ike-spi");
}
END_TEST

/**
 * An outgoing IKE_SA_INIT response with NO_PROPOSAL_CHOSEN of IKE_SA id
 */
static vpndiag_event_t npc_out(uint32_t id)
{
	vpndiag_event_t e = ev(VPNDIAG_EV_MESSAGE, FALSE);

	e.sa.unique_id = id;
	e.sa.spi_i = id;
	e.exchange = IKE_SA_INIT;
	e.notifies[e.notify_count++] = NO_PROPOSAL_CHOSEN;
	return e;
}

/**
 * A destroying state change of IKE_SA id during setup
 */
static vpndiag_event_t destroying(uint32_t id)
{
	vpndiag_event_t e = state(VPNDIAG_IKE_DESTROYING, VPNDIAG_IKE_CONNECTING,
							  FALSE);

	e.sa.unique_id = id;
	e.sa.spi_i = id;
	return e;
}

START_TEST(test_taken_quick)
{
	vpndiag_event_t a = alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE, FALSE);
	vpndiag_event_t spi = alert(VPNDIAG_ALERT_INVALID_IKE_SPI, FALSE), e;

	/* the classified way: a record, then nothing, no state left */
	a.proposals = ike(12, 12, 5, 31);
	a.configured = ike(12, 13, 6, 31);
	a.sa.unique_id = a.sa.spi_i = 2;
	feed(a);
	only(VPNDIAG_P1_PROPOSAL_MISMATCH, "no-common-proposal");
	feed(npc_out(2));
	e = ev(VPNDIAG_EV_IKE_UPDOWN, FALSE);
	e.sa.unique_id = 2;
	feed(e);
	feed(destroying(2));
	ck_assert_int_eq(out->get_count(out), 1);
	ck_assert_int_eq(classifier->get_sa_count(classifier), 0);
	/* an IKE_SA with state (IKE_SA 1 after a log fact) is not taken, one
	 * without (IKE_SA 3) is */
	a = alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE, FALSE);
	a.sa.unique_id = 3;
	feed(logfact(VPNDIAG_LOG_PSK_MISMATCH, "x", FALSE));
	ck_assert_int_eq(classifier->get_sa_count(classifier), 1);
	ck_assert(classifier->take_diagnosed(classifier, &a, FALSE));
	e = alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE, FALSE);
	ck_assert(!classifier->take_diagnosed(classifier, &e, FALSE));
	feed(destroying(1));

	/* the cheap way: taken, its message and destroy handled quickly, no
	 * state, no record, its SPI remembered as drop_state() would */
	a.sa.unique_id = a.sa.spi_i = 4;
	ck_assert(classifier->take_diagnosed(classifier, &a, FALSE));
	ck_assert(classifier->take_diagnosed(classifier, &a, TRUE));
	ck_assert(!classifier->take_diagnosed(classifier, &a, TRUE));
	ck_assert_int_eq(classifier->get_sa_count(classifier), 0);
	e = npc_out(4);
	ck_assert(classifier->quick(classifier, &e));
	/* not quick: an incoming message, EAP, DELETE, no IKE config, IKEv1,
	 * other IKE_SAs, other state changes */
	e = msg_in(IKE_SA_INIT, FALSE, NO_PROPOSAL_CHOSEN, FALSE);
	e.sa.unique_id = 4;
	ck_assert(!classifier->quick(classifier, &e));
	e = npc_out(4);
	e.eap_code = 4;
	ck_assert(!classifier->quick(classifier, &e));
	e = npc_out(4);
	e.delete_proto = 1;
	ck_assert(!classifier->quick(classifier, &e));
	e = npc_out(4);
	e.sa.has_ike_cfg = FALSE;
	ck_assert(!classifier->quick(classifier, &e));
	e = npc_out(4);
	e.sa.version = 1;
	e.exchange = INFORMATIONAL_V1;
	ck_assert(!classifier->quick(classifier, &e));
	e = npc_out(5);
	ck_assert(!classifier->quick(classifier, &e));
	e = destroying(4);
	e.new_state = VPNDIAG_IKE_DELETING;
	ck_assert(!classifier->quick(classifier, &e));
	/* the down build_response() raises after the failed task's answer */
	e = ev(VPNDIAG_EV_IKE_UPDOWN, FALSE);
	e.sa.unique_id = 4;
	e.up = TRUE;
	ck_assert(!classifier->quick(classifier, &e));
	e.up = FALSE;
	ck_assert(classifier->quick(classifier, &e));
	e = destroying(4);
	ck_assert(classifier->quick(classifier, &e));
	ck_assert(!classifier->quick(classifier, &e));
	ck_assert_int_eq(classifier->get_sa_count(classifier), 0);
	ck_assert_int_eq(out->get_count(out), 1);
	spi.sa.unique_id = 0;
	spi.sa.spi_i = 4;
	feed(spi);
	ck_assert_int_eq(out->get_count(out), 1);
}
END_TEST

START_TEST(test_taken_materialized)
{
	vpndiag_event_t a = alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE, FALSE);

	/* without an alert, a setup that ends after NO_PROPOSAL_CHOSEN from
	 * the peer is diagnosed when the IKE_SA goes */
	feed(msg_in(IKE_SA_INIT, FALSE, NO_PROPOSAL_CHOSEN, FALSE));
	feed(state(VPNDIAG_IKE_DESTROYING, VPNDIAG_IKE_CONNECTING, FALSE));
	ck_assert_int_eq(out->get_count(out), 1);
	/* taken as diagnosed (its alert counted by the cheap path): an event
	 * quick() does not handle gets the state the rule would have left, so
	 * nothing is recorded twice */
	a.sa.unique_id = 7;
	ck_assert(classifier->take_diagnosed(classifier, &a, TRUE));
	a = msg_in(IKE_SA_INIT, FALSE, NO_PROPOSAL_CHOSEN, FALSE);
	a.sa.unique_id = 7;
	ck_assert(!classifier->quick(classifier, &a));
	feed(a);
	ck_assert_int_eq(classifier->get_sa_count(classifier), 1);
	a = state(VPNDIAG_IKE_DESTROYING, VPNDIAG_IKE_CONNECTING, FALSE);
	a.sa.unique_id = 7;
	feed(a);
	ck_assert_int_eq(out->get_count(out), 1);
	ck_assert_int_eq(classifier->get_sa_count(classifier), 0);
}
END_TEST

START_TEST(test_stray_spi_init_response)
{
	vpndiag_event_t spi = alert(VPNDIAG_ALERT_INVALID_IKE_SPI, TRUE);

	/* an answer to our own IKE_SA_INIT that charon could not match yet
	 * (a reauthentication's new IKE_SA): the peer lost nothing */
	spi.sa.unique_id = 0;
	spi.sa.spi_i = 43;
	spi.exchange = IKE_SA_INIT;
	feed(spi);
	none();
	spi.request = TRUE;
	feed(spi);
	only(VPNDIAG_COOKIE_MISMATCH, "unknown-ike-spi");
}
END_TEST

START_TEST(test_reauth_not_dropped_by_stray)
{
	vpndiag_event_t spi = alert(VPNDIAG_ALERT_INVALID_IKE_SPI, FALSE);
	vpndiag_record_t *rec;

	peer_deletes_ike(FALSE);
	/* a record without an IKE_SA is no failure of the reauthentication */
	spi.sa.unique_id = 0;
	spi.sa.spi_i = 44;
	feed(spi);
	rec = only(VPNDIAG_COOKIE_MISMATCH, "unknown-ike-spi");
	vpndiag_record_destroy(out->remove_first(out, (void**)&rec) == SUCCESS ?
						   rec : NULL);
	feed(up_ev(2, FALSE));
	only(VPNDIAG_P1_SA_REPLACE, "ike-reauthenticated");
}
END_TEST

/* receiver.c:receive_packets() raises ALERT_PARSE_ERROR_HEADER for a
 * header that does not parse; the listener adds the datagram's size and the
 * version and exchange type its header claims */
static struct {
	uint32_t size;
	int version;
	int exchange;
	vpndiag_code_t code;
	const char *cause;
} header_tests[] = {
	/* 4 to 27 bytes: "header could not be parsed" */
	{ 16, 2, -1, VPNDIAG_SHORT_PACKET, "short-datagram" },
	/* "header verification failed": no such exchange type */
	{ 180, 2, 99, VPNDIAG_UNKNOWN_EXCHANGE_TYPE, "unknown-exchange-type" },
	/* an IKEv1 exchange type in an IKEv2 header, and the other way round */
	{ 180, 2, ID_PROT, VPNDIAG_UNKNOWN_EXCHANGE_TYPE, "unknown-exchange-type" },
	{ 180, 1, IKE_AUTH, VPNDIAG_UNKNOWN_EXCHANGE_TYPE, "unknown-exchange-type" },
	/* a defined exchange type (IKEv1 Main Mode with a message ID): the
	 * header is at fault otherwise */
	{ 180, 1, ID_PROT, VPNDIAG_MALFORMED_MESSAGE, "bad-header" },
	/* no size known (an older event): as before */
	{ 0, 2, 99, VPNDIAG_MALFORMED_MESSAGE, "bad-header" },
};

START_TEST(test_parse_error_header)
{
	vpndiag_event_t e = alert(VPNDIAG_ALERT_PARSE_ERROR_HEADER, FALSE);
	vpndiag_record_t *rec;

	e.sa.unique_id = 0;
	e.sa.version = header_tests[_i].version;
	e.size = header_tests[_i].size;
	e.exchange = header_tests[_i].exchange;
	feed(e);
	rec = only(header_tests[_i].code, header_tests[_i].cause);
	ck_assert(rec->conn == NULL);
	ck_assert_int_eq(rec->ike_sa, 0);
}
END_TEST

START_TEST(test_parse_errors)
{
	vpndiag_event_t e = alert(VPNDIAG_ALERT_PARSE_ERROR_HEADER, FALSE);

	e.sa.unique_id = 0;
	feed(e);
	only(VPNDIAG_MALFORMED_MESSAGE, "bad-header");
	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	e = alert(VPNDIAG_ALERT_PARSE_ERROR_BODY, FALSE);
	e.exchange = IKE_AUTH;
	e.arg = NOT_SUPPORTED;
	feed(e);
	only(VPNDIAG_CRITICAL_DROP, "unsupported-critical");
}
END_TEST

START_TEST(test_malformed_payload)
{
	vpndiag_event_t e = alert(VPNDIAG_ALERT_PARSE_ERROR_BODY, FALSE);

	e.exchange = IKE_AUTH;
	e.arg = PARSE_ERROR;
	feed(e);
	only(VPNDIAG_MALFORMED_PAYLOAD, "bad-payload");
}
END_TEST

/* ----- CHILD_SA ----------------------------------------------------------- */

static vpndiag_event_t established(vpndiag_event_t e)
{
	e = with_cfg(e);
	e.sa.state = VPNDIAG_IKE_ESTABLISHED;
	return e;
}

START_TEST(test_p2_responder)
{
	vpndiag_event_t e = with_cfg(alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_CHILD,
									   FALSE));
	vpndiag_record_t *rec;

	e.proposals = esp(20, 256, 0);
	e.sa.tasks = VPNDIAG_TASK_AUTH | VPNDIAG_TASK_CHILD;
	cfg_esp_ke = 14;
	feed(e);
	rec = only(VPNDIAG_P2_PROPOSAL_PFS_MISMATCH, "no-common-proposal");
	/* IKE_AUTH: the configured PFS group is not compared */
	ck_assert_str_eq(rec->mismatch[0], "encr");
	ck_assert_ptr_null(rec->mismatch[1]);
	ck_assert(!strstr(rec->detail, "rekey"));
	feed(with_cfg(alert(VPNDIAG_ALERT_KEEP_ON_CHILD_SA_FAILURE, FALSE)));
	ck_assert_int_eq(out->get_count(out), 1);
}
END_TEST

START_TEST(test_pfs_at_rekey)
{
	vpndiag_event_t e = established(alert(
								VPNDIAG_ALERT_PROPOSAL_MISMATCH_CHILD, FALSE));
	vpndiag_record_t *rec;

	e.sa.tasks = VPNDIAG_TASK_CHILD_REKEY;
	cfg_esp_ke = 14;
	e.proposals = esp(20, 128, 31);
	feed(e);
	rec = only(VPNDIAG_P2_PROPOSAL_PFS_MISMATCH, "pfs-mismatch");
	ck_assert_str_eq(rec->mismatch[0], "ke");
	ck_assert_ptr_null(rec->mismatch[1]);
}
END_TEST

START_TEST(test_p2_initiator)
{
	vpndiag_event_t e;

	feed(established(msg_in(IKE_AUTH, FALSE, NO_PROPOSAL_CHOSEN, TRUE)));
	e = established(alert(VPNDIAG_ALERT_PROPOSAL_MISMATCH_CHILD, TRUE));
	e.proposals = esp(20, 256, 0);
	feed(e);
	feed(established(alert(VPNDIAG_ALERT_KEEP_ON_CHILD_SA_FAILURE, TRUE)));
	only(VPNDIAG_P2_PROPOSAL_PFS_MISMATCH, "peer-rejected-proposal");
}
END_TEST

/**
 * An ALERT_TS_MISMATCH as sun's listener copies it (TSi moon's side, TSr
 * ours) and its worker prints it
 */
static vpndiag_event_t ts_mismatch(char *tsi, char *tsr, uint8_t proto,
								   uint16_t port)
{
	vpndiag_event_t e = with_cfg(alert(VPNDIAG_ALERT_TS_MISMATCH, FALSE));
	linked_list_t *list;

	list = ts_list(tsi, proto, port);
	vpndiag_copy_ts(&e.ts[0], list);
	list->destroy_offset(list, offsetof(traffic_selector_t, destroy));
	list = ts_list(tsr, proto, port);
	vpndiag_copy_ts(&e.ts[1], list);
	list->destroy_offset(list, offsetof(traffic_selector_t, destroy));
	vpndiag_event_format(&e);
	return e;
}

START_TEST(test_ts_reversed)
{
	vpndiag_record_t *rec;

	/* config: local 10.2/16, remote 10.1/16; the peer offers it swapped */
	feed(ts_mismatch("10.2.0.0/16", "10.1.0.0/16", 0, 0));
	rec = only(VPNDIAG_FLOW_MISMATCH, "reversed-traffic-selectors");
	ck_assert_str_eq(rec->ts_relation, "reversed");
	ck_assert_str_eq(rec->child, "net");
	ck_assert_str_eq(rec->ts_received, "10.2.0.0/16 === 10.1.0.0/16");
}
END_TEST

START_TEST(test_ts_disjoint)
{
	vpndiag_record_t *rec;

	feed(ts_mismatch("10.9.0.0/16", "10.2.0.0/16", 0, 0));
	rec = only(VPNDIAG_FLOW_MISMATCH, "ts-unacceptable");
	ck_assert_str_eq(rec->ts_relation, "disjoint");
	ck_assert_str_eq(rec->ts_local, "10.2.0.0/16");
	ck_assert_str_eq(rec->ts_remote, "10.1.0.0/16");
}
END_TEST

START_TEST(test_ts_range)
{
	vpndiag_record_t *rec;

	/* an address range that is no subnet, printed as charon does */
	feed(ts_mismatch("10.9.0.10-10.9.0.20", "10.2.0.0/16", 0, 0));
	rec = only(VPNDIAG_FLOW_MISMATCH, "ts-unacceptable");
	ck_assert_str_eq(rec->ts_relation, "disjoint");
	ck_assert_str_eq(rec->ts_received, "10.9.0.10..10.9.0.20 === 10.2.0.0/16");
}
END_TEST

START_TEST(test_ts_port_proto)
{
	char tsi[64], tsr[64], local[64], remote[64];
	vpndiag_record_t *rec;
	linked_list_t *list;

	/* config tcp/80, the peer proposes tcp/443: the subnets fit */
	cfg_ts_proto = IPPROTO_TCP;
	cfg_ts_port = 80;
	feed(ts_mismatch("10.1.0.0/16", "10.2.0.0/16", IPPROTO_TCP, 443));
	rec = only(VPNDIAG_FLOW_MISMATCH, "ts-unacceptable");
	ck_assert_str_eq(rec->ts_relation, "port-proto");
	ck_assert_str_eq(rec->child, "net");
	/* printed as charon's %#R (services by name: tcp/https) */
	list = ts_list("10.1.0.0/16", IPPROTO_TCP, 443);
	snprintf(tsi, sizeof(tsi), "%#R", list);
	list->destroy_offset(list, offsetof(traffic_selector_t, destroy));
	list = ts_list("10.2.0.0/16", IPPROTO_TCP, 443);
	snprintf(tsr, sizeof(tsr), "%#R", list);
	list->destroy_offset(list, offsetof(traffic_selector_t, destroy));
	list = ts_list("10.2.0.0/16", IPPROTO_TCP, 80);
	snprintf(local, sizeof(local), "%#R", list);
	list->destroy_offset(list, offsetof(traffic_selector_t, destroy));
	list = ts_list("10.1.0.0/16", IPPROTO_TCP, 80);
	snprintf(remote, sizeof(remote), "%#R", list);
	list->destroy_offset(list, offsetof(traffic_selector_t, destroy));
	ck_assert(strstr(tsi, "10.1.0.0/16[tcp/"));
	ck_assert(strstr(rec->ts_received, tsi) == rec->ts_received);
	ck_assert(strstr(rec->ts_received, tsr));
	ck_assert_str_eq(rec->ts_local, local);
	ck_assert_str_eq(rec->ts_remote, remote);
	ck_assert(strstr(rec->detail, tsi));
	ck_assert(strstr(rec->detail, local));
	ck_assert(strstr(rec->detail, ": port-proto"));
}
END_TEST

START_TEST(test_ts_any_vs_port)
{
	vpndiag_record_t *rec;

	/* the config's selectors differ in their ports only, but the received
	 * any-port selectors are narrowed, not refused: no port-proto */
	cfg_ts_proto = IPPROTO_TCP;
	cfg_ts_port = 443;
	feed(ts_mismatch("10.1.0.0/16", "10.2.0.0/16", 0, 0));
	rec = only(VPNDIAG_FLOW_MISMATCH, "ts-unacceptable");
	ck_assert_str_eq(rec->ts_relation, "wider");
}
END_TEST

START_TEST(test_ts_rejected_alert)
{
	vpndiag_event_t e = with_cfg(alert(VPNDIAG_ALERT_TS_MISMATCH, TRUE));

	/* strongSwan 6.1: the initiator gets ALERT_TS_MISMATCH after the peer's
	 * TS_UNACCEPTABLE, with selectors it cannot print */
	feed(established(msg_in(IKE_AUTH, FALSE, TS_UNACCEPTABLE, TRUE)));
	vpndiag_copy_ts(&e.ts[0], NULL);
	vpndiag_copy_ts(&e.ts[1], NULL);
	vpndiag_event_format(&e);
	ck_assert_str_eq(e.text, "(null)");
	feed(e);
	feed(established(alert(VPNDIAG_ALERT_KEEP_ON_CHILD_SA_FAILURE, TRUE)));
	only(VPNDIAG_FLOW_MISMATCH, "peer-rejected-ts");
}
END_TEST

/** the peer refused a CHILD_SA with a notify, then charon kept the IKE_SA */
static void child_refused(uint16_t notify)
{
	feed(established(msg_in(IKE_AUTH, FALSE, notify, TRUE)));
	feed(established(alert(VPNDIAG_ALERT_KEEP_ON_CHILD_SA_FAILURE, TRUE)));
}

START_TEST(test_child_refused)
{
	static const struct {
		uint16_t notify;
		vpndiag_code_t code;
	} cases[] = {
		{ TS_UNACCEPTABLE, VPNDIAG_FLOW_MISMATCH },
		{ INTERNAL_ADDRESS_FAILURE, VPNDIAG_IP_ASSIGN_FAIL },
		{ NO_ADDITIONAL_SAS, VPNDIAG_TUNNEL_LIMIT_REACHED },
	};

	child_refused(cases[_i].notify);
	only(cases[_i].code, NULL);
}
END_TEST

/* a peer with a CHILD_SA limit (charon itself never sends
 * NO_ADDITIONAL_SAS) refuses a further CHILD_SA: child_create.c
 * process_i() logs DBG1 'received NO_ADDITIONAL_SAS notify, no CHILD_SA
 * built', handle_child_sa_failure() logs 'failed to establish CHILD_SA,
 * keeping IKE_SA' and raises ALERT_KEEP_ON_CHILD_SA_FAILURE (is_first
 * FALSE in CREATE_CHILD_SA) */
START_TEST(test_no_additional_sas)
{
	vpndiag_record_t *rec;

	feed(established(msg_in(CREATE_CHILD_SA, FALSE, NO_ADDITIONAL_SAS, TRUE)));
	feed(established(alert(VPNDIAG_ALERT_KEEP_ON_CHILD_SA_FAILURE, TRUE)));
	rec = only(VPNDIAG_TUNNEL_LIMIT_REACHED, "peer-no-more-sas");
	ck_assert_str_eq(rec->confidence, "low");
	ck_assert(rec->initiator);
	ck_assert(strstr(rec->detail, "NO_ADDITIONAL_SAS"));
	reported("test_no_additional_sas", rec);
}
END_TEST

/* TEMPORARY_FAILURE and CHILD_SA_NOT_FOUND come without an alert (charon
 * retries or re-creates the CHILD_SA, see the notify rules): no record,
 * not even when a later CHILD_SA fails without a notify of its own */
START_TEST(test_child_retried_no_record)
{
	static const uint16_t notifies[] = { TEMPORARY_FAILURE,
										 CHILD_SA_NOT_FOUND };

	feed(established(msg_in(CREATE_CHILD_SA, FALSE, notifies[_i], TRUE)));
	none();
	feed(established(alert(VPNDIAG_ALERT_KEEP_ON_CHILD_SA_FAILURE, TRUE)));
	ck_assert(out->get_count(out) <= 1);
	if (out->get_count(out))
	{
		vpndiag_record_t *rec;

		out->get_first(out, (void**)&rec);
		ck_assert(rec->code != VPNDIAG_REKEY_FAIL &&
				  rec->code != VPNDIAG_REKEY_OLD_SA_NOT_FOUND);
	}
}
END_TEST

START_TEST(test_vip_failure)
{
	vpndiag_event_t e = with_cfg(alert(VPNDIAG_ALERT_VIP_FAILURE, FALSE));

	snprintf(e.text, sizeof(e.text), "0.0.0.0");
	feed(e);
	only(VPNDIAG_IP_ASSIGN_FAIL, "no-address-available");
}
END_TEST

START_TEST(test_vip_pool_full)
{
	vpndiag_event_t e = with_cfg(alert(VPNDIAG_ALERT_VIP_FAILURE, FALSE));
	vpndiag_record_t *rec;

	feed(with_cfg(logfact(VPNDIAG_LOG_POOL_FULL, "pool 'p1' is full, unable "
						  "to assign address", FALSE)));
	snprintf(e.text, sizeof(e.text), "0.0.0.0");
	feed(e);
	rec = only(VPNDIAG_IP_ASSIGN_FAIL, "pool-exhausted");
	ck_assert(strstr(rec->detail, "pool 'p1' is full"));
}
END_TEST

START_TEST(test_install_failed)
{
	vpndiag_event_t e = with_cfg(alert(VPNDIAG_ALERT_INSTALL_CHILD_SA_FAILED,
									   FALSE));
	vpndiag_record_t *rec;

	feed(with_cfg(logfact(VPNDIAG_LOG_KERNEL_ERROR, "unable to add SAD entry "
				  "with SPI c1234567 (FAILED)", FALSE)));
	snprintf(e.child, sizeof(e.child), "net");
	feed(e);
	rec = only(VPNDIAG_KERNEL_SA_INSTALL_FAIL, "kernel-sa-install");
	ck_assert(strstr(rec->detail, "SAD entry"));
	ck_assert_int_eq(rec->fix, VPNDIAG_FIX_LOCAL);
}
END_TEST

START_TEST(test_policy_failed)
{
	feed(with_cfg(alert(VPNDIAG_ALERT_INSTALL_CHILD_POLICY_FAILED, FALSE)));
	only(VPNDIAG_KERNEL_POLICY_FAIL, "kernel-policy-install");
}
END_TEST

START_TEST(test_narrowed_is_info)
{
	vpndiag_event_t e = established(alert(VPNDIAG_ALERT_TS_NARROWED, TRUE));
	vpndiag_record_t *rec;
	linked_list_t *list;

	list = ts_list("10.2.0.0/24", 0, 0);
	vpndiag_copy_ts(&e.ts[0], list);
	list->destroy_offset(list, offsetof(traffic_selector_t, destroy));
	vpndiag_event_format(&e);
	feed(e);
	rec = only(VPNDIAG_NETMASK_MISMATCH, "ts-narrowed");
	ck_assert_int_eq(rec->severity, VPNDIAG_SEV_INFO);
	ck_assert_str_eq(rec->detail, "remote traffic selectors narrowed to "
					 "10.2.0.0/24");
}
END_TEST

static vpndiag_event_t child_down(uint32_t id, bool expired)
{
	vpndiag_event_t e = established(ev(VPNDIAG_EV_CHILD_UPDOWN, TRUE));

	e.child_id = id;
	e.hard_expired = expired;
	snprintf(e.child, sizeof(e.child), "net");
	return e;
}

START_TEST(test_child_peer_delete)
{
	vpndiag_event_t m = established(msg_in(INFORMATIONAL, TRUE, 0, TRUE));

	m.delete_proto = PROTO_ESP;
	m.child_id = 7;
	feed(m);
	feed(child_down(7, FALSE));
	only(VPNDIAG_PEER_REQUEST, "peer-deleted-child");
}
END_TEST

START_TEST(test_child_local_delete)
{
	vpndiag_event_t m = established(ev(VPNDIAG_EV_MESSAGE, FALSE));

	m.request = TRUE;
	m.exchange = INFORMATIONAL;
	m.delete_proto = PROTO_ESP;
	m.child_id = 7;
	feed(m);
	feed(child_down(8, FALSE));
	none();
	feed(child_down(7, FALSE));
	only(VPNDIAG_MANUAL_OFFLINE, "local-delete");
}
END_TEST

START_TEST(test_child_hard_expiry)
{
	feed(child_down(9, TRUE));
	only(VPNDIAG_P2_HARD_EXPIRY, "child-lifetime-expired");
}
END_TEST

START_TEST(test_child_down_with_ike)
{
	/* CHILD_SAs implicitly down with their IKE_SA add nothing */
	feed(child_down(9, FALSE));
	none();
}
END_TEST

START_TEST(test_transport_downgrade)
{
	vpndiag_event_t e = established(ev(VPNDIAG_EV_CHILD_UPDOWN, TRUE));
	vpndiag_record_t *rec;

	e.up = TRUE;
	e.mode_wanted = 1;
	e.mode_got = 2;
	feed(e);
	rec = only(VPNDIAG_ENCAP_MODE_MISMATCH, "transport-downgraded");
	ck_assert_int_eq(rec->severity, VPNDIAG_SEV_WARNING);
}
END_TEST

START_TEST(test_rekeys_are_info)
{
	vpndiag_event_t e = established(ev(VPNDIAG_EV_CHILD_REKEY, TRUE));
	vpndiag_record_t *rec;

	e.child_id = 2;
	e.arg = 1;
	feed(e);
	rec = only(VPNDIAG_P2_SA_REPLACE, "child-rekeyed");
	ck_assert_int_eq(rec->severity, VPNDIAG_SEV_INFO);
	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	e = established(ev(VPNDIAG_EV_IKE_REKEY, TRUE));
	e.arg = 5;
	feed(e);
	rec = only(VPNDIAG_P1_SA_REPLACE, "ike-rekeyed");
	ck_assert_int_eq(rec->severity, VPNDIAG_SEV_INFO);
}
END_TEST

START_TEST(test_expiry_follows_rekey)
{
	/* hard expiry raised on the rekeying SA, its delete migrates */
	vpndiag_event_t e = established(alert(VPNDIAG_ALERT_IKE_SA_EXPIRED, TRUE));
	vpndiag_event_t r = established(ev(VPNDIAG_EV_IKE_REKEY, TRUE));
	vpndiag_event_t d = down_ev(TRUE);

	e.sa.has_hard_lifetime = TRUE;
	feed(e);
	r.sa.unique_id = 2;
	r.arg = 1;
	feed(r);
	out->destroy_function(out, (void*)vpndiag_record_destroy);
	out = linked_list_create();
	d.sa.unique_id = 2;
	feed(d);
	only(VPNDIAG_P1_HARD_EXPIRY, NULL);
}
END_TEST

START_TEST(test_peer_address_switch)
{
	vpndiag_event_t e = established(ev(VPNDIAG_EV_IKE_UPDATE, FALSE));
	vpndiag_record_t *rec;

	snprintf(e.text, sizeof(e.text), "192.0.2.11[4500]");
	feed(e);
	rec = only(VPNDIAG_PEER_ADDRESS_SWITCH, "peer-address-changed");
	ck_assert_int_eq(rec->severity, VPNDIAG_SEV_INFO);
}
END_TEST

START_TEST(test_ikev1_quick_mode)
{
	vpndiag_event_t e = established(msg_in(INFORMATIONAL_V1, TRUE,
										   INVALID_ID_INFORMATION, TRUE));

	e.sa.version = 1;
	feed(e);
	only(VPNDIAG_FLOW_MISMATCH, "peer-rejected-ts");
}
END_TEST

START_TEST(test_ikev1_quick_mode_refused)
{
	vpndiag_event_t e = established(ev(VPNDIAG_EV_MESSAGE, FALSE));

	e.sa.version = 1;
	e.exchange = INFORMATIONAL_V1;
	e.notifies[e.notify_count++] = NO_PROPOSAL_CHOSEN;
	feed(e);
	only(VPNDIAG_P2_PROPOSAL_PFS_MISMATCH, "no-common-proposal");
}
END_TEST

START_TEST(test_ikev1_quick_mode_install_failed)
{
	vpndiag_event_t e;
	vpndiag_record_t *rec;

	e = established(logfact(VPNDIAG_LOG_KERNEL_ERRNO, "received netlink "
							"error: Protocol not supported (93)", FALSE));
	e.sa.version = 1;
	feed(e);
	e = established(logfact(VPNDIAG_LOG_KERNEL_ERROR, "unable to add SAD "
					"entry with SPI c1234567 (FAILED)", FALSE));
	e.sa.version = 1;
	feed(e);
	e = established(ev(VPNDIAG_EV_MESSAGE, FALSE));
	e.sa.version = 1;
	e.exchange = INFORMATIONAL_V1;
	e.notifies[e.notify_count++] = NO_PROPOSAL_CHOSEN;
	feed(e);
	rec = only(VPNDIAG_KERNEL_SA_INSTALL_FAIL, "kernel-sa-install");
	ck_assert(strstr(rec->detail, "unable to add SAD entry"));
	ck_assert(strstr(rec->detail, "errno 93 (Protocol not supported): the "
					 "kernel does not implement the IPsec protocol"));
	vpndiag_record_destroy(out->remove_first(out, (void**)&rec) == SUCCESS ?
						   rec : NULL);
	/* the facts are consumed: the next refusal is a proposal mismatch */
	feed(e);
	only(VPNDIAG_P2_PROPOSAL_PFS_MISMATCH, "no-common-proposal");
}
END_TEST

START_TEST(test_state_bounded)
{
	int i;

	for (i = 0; i < 100; i++)
	{
		vpndiag_event_t e = msg_in(IKE_SA_INIT, FALSE, INVALID_KE_PAYLOAD,
								   TRUE);

		e.sa.unique_id = 1000 + i;
		feed(e);
	}
	ck_assert_int_eq(classifier->get_sa_count(classifier), 100);
	for (i = 0; i < 100; i++)
	{
		vpndiag_event_t e = state(VPNDIAG_IKE_DESTROYING,
								  VPNDIAG_IKE_ESTABLISHED, TRUE);

		e.sa.unique_id = 1000 + i;
		feed(e);
	}
	ck_assert_int_eq(classifier->get_sa_count(classifier), 0);
}
END_TEST

/* ----- the cause table against the rules ---------------------------------- */

/**
 * Read a source file of the plugin into buf, "" if missing
 */
static void read_source(const char *name, char *buf, size_t len)
{
	char path[512];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/src/plugins/vpndiag/%s",
			 VPNDIAG_TOP_SRCDIR, name);
	f = fopen(path, "r");
	ck_assert_msg(f, "cannot open %s", path);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/**
 * Whether text contains an identifier as a whole word
 */
static bool has_word(const char *text, const char *word)
{
	const char *pos = text;
	size_t len = strlen(word);

	while ((pos = strstr(pos, word)))
	{
		if ((pos == text || !(isalnum(pos[-1]) || pos[-1] == '_')) &&
			!(isalnum(pos[len]) || pos[len] == '_'))
		{
			return TRUE;
		}
		pos += len;
	}
	return FALSE;
}

/**
 * No dead rows: every cause that is not retired is emitted by a rule (or
 * the probe), found by its enum name in their sources; retired ones by none
 */
START_TEST(test_no_dead_rows)
{
	static const char *sources[] = {
		"vpndiag_rules_proposal.c", "vpndiag_rules_auth.c",
		"vpndiag_rules_reach.c", "vpndiag_rules_child.c",
		"vpndiag_rules_teardown.c", "vpndiag_rules_notify.c",
		"vpndiag_probe.c", "vpndiag_rules_traffic.c",
	};
	static char header[64 * 1024], code[256 * 1024];
	char name[128], *pos;
	size_t used = 0;
	int i, cause = 0, len;

	for (i = 0; i < (int)countof(sources); i++)
	{
		read_source(sources[i], code + used, sizeof(code) - used);
		used += strlen(code + used);
	}
	read_source("vpndiag_cause.h", header, sizeof(header));
	/* the enum's names, in order: VPNDIAG_CAUSE_NONE = 0, then one a line */
	pos = strstr(header, "VPNDIAG_CAUSE_NONE = 0,");
	ck_assert(pos);
	while ((pos = strstr(pos + 1, "\n\tVPNDIAG_CAUSE_")))
	{
		len = strcspn(pos + 2, ",\n");
		snprintf(name, sizeof(name), "%.*s", len, pos + 2);
		if (streq(name, "VPNDIAG_CAUSE_MAX"))
		{
			break;
		}
		cause++;
		ck_assert_msg(vpndiag_cause_info(cause), "%s has no row", name);
		if (vpndiag_cause_info(cause)->retired)
		{
			ck_assert_msg(!has_word(code, name), "retired %s is emitted",
						  name);
		}
		else
		{
			ck_assert_msg(has_word(code, name), "no rule emits %s (%s)", name,
						  vpndiag_cause_info(cause)->id);
		}
	}
	ck_assert_int_eq(cause + 1, VPNDIAG_CAUSE_MAX);
}
END_TEST

Suite *rules_suite_create(void)
{
	Suite *s = suite_create("classifier rules");
	TCase *tc;

	tc = tcase_create("IKE_SA_INIT");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_p1_responder);
	tcase_add_test(tc, test_responder_dh);
	tcase_add_test(tc, test_p1_initiator_rejected);
	tcase_add_test(tc, test_initiator_dh);
	tcase_add_test(tc, test_invalid_ke_retry_ok);
	tcase_add_test(tc, test_unsupported_version);
	tcase_add_loop_test(tc, test_pre_sa, 0, countof(pre_sa_tests));
	tcase_add_loop_test(tc, test_pre_sa_in_ike_sa, 0, countof(pre_sa_tests));
	tcase_add_test(tc, test_pre_sa_repeats);
	tcase_add_test(tc, test_version_mismatch);
	tcase_add_test(tc, test_reversed_addresses);
	tcase_add_test(tc, test_local_address_mismatch);
	tcase_add_test(tc, test_unknown_peer_address);
	tcase_add_test(tc, test_version_mismatch_subnet);
	tcase_add_test(tc, test_reversed_addresses_any);
	suite_add_tcase(s, tc);

	tc = tcase_create("attribution by address");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_addr_match_kind);
	tcase_add_test(tc, test_attrib_config);
	tcase_add_test(tc, test_attrib_no_peer_config);
	tcase_add_test(tc, test_attrib_one);
	tcase_add_test(tc, test_attrib_several);
	tcase_add_test(tc, test_attrib_version);
	tcase_add_test(tc, test_attrib_range);
	tcase_add_test(tc, test_attrib_any);
	tcase_add_test(tc, test_attrib_half_open);
	tcase_add_test(tc, test_attrib_flood_pool);
	suite_add_tcase(s, tc);

	tc = tcase_create("authentication");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_psk_mismatch);
	tcase_add_test(tc, test_no_peer_config);
	tcase_add_test(tc, test_idr_mismatch);
	tcase_add_test(tc, test_untrusted_key);
	tcase_add_test(tc, test_id_not_in_cert);
	tcase_add_test(tc, test_no_cert_received);
	tcase_add_test(tc, test_untrusted_ca_alert_first);
	tcase_add_loop_test(tc, test_constraint, 0, countof(constraint_lines));
	tcase_add_test(tc, test_constraint_unknown);
	tcase_add_test(tc, test_peer_rejected_auth);
	tcase_add_loop_test(tc, test_childless_local, 0, countof(childless_lines));
	tcase_add_test(tc, test_childless_peer_rejected);
	tcase_add_test(tc, test_invalid_syntax_without_auth);
	tcase_add_test(tc, test_ike_port_held);
	tcase_add_test(tc, test_ike_port_ours);
	tcase_add_test(tc, test_ike_port_dual_stack);
	tcase_add_test(tc, test_ike_port_in_use);
	tcase_add_test(tc, test_no_local_credential);
	tcase_add_test(tc, test_cert_expired);
	tcase_add_loop_test(tc, test_cert_expired_role, 0, countof(cert_roles));
	tcase_add_test(tc, test_cert_not_yet_valid);
	tcase_add_test(tc, test_cert_revoked);
	tcase_add_test(tc, test_cert_status_noise);
	tcase_add_test(tc, test_eap_server);
	tcase_add_test(tc, test_eap_client);
	tcase_add_test(tc, test_exchange_mode);
	tcase_add_test(tc, test_ikev1_rejected);
	tcase_add_test(tc, test_ikev1_psk_parse_error);
	tcase_add_test(tc, test_ikev1_psk_ambiguous);
	tcase_add_test(tc, test_ikev1_psk_not_ambiguous);
	tcase_add_test(tc, test_ikev1_psk_ambiguous_initiator);
	tcase_add_test(tc, test_xauth);
	tcase_add_test(tc, test_xauth_client);
	tcase_add_test(tc, test_authorization);
	tcase_add_test(tc, test_authorization_responder_sequence);
	tcase_add_test(tc, test_unique_keep);
	suite_add_tcase(s, tc);

	tc = tcase_create("timeouts");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_no_response);
	tcase_add_test(tc, test_no_route);
	tcase_add_test(tc, test_ike_auth_lost);
	tcase_add_test(tc, test_ike_auth_lost_why_4500);
	tcase_add_test(tc, test_ike_auth_lost_fragments);
	tcase_add_test(tc, test_ike_auth_lost_v1);
	tcase_add_test(tc, test_dpd_timeout_sequence);
	tcase_add_test(tc, test_informational_not_dpd);
	tcase_add_test(tc, test_mobike_update_lost);
	tcase_add_test(tc, test_mobike_dpd);
	tcase_add_test(tc, test_ikev1_dpd);
	tcase_add_test(tc, test_half_open);
	tcase_add_test(tc, test_half_open_fragment_limit);
	tcase_add_test(tc, test_half_open_eap_server);
	tcase_add_test(tc, test_half_open_v1);
	tcase_add_test(tc, test_eap_timeout);
	tcase_add_test(tc, test_radius);
	tcase_add_test(tc, test_dns);
	suite_add_tcase(s, tc);

	tc = tcase_create("deletes and expiry");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_peer_request);
	tcase_add_test(tc, test_reauth_bbm_responder);
	tcase_add_test(tc, test_reauth_bbm_initiator);
	tcase_add_test(tc, test_reauth_mbb);
	tcase_add_test(tc, test_reauth_failed);
	tcase_add_test(tc, test_reauth_other_identity);
	tcase_add_test(tc, test_initial_contact);
	tcase_add_test(tc, test_initial_contact_no_new);
	tcase_add_test(tc, test_shared_identity);
	tcase_add_test(tc, test_config_unloaded);
	tcase_add_test(tc, test_config_unloaded_6x);
	tcase_add_test(tc, test_config_unloaded_child);
	tcase_add_test(tc, test_manual_offline);
	tcase_add_test(tc, test_shutdown_no_manual_offline);
	tcase_add_test(tc, test_hard_expiry);
	tcase_add_test(tc, test_reauth_timeout_expiry);
	tcase_add_test(tc, test_reauth_timeout_peer_delete);
	tcase_add_test(tc, test_false_expiry);
	tcase_add_test(tc, test_unique_replace);
	tcase_add_test(tc, test_stray_spi);
	tcase_add_test(tc, test_stray_spi_init_response);
	tcase_add_test(tc, test_reauth_not_dropped_by_stray);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_loop_test(tc, test_parse_error_header, 0,
						countof(header_tests));
	tcase_add_test(tc, test_malformed_payload);
	tcase_add_test(tc, test_state_bounded);
	tcase_add_test(tc, test_taken_quick);
	tcase_add_test(tc, test_taken_materialized);
	suite_add_tcase(s, tc);

	tc = tcase_create("CHILD_SA");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_p2_responder);
	tcase_add_test(tc, test_pfs_at_rekey);
	tcase_add_test(tc, test_p2_initiator);
	tcase_add_test(tc, test_ts_reversed);
	tcase_add_test(tc, test_ts_disjoint);
	tcase_add_test(tc, test_ts_range);
	tcase_add_test(tc, test_ts_port_proto);
	tcase_add_test(tc, test_ts_any_vs_port);
	tcase_add_test(tc, test_ts_rejected_alert);
	tcase_add_loop_test(tc, test_child_refused, 0, 3);
	tcase_add_test(tc, test_no_additional_sas);
	tcase_add_loop_test(tc, test_child_retried_no_record, 0, 2);
	tcase_add_test(tc, test_vip_failure);
	tcase_add_test(tc, test_vip_pool_full);
	tcase_add_test(tc, test_install_failed);
	tcase_add_test(tc, test_policy_failed);
	tcase_add_test(tc, test_narrowed_is_info);
	tcase_add_test(tc, test_child_peer_delete);
	tcase_add_test(tc, test_child_local_delete);
	tcase_add_test(tc, test_child_hard_expiry);
	tcase_add_test(tc, test_child_down_with_ike);
	tcase_add_test(tc, test_transport_downgrade);
	tcase_add_test(tc, test_rekeys_are_info);
	tcase_add_test(tc, test_expiry_follows_rekey);
	tcase_add_test(tc, test_peer_address_switch);
	tcase_add_test(tc, test_ikev1_quick_mode);
	tcase_add_test(tc, test_ikev1_quick_mode_refused);
	tcase_add_test(tc, test_ikev1_quick_mode_install_failed);
	suite_add_tcase(s, tc);

	tc = tcase_create("cause table");
	tcase_add_test(tc, test_no_dead_rows);
	suite_add_tcase(s, tc);
	return s;
}
