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
 * The record store: folding, the separate retention pools, counters,
 * filters, cap changes and concurrent use; plus the bounded event queue.
 */

#include "vpndiag_tests.h"

#include <vpndiag_store.h>
#include <vpndiag_queue.h>
#include <vpndiag_stats.h>
#include <library.h>
#include <threading/thread.h>

static vpndiag_store_t *store;

static vpndiag_record_t *rec(vpndiag_code_t code, const char *conn,
							 const char *remote, const char *cause)
{
	vpndiag_record_t *r = vpndiag_record_create(code);

	vpndiag_record_set(&r->conn, conn);
	vpndiag_record_set(&r->remote, remote);
	vpndiag_record_set(&r->cause, cause);
	r->first = r->last = 1000;
	return r;
}

static uint64_t add(vpndiag_record_t *r, bool *is_new)
{
	vpndiag_record_t *copy;
	uint64_t id;
	bool dummy;

	copy = store->add(store, r, is_new ?: &dummy);
	ck_assert(copy);
	id = copy->id;
	vpndiag_record_destroy(copy);
	return id;
}

static u_int count(vpndiag_filter_t *filter)
{
	linked_list_t *list = store->list(store, filter);
	u_int n = list->get_count(list);

	list->destroy_function(list, (void*)vpndiag_record_destroy);
	return n;
}

static void setup(void)
{
	vpndiag_caps_t caps = {
		.max_records = 10, .per_conn = 3, .max_unattributed = 4, .max_info = 2,
	};
	store = vpndiag_store_create(&caps);
}

static void teardown(void)
{
	store->destroy(store);
}

START_TEST(test_fold)
{
	vpndiag_record_t *r;
	linked_list_t *list;
	bool is_new;
	uint64_t a, b, c;

	a = add(rec(VPNDIAG_AUTH_FAIL, "gw", "192.0.2.1[500]", "psk-mismatch"),
			&is_new);
	ck_assert(is_new);
	/* the same peer on another port is a repeat */
	b = add(rec(VPNDIAG_AUTH_FAIL, "gw", "192.0.2.1[4500]", "psk-mismatch"),
			&is_new);
	ck_assert(!is_new);
	ck_assert_int_eq(a, b);
	/* another cause is not */
	c = add(rec(VPNDIAG_AUTH_FAIL, "gw", "192.0.2.1[500]", "untrusted-ca"),
			&is_new);
	ck_assert(is_new);
	ck_assert_int_ne(a, c);
	list = store->list(store, NULL);
	ck_assert_int_eq(list->get_count(list), 2);
	list->get_first(list, (void**)&r);
	ck_assert_int_eq(r->count, 2);
	list->destroy_function(list, (void*)vpndiag_record_destroy);
}
END_TEST

/* add() shares the stored record: what a publisher holds stays as it was
 * when the store folds a repeat into it or drops it */
START_TEST(test_shared)
{
	vpndiag_record_t *first, *second, *r;
	linked_list_t *list;
	bool is_new;

	r = rec(VPNDIAG_AUTH_FAIL, "gw", "192.0.2.1[500]", "psk-mismatch");
	vpndiag_record_set(&r->detail, "first");
	first = store->add(store, r, &is_new);
	ck_assert(is_new);
	ck_assert_ptr_eq(first, r);
	r = rec(VPNDIAG_AUTH_FAIL, "gw", "192.0.2.1[4500]", "psk-mismatch");
	vpndiag_record_set(&r->detail, "second");
	second = store->add(store, r, &is_new);
	ck_assert(!is_new);
	/* the store let go of the first one, its holder did not */
	ck_assert_str_eq(first->detail, "first");
	ck_assert_int_eq(first->count, 1);
	ck_assert_str_eq(second->detail, "second");
	ck_assert_int_eq(second->count, 2);
	ck_assert_int_eq(second->id, first->id);
	vpndiag_record_destroy(first);
	store->reset(store, NULL);
	list = store->list(store, NULL);
	ck_assert_int_eq(list->get_count(list), 0);
	list->destroy(list);
	ck_assert_str_eq(second->detail, "second");
	vpndiag_record_destroy(second);

	/* a clone is not shared */
	r = rec(VPNDIAG_AUTH_FAIL, "gw", "192.0.2.1[500]", "psk-mismatch");
	first = vpndiag_record_get(r);
	second = vpndiag_record_clone(first);
	ck_assert_int_eq(second->refs, 0);
	vpndiag_record_destroy(first);
	vpndiag_record_destroy(r);
	vpndiag_record_destroy(second);

	/* who modifies a record others hold gets a copy (the store's repeat()
	 * and refresh() of a flood aggregate, vpndiag_flood.h), the holder
	 * keeps what it had; a record held once is modified in place */
	r = rec(VPNDIAG_AUTH_FAIL, "gw", "192.0.2.1[500]", "psk-mismatch");
	first = vpndiag_record_get(r);
	second = vpndiag_record_unshare(r);
	ck_assert_ptr_ne(second, first);
	second->count = 9;
	vpndiag_record_set(&second->detail, "changed");
	ck_assert_int_eq(first->count, 1);
	ck_assert_ptr_null(first->detail);
	ck_assert_int_eq(first->refs, 0);
	ck_assert_ptr_eq(vpndiag_record_unshare(second), second);
	ck_assert_ptr_eq(vpndiag_record_unshare(first), first);
	vpndiag_record_destroy(first);
	vpndiag_record_destroy(second);
}
END_TEST

