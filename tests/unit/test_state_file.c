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
	char file[80];

	unlink(path);
	unlink(aside);
	unlink(lockfile);
	/* left by test_coalesced_restart, test_pending_flush if they failed */
	snprintf(file, sizeof(file), "%s.live", path);
	unlink(file);
	snprintf(file, sizeof(file), "%s.tmp", path);
	rmdir(file);
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

/**
 * Add an occurrence at a time, with a detail, as the worker does
 */
static void add_at(vpndiag_state_file_t *state, vpndiag_store_t *store,
				   vpndiag_code_t code, const char *conn, const char *remote,
				   uint64_t time, const char *detail)
{
	vpndiag_record_t *r, *copy;
	bool is_new;

	r = vpndiag_record_create(code);
	vpndiag_record_set(&r->conn, conn);
	vpndiag_record_set(&r->remote, remote);
	vpndiag_record_set(&r->cause, "peer-deleted-ike");
	vpndiag_record_set(&r->detail, detail);
	r->first = r->last = time;
	copy = store->add(store, r, &is_new);
	state->append(state, copy, is_new);
}

/**
 * Everything a restart must bring back: the records (id, code, count,
 * first, last, conn, remote, detail), the global and per-connection
 * counters, the evictions, the failure tallies and the flap counts
 */
static void dump_all(vpndiag_store_t *store, char *buf, size_t len)
{
	static const char *conns[] = { "gw", "gw2", NULL };
	static const uint64_t since[] = { 0, 1700000000100ULL, 1700000000250ULL,
									  1700000000400ULL, 1700000099999ULL };
	vpndiag_filter_t all = {};
	vpndiag_counters_t c;
	vpndiag_failures_t f;
	vpndiag_record_t *r;
	linked_list_t *list;
	size_t pos = 0;
	u_int downs;
	int i, j;

	buf[0] = '\0';
	list = store->list(store, &all);
	while (list->remove_first(list, (void**)&r) == SUCCESS)
	{
		pos += snprintf(buf + pos, len - pos, "%llu %d %u %llu %llu %s %s "
						"%s|", (unsigned long long)r->id, r->code, r->count,
						(unsigned long long)r->first,
						(unsigned long long)r->last, r->conn ?: "-",
						r->remote ?: "-", r->detail ?: "-");
		vpndiag_record_destroy(r);
	}
	list->destroy(list);
	store->get_counters(store, NULL, &c);
	pos += snprintf(buf + pos, len - pos, "evicted %llu records %u",
					(unsigned long long)c.evicted, c.records);
	for (i = 0; i < VPNDIAG_CODE_MAX; i++)
	{
		if (c.total[i])
		{
			pos += snprintf(buf + pos, len - pos, " %d:%llu", i,
							(unsigned long long)c.total[i]);
		}
	}
	for (j = 0; conns[j]; j++)
	{
		pos += snprintf(buf + pos, len - pos, "|%s", conns[j]);
		if (store->get_counters(store, conns[j], &c))
		{
			for (i = 0; i < VPNDIAG_CODE_MAX; i++)
			{
				if (c.total[i])
				{
					pos += snprintf(buf + pos, len - pos, " %d:%llu", i,
									(unsigned long long)c.total[i]);
				}
			}
		}
		if (store->get_failures(store, conns[j], &f))
		{
			for (i = 0; i < VPNDIAG_FAILURE_SLOTS; i++)
			{
				if (f.count[i])
				{
					pos += snprintf(buf + pos, len - pos, " f%d:%llu", i,
									(unsigned long long)f.count[i]);
				}
			}
		}
		for (i = 0; i < countof(since); i++)
		{
			r = store->get_last_failure(store, conns[j], since[i], &downs);
			pos += snprintf(buf + pos, len - pos, " downs%d:%u last:%llu/%u",
							i, downs,
							(unsigned long long)(r ? r->last : 0),
							r ? r->count : 0);
			if (r)
			{
				vpndiag_record_destroy(r);
			}
		}
	}
}

