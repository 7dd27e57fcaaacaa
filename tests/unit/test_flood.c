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
 * Aggregation under a flood (vpndiag_flood.h): the rate detector, folding
 * into one record per code and cause with exact counters and distinct
 * sources, the store's repeat()/refresh() and the state file's aggregate
 * segments.
 */

#include "vpndiag_tests.h"

#include "vpndiag_flood.h"
#include "vpndiag_store.h"
#include "vpndiag_state_file.h"
#include "vpndiag_vici_msg.h"
#include "vpndiag_vici_record.h"

#include <library.h>
#include <stdio.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

/** a second's worth of milliseconds, from a round time */
#define T0 1700000000000ULL

static vpndiag_caps_t caps = { 100, 10, 50, 20 };
static char path[64], lockfile[80];

static void setup(void)
{
	snprintf(path, sizeof(path), "/tmp/vd-flood-%d.state", getpid());
	snprintf(lockfile, sizeof(lockfile), "%s.lock", path);
	unlink(path);
	unlink(lockfile);
}

static void teardown(void)
{
	unlink(path);
	unlink(lockfile);
}

START_TEST(test_detector_enter_leave)
{
	vpndiag_flood_t *flood;
	int i;

	flood = vpndiag_flood_create(3, 10000);
	/* at the threshold: not a flood */
	for (i = 0; i < 3; i++)
	{
		ck_assert(!flood->count(flood, T0 + i * 100));
	}
	ck_assert(!flood->is_active(flood, T0 + 500));
	/* the 4th failure within the second is over it */
	ck_assert(flood->count(flood, T0 + 400));
	ck_assert(flood->is_active(flood, T0 + 999));
	/* a new second below the threshold: still on, within the hold time */
	ck_assert(flood->count(flood, T0 + 1500));
	ck_assert(flood->is_active(flood, T0 + 400 + 9999));
	/* ends 10 s after the last failure over the threshold */
	ck_assert(!flood->is_active(flood, T0 + 400 + 10000));
	ck_assert(!flood->count(flood, T0 + 20000));
	flood->destroy(flood);

	/* 3 per second for a minute: never */
	flood = vpndiag_flood_create(3, 10000);
	for (i = 0; i < 180; i++)
	{
		ck_assert(!flood->count(flood, T0 + (i / 3) * 1000 + (i % 3) * 10));
	}
	/* threshold 0: never, whatever the rate */
	flood->set_threshold(flood, 0);
	for (i = 0; i < 100; i++)
	{
		ck_assert(!flood->count(flood, T0 + 100000));
	}
	/* and a threshold set on reload applies */
	flood->set_threshold(flood, 1);
	flood->count(flood, T0 + 200000);
	ck_assert(flood->count(flood, T0 + 200001));
	flood->set_threshold(flood, 0);
	ck_assert(!flood->is_active(flood, T0 + 200002));
	flood->destroy(flood);
}
END_TEST

/**
 * A classified unattributed failure from a source
 */
static vpndiag_record_t *failure(const char *remote, uint64_t time)
{
	vpndiag_record_t *r;

	r = vpndiag_record_create(VPNDIAG_P1_PROPOSAL_MISMATCH);
	vpndiag_record_set(&r->cause, "no-common-proposal");
	vpndiag_record_set(&r->remote, remote);
	vpndiag_record_set(&r->local, "192.0.2.2[500]");
	vpndiag_record_set(&r->detail, "x proposed y");
	r->first = r->last = time;
	return r;
}

/**
 * Fold failures of n occurrences from nsrc distinct sources into the store
 * as the worker does in flood mode (all through the full path)
 */
static void fold_many(vpndiag_flood_t *flood, vpndiag_store_t *store, int n,
					  int nsrc)
{
	vpndiag_record_t *r, *copy;
	char remote[64];
	bool is_new;
	int i;

	for (i = 0; i < n; i++)
	{
		snprintf(remote, sizeof(remote), "10.64.%d.%d[500]", (i % nsrc) / 250,
				 (i % nsrc) % 250 + 1);
		r = failure(remote, T0 + i);
		ck_assert(flood->aggregate(flood, r));
		copy = store->add(store, r, &is_new);
		ck_assert(copy);
		ck_assert(is_new == (i == 0));
		flood->pending(flood, copy);
		vpndiag_record_destroy(copy);
	}
}

/**
 * The one record the store holds
 */