START_TEST(test_pools)
{
	vpndiag_counters_t counters;
	vpndiag_filter_t filter = { .conn = "gw" };
	char addr[32];
	int i;

	add(rec(VPNDIAG_AUTH_FAIL, "gw", "192.0.2.1[500]", "psk-mismatch"), NULL);
	/* a flood of unattributed failures and informational records */
	for (i = 0; i < 50; i++)
	{
		snprintf(addr, sizeof(addr), "198.51.100.%d[500]", i);
		add(rec(VPNDIAG_P1_PROPOSAL_MISMATCH, NULL, addr, "x"), NULL);
		vpndiag_record_t *info = rec(VPNDIAG_P2_SA_REPLACE, "gw", addr, "y");
		info->severity = VPNDIAG_SEV_INFO;
		add(info, NULL);
	}
	/* the connection's failure survives */
	ck_assert_int_eq(count(&filter), 1 + 2);
	filter.conn = "-";
	ck_assert_int_eq(count(&filter), 4);
	ck_assert_int_eq(count(NULL), 1 + 4 + 2);
	/* counters are exact and never evicted */
	ck_assert(store->get_counters(store, NULL, &counters));
	ck_assert_int_eq(counters.total[VPNDIAG_P1_PROPOSAL_MISMATCH], 50);
	ck_assert_int_eq(counters.total[VPNDIAG_P2_SA_REPLACE], 50);
	ck_assert_int_eq(counters.total[VPNDIAG_AUTH_FAIL], 1);
	ck_assert_int_eq(counters.evicted, 46 + 48);
	ck_assert(store->get_counters(store, "gw", &counters));
	ck_assert_int_eq(counters.total[VPNDIAG_AUTH_FAIL], 1);
	ck_assert(!store->get_counters(store, "nope", &counters));
}
END_TEST

START_TEST(test_per_conn)
{
	vpndiag_filter_t filter = { .conn = "a" };
	char cause[16];
	int i;

	for (i = 0; i < 5; i++)
	{
		snprintf(cause, sizeof(cause), "c%d", i);
		add(rec(VPNDIAG_AUTH_FAIL, "a", "192.0.2.1[500]", cause), NULL);
	}
	add(rec(VPNDIAG_AUTH_FAIL, "b", "192.0.2.3[500]", "c"), NULL);
	ck_assert_int_eq(count(&filter), 3);
	filter.conn = "b";
	ck_assert_int_eq(count(&filter), 1);
}
END_TEST

START_TEST(test_filters)
{
	vpndiag_filter_t filter = { .remote = "192.0.2.9" };
	vpndiag_record_t *r;

	add(rec(VPNDIAG_AUTH_FAIL, "gw", "192.0.2.1[500]", "a"), NULL);
	r = rec(VPNDIAG_DPD_TIMEOUT, "gw", "192.0.2.9[4500]", "b");
	r->first = r->last = 5000;
	add(r, NULL);
	ck_assert_int_eq(count(&filter), 1);
	filter = (vpndiag_filter_t){ .code = VPNDIAG_AUTH_FAIL };
	ck_assert_int_eq(count(&filter), 1);
	filter = (vpndiag_filter_t){ .since = 2000 };
	ck_assert_int_eq(count(&filter), 1);
	filter = (vpndiag_filter_t){ .limit = 1 };
	ck_assert_int_eq(count(&filter), 1);
}
END_TEST

