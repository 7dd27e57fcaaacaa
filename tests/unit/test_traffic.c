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
#include "vpndiag_traffic.h"
#include "vpndiag_classifier.h"
#include "vpndiag_record.h"

#include <library.h>
#include <string.h>

/*
 * The one-way traffic tracker fed with samples as the sampler takes them,
 * and its events through the classifier into records.
 */

/** window and interval of these tests (ms) */
#define W 10000
#define I 1000

static vpndiag_traffic_t *traffic;
static vpndiag_classifier_t *classifier;
static linked_list_t *out;
static linked_list_t *events;
static uint64_t now;

static void setup(void)
{
	traffic = vpndiag_traffic_create(W);
	classifier = vpndiag_classifier_create(NULL);
	out = linked_list_create();
	events = linked_list_create();
	now = 1700000000000ULL;
}

static void teardown(void)
{
	events->destroy_function(events, (void*)vpndiag_event_destroy);
	out->destroy_function(out, (void*)vpndiag_record_destroy);
	classifier->destroy(classifier);
	traffic->destroy(traffic);
}

/** counters of one CHILD_SA */
typedef struct {
	uint32_t ike, id, reqid;
	uint64_t pin, pout;
} child_t;

/**
 * Sample a CHILD_SA now; keep the event, if any, and classify it
 */
static void sample(child_t *c)
{
	vpndiag_traffic_sample_t s = {
		.sa = {
			.unique_id = c->ike,
			.has_peer_cfg = TRUE,
			.has_ike_cfg = TRUE,
			.version = 2,
		},
		.child_id = c->id,
		.reqid = c->reqid,
		.spi_in = 0xc0000000 | c->id,
		.spi_out = 0xd0000000 | c->id,
		.packets_in = c->pin,
		.packets_out = c->pout,
		.bytes_in = c->pin * 84,
		.bytes_out = c->pout * 84,
	};
	vpndiag_event_t *ev;

	snprintf(s.sa.conn, sizeof(s.sa.conn), "gw");
	snprintf(s.sa.local, sizeof(s.sa.local), "192.0.2.1[4500]");
	snprintf(s.sa.remote, sizeof(s.sa.remote), "192.0.2.2[4500]");
	snprintf(s.child, sizeof(s.child), "net");
	snprintf(s.ts_local, sizeof(s.ts_local), "10.1.0.0/16");
	snprintf(s.ts_remote, sizeof(s.ts_remote), "10.2.0.0/16");
	ev = traffic->sample(traffic, &s, now);
	if (ev)
	{
		classifier->process(classifier, ev, out);
		events->insert_last(events, ev);
	}
}

/**
 * Run for ms: every I ms one sample of each CHILD_SA (c2 may be NULL),
 * with its counters advanced by the given packets per sample, and a sweep
 * end
 */
static void run(uint64_t ms, child_t *c, int din, int dout, child_t *c2,
				int din2, int dout2)
{
	uint64_t end = now + ms;

	while (now < end)
	{
		now += I;
		c->pin += din;
		c->pout += dout;
		sample(c);
		if (c2)
		{
			c2->pin += din2;
			c2->pout += dout2;
			sample(c2);
		}
		traffic->end_sweep(traffic);
	}
}