/** coalesce (FALSE: flush after every addition, i.e. one segment per
 * occurrence as before coalescing) */
static bool coalesce;
/** updates of the folded record in updates() */
#define UPDATES 300

/**
 * New records and updates interleaved, the disconnection record of "gw"
 * updated UPDATES times (more than MAX_REPEAT) with its own time and
 * detail each; then a crash
 */
static void updates(void)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	vpndiag_caps_t small = { 100, 3, 20, 20 };
	char detail[32];
	int i;

	store = vpndiag_store_create(&small);
	state = vpndiag_state_file_create(path, store, 10000);
	if (!state)
	{
		_exit(1);
	}
	for (i = 0; i < UPDATES; i++)
	{
		snprintf(detail, sizeof(detail), "occurrence %d", i);
		add_at(state, store, VPNDIAG_PEER_REQUEST, "gw", "192.0.2.2[4500]",
			   1700000000000ULL + i, detail);
		if (i % 7 == 0)
		{	/* another record of gw2, updated as often */
			add_at(state, store, VPNDIAG_DPD_TIMEOUT, "gw2", "192.0.2.3[4500]",
				   1700000000000ULL + i, detail);
		}
		if (i % 50 == 10)
		{	/* new records: gw2 holds 3, the LRU ones go */
			snprintf(detail, sizeof(detail), "192.0.2.%d[500]", 10 + i / 50);
			add_at(state, store, VPNDIAG_AUTH_FAIL, "gw2", detail,
				   1700000000000ULL + i, "new");
		}
		if (!coalesce)
		{
			state->flush(state);
		}
	}
	/* the live store, for the parent to compare */
	{
		char buf[16384], file[80];
		FILE *f;

		dump_all(store, buf, sizeof(buf));
		snprintf(file, sizeof(file), "%s.live", path);
		f = fopen(file, "w");
		fputs(buf, f);
		fclose(f);
	}
	state->flush(state);
}

/**
 * Run updates() in a crashing child, restart, dump the store
 */
static void restart_after_updates(bool coalescing, char *buf, size_t len,
								  char *live, size_t live_len)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	vpndiag_caps_t small = { 100, 3, 20, 20 };
	char file[80];
	ssize_t n;
	int fd;

	unlink(path);
	coalesce = coalescing;
	crash_after(updates);
	store = vpndiag_store_create(&small);
	state = vpndiag_state_file_create(path, store, 10000);
	ck_assert(state);
	dump_all(store, buf, len);
	state->destroy(state);
	store->destroy(store);
	snprintf(file, sizeof(file), "%s.live", path);
	fd = open(file, O_RDONLY);
	ck_assert(fd >= 0);
	n = read(fd, live, live_len - 1);
	ck_assert(n > 0);
	live[n] = '\0';
	close(fd);
	unlink(file);
}

START_TEST(test_coalesced_restart)
{
	char old[16384], new[16384], live_old[16384], live_new[16384];
	char expect[64];
	struct stat st_old, st_new;

	/* flushing after every addition writes one segment per occurrence,
	 * the file of the code before coalescing */
	restart_after_updates(FALSE, old, sizeof(old), live_old, sizeof(live_old));
	ck_assert(stat(path, &st_old) == 0);
	restart_after_updates(TRUE, new, sizeof(new), live_new, sizeof(live_new));
	ck_assert(stat(path, &st_new) == 0);
	/* the same run */
	ck_assert_str_eq(live_old, live_new);
	/* both restarts bring back the store as it was */
	ck_assert_str_eq(old, live_old);
	ck_assert_str_eq(new, live_new);
	/* and the golden values of the run: gw's record folded UPDATES times,
	 * the last occurrence's time, detail and every disconnection counted */
	snprintf(expect, sizeof(expect), "%d 1700000000%03d 1700000000%03d gw "
			 "192.0.2.2[4500] occurrence %d|", UPDATES, 0, UPDATES - 1,
			 UPDATES - 1);
	ck_assert(strstr(new, expect));
	snprintf(expect, sizeof(expect), " %d:%d", VPNDIAG_PEER_REQUEST, UPDATES);
	ck_assert(strstr(new, expect));
	/* the store keeps the latest VPNDIAG_MAX_DOWNS of them */
	snprintf(expect, sizeof(expect), " downs0:%d ", VPNDIAG_MAX_DOWNS);
	ck_assert(strstr(new, expect));
	/* occurrences at ...250 and later: UPDATES - 250 */
	snprintf(expect, sizeof(expect), " downs2:%d ", UPDATES - 250);
	ck_assert(strstr(new, expect));
	ck_assert(strstr(new, "|gw2 "));
	ck_assert(strstr(new, "evicted 4 "));
}
END_TEST

