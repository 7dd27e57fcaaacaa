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

#include "vpndiag_state_file.h"
#include "vpndiag_store.h"
#include "vpndiag_vici_msg.h"
#include "vpndiag_vici_record.h"

#include <library.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>

static char path[64], aside[80], lockfile[80];
static vpndiag_caps_t caps = { 100, 10, 20, 20 };

/**
 * Run fn in a child that ends without cleanup, as a crashed charon would
 */
static void crash_after(void (*fn)(void))
{
	pid_t pid;
	int status;

	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0)
	{	/* a real crash: no cleanup, no exit handlers */
		fn();
		kill(getpid(), SIGKILL);
		_exit(2);
	}
	ck_assert(waitpid(pid, &status, 0) == pid);
	/* _exit(1) if the child failed before its "crash" */
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

static void setup(void)
{
	snprintf(path, sizeof(path), "/tmp/vd-unit-%d.state", getpid());
	snprintf(aside, sizeof(aside), "%s.corrupt", path);
	snprintf(lockfile, sizeof(lockfile), "%s.lock", path);
	unlink(path);
	unlink(aside);
	unlink(lockfile);
}

static void teardown(void)
{
	unlink(path);
	unlink(aside);
	unlink(lockfile);
}

/**
 * Add a record to the store and hand it to the state file, as the worker
 * does (vpndiag_worker.c: publish())
 */
static void add(vpndiag_state_file_t *state, vpndiag_store_t *store,
				vpndiag_code_t code, const char *conn, const char *remote)
{
	vpndiag_record_t *r, *copy;
	bool is_new;

	r = vpndiag_record_create(code);
	vpndiag_record_set(&r->conn, conn);
	vpndiag_record_set(&r->remote, remote);
	vpndiag_record_set(&r->remote_id, "peer\nwith \"quotes\" \\ and \x01");
	vpndiag_record_set(&r->ts_local, "10.1.0.0/16 10.3.0.0/24");
	vpndiag_record_add_mismatch(r, "encr");
	r->first = r->last = 1700000000123ULL;
	r->nat = "no";
	copy = store->add(store, r, &is_new);
	state->append(state, copy, is_new);
}

/**
 * "id code count conn remote_id ts_local" of all records
 */
static void dump(vpndiag_store_t *store, char *buf, size_t len)
{
	vpndiag_filter_t all = {};
	vpndiag_record_t *r;
	linked_list_t *list;
	size_t pos = 0;

	buf[0] = '\0';
	list = store->list(store, &all);
	while (list->remove_first(list, (void**)&r) == SUCCESS)
	{
		pos += snprintf(buf + pos, len - pos, "%llu %d %u %s %s %s %s %s|",
						(unsigned long long)r->id, r->code, r->count,
						r->conn ?: "-", r->remote_id, r->ts_local,
						r->mismatch[0] ?: "-", r->nat ?: "-");
		vpndiag_record_destroy(r);
	}
	list->destroy(list);
}

static void four_records(void)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	if (!state)
	{
		_exit(1);
	}
	add(state, store, VPNDIAG_DPD_TIMEOUT, "gw", "192.0.2.2[4500]");
	add(state, store, VPNDIAG_DPD_TIMEOUT, "gw", "192.0.2.2[4500]");
	add(state, store, VPNDIAG_AUTH_FAIL, "gw", "192.0.2.2[4500]");
	add(state, store, VPNDIAG_P1_PROPOSAL_MISMATCH, NULL, "198.51.100.1[500]");
}