static vpndiag_record_t *only_record(vpndiag_store_t *store)
{
	vpndiag_filter_t all = {};
	vpndiag_record_t *r;
	linked_list_t *list;

	list = store->list(store, &all);
	ck_assert_int_eq(list->get_count(list), 1);
	list->remove_first(list, (void**)&r);
	list->destroy(list);
	return r;
}

START_TEST(test_fold_sources)
{
	vpndiag_counters_t counters;
	vpndiag_failures_t failures;
	vpndiag_flood_t *flood;
	vpndiag_store_t *store;
	vpndiag_record_t *r;
	int slot;

	/* 7 sources, 40 failures: exact, the last 5 named in order */
	flood = vpndiag_flood_create(1, 10000);
	store = vpndiag_store_create(&caps);
	fold_many(flood, store, 40, 7);
	r = only_record(store);
	ck_assert_int_eq(r->count, 40);
	ck_assert_int_eq(r->sources, 7);
	ck_assert(!r->sources_capped);
	ck_assert_uint_eq(r->first, T0);
	ck_assert_uint_eq(r->last, T0 + 39);
	ck_assert(!r->conn);
	/* i = 39: source 39 % 7 = 4, so the last five are 1 2 3 4 (from 36..39)
	 * preceded by 0 (i = 35) */
	ck_assert_str_eq(r->sources_last[0], "10.64.0.1");
	ck_assert_str_eq(r->sources_last[4], "10.64.0.5");
	ck_assert(!r->sources_last[5]);
	ck_assert_str_eq(r->remote, "10.64.0.5[500]");
	ck_assert(strstr(r->detail, "aggregated under a flood"));
	vpndiag_record_destroy(r);
	store->get_counters(store, NULL, &counters);
	ck_assert_int_eq(counters.total[VPNDIAG_P1_PROPOSAL_MISMATCH], 40);
	store->get_failures(store, NULL, &failures);
	slot = vpndiag_failure_slot(VPNDIAG_P1_PROPOSAL_MISMATCH,
								"no-common-proposal");
	ck_assert_int_eq(failures.count[slot], 40);
	store->destroy(store);
	flood->destroy(flood);

	/* more distinct sources than the bound: capped, still one record */
	flood = vpndiag_flood_create(1, 10000);
	store = vpndiag_store_create(&caps);
	fold_many(flood, store, VPNDIAG_SOURCES_MAX + 200,
			  VPNDIAG_SOURCES_MAX + 100);
	r = only_record(store);
	ck_assert_int_eq(r->count, VPNDIAG_SOURCES_MAX + 200);
	ck_assert_int_eq(r->sources, VPNDIAG_SOURCES_MAX);
	ck_assert(r->sources_capped);
	vpndiag_record_destroy(r);
	store->destroy(store);
	flood->destroy(flood);

	/* exactly at the bound: not capped */
	flood = vpndiag_flood_create(1, 10000);
	store = vpndiag_store_create(&caps);
	fold_many(flood, store, VPNDIAG_SOURCES_MAX * 2, VPNDIAG_SOURCES_MAX);
	r = only_record(store);
	ck_assert_int_eq(r->sources, VPNDIAG_SOURCES_MAX);
	ck_assert(!r->sources_capped);
	vpndiag_record_destroy(r);
	store->destroy(store);
	flood->destroy(flood);
}
END_TEST

START_TEST(test_fold_by_code_and_cause)
{
	vpndiag_flood_t *flood;
	vpndiag_store_t *store;
	vpndiag_record_t *r, *copy;
	vpndiag_filter_t all = {};
	linked_list_t *list;
	bool is_new;

	flood = vpndiag_flood_create(1, 10000);
	store = vpndiag_store_create(&caps);
	fold_many(flood, store, 10, 10);
	/* another cause of the same code: its own aggregate */
	r = failure("10.64.0.1[500]", T0 + 100);
	vpndiag_record_set(&r->cause, "no-common-ke-method");
	ck_assert(flood->aggregate(flood, r));
	copy = store->add(store, r, &is_new);
	ck_assert(is_new);
	ck_assert_int_eq(copy->sources, 1);
	vpndiag_record_destroy(copy);
	/* a record of a connection is never aggregated */
	r = failure("10.64.0.1[500]", T0 + 101);
	vpndiag_record_set(&r->conn, "gw");
	ck_assert(!flood->aggregate(flood, r));
	ck_assert_int_eq(r->sources, 0);
	vpndiag_record_destroy(r);
	/* nor one without an address */
	r = failure(NULL, T0 + 102);
	ck_assert(!flood->aggregate(flood, r));
	vpndiag_record_destroy(r);
	/* a per-address record of the same code and cause stays apart */
	r = failure("10.64.0.1[500]", T0 + 103);
	copy = store->add(store, r, &is_new);
	ck_assert(is_new);
	vpndiag_record_destroy(copy);
	list = store->list(store, &all);
	ck_assert_int_eq(list->get_count(list), 3);
	list->destroy_function(list, (void*)vpndiag_record_destroy);
	store->destroy(store);
	flood->destroy(flood);
}
END_TEST