START_TEST(test_reset_and_caps)
{
	vpndiag_caps_t caps = {
		.max_records = 10, .per_conn = 1, .max_unattributed = 4, .max_info = 2,
	};
	vpndiag_counters_t counters;

	add(rec(VPNDIAG_AUTH_FAIL, "a", "192.0.2.1[500]", "x"), NULL);
	add(rec(VPNDIAG_AUTH_FAIL, "a", "192.0.2.1[500]", "y"), NULL);
	add(rec(VPNDIAG_AUTH_FAIL, "b", "192.0.2.2[500]", "x"), NULL);
	ck_assert_int_eq(count(NULL), 3);
	/* shrinking evicts the oldest of each connection */
	store->set_caps(store, &caps);
	ck_assert_int_eq(count(NULL), 2);
	store->reset(store, "a");
	ck_assert_int_eq(count(NULL), 1);
	store->get_counters(store, NULL, &counters);
	ck_assert_int_eq(counters.total[VPNDIAG_AUTH_FAIL], 1);
	store->reset(store, NULL);
	ck_assert_int_eq(count(NULL), 0);
}
END_TEST

/**
 * Cursor callback collecting ids, stopping after every 4th
 */
static bool collect_ids(void *data, vpndiag_record_t *record)
{
	uint64_t *ids = data;

	ids[++ids[0]] = record->id;
	return ids[0] % 4 != 0;
}

START_TEST(test_cursor)
{
	vpndiag_caps_t caps = {
		.max_records = 100, .per_conn = 100, .max_unattributed = 4,
		.max_info = 2,
	};
	vpndiag_filter_t filter = { .limit = 15 };
	vpndiag_cursor_t *cursor;
	linked_list_t *list;
	vpndiag_record_t *r;
	uint64_t ids[64] = {}, expect[] = { 6, 7, 8, 9, 10, 11, 12, 13, 15, 16,
										17, 18, 20 };
	char conn[8], cause[8];
	u_int i;

	store->set_caps(store, &caps);
	for (i = 1; i <= 20; i++)
	{
		snprintf(conn, sizeof(conn), "c%u", i % 5);
		snprintf(cause, sizeof(cause), "x%u", i);
		ck_assert_int_eq(add(rec(VPNDIAG_AUTH_FAIL, conn, "192.0.2.1[500]",
								 cause), NULL), i);
	}
	/* without changes: what list() returns */
	list = store->list(store, &filter);
	cursor = store->open_cursor(store, &filter);
	while (store->read_cursor(store, cursor, collect_ids, ids))
	{
	}
	store->close_cursor(store, cursor);
	ck_assert_int_eq(ids[0], list->get_count(list));
	for (i = 1; list->remove_first(list, (void**)&r) == SUCCESS; i++)
	{
		ck_assert_int_eq(ids[i], r->id);
		vpndiag_record_destroy(r);
	}
	list->destroy(list);

	/* new records are not listed, folded ones are, removed ones not */
	memset(ids, 0, sizeof(ids));
	cursor = store->open_cursor(store, &filter);
	ck_assert_int_eq(store->read_cursor(store, cursor, collect_ids, ids), 4);
	ck_assert_int_eq(ids[4], 9);
	add(rec(VPNDIAG_AUTH_FAIL, "c1", "192.0.2.1[500]", "new"), NULL);
	add(rec(VPNDIAG_AUTH_FAIL, "c0", "192.0.2.1[500]", "x10"), NULL);
	store->reset(store, "c4");
	while (store->read_cursor(store, cursor, collect_ids, ids))
	{
	}
	store->close_cursor(store, cursor);
	/* 6..9 before the reset, then without c4's 14 and 19, nor 21 */
	ck_assert_int_eq(ids[0], countof(expect));
	for (i = 0; i < countof(expect); i++)
	{
		ck_assert_int_eq(ids[i + 1], expect[i]);
	}
	store->close_cursor(store, NULL);
}
END_TEST

static void *adder(void *data)
{
	char addr[32];
	int i;

	for (i = 0; i < 1000; i++)
	{
		snprintf(addr, sizeof(addr), "198.51.100.%d[500]", i % 7);
		vpndiag_record_destroy(store->add(store, rec(VPNDIAG_MAX_TRANSMIT_REACHED,
								NULL, addr, "no-response"), &(bool){0}));
	}
	return NULL;
}

START_TEST(test_threads)
{
	vpndiag_counters_t counters;
	thread_t *threads[4];
	int i;

	for (i = 0; i < countof(threads); i++)
	{
		threads[i] = thread_create(adder, NULL);
	}
	for (i = 0; i < countof(threads); i++)
	{
		threads[i]->join(threads[i]);
	}
	store->get_counters(store, NULL, &counters);
	ck_assert_int_eq(counters.total[VPNDIAG_MAX_TRANSMIT_REACHED], 4000);
	/* 7 peers, folded */
	ck_assert_int_eq(count(NULL), 4);
}
END_TEST