/** caps of the order test: two records without a connection */
static vpndiag_caps_t two = { 100, 10, 2, 20 };

/**
 * A and B, updates of B, A and B (pending: A, then B, in the order of their
 * last update), then C, which evicts A; a crash
 */
static void update_then_new(void)
{
	static const struct {
		const char *remote, *detail;
	} seq[] = {
		{ "198.51.100.1[500]", "A" },
		{ "198.51.100.2[500]", "B" },
		{ "198.51.100.2[500]", "B2" },
		{ "198.51.100.1[500]", "A2" },
		{ "198.51.100.2[500]", "B3" },
		{ "198.51.100.3[500]", "C" },
	};
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	char live[4096];
	int i;

	store = vpndiag_store_create(&two);
	state = vpndiag_state_file_create(path, store, 1000);
	if (!state)
	{
		_exit(1);
	}
	for (i = 0; i < countof(seq); i++)
	{
		add_at(state, store, VPNDIAG_P1_PROPOSAL_MISMATCH, NULL, seq[i].remote,
			   1700000000001ULL + i, seq[i].detail);
		if (i == 4 && !state->has_pending(state))
		{
			_exit(1);
		}
	}
	/* in the run: C evicted A, the least recently updated */
	dump_all(store, live, sizeof(live));
	if (!strstr(live, "2 1 3 1700000000002 1700000000005 - 198.51.100.2[500] B3|") ||
		strstr(live, "198.51.100.1[500]") || !strstr(live, "evicted 1 "))
	{
		_exit(1);
	}
}

START_TEST(test_pending_before_new)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	char after[4096];

	/* no flush() in the child: the new record C wrote the updates first,
	 * A's before B's, or the replay would evict B (or keep A) */
	crash_after(update_then_new);
	store = vpndiag_store_create(&two);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	dump_all(store, after, sizeof(after));
	ck_assert_str_eq(after,
		"2 1 3 1700000000002 1700000000005 - 198.51.100.2[500] B3|"
		"3 1 1 1700000000006 1700000000006 - 198.51.100.3[500] C|"
		"evicted 1 records 2 1:6|gw downs0:0 last:0/0 downs1:0 last:0/0 "
		"downs2:0 last:0/0 downs3:0 last:0/0 downs4:0 last:0/0|gw2 downs0:0 "
		"last:0/0 downs1:0 last:0/0 downs2:0 last:0/0 downs3:0 last:0/0 "
		"downs4:0 last:0/0");
	state->destroy(state);
	store->destroy(store);
}
END_TEST