START_TEST(test_repeat_refresh_due)
{
	vpndiag_counters_t counters;
	vpndiag_record_t *fields, *r;
	vpndiag_flood_t *flood;
	vpndiag_store_t *store;
	uint32_t occurrences;

	flood = vpndiag_flood_create(1, 10000);
	store = vpndiag_store_create(&caps);
	fold_many(flood, store, 3, 3);
	/* the first is published at once (a new record) */
	r = only_record(store);
	ck_assert_int_eq(flood->take(flood, r, T0), 3);
	/* nothing due until an occurrence is pending */
	ck_assert(!flood->next_due(flood, T0 + 5000, TRUE, &fields, &occurrences));
	flood->pending(flood, r);
	/* due once per VPNDIAG_FLOOD_PUBLISH_MS, or at once when forced */
	ck_assert(!flood->next_due(flood, T0 + VPNDIAG_FLOOD_PUBLISH_MS - 1, FALSE,
							   &fields, &occurrences));
	ck_assert(flood->next_due(flood, T0 + VPNDIAG_FLOOD_PUBLISH_MS, FALSE,
							  &fields, &occurrences));
	ck_assert_int_eq(occurrences, 1);
	ck_assert_int_eq(fields->sources, 3);
	flood->pending(flood, r);
	flood->pending(flood, r);
	ck_assert(flood->next_due(flood, T0 + VPNDIAG_FLOOD_PUBLISH_MS + 1, TRUE,
							  &fields, &occurrences));
	ck_assert_int_eq(occurrences, 2);
	/* a snapshot holds what was pending */
	flood->pending(flood, r);
	flood->snapshot_taken(flood);
	ck_assert(flood->next_due(flood, T0 + 9000, TRUE, &fields, &occurrences));
	ck_assert_int_eq(occurrences, 0);
	vpndiag_record_destroy(r);

	/* repeat() counts without a new record, refresh() sets the sources */
	ck_assert(store->repeat(store, fields, T0 + 10000));
	ck_assert(store->repeat(store, fields, T0 + 10001));
	vpndiag_record_add_source(fields, "10.64.9.9");
	fields->sources = 4;
	r = store->refresh(store, fields);
	ck_assert(r);
	ck_assert_int_eq(r->count, 5);
	ck_assert_uint_eq(r->last, T0 + 10001);
	ck_assert_int_eq(r->sources, 4);
	ck_assert_str_eq(r->sources_last[3], "10.64.9.9");
	vpndiag_record_destroy(r);
	store->get_counters(store, NULL, &counters);
	ck_assert_int_eq(counters.total[VPNDIAG_P1_PROPOSAL_MISMATCH], 5);
	ck_assert_int_eq(counters.records, 1);
	/* after a reset neither finds it */
	store->reset(store, NULL);
	ck_assert(!store->repeat(store, fields, T0 + 10002));
	ck_assert(!store->refresh(store, fields));
	store->get_counters(store, NULL, &counters);
	ck_assert_int_eq(counters.total[VPNDIAG_P1_PROPOSAL_MISMATCH], 0);
	flood->forget(flood, fields);
	ck_assert(!flood->next_due(flood, T0 + 20000, TRUE, &fields,
							   &occurrences));
	store->destroy(store);
	flood->destroy(flood);
}
END_TEST

START_TEST(test_record_sources_last)
{
	vpndiag_record_t *r, *clone;
	char name[16];
	int i;

	r = vpndiag_record_create(VPNDIAG_P1_PROPOSAL_MISMATCH);
	for (i = 0; i < 8; i++)
	{
		snprintf(name, sizeof(name), "10.0.0.%d", i);
		vpndiag_record_add_source(r, name);
	}
	ck_assert_str_eq(r->sources_last[0], "10.0.0.3");
	ck_assert_str_eq(r->sources_last[4], "10.0.0.7");
	ck_assert(!r->sources_last[5]);
	/* a source named again moves to the end */
	vpndiag_record_add_source(r, "10.0.0.4");
	ck_assert_str_eq(r->sources_last[0], "10.0.0.3");
	ck_assert_str_eq(r->sources_last[1], "10.0.0.5");
	ck_assert_str_eq(r->sources_last[4], "10.0.0.4");
	clone = vpndiag_record_clone(r);
	ck_assert_str_eq(clone->sources_last[4], "10.0.0.4");
	ck_assert(clone->sources_last[4] != r->sources_last[4]);
	vpndiag_record_destroy(clone);
	vpndiag_record_destroy(r);
}
END_TEST