START_TEST(test_queue)
{
	vpndiag_queue_t *queue = vpndiag_queue_create(2);
	vpndiag_event_t *ev;

	ck_assert(queue->push(queue, calloc(1, sizeof(vpndiag_event_t))));
	ck_assert(queue->push(queue, calloc(1, sizeof(vpndiag_event_t))));
	/* full: dropped and counted, never blocking */
	ck_assert(!queue->push(queue, calloc(1, sizeof(vpndiag_event_t))));
	ck_assert_int_eq(queue->get_dropped(queue), 1);
	ev = queue->pop(queue, 10);
	ck_assert(ev);
	vpndiag_event_destroy(ev);
	ck_assert(!queue->is_drained(queue));
	queue->close(queue);
	ck_assert(!queue->push(queue, calloc(1, sizeof(vpndiag_event_t))));
	ev = queue->pop(queue, 10);
	ck_assert(ev);
	vpndiag_event_destroy(ev);
	ck_assert_ptr_null(queue->pop(queue, 10));
	ck_assert(queue->is_drained(queue));
	queue->destroy(queue);
}
END_TEST

/* events recycled through the free list (issue 22): get() hands out
 * zeroed events, recycle() releases what an event owns and keeps at most
 * VPNDIAG_QUEUE_FREE_MAX */
/**
 * Whether an event reads as a zeroed one: all zero but the bytes that
 * vpndiag_event_reset() may leave (vpndiag_event.h)
 */
static bool reads_zeroed(vpndiag_event_t *ev)
{
	vpndiag_event_t copy = *ev, zero = {};
	char *strings[] = { copy.sa.conn, copy.sa.local, copy.sa.remote,
						copy.child };
	char *ids[] = { copy.sa.local_id, copy.sa.remote_id };
	char *texts[] = { copy.text, copy.text2 };
	size_t sin6 = sizeof(struct sockaddr_in6);
	int i;

	for (i = 0; i < countof(strings); i++)
	{
		ck_assert_str_eq(strings[i], "");
		memset(strings[i], 0, VPNDIAG_NAME_LEN);
	}
	for (i = 0; i < countof(ids); i++)
	{
		ck_assert_str_eq(ids[i], "");
		memset(ids[i], 0, VPNDIAG_ID_LEN);
	}
	for (i = 0; i < countof(texts); i++)
	{
		ck_assert_str_eq(texts[i], "");
		memset(texts[i], 0, VPNDIAG_TEXT_LEN);
	}
	memset((char*)&copy.sa.local_addr + sin6, 0,
		   sizeof(copy.sa.local_addr) - sin6);
	memset((char*)&copy.sa.remote_addr + sin6, 0,
		   sizeof(copy.sa.remote_addr) - sin6);
	memset(copy.sa.local_id_enc, 0, sizeof(copy.sa.local_id_enc));
	memset(copy.sa.remote_id_enc, 0, sizeof(copy.sa.remote_id_enc));
	memset(copy.ts[0].ts, 0, sizeof(copy.ts[0].ts));
	memset(copy.ts[1].ts, 0, sizeof(copy.ts[1].ts));
	return memcmp(&copy, &zero, sizeof(zero)) == 0;
}

START_TEST(test_queue_recycle)
{
	vpndiag_queue_t *queue = vpndiag_queue_create(4);
	vpndiag_event_t *ev, *evs[VPNDIAG_QUEUE_FREE_MAX + 2], zero = {};
	int i;

	ev = queue->get(queue);
	ck_assert(ev);
	ck_assert(memcmp(ev, &zero, sizeof(zero)) == 0);
	/* used, with owned copies and text: comes back zeroed */
	ev->type = VPNDIAG_EV_ALERT;
	ev->sa.unique_id = 7;
	snprintf(ev->text, sizeof(ev->text), "used");
	ev->proposals = calloc(1, sizeof(vpndiag_proposals_t));
	ev->configured = calloc(1, sizeof(vpndiag_proposals_t));
	ck_assert(queue->push(queue, ev));
	ck_assert(queue->pop(queue, 10) == ev);
	queue->recycle(queue, ev);
	ck_assert(queue->get(queue) == ev);
	ck_assert(reads_zeroed(ev));
	ck_assert(ev->text[0] == '\0' && !ev->proposals && !ev->configured);
	/* every byte used: everything but the bounded members' tails is
	 * zeroed, those read as empty */
	memset(ev, 0xa5, sizeof(*ev));
	ev->proposals = ev->configured = ev->ike_cfg = NULL;
	ev->sa_raw = NULL;
	queue->recycle(queue, ev);
	ck_assert(queue->get(queue) == ev);
	ck_assert(reads_zeroed(ev));
	ck_assert_int_eq(ev->sa.local_addr.ss_family, 0);
	ck_assert_int_eq(ev->sa.remote_id_len, 0);
	ck_assert_int_eq(ev->ts[0].count, 0);
	ck_assert_int_eq(ev->ts[1].count, 0);
	ck_assert_int_eq(ev->notify_count, 0);
	ck_assert_int_eq(ev->traffic.reqid, 0);
	queue->recycle(queue, ev);
	queue->recycle(queue, NULL);
	/* more than the free list holds: the rest is freed (valgrind/ASan
	 * would report a leak or a double free) */
	for (i = 0; i < countof(evs); i++)
	{
		evs[i] = queue->get(queue);
		ck_assert(reads_zeroed(evs[i]));
	}
	for (i = 0; i < countof(evs); i++)
	{
		queue->recycle(queue, evs[i]);
	}
	queue->destroy(queue);
}
END_TEST