/** the cause of record i */
static const char *cause_of(int i)
{
	vpndiag_record_t *rec;
	enumerator_t *enumerator;
	const char *cause = NULL;

	enumerator = out->create_enumerator(out);
	while (enumerator->enumerate(enumerator, &rec))
	{
		if (i-- == 0)
		{
			cause = rec->cause;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return cause;
}

/** the verdict of the only CHILD_SA known */
static vpndiag_traffic_verdict_t verdict(uint32_t id)
{
	vpndiag_traffic_child_t *c;
	vpndiag_traffic_verdict_t v = VPNDIAG_TRAFFIC_RESTORED;
	linked_list_t *list;

	list = traffic->get_children(traffic, NULL);
	while (list->remove_first(list, (void**)&c) == SUCCESS)
	{
		if (c->s.child_id == id)
		{
			v = c->verdict;
		}
		free(c);
	}
	list->destroy(list);
	return v;
}

START_TEST(test_both_ways)
{
	child_t c = { 1, 1, 1 };

	run(5 * W, &c, 3, 3, NULL, 0, 0);
	ck_assert_int_eq(out->get_count(out), 0);
	ck_assert_int_eq(verdict(1), VPNDIAG_TRAFFIC_OK);
}
END_TEST

START_TEST(test_idle)
{
	child_t c = { 1, 1, 1 };

	run(5 * W, &c, 0, 0, NULL, 0, 0);
	ck_assert_int_eq(out->get_count(out), 0);
	ck_assert_int_eq(verdict(1), VPNDIAG_TRAFFIC_IDLE);
}
END_TEST

START_TEST(test_no_inbound)
{
	child_t c = { 1, 1, 1 };
	vpndiag_record_t *rec;

	run(W - I, &c, 0, 2, NULL, 0, 0);
	ck_assert_int_eq(out->get_count(out), 0);
	run(3 * W, &c, 0, 2, NULL, 0, 0);
	ck_assert_int_eq(out->get_count(out), 1);
	out->get_first(out, (void**)&rec);
	ck_assert(rec->code == VPNDIAG_ONE_WAY_TRAFFIC);
	ck_assert_str_eq(rec->cause, "no-inbound");
	ck_assert_str_eq(rec->conn, "gw");
	ck_assert_str_eq(rec->child, "net");
	ck_assert_str_eq(rec->ts_local, "10.1.0.0/16");
	ck_assert_int_eq(rec->severity, VPNDIAG_SEV_WARNING);
	ck_assert(strstr(rec->detail, "net{1}"));
	ck_assert_msg(strstr(rec->detail, "packets are sent (22 packets, 1848 "
						 "bytes so far) but none received since"), "%s",
				  rec->detail);
	ck_assert_int_eq(verdict(1), VPNDIAG_TRAFFIC_NO_INBOUND);
}
END_TEST

START_TEST(test_no_outbound_and_restored)
{
	child_t c = { 1, 1, 1 };
	vpndiag_record_t *rec;

	/* both ways, then replies stop leaving */
	run(2 * W, &c, 2, 2, NULL, 0, 0);
	run(3 * W, &c, 2, 0, NULL, 0, 0);
	ck_assert_int_eq(out->get_count(out), 1);
	ck_assert_str_eq(cause_of(0), "no-outbound");
	/* still one-way: no repeat */
	run(3 * W, &c, 2, 0, NULL, 0, 0);
	ck_assert_int_eq(out->get_count(out), 1);
	/* replies leave again */
	run(2 * I, &c, 2, 2, NULL, 0, 0);
	ck_assert_int_eq(out->get_count(out), 2);
	ck_assert_str_eq(cause_of(1), "traffic-restored");
	out->get_last(out, (void**)&rec);
	ck_assert_int_eq(rec->severity, VPNDIAG_SEV_INFO);
	ck_assert(rec->code == VPNDIAG_ONE_WAY_TRAFFIC);
	ck_assert_int_eq(verdict(1), VPNDIAG_TRAFFIC_OK);
}
END_TEST

START_TEST(test_one_way_then_idle_keeps_alarm)
{
	child_t c = { 1, 1, 1 };

	run(3 * W, &c, 0, 2, NULL, 0, 0);
	ck_assert_int_eq(out->get_count(out), 1);
	run(3 * W, &c, 0, 0, NULL, 0, 0);
	ck_assert_int_eq(verdict(1), VPNDIAG_TRAFFIC_IDLE);
	/* the same one-way traffic again: no second record */
	run(3 * W, &c, 0, 2, NULL, 0, 0);
	ck_assert_int_eq(out->get_count(out), 1);
}
END_TEST

START_TEST(test_rekey_no_false_positive)
{
	child_t old = { 1, 1, 7 }, new = { 1, 2, 7 };

	run(2 * W, &old, 5, 5, NULL, 0, 0);
	/* rekeyed: both installed for a while, outbound moves to the new SA
	 * at once, inbound a few seconds later */
	run(3 * I, &old, 5, 0, &new, 0, 5);
	run(5 * I, &old, 0, 0, &new, 5, 5);
	/* the old one is gone: missing from the sweeps */
	run(3 * W, &new, 5, 5, NULL, 0, 0);
	ck_assert_int_eq(out->get_count(out), 0);
	ck_assert_int_eq(verdict(2), VPNDIAG_TRAFFIC_OK);
	ck_assert_int_eq(traffic->get_count(traffic), 1);
}
END_TEST

START_TEST(test_rekey_keeps_silence)
{
	child_t old = { 1, 1, 7 }, new = { 1, 2, 7 };

	/* one-way before and after a rekey: one record, not two */
	run(2 * W, &old, 0, 5, NULL, 0, 0);
	ck_assert_int_eq(out->get_count(out), 1);
	run(2 * I, &old, 0, 0, &new, 0, 5);
	run(3 * W, &new, 0, 5, NULL, 0, 0);
	ck_assert_int_eq(out->get_count(out), 1);
	ck_assert_int_eq(verdict(2), VPNDIAG_TRAFFIC_NO_INBOUND);
}
END_TEST

START_TEST(test_new_sa_silent_inbound_within_window)
{
	child_t c = { 1, 1, 1 };

	/* the first replies take a while, less than the window */
	run(W - 2 * I, &c, 0, 1, NULL, 0, 0);
	run(3 * W, &c, 1, 1, NULL, 0, 0);
	ck_assert_int_eq(out->get_count(out), 0);
}
END_TEST

START_TEST(test_flows_independent)
{
	child_t a = { 1, 1, 1 }, b = { 2, 2, 2 };

	run(3 * W, &a, 1, 1, &b, 1, 0);
	ck_assert_int_eq(out->get_count(out), 1);
	ck_assert_str_eq(cause_of(0), "no-outbound");
	ck_assert_int_eq(verdict(1), VPNDIAG_TRAFFIC_OK);
	ck_assert_int_eq(verdict(2), VPNDIAG_TRAFFIC_NO_OUTBOUND);
}
END_TEST

START_TEST(test_forget_and_flush)
{
	child_t a = { 1, 1, 1 }, b = { 1, 2, 2 };
	linked_list_t *list;

	run(2 * I, &a, 1, 1, &b, 1, 1);
	ck_assert_int_eq(traffic->get_count(traffic), 2);
	ck_assert(traffic->known(traffic, 2));
	list = traffic->get_children(traffic, "other");
	ck_assert_int_eq(list->get_count(list), 0);
	list->destroy(list);
	/* b missing from two sweeps */
	run(2 * I, &a, 1, 1, NULL, 0, 0);
	ck_assert_int_eq(traffic->get_count(traffic), 1);
	ck_assert(!traffic->known(traffic, 2));
	traffic->flush(traffic);
	ck_assert_int_eq(traffic->get_count(traffic), 0);
}
END_TEST

Suite *traffic_suite_create(void)
{
	Suite *s = suite_create("one-way traffic");
	TCase *tc;

	tc = tcase_create("tracker");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_both_ways);
	tcase_add_test(tc, test_idle);
	tcase_add_test(tc, test_no_inbound);
	tcase_add_test(tc, test_no_outbound_and_restored);
	tcase_add_test(tc, test_one_way_then_idle_keeps_alarm);
	tcase_add_test(tc, test_rekey_no_false_positive);
	tcase_add_test(tc, test_rekey_keeps_silence);
	tcase_add_test(tc, test_new_sa_silent_inbound_within_window);
	tcase_add_test(tc, test_flows_independent);
	tcase_add_test(tc, test_forget_and_flush);
	suite_add_tcase(s, tc);
	return s;
}
