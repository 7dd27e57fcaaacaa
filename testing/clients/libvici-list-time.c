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
 * listings from the request until the final reply (libvici parses every
 * vpndiag-record event into a vici_res_t and calls the handler, which reads
 * one key of it) and prints
 *
 *   list_c_ms <median ms> records <n of the first round>
 *
 *   libvici-list-time URI [ROUNDS]
 */

#include <libvici.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int records;

static void on_record(void *user, char *name, vici_res_t *res)
{
	if (vici_find_str(res, NULL, "record"))
	{
		records++;
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
	vici_res_t *res;
	double t[64], t0;
	int rounds, i, first = -1;

	if (argc < 2)
	{
		fprintf(stderr, "usage: %s URI [ROUNDS]\n", argv[0]);
		return 2;
	}
	rounds = argc > 2 ? atoi(argv[2]) : 5;
	rounds = rounds < 1 ? 1 : rounds > 64 ? 64 : rounds;
	vici_init();
	conn = vici_connect(argv[1]);
	if (!conn)
	{
		fprintf(stderr, "connect failed: %s\n", strerror(errno));
		vici_deinit();
		return 1;
	}
	if (vici_register(conn, "vpndiag-record", on_record, NULL) != 0)
	{
		fprintf(stderr, "register failed: %s\n", strerror(errno));
		vici_disconnect(conn);
		vici_deinit();
		return 1;
	}
	for (i = 0; i < rounds; i++)
	{
		records = 0;
		t0 = now_ms();
		res = vici_submit(vici_begin("vpndiag-list"), conn);
		t[i] = now_ms() - t0;
		if (!res)
		{
			fprintf(stderr, "vpndiag-list failed: %s\n", strerror(errno));
			vici_disconnect(conn);
			vici_deinit();
			return 1;
		}
		vici_free_res(res);
		if (first < 0)
		{
			first = records;
		}
	}
	qsort(t, rounds, sizeof(t[0]), cmp);
	printf("list_c_ms %.1f records %d\n", t[rounds / 2], first);
	vici_disconnect(conn);
	vici_deinit();
	return 0;
}
