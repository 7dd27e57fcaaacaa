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
 * testing/bench's C client of vpndiag-list (issue 22): strongSwan's own
 * libvici (Debian's /usr/lib/ipsec/libvici.so, declarations from the source
 * package's libvici.h), as a C application would use it. Times ROUNDS
 * listings from the request until the final reply and prints the median.
 *
 * Without BATCH, one vpndiag-record event per record (the contract's
 * default): libvici parses every event into a vici_res_t and calls the
 * handler, which reads one key of it; prints
 *
 *   list_c_ms <median ms> records <n of the first round>
 *
 * With BATCH, vpndiag-list batch = BATCH: vpndiag-records events, each
 * parsed element by element with vici_parse() (every key, list item and
 * section of every record, each value read with vici_parse_value()), the
 * records counted by their "record" key; prints
 *
 *   list_c_batch_ms <median ms> batch_records <n> batch <BATCH> events <n>
 *
 * With LAYOUT flat (vpndiag-list layout = flat), each record of the
 * vpndiag-records events is a list of "key=value" items: every item is read
 * with vici_parse_value() and split at its first '=' (the key compared, the
 * value's length summed), the records counted by their "record=" item;
 * prints
 *
 *   list_c_flat_ms <median ms> flat_records <n> batch <BATCH> events <n>
 *
 * Every round's count must equal the final reply's count (else exit 1).
 *
 *   libvici-list-time URI [ROUNDS [BATCH [LAYOUT]]]
 */

#include <libvici.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int records, events, bad;
/** bytes of the values read (batched) */
static long bytes;
/** keys of flat items seen */
static long keys;

static void on_record(void *user, char *name, vici_res_t *res)
{
	events++;
	if (vici_find_str(res, NULL, "record"))
	{
		records++;
	}
}

/**
 * A vpndiag-records event: records { <position> { keys, lists, evidence {} } ... }
 */
static void on_records(void *user, char *name, vici_res_t *res)
{
	int depth = 0, len;

	events++;
	while (1)
	{
		switch (vici_parse(res))
		{
			case VICI_PARSE_BEGIN_SECTION:
				depth++;
				continue;
			case VICI_PARSE_END_SECTION:
				depth--;
				continue;
			case VICI_PARSE_KEY_VALUE:
				/* keys of a record are at depth 2 (records { n { ... } }) */
				if (depth == 2 && vici_parse_name_eq(res, "record"))
				{
					records++;
				}
				vici_parse_value(res, &len);
				bytes += len;
				continue;
			case VICI_PARSE_LIST_ITEM:
				vici_parse_value(res, &len);
				bytes += len;
				continue;
			case VICI_PARSE_BEGIN_LIST:
			case VICI_PARSE_END_LIST:
				continue;
			case VICI_PARSE_END:
				return;
			case VICI_PARSE_ERROR:
			default:
				bad++;
				return;
		}
	}
}

/**
 * A vpndiag-records event of layout flat: records { <position> [ key=value ... ] ... }
 */
static void on_flat(void *user, char *name, vici_res_t *res)
{
	char *value, *eq;
	int len;

	events++;
	while (1)
	{
		switch (vici_parse(res))
		{
			case VICI_PARSE_LIST_ITEM:
				value = vici_parse_value(res, &len);
				eq = memchr(value, '=', len);
				if (!eq)
				{
					bad++;
					return;
				}
				/* the key is value .. eq, the value eq + 1 .. value + len */
				if (eq - value == 6 && !memcmp(value, "record", 6))
				{
					records++;
				}
				keys++;
				bytes += len - (eq + 1 - value);
				continue;
			case VICI_PARSE_BEGIN_SECTION:
			case VICI_PARSE_END_SECTION:
			case VICI_PARSE_BEGIN_LIST:
			case VICI_PARSE_END_LIST:
				continue;
			case VICI_PARSE_END:
				return;
			case VICI_PARSE_KEY_VALUE:
			case VICI_PARSE_ERROR:
			default:
				bad++;
				return;
		}
	}
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double*)a, y = *(const double*)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char *argv[])
{
	vici_conn_t *conn;
	vici_req_t *req;
	vici_res_t *res;
	double t[64], t0;
	int rounds, i, first = -1, first_events = 0, batch = 0, flat;
	char *count, num[16];

	if (argc < 2)
	{
		fprintf(stderr, "usage: %s URI [ROUNDS [BATCH [LAYOUT]]]\n", argv[0]);
		return 2;
	}
	rounds = argc > 2 ? atoi(argv[2]) : 5;
	rounds = rounds < 1 ? 1 : rounds > 64 ? 64 : rounds;
	batch = argc > 3 ? atoi(argv[3]) : 0;
	flat = argc > 4 && !strcmp(argv[4], "flat");
	vici_init();
	conn = vici_connect(argv[1]);
	if (!conn)
	{
		fprintf(stderr, "connect failed: %s\n", strerror(errno));
		vici_deinit();
		return 1;
	}
	if (vici_register(conn, batch ? "vpndiag-records" : "vpndiag-record",
					  batch ? (flat ? on_flat : on_records) : on_record,
					  NULL) != 0)
	{
		fprintf(stderr, "register failed: %s\n", strerror(errno));
		vici_disconnect(conn);
		vici_deinit();
		return 1;
	}
	for (i = 0; i < rounds; i++)
	{
		records = events = 0;
		t0 = now_ms();
		req = vici_begin("vpndiag-list");
		if (batch)
		{
			snprintf(num, sizeof(num), "%d", batch);
			vici_add_key_valuef(req, "batch", "%d", batch);
		}
		if (flat)
		{
			vici_add_key_value(req, "layout", "flat", 4);
		}
		res = vici_submit(req, conn);
		t[i] = now_ms() - t0;
		if (!res)
		{
			fprintf(stderr, "vpndiag-list failed: %s\n", strerror(errno));
			vici_disconnect(conn);
			vici_deinit();
			return 1;
		}
		count = vici_find_str(res, "", "count");
		snprintf(num, sizeof(num), "%d", records);
		if (strcmp(vici_find_str(res, "", "success"), "yes") ||
			strcmp(count, num) || bad)
		{
			fprintf(stderr, "vpndiag-list: success %s, count %s, %d records "
					"parsed, %d bad elements (errmsg %s)\n",
					vici_find_str(res, "", "success"), count, records, bad,
					vici_find_str(res, "", "errmsg"));
			vici_free_res(res);
			vici_disconnect(conn);
			vici_deinit();
			return 1;
		}
		vici_free_res(res);
		if (first < 0)
		{
			first = records;
			first_events = events;
		}
	}
	qsort(t, rounds, sizeof(t[0]), cmp);
	if (flat)
	{
		printf("list_c_flat_ms %.1f flat_records %d batch %d events %d\n",
			   t[rounds / 2], first, batch, first_events);
	}
	else if (batch)
	{
		printf("list_c_batch_ms %.1f batch_records %d batch %d events %d\n",
			   t[rounds / 2], first, batch, first_events);
	}
	else
	{
		printf("list_c_ms %.1f records %d\n", t[rounds / 2], first);
	}
	vici_disconnect(conn);
	vici_deinit();
	return 0;
}