START_TEST(test_pending_flush)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	vpndiag_counters_t c;
	char tmp[80], buf[4096];
	struct stat st1, st2, st3;
	int i;

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	add_at(state, store, VPNDIAG_PEER_REQUEST, "gw", "192.0.2.2[4500]",
		   1700000000000ULL, "first");
	ck_assert(stat(path, &st1) == 0);
	for (i = 1; i <= 3; i++)
	{
		add_at(state, store, VPNDIAG_PEER_REQUEST, "gw", "192.0.2.2[4500]",
			   1700000000000ULL + i, "again");
	}
	/* updates wait for flush() */
	ck_assert(state->has_pending(state));
	ck_assert(stat(path, &st2) == 0);
	ck_assert_int_eq(st1.st_size, st2.st_size);
	state->flush(state);
	ck_assert(!state->has_pending(state));
	ck_assert(stat(path, &st3) == 0);
	ck_assert(st3.st_size > st2.st_size);
	/* four more pending; the final snapshot fails (its temporary file
	 * cannot be created): destroy() appended them before it tried */
	for (i = 4; i <= 7; i++)
	{
		add_at(state, store, VPNDIAG_PEER_REQUEST, "gw", "192.0.2.2[4500]",
			   1700000000000ULL + i, "again");
	}
	ck_assert(state->has_pending(state));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	ck_assert(mkdir(tmp, 0700) == 0);
	state->destroy(state);
	store->destroy(store);
	ck_assert(rmdir(tmp) == 0);

	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	dump_all(store, buf, sizeof(buf));
	ck_assert_msg(strncmp(buf, "1 49 8 1700000000000 1700000000007 gw "
					"192.0.2.2[4500] again|evicted 0 records 1 49:8|", 64) == 0,
				  "%s", buf);
	store->get_counters(store, "gw", &c);
	ck_assert_uint_eq(c.total[VPNDIAG_PEER_REQUEST], 8);
	ck_assert(strstr(buf, " downs0:8 "));
	state->destroy(state);
	store->destroy(store);
}
END_TEST

/**
 * Write a state file: header, a snapshot record (count 7), then an "add"
 * segment of the same record with a "repeat" key (NULL: none) and times
 */
static void write_repeat_file(const char *repeat, int ntimes)
{
	vpndiag_vici_builder_t b;
	vpndiag_record_t *r;
	char num[32];
	FILE *f;
	int i;

	f = fopen(path, "w");
	ck_assert(f);
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "vpndiag-state");
	vpndiag_vici_str(&b, "version", "1");
	put_segment(f, &b);
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "counters");
	vpndiag_vici_section(&b, "global");
	vpndiag_vici_str(&b, vpndiag_code_info(VPNDIAG_PEER_REQUEST)->id, "7");
	vpndiag_vici_end_section(&b);
	vpndiag_vici_section(&b, "conns");
	vpndiag_vici_section(&b, "gw");
	vpndiag_vici_str(&b, vpndiag_code_info(VPNDIAG_PEER_REQUEST)->id, "7");
	vpndiag_vici_end_section(&b);
	vpndiag_vici_end_section(&b);
	vpndiag_vici_section(&b, "failures");
	vpndiag_vici_section(&b, "gw");
	vpndiag_vici_str(&b, "peer-request/peer-deleted-ike", "7");
	vpndiag_vici_end_section(&b);
	vpndiag_vici_end_section(&b);
	put_segment(f, &b);
	r = vpndiag_record_create(VPNDIAG_PEER_REQUEST);
	vpndiag_record_set(&r->conn, "gw");
	vpndiag_record_set(&r->remote, "192.0.2.2[4500]");
	vpndiag_record_set(&r->cause, "peer-deleted-ike");
	r->id = 5;
	r->count = 7;
	r->first = 1600000000000ULL;
	r->last = 1700000000000ULL;
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "record");
	vpndiag_vici_add_record_raw(&b, r);
	put_segment(f, &b);
	r->id = 0;
	r->count = 1;
	r->first = r->last = 1700000000300ULL;
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "add");
	vpndiag_vici_add_record_raw(&b, r);
	if (repeat)
	{
		vpndiag_vici_str(&b, "repeat", repeat);
	}
	if (ntimes)
	{
		vpndiag_vici_list(&b, "times");
		for (i = 0; i < ntimes; i++)
		{
			snprintf(num, sizeof(num), "%llu",
					 1700000000100ULL + 100 * i);
			vpndiag_vici_item(&b, num);
		}
		vpndiag_vici_end_list(&b);
	}
	put_segment(f, &b);
	vpndiag_record_destroy(r);
	fclose(f);
}