/**
 * Encode a record as VICI (escaped, as published) and read it back
 */
static vpndiag_record_t *vici_roundtrip(vpndiag_record_t *r, bool raw,
										char *text, size_t len)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *msg;
	vpndiag_vici_op_t op;
	vpndiag_record_t *back;
	const uint8_t *body;
	const char *err;
	uint8_t *data;
	size_t dlen, blen;
	char name[256];

	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "record");
	if (raw)
	{
		vpndiag_vici_add_record_raw(&b, r);
	}
	else
	{
		vpndiag_vici_add_record(&b, r);
	}
	data = vpndiag_vici_finish(&b, &dlen);
	ck_assert(data);
	ck_assert(vpndiag_vici_packet(data + 4, dlen - 4, &op, name, &body,
								  &blen));
	msg = vpndiag_vici_parse(body, blen, &err);
	ck_assert(msg);
	snprintf(text, len, "%s|%s", vpndiag_vici_get(msg, "sources") ?: "-",
			 vpndiag_vici_get(msg, "sources_capped") ?: "-");
	back = vpndiag_vici_read_record(msg);
	vpndiag_vici_free(msg);
	free(data);
	return back;
}

START_TEST(test_vici_keys)
{
	vpndiag_record_t *r, *back;
	char text[64];

	r = failure("10.64.0.1[500]", T0);
	r->id = 7;
	back = vici_roundtrip(r, FALSE, text, sizeof(text));
	/* not aggregated: no keys */
	ck_assert_str_eq(text, "-|-");
	ck_assert_int_eq(back->sources, 0);
	ck_assert(!back->sources_last[0]);
	vpndiag_record_destroy(back);

	r->sources = 1000;
	r->sources_capped = TRUE;
	vpndiag_record_add_source(r, "10.64.0.1");
	vpndiag_record_add_source(r, "2001:db8::1");
	back = vici_roundtrip(r, FALSE, text, sizeof(text));
	ck_assert_str_eq(text, "1000|yes");
	ck_assert_int_eq(back->sources, 1000);
	ck_assert(back->sources_capped);
	ck_assert_str_eq(back->sources_last[0], "10.64.0.1");
	ck_assert_str_eq(back->sources_last[1], "2001:db8::1");
	ck_assert(!back->sources_last[2]);
	vpndiag_record_destroy(back);

	r->sources_capped = FALSE;
	back = vici_roundtrip(r, TRUE, text, sizeof(text));
	ck_assert_str_eq(text, "1000|no");
	ck_assert(!back->sources_capped);
	vpndiag_record_destroy(back);
	vpndiag_record_destroy(r);
}
END_TEST

/**
 * What the worker does in flood mode: the full path's occurrences (new:
 * append at once), repeats counted by the store, updates appended when due
 */
static void flood_run(bool clean)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	vpndiag_flood_t *flood;
	vpndiag_record_t *r, *copy, *fields;
	uint32_t occurrences;
	char remote[64];
	bool is_new;
	int i;

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	flood = vpndiag_flood_create(1, 10000);
	for (i = 0; i < 30; i++)
	{
		snprintf(remote, sizeof(remote), "10.64.0.%d[500]", i % 12 + 1);
		r = failure(remote, T0 + i * 100);
		ck_assert(flood->aggregate(flood, r));
		copy = store->add(store, r, &is_new);
		flood->pending(flood, copy);
		if (is_new)
		{
			state->append_aggregate(state, copy,
									flood->take(flood, copy, T0 + i * 100));
		}
		else if (flood->next_due(flood, T0 + i * 100, FALSE, &fields,
								 &occurrences))
		{
			vpndiag_record_destroy(copy);
			copy = store->refresh(store, fields);
			state->append_aggregate(state, copy, occurrences);
		}
		vpndiag_record_destroy(copy);
	}
	/* the rest when flood mode ends */
	while (flood->next_due(flood, T0 + 3000, TRUE, &fields, &occurrences))
	{
		copy = store->refresh(store, fields);
		state->append_aggregate(state, copy, occurrences);
		vpndiag_record_destroy(copy);
	}
	if (clean)
	{	/* a clean shutdown: the final snapshot */
		state->destroy(state);
		flood->destroy(flood);
		store->destroy(store);
	}
}