START_TEST(test_roundtrip)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	vpndiag_counters_t c;
	char after[4096];

	/* a crash after four additions: no final snapshot */
	crash_after(four_records);

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	dump(store, after, sizeof(after));
	ck_assert_str_eq(after,
		"1 48 2 gw peer\nwith \"quotes\" \\ and \x01 10.1.0.0/16 10.3.0.0/24 encr no|"
		"2 11 1 gw peer\nwith \"quotes\" \\ and \x01 10.1.0.0/16 10.3.0.0/24 encr no|"
		"3 1 1 - peer\nwith \"quotes\" \\ and \x01 10.1.0.0/16 10.3.0.0/24 encr no|");
	store->get_counters(store, "gw", &c);
	ck_assert_uint_eq(c.total[VPNDIAG_DPD_TIMEOUT], 2);
	ck_assert_uint_eq(c.total[VPNDIAG_AUTH_FAIL], 1);
	store->get_counters(store, NULL, &c);
	ck_assert_uint_eq(c.total[VPNDIAG_P1_PROPOSAL_MISMATCH], 1);
	/* new ids continue after the restored ones */
	add(state, store, VPNDIAG_PEER_REQUEST, "gw", "192.0.2.2[4500]");
	dump(store, after, sizeof(after));
	ck_assert(strstr(after, "|4 49 1 gw"));
	/* a clean stop writes a snapshot; it loads the same */
	state->destroy(state);
	store->destroy(store);
	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	store->get_counters(store, NULL, &c);
	ck_assert_uint_eq(c.total[VPNDIAG_DPD_TIMEOUT], 2);
	ck_assert_uint_eq(c.total[VPNDIAG_PEER_REQUEST], 1);
	ck_assert_uint_eq(c.records, 4);
	state->destroy(state);
	store->destroy(store);
}
END_TEST

static void one_more(void)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	add(state, store, VPNDIAG_PEER_REQUEST, "gw", "192.0.2.2[4500]");
}

START_TEST(test_partial_tail)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	vpndiag_counters_t g;
	struct stat st;

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	add(state, store, VPNDIAG_DPD_TIMEOUT, "gw", "192.0.2.2[4500]");
	add(state, store, VPNDIAG_AUTH_FAIL, "gw", "192.0.2.2[4500]");
	state->destroy(state);
	store->destroy(store);
	/* a crash in the middle of the next write: its segment is cut */
	crash_after(one_more);
	ck_assert(stat(path, &st) == 0);
	ck_assert(truncate(path, st.st_size - 10) == 0);

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	store->get_counters(store, NULL, &g);
	ck_assert_uint_eq(g.total[VPNDIAG_DPD_TIMEOUT], 1);
	ck_assert_uint_eq(g.total[VPNDIAG_AUTH_FAIL], 1);
	/* the record whose write was cut is lost, nothing else */
	ck_assert_uint_eq(g.total[VPNDIAG_PEER_REQUEST], 0);
	ck_assert_uint_eq(g.records, 2);
	state->destroy(state);
	store->destroy(store);
}
END_TEST

START_TEST(test_corrupt)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	vpndiag_counters_t g;
	FILE *f;

	f = fopen(path, "w");
	fputs("\x00\x00\x00\x05garbage that is not a state file", f);
	fclose(f);
	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	ck_assert(access(aside, F_OK) == 0);
	store->get_counters(store, NULL, &g);
	ck_assert_uint_eq(g.records, 0);
	state->destroy(state);
	store->destroy(store);
}
END_TEST

static void flood(void)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	char remote[64];
	int i;

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 50);
	add(state, store, VPNDIAG_DPD_TIMEOUT, "gw", "192.0.2.2[4500]");
	store->reset(store, NULL);
	/* a flood of distinct peers: compaction keeps the file bounded */
	for (i = 0; i < 5000; i++)
	{
		snprintf(remote, sizeof(remote), "10.64.%d.%d[500]", i / 250, i % 250);
		add(state, store, VPNDIAG_P1_PROPOSAL_MISMATCH, NULL, remote);
	}
}