START_TEST(test_stats)
{
	vpndiag_queue_t *queue = vpndiag_queue_create(1);
	vpndiag_stats_t *stats = vpndiag_stats_create(queue);
	vpndiag_event_t *ev;

	ck_assert_int_eq(stats->get(stats, VPNDIAG_STAT_EVENTS_DROPPED), 0);
	ck_assert(queue->push(queue, calloc(1, sizeof(vpndiag_event_t))));
	ck_assert(!queue->push(queue, calloc(1, sizeof(vpndiag_event_t))));
	ck_assert(!queue->push(queue, calloc(1, sizeof(vpndiag_event_t))));
	/* read from the queue, not counted twice */
	ck_assert_int_eq(stats->get(stats, VPNDIAG_STAT_EVENTS_DROPPED), 2);
	stats->add(stats, VPNDIAG_STAT_SYSLOG_SUPPRESSED, 3);
	stats->add(stats, VPNDIAG_STAT_SYSLOG_SUPPRESSED, 1);
	ck_assert_int_eq(stats->get(stats, VPNDIAG_STAT_SYSLOG_SUPPRESSED), 4);
	ck_assert_int_eq(stats->get(stats, VPNDIAG_STAT_SYSLOG_DROPPED), 0);
	stats->set(stats, VPNDIAG_STAT_STATE_FILE_FAILED, 1);
	ck_assert_int_eq(stats->get(stats, VPNDIAG_STAT_STATE_FILE_FAILED), 1);
	stats->set(stats, VPNDIAG_STAT_STATE_FILE_FAILED, 0);
	ck_assert_int_eq(stats->get(stats, VPNDIAG_STAT_STATE_FILE_FAILED), 0);
	/* out of range: ignored */
	stats->add(stats, VPNDIAG_STAT_MAX, 1);
	ck_assert_int_eq(stats->get(stats, VPNDIAG_STAT_MAX), 0);
	stats->destroy(stats);
	ev = queue->pop(queue, 10);
	vpndiag_event_destroy(ev);
	queue->destroy(queue);
}
END_TEST

START_TEST(test_escape)
{
	char buf[64];

	vpndiag_escape("a\nb\"c\\d\x01\xff", buf, sizeof(buf));
	ck_assert_str_eq(buf, "a\\x0ab\\\"c\\\\d\\x01\\xff");
	vpndiag_escape("\xc3\xa9t\xc3\xa9", buf, sizeof(buf));
	ck_assert_str_eq(buf, "\xc3\xa9t\xc3\xa9");
	vpndiag_time_format(1800000000123ULL, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2027-01-15T08:00:00.123Z");
}
END_TEST

Suite *store_suite_create(void)
{
	Suite *s = suite_create("store");
	TCase *tc;

	tc = tcase_create("history");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fold);
	tcase_add_test(tc, test_shared);
	tcase_add_test(tc, test_pools);
	tcase_add_test(tc, test_per_conn);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_reset_and_caps);
	tcase_add_test(tc, test_cursor);
	tcase_add_test(tc, test_threads);
	suite_add_tcase(s, tc);

	tc = tcase_create("queue and record");
	tcase_add_test(tc, test_queue);
	tcase_add_test(tc, test_queue_recycle);
	tcase_add_test(tc, test_stats);
	tcase_add_test(tc, test_escape);
	suite_add_tcase(s, tc);
	return s;
}