START_TEST(test_state_roundtrip)
{
	vpndiag_failures_t failures;
	vpndiag_counters_t counters;
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	vpndiag_record_t *r;
	pid_t pid;
	int status, pass;

	/* pass 0: appended segments only (killed without a snapshot);
	 * pass 1: the same after a clean shutdown's snapshot */
	for (pass = 0; pass < 2; pass++)
	{
		unlink(path);
		unlink(lockfile);
		pid = fork();
		ck_assert(pid >= 0);
		if (pid == 0)
		{
			flood_run(pass == 1);
			if (pass == 1)
			{
				_exit(0);
			}
			kill(getpid(), SIGKILL);
			_exit(2);
		}
		ck_assert(waitpid(pid, &status, 0) == pid);
		ck_assert(pass == 1 ? WIFEXITED(status) && !WEXITSTATUS(status) :
				  WIFSIGNALED(status));
		store = vpndiag_store_create(&caps);
		state = vpndiag_state_file_create(path, store, 1000);
		ck_assert(state);
		r = only_record(store);
		ck_assert_int_eq(r->count, 30);
		ck_assert_int_eq(r->sources, 12);
		ck_assert(!r->sources_capped);
		ck_assert_str_eq(r->sources_last[4], "10.64.0.6");
		ck_assert_str_eq(r->sources_last[0], "10.64.0.2");
		ck_assert_uint_eq(r->first, T0);
		ck_assert_uint_eq(r->last, T0 + 2900);
		vpndiag_record_destroy(r);
		store->get_counters(store, NULL, &counters);
		ck_assert_int_eq(counters.total[VPNDIAG_P1_PROPOSAL_MISMATCH], 30);
		store->get_failures(store, NULL, &failures);
		ck_assert_int_eq(failures.count[vpndiag_failure_slot(
				VPNDIAG_P1_PROPOSAL_MISMATCH, "no-common-proposal")], 30);
		/* destroy snapshots: loading that gives the same again */
		state->destroy(state);
		store->destroy(store);
		store = vpndiag_store_create(&caps);
		state = vpndiag_state_file_create(path, store, 1000);
		r = only_record(store);
		ck_assert_int_eq(r->count, 30);
		ck_assert_int_eq(r->sources, 12);
		vpndiag_record_destroy(r);
		store->get_counters(store, NULL, &counters);
		ck_assert_int_eq(counters.total[VPNDIAG_P1_PROPOSAL_MISMATCH], 30);
		state->destroy(state);
		store->destroy(store);
	}
}
END_TEST

/**
 * A proposal list of one IKE proposal
 */
static void one_proposal(vpndiag_proposals_t *p, uint16_t integ)
{
	memset(p, 0, sizeof(*p));
	p->count = 1;
	p->p[0].protocol = 1;
	p->p[0].t[p->p[0].count++] = (vpndiag_transform_t){ 1, 12, 256 };
	p->p[0].t[p->p[0].count++] = (vpndiag_transform_t){ 3, integ, 0 };
}