START_TEST(test_reset_and_bound)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	vpndiag_counters_t g;
	struct stat st;

	crash_after(flood);
	ck_assert(stat(path, &st) == 0);
	/* at most caps + 50 records of ~1 KiB */
	ck_assert(st.st_size < (100 + 20 + 20 + 50) * 1536);

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 50);
	store->get_counters(store, NULL, &g);
	ck_assert_uint_eq(g.total[VPNDIAG_DPD_TIMEOUT], 0);	/* the reset held */
	ck_assert_uint_eq(g.total[VPNDIAG_P1_PROPOSAL_MISMATCH], 5000);
	ck_assert_uint_eq(g.records, 20);					/* max_unattributed */
	state->destroy(state);
	store->destroy(store);
}
END_TEST

/**
 * Add a failure with a cause and a severity
 */
static void add_cause(vpndiag_state_file_t *state, vpndiag_store_t *store,
					  vpndiag_code_t code, const char *cause, const char *conn,
					  vpndiag_severity_t severity)
{
	vpndiag_record_t *r, *copy;
	bool is_new;

	r = vpndiag_record_create(code);
	vpndiag_record_set(&r->conn, conn);
	vpndiag_record_set(&r->cause, cause);
	vpndiag_record_set(&r->remote, "192.0.2.2[500]");
	r->severity = severity;
	r->first = r->last = 1700000000123ULL;
	copy = store->add(store, r, &is_new);
	state->append(state, copy, is_new);
}

static uint64_t failures(vpndiag_store_t *store, const char *conn,
						 vpndiag_code_t code, const char *cause)
{
	vpndiag_failures_t f;

	if (!store->get_failures(store, conn, &f))
	{
		return UINT64_MAX;
	}
	return f.count[vpndiag_failure_slot(code, cause)];
}

START_TEST(test_failures_roundtrip)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	vpndiag_counters_t c;
	int i;

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	add_cause(state, store, VPNDIAG_DPD_TIMEOUT, "dpd-no-response", "gw",
			  VPNDIAG_SEV_ERR);
	add_cause(state, store, VPNDIAG_DPD_TIMEOUT, "dpd-no-response", "gw",
			  VPNDIAG_SEV_ERR);
	add_cause(state, store, VPNDIAG_P1_PROPOSAL_MISMATCH, "no-common-proposal",
			  NULL, VPNDIAG_SEV_ERR);
	/* a cause-less record (earlier versions) and an informational one */
	add_cause(state, store, VPNDIAG_AUTH_FAIL, NULL, "gw", VPNDIAG_SEV_ERR);
	add_cause(state, store, VPNDIAG_PEER_REQUEST, "peer-deleted-ike", "gw",
			  VPNDIAG_SEV_INFO);
	/* more records of one connection than per_conn: evictions */
	for (i = 0; i < 12; i++)
	{
		char conn[16];

		snprintf(conn, sizeof(conn), "c%d", i);
		add_cause(state, store, VPNDIAG_DPD_TIMEOUT, "dpd-no-response", "gw2",
				  VPNDIAG_SEV_ERR);
		add_cause(state, store, VPNDIAG_AUTH_FAIL, conn, "gw2",
				  VPNDIAG_SEV_ERR);
	}
	store->get_counters(store, NULL, &c);
	ck_assert_uint_eq(c.evicted, 3);
	/* counted before the restart */
	ck_assert_uint_eq(failures(store, "gw", VPNDIAG_DPD_TIMEOUT,
							   "dpd-no-response"), 2);
	state->destroy(state);
	store->destroy(store);

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	ck_assert_uint_eq(failures(store, "gw", VPNDIAG_DPD_TIMEOUT,
							   "dpd-no-response"), 2);
	ck_assert_uint_eq(failures(store, "gw", VPNDIAG_AUTH_FAIL, NULL), 1);
	ck_assert_uint_eq(failures(store, "gw", VPNDIAG_PEER_REQUEST,
							   "peer-deleted-ike"), 0);
	ck_assert_uint_eq(failures(store, NULL, VPNDIAG_P1_PROPOSAL_MISMATCH,
							   "no-common-proposal"), 1);
	ck_assert_uint_eq(failures(store, "gw", VPNDIAG_P1_PROPOSAL_MISMATCH,
							   "no-common-proposal"), 0);
	ck_assert_uint_eq(failures(store, "gw2", VPNDIAG_DPD_TIMEOUT,
							   "dpd-no-response"), 12);
	/* an unknown cause counts in the code's cause-less slot */
	ck_assert_uint_eq(failures(store, "gw2", VPNDIAG_AUTH_FAIL, "c3"), 12);
	ck_assert_uint_eq(failures(store, "nope", VPNDIAG_AUTH_FAIL, NULL),
					  UINT64_MAX);
	store->get_counters(store, NULL, &c);
	ck_assert_uint_eq(c.evicted, 3);
	/* a reset clears them, and the reset survives the next restart */
	store->reset(store, "gw");
	ck_assert_uint_eq(failures(store, "gw", VPNDIAG_DPD_TIMEOUT,
							   "dpd-no-response"), 0);
	state->snapshot(state);
	state->destroy(state);
	store->destroy(store);
	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	/* all zero: the connection has no counters at all after the restart */
	ck_assert_uint_eq(failures(store, "gw", VPNDIAG_DPD_TIMEOUT,
							   "dpd-no-response"), UINT64_MAX);
	ck_assert_uint_eq(failures(store, "gw2", VPNDIAG_DPD_TIMEOUT,
							   "dpd-no-response"), 12);
	state->destroy(state);
	store->destroy(store);
}
END_TEST