/**
 * Load the file written by write_repeat_file(), return the record's count
 * (0 if the file was set aside as corrupt)
 */
static u_int load_repeat_file(vpndiag_counters_t *c, uint64_t *failed,
							  u_int *downs)
{
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	vpndiag_record_t *r;
	u_int count = 0;

	unlink(aside);
	store = vpndiag_store_create(&caps);
	state = vpndiag_state_file_create(path, store, 1000);
	ck_assert(state);
	store->get_counters(store, "gw", c);
	*failed = failures(store, "gw", VPNDIAG_PEER_REQUEST, "peer-deleted-ike");
	r = store->get_last_failure(store, "gw", 1700000000200ULL, downs);
	if (r && access(aside, F_OK) != 0)
	{
		count = r->count;
	}
	if (r)
	{
		vpndiag_record_destroy(r);
	}
	state->destroy(state);
	store->destroy(store);
	return count;
}

START_TEST(test_repeat_replay)
{
	vpndiag_counters_t c;
	uint64_t failed;
	u_int downs;

	/* "repeat" 3 with three times: three occurrences */
	write_repeat_file("3", 3);
	ck_assert_uint_eq(load_repeat_file(&c, &failed, &downs), 10);
	ck_assert_uint_eq(c.total[VPNDIAG_PEER_REQUEST], 10);
	ck_assert_uint_eq(failed, 10);
	/* the snapshot's record (last ...000) and the times ...100, ...200,
	 * ...300: two at or after ...200 */
	ck_assert_uint_eq(downs, 2);

	/* without the key (files before it): one occurrence */
	write_repeat_file(NULL, 0);
	ck_assert_uint_eq(load_repeat_file(&c, &failed, &downs), 8);
	ck_assert_uint_eq(c.total[VPNDIAG_PEER_REQUEST], 8);
	ck_assert_uint_eq(failed, 8);
	ck_assert_uint_eq(downs, 1);

	/* the largest we write */
	write_repeat_file("256", 256);
	ck_assert_uint_eq(load_repeat_file(&c, &failed, &downs), 7 + 256);
	ck_assert_uint_eq(c.total[VPNDIAG_PEER_REQUEST], 7 + 256);
	ck_assert_uint_eq(failed, 7 + 256);
	/* the ring holds the latest 256 downs: 255 of them at or after ...200 */
	ck_assert_uint_eq(downs, 255);
}
END_TEST

START_TEST(test_repeat_malformed)
{
	static const char *bad[] = { "0", "257", "-1", "3x", "99999999999" };
	vpndiag_state_file_t *state;
	vpndiag_store_t *store;
	vpndiag_counters_t c;
	int i;

	for (i = 0; i < countof(bad); i++)
	{
		write_repeat_file(bad[i], 0);
		unlink(aside);
		store = vpndiag_store_create(&caps);
		state = vpndiag_state_file_create(path, store, 1000);
		ck_assert(state);
		/* set aside as corrupt, an empty history, charon goes on */
		ck_assert_msg(access(aside, F_OK) == 0, "repeat '%s'", bad[i]);
		store->get_counters(store, NULL, &c);
		ck_assert_uint_eq(c.records, 0);
		state->destroy(state);
		store->destroy(store);
	}
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
	tcase_add_test(tc, test_coalesced_restart);
	tcase_add_test(tc, test_pending_before_new);
	tcase_add_test(tc, test_pending_flush);
	tcase_add_test(tc, test_repeat_replay);
	tcase_add_test(tc, test_repeat_malformed);
	suite_add_tcase(s, tc);
	return s;
}