START_TEST(test_same_failure)
{
	vpndiag_proposals_t received, other;
	vpndiag_failure_t f = {};
	vpndiag_event_t e, base = {
		.type = VPNDIAG_EV_ALERT,
		.alert = VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE,
		.sa = {
			.unique_id = 9,
			.version = 2,
			.has_ike_cfg = TRUE,
		},
		.ike_cfg = (void*)&f,
		.proposals = &received,
	};
	struct sockaddr_in *sin = (struct sockaddr_in*)&base.sa.local_addr;

	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(0xc0000202);
	sin->sin_port = htons(500);
	one_proposal(&received, 12);
	one_proposal(&other, 13);

	/* nothing captured */
	ck_assert(!vpndiag_same_failure(&f, &base));
	f = (vpndiag_failure_t){
		.valid = TRUE,
		.alert = VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE,
		.version = 2,
		.has_ike_cfg = TRUE,
		.ike_cfg = (void*)&f,
		.proposals = received,
		.local = base.sa.local_addr,
		.code = VPNDIAG_P1_PROPOSAL_MISMATCH,
	};
	ck_assert(vpndiag_same_failure(&f, &base));
	/* another IKE_SA, source and port: the same */
	e = base;
	e.sa.unique_id = 10;
	sin = (struct sockaddr_in*)&e.sa.local_addr;
	sin->sin_port = htons(4500);
	sin = (struct sockaddr_in*)&e.sa.remote_addr;
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(0x0a400001);
	ck_assert(vpndiag_same_failure(&f, &e));
	/* each input that decides code, cause or connection */
	e = base;
	e.alert = VPNDIAG_ALERT_PROPOSAL_MISMATCH_CHILD;
	ck_assert(!vpndiag_same_failure(&f, &e));
	e = base;
	e.type = VPNDIAG_EV_MESSAGE;
	ck_assert(!vpndiag_same_failure(&f, &e));
	e = base;
	e.sa.version = 1;
	ck_assert(!vpndiag_same_failure(&f, &e));
	e = base;
	e.sa.initiator = TRUE;
	ck_assert(!vpndiag_same_failure(&f, &e));
	e = base;
	e.sa.has_peer_cfg = TRUE;
	ck_assert(!vpndiag_same_failure(&f, &e));
	e = base;
	e.sa.has_ike_cfg = FALSE;
	ck_assert(!vpndiag_same_failure(&f, &e));
	e = base;
	e.ike_cfg = (void*)&e;
	ck_assert(!vpndiag_same_failure(&f, &e));
	e = base;
	e.ike_cfg = NULL;
	ck_assert(!vpndiag_same_failure(&f, &e));
	e = base;
	e.configured = &received;
	ck_assert(!vpndiag_same_failure(&f, &e));
	e = base;
	e.proposals = &other;
	ck_assert(!vpndiag_same_failure(&f, &e));
	e = base;
	e.proposals = NULL;
	ck_assert(!vpndiag_same_failure(&f, &e));
	e = base;
	sin = (struct sockaddr_in*)&e.sa.local_addr;
	sin->sin_addr.s_addr = htonl(0xc0000203);
	ck_assert(!vpndiag_same_failure(&f, &e));
	e = base;
	e.sa.local_addr.ss_family = AF_INET6;
	ck_assert(!vpndiag_same_failure(&f, &e));
	/* the received text is not an input (printed on the worker) */
	e = base;
	snprintf(received.text, sizeof(received.text), "IKE:x");
	ck_assert(vpndiag_same_failure(&f, &e));

	/* the hook copied the SA payload raw: the same bytes */
	{
		uint8_t raw[] = { 34, 0, 0, 12, 0, 0, 0, 8, 1, 1, 0, 1 };
		uint8_t other_raw[sizeof(raw)];

		f.sa_raw = malloc(sizeof(raw));
		memcpy(f.sa_raw, raw, sizeof(raw));
		f.sa_raw_len = sizeof(raw);
		e = base;
		ck_assert(!vpndiag_same_failure(&f, &e));
		e.proposals = NULL;
		e.sa_raw = raw;
		e.sa_raw_len = sizeof(raw);
		ck_assert(vpndiag_same_failure(&f, &e));
		/* parsed already on this event (handle() parses after the check):
		 * the bytes decide */
		e.proposals = &other;
		ck_assert(vpndiag_same_failure(&f, &e));
		memcpy(other_raw, raw, sizeof(raw));
		other_raw[11] = 2;
		e.sa_raw = other_raw;
		ck_assert(!vpndiag_same_failure(&f, &e));
		e.sa_raw = raw;
		e.sa_raw_len = sizeof(raw) - 1;
		ck_assert(!vpndiag_same_failure(&f, &e));
		/* captured from copied proposals: a raw event differs */
		free(f.sa_raw);
		f.sa_raw = NULL;
		e = base;
		e.sa_raw = raw;
		e.sa_raw_len = sizeof(raw);
		ck_assert(!vpndiag_same_failure(&f, &e));
	}
}
END_TEST

Suite *flood_suite_create(void)
{
	Suite *s = suite_create("flood");
	TCase *tc;

	tc = tcase_create("flood");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_detector_enter_leave);
	tcase_add_test(tc, test_fold_sources);
	tcase_add_test(tc, test_fold_by_code_and_cause);
	tcase_add_test(tc, test_repeat_refresh_due);
	tcase_add_test(tc, test_record_sources_last);
	tcase_add_test(tc, test_vici_keys);
	tcase_add_test(tc, test_state_roundtrip);
	tcase_add_test(tc, test_same_failure);
	suite_add_tcase(s, tc);
	return s;
}