/**
 * Write one segment of a state file
 */
static void put_segment(FILE *f, vpndiag_vici_builder_t *b)
{
	uint8_t *data;
	size_t len;

	data = vpndiag_vici_finish(b, &len);
	ck_assert(data);
	ck_assert(fwrite(data, 1, len, f) == len);
	free(data);
}

START_TEST(test_old_format)
{
	vpndiag_state_file_t *state;
	vpndiag_vici_builder_t b;
	vpndiag_store_t *store;
	vpndiag_record_t *r;
	vpndiag_counters_t c;
	FILE *f;

	/* a file as vpndiag wrote it before the failure counters (37147be,
	 * write_snapshot() and append()): header, counters with "global" and
	 * "conns" only, a snapshot record, then an added record */
	f = fopen(path, "w");
	ck_assert(f);
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "vpndiag-state");
	vpndiag_vici_str(&b, "version", "1");
	put_segment(f, &b);
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "counters");
	vpndiag_vici_section(&b, "global");
	vpndiag_vici_str(&b, vpndiag_code_info(VPNDIAG_DPD_TIMEOUT)->id, "7");
	vpndiag_vici_end_section(&b);
	vpndiag_vici_section(&b, "conns");
	vpndiag_vici_section(&b, "gw");
	vpndiag_vici_str(&b, vpndiag_code_info(VPNDIAG_DPD_TIMEOUT)->id, "7");
	vpndiag_vici_end_section(&b);
	vpndiag_vici_end_section(&b);
	put_segment(f, &b);
	r = vpndiag_record_create(VPNDIAG_DPD_TIMEOUT);
	vpndiag_record_set(&r->conn, "gw");
	vpndiag_record_set(&r->cause, "dpd-no-response");
	r->id = 5;
	r->count = 7;
	r->first = r->last = 1700000000123ULL;
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "record");
	vpndiag_vici_add_record_raw(&b, r);
	put_segment(f, &b);
	vpndiag_record_destroy(r);
	r = vpndiag_record_create(VPNDIAG_AUTH_FAIL);
	vpndiag_record_set(&r->conn, "gw");
	r->first = r->last = 1700000000456ULL;
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "add");
	vpndiag_vici_add_record_raw(&b, r);
	put_segment(f, &b);
	vpndiag_record_destroy(r);
	fclose(f);

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	ck_assert(access(aside, F_OK) != 0);	/* not set aside as corrupt */
	store->get_counters(store, "gw", &c);
	ck_assert_uint_eq(c.total[VPNDIAG_DPD_TIMEOUT], 7);
	ck_assert_uint_eq(c.total[VPNDIAG_AUTH_FAIL], 1);
	ck_assert_uint_eq(c.records, 2);
	/* the old file has no failure counters: they start with the records
	 * added after the snapshot */
	ck_assert_uint_eq(failures(store, "gw", VPNDIAG_DPD_TIMEOUT,
							   "dpd-no-response"), 0);
	ck_assert_uint_eq(failures(store, "gw", VPNDIAG_AUTH_FAIL, NULL), 1);
	state->destroy(state);
	store->destroy(store);
}
END_TEST

START_TEST(test_unwritable)
{
	vpndiag_store_t *store;

	store = vpndiag_store_create(&caps);
	ck_assert(!vpndiag_state_file_create("/nonexistent-dir/x.state", store,
										 10));
	store->destroy(store);
}
END_TEST

/**
 * Read a whole small file into buf, return its length (-1 on error)
 */
static ssize_t slurp(const char *file, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(file, O_RDONLY);
	if (fd < 0)
	{
		return -1;
	}
	n = read(fd, buf, len);
	close(fd);
	return n;
}

START_TEST(test_second_instance)
{
	vpndiag_state_file_t *state, *second;
	vpndiag_store_t *store, *store2;
	vpndiag_counters_t c;
	char before[8192], after[8192], pid[32];
	struct stat st1, st2;
	ssize_t n1, n2;

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	add(state, store, VPNDIAG_DPD_TIMEOUT, "gw", "192.0.2.2[4500]");
	n1 = slurp(path, before, sizeof(before));
	ck_assert(n1 > 0);
	ck_assert(stat(path, &st1) == 0);
	/* the owner's pid is in the lock file */
	snprintf(pid, sizeof(pid), "%d\n", getpid());
	n2 = slurp(lockfile, after, sizeof(after));
	ck_assert_int_eq(n2, strlen(pid));
	ck_assert(memeq(after, pid, n2));

	/* a second instance on the same path: refused without waiting, the
	 * file is neither read nor written */
	store2 = vpndiag_store_create(&caps);
	second = vpndiag_state_file_create(path, store2, 1000);
	ck_assert(second == NULL);
	store2->get_counters(store2, NULL, &c);
	ck_assert_uint_eq(c.records, 0);
	ck_assert_uint_eq(c.total[VPNDIAG_DPD_TIMEOUT], 0);
	ck_assert(stat(path, &st2) == 0);
	ck_assert(st1.st_ino == st2.st_ino);
	n2 = slurp(path, after, sizeof(after));
	ck_assert_int_eq(n1, n2);
	ck_assert(memeq(before, after, n1));
	ck_assert(access(aside, F_OK) != 0);
	store2->destroy(store2);

	/* the first instance still appends */
	add(state, store, VPNDIAG_AUTH_FAIL, "gw", "192.0.2.2[4500]");
	n2 = slurp(path, after, sizeof(after));
	ck_assert(n2 > n1);

	/* released at destroy: the next instance owns the file and its history */
	state->destroy(state);
	store->destroy(store);
	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	store->get_counters(store, NULL, &c);
	ck_assert_uint_eq(c.records, 2);
	state->destroy(state);
	store->destroy(store);
}
END_TEST

START_TEST(test_lock_released_on_crash)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;

	/* a crashed owner's lock goes with its process */
	crash_after(four_records);
	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	state->destroy(state);
	store->destroy(store);
}
END_TEST

Suite *state_file_suite_create(void)
{
	Suite *s = suite_create("state file");
	TCase *tc;

	tc = tcase_create("restart");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_partial_tail);
	tcase_add_test(tc, test_corrupt);
	tcase_add_test(tc, test_reset_and_bound);
	tcase_add_test(tc, test_unwritable);
	tcase_add_test(tc, test_failures_roundtrip);
	tcase_add_test(tc, test_old_format);
	tcase_add_test(tc, test_second_instance);
	tcase_add_test(tc, test_lock_released_on_crash);
	suite_add_tcase(s, tc);
	return s;
}
