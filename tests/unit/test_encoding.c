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
 * The hand-written formatters and the record encoder against the stdio
 * based code they replaced (kept here as the reference): same bytes.
 */

#include "vpndiag_tests.h"

#include "vpndiag_vici_msg.h"
#include "vpndiag_vici_record.h"
#include "vpndiag_vici_cmds.h"
#include "vpndiag_event_format.h"
#include "vpndiag_log.h"
#include "vpndiag_catalogue.h"

#include <networking/host.h>
#include <utils/identification.h>
#include <crypto/proposal/proposal.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <limits.h>
#include <stdarg.h>

/**
 * vpndiag_time_format() as it was (gmtime_r + snprintf)
 */
static char *old_time_format(uint64_t ms, char *buf, size_t len)
{
	time_t secs = ms / 1000;
	struct tm tm;

	gmtime_r(&secs, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
			 tm.tm_min, tm.tm_sec, (unsigned)(ms % 1000));
	return buf;
}

static bool old_no_escape;

static void old_add_str(vpndiag_vici_builder_t *b, const char *name,
						const char *value)
{
	size_t len;
	char *buf;

	if (!value)
	{
		return;
	}
	if (old_no_escape)
	{
		vpndiag_vici_str(b, name, value);
		return;
	}
	len = 4 * strlen(value) + 1;
	buf = malloc(len);
	vpndiag_escape_mode(value, buf, len, false);
	vpndiag_vici_str(b, name, buf);
	free(buf);
}

static void old_add_list(vpndiag_vici_builder_t *b, const char *name,
						 const char *value, bool split)
{
	char *copy, *pos, *word, *save = NULL;
	size_t len;

	if (!value)
	{
		return;
	}
	len = 4 * strlen(value) + 1;
	copy = malloc(len);
	if (old_no_escape)
	{
		snprintf(copy, len, "%s", value);
	}
	else
	{
		vpndiag_escape_mode(value, copy, len, false);
	}
	vpndiag_vici_list(b, name);
	if (split)
	{
		for (pos = copy; (word = strtok_r(pos, " ,", &save)); pos = NULL)
		{
			vpndiag_vici_item(b, word);
		}
	}
	else
	{
		vpndiag_vici_item(b, copy);
	}
	vpndiag_vici_end_list(b);
	free(copy);
}

/**
 * vpndiag_vici_add_record() as it was
 */
static void old_add_record(vpndiag_vici_builder_t *b, vpndiag_record_t *r)
{
	const vpndiag_code_info_t *info = vpndiag_code_info(r->code);
	char time[32];
	int i;

	vpndiag_vici_fmt(b, "schema", "%d", VPNDIAG_SCHEMA);
	vpndiag_vici_fmt(b, "record", "%llu", (unsigned long long)r->id);
	vpndiag_vici_str(b, "code", info->name);
	vpndiag_vici_str(b, "code_id", info->id);
	vpndiag_vici_str(b, "category", vpndiag_category_name(r->category));
	vpndiag_vici_str(b, "taxonomy", vpndiag_taxonomy_name(info->taxonomy));
	vpndiag_vici_str(b, "severity", vpndiag_severity_name(r->severity));
	vpndiag_vici_str(b, "first", old_time_format(r->first, time,
												   sizeof(time)));
	vpndiag_vici_str(b, "last", old_time_format(r->last, time,
												  sizeof(time)));
	vpndiag_vici_fmt(b, "count", "%u", r->count);
	old_add_str(b, "conn", r->conn);
	old_add_str(b, "child", r->child);
	if (r->ike_sa)
	{
		vpndiag_vici_fmt(b, "ike_sa", "%u", r->ike_sa);
	}
	vpndiag_vici_str(b, "role", r->initiator ? "initiator" : "responder");
	if (r->version)
	{
		vpndiag_vici_fmt(b, "version", "%d", r->version);
	}
	old_add_str(b, "local", r->local);
	old_add_str(b, "remote", r->remote);
	old_add_str(b, "local_id", r->local_id);
	old_add_str(b, "remote_id", r->remote_id);
	old_add_str(b, "cause", r->cause);
	vpndiag_vici_str(b, "fix", vpndiag_fix_name(r->fix));
	vpndiag_vici_str(b, "confidence", r->confidence ?: "high");
	old_add_str(b, "detail", r->detail);
	old_add_str(b, "remedy", vpndiag_record_remedy(r));
	if (r->mismatch[0])
	{
		vpndiag_vici_list(b, "mismatch");
		for (i = 0; r->mismatch[i]; i++)
		{
			vpndiag_vici_item(b, r->mismatch[i]);
		}
		vpndiag_vici_end_list(b);
	}
	old_add_str(b, "offered", r->offered);
	old_add_str(b, "accepted", r->accepted);
	old_add_list(b, "ts_local", r->ts_local, true);
	old_add_list(b, "ts_remote", r->ts_remote, true);
	old_add_list(b, "ts_received", r->ts_received, false);
	old_add_str(b, "ts_relation", r->ts_relation);
	if (r->exchange || r->port || r->retransmits || r->nat || r->fragmented)
	{
		vpndiag_vici_section(b, "evidence");
		old_add_str(b, "exchange", r->exchange);
		if (r->port)
		{
			vpndiag_vici_fmt(b, "port", "%d", r->port);
		}
		if (r->retransmits)
		{
			vpndiag_vici_fmt(b, "retransmits", "%d", r->retransmits);
		}
		vpndiag_vici_str(b, "nat", r->nat);
		vpndiag_vici_str(b, "fragmented", r->fragmented);
		vpndiag_vici_end_section(b);
	}
}

/** deterministic pseudo random numbers */
static uint64_t seed = 88172645463325252ULL;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

/**
 * A random string of printable, control, backslash, quote, valid and
 * invalid UTF-8 bytes
 */
static char *rnd_string(char *buf, size_t max)
{
	static const char *pieces[] = {
		"a", "Z", " ", ",", "\\", "\"", "\n", "\t", "\x7f", "\x01",
		"\xc3\xa4", "\xe2\x82\xac", "\xf0\x9f\x94\x91", "\xc0\xaf", "\xed\xa0\x80",
		"\xff", "\xe2\x82", "\xf4\x90\x80\x80", "10.1.0.0/16", "===",
	};
	size_t len = 0, n = rnd() % 40, plen;
	const char *p;

	while (n--)
	{
		p = pieces[rnd() % countof(pieces)];
		plen = strlen(p);
		if (len + plen >= max)
		{
			break;
		}
		memcpy(buf + len, p, plen);
		len += plen;
	}
	buf[len] = '\0';
	return buf;
}

START_TEST(test_time_format)
{
	char old[64], new[64];
	uint64_t ms;
	int i, y;

	/* every day boundary and leap day region 1970..2430 and a few ms */
	for (ms = 0; ms < 14600000000000ULL; ms += 86400000ULL - 1)
	{
		old_time_format(ms, old, sizeof(old));
		vpndiag_time_format(ms, new, sizeof(new));
		ck_assert_str_eq(old, new);
	}
	/* around Feb 28/29/Mar 1 of each year up to 9999 */
	for (y = 1970; y < 10000; y++)
	{
		struct tm tm = { .tm_year = y - 1900, .tm_mon = 1, .tm_mday = 28,
						 .tm_hour = 23, .tm_min = 59, .tm_sec = 59 };
		time_t t = timegm(&tm);

		for (i = 0; i < 3; i++)
		{
			ms = ((uint64_t)t + i * 86400) * 1000 + 999;
			old_time_format(ms, old, sizeof(old));
			vpndiag_time_format(ms, new, sizeof(new));
			ck_assert_str_eq(old, new);
			ms++;
			old_time_format(ms, old, sizeof(old));
			vpndiag_time_format(ms, new, sizeof(new));
			ck_assert_str_eq(old, new);
		}
	}
	for (i = 0; i < 200000; i++)
	{
		ms = rnd() % VPNDIAG_TIME_FAST_MAX;
		old_time_format(ms, old, sizeof(old));
		ck_assert_int_eq(vpndiag_time_format_fast(ms, new), strlen(old));
		ck_assert_str_eq(old, new);
	}
	/* beyond year 9999 the stdio path */
	ms = VPNDIAG_TIME_FAST_MAX + 5;
	old_time_format(ms, old, sizeof(old));
	vpndiag_time_format(ms, new, sizeof(new));
	ck_assert_str_eq(old, new);
	ck_assert_str_eq(vpndiag_time_format(951782400000ULL, new, sizeof(new)),
					 "2000-02-29T00:00:00.000Z");
	ck_assert_str_eq(vpndiag_time_format(VPNDIAG_TIME_FAST_MAX - 1, new,
										 sizeof(new)),
					 "9999-12-31T23:59:59.999Z");
}
END_TEST

/*
 * Described in vpndiag_tests.h
 */
int ref_utf8_len(const unsigned char *s)
{
	int len, i;

	if (s[0] < 0x80)
	{
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
	{
		len = 2;
	}
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
	{
		len = 3;
	}
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
	{
		len = 4;
	}
	else
	{
		return 0;
	}
	for (i = 1; i < len; i++)
	{
		if ((s[i] & 0xc0) != 0x80)
		{
			return 0;
		}
	}
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
		(s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
	{
		return 0;
	}
	return len;
}

/**
 * vpndiag_escape_mode() before issue 22's fast path for runs of printable
 * ASCII: one UTF-8 unit at a time (the reference the new one must equal,
 * truncation included)
 */
static char *ref_escape_mode(const char *in, char *buf, size_t len, bool quotes)
{
	const unsigned char *s = (const unsigned char*)(in ?: "");
	size_t pos = 0;
	int n;

	if (!len)
	{
		return buf;
	}
	while (*s)
	{
		char esc[8];
		const char *add = esc;
		int addlen;

		n = ref_utf8_len(s);
		if (n == 0 || s[0] < 0x20 || s[0] == 0x7f)
		{
			snprintf(esc, sizeof(esc), "\\x%02x", s[0]);
			addlen = 4;
			n = 1;
		}
		else if (s[0] == '\\' || (quotes && s[0] == '"'))
		{
			esc[0] = '\\';
			esc[1] = s[0];
			addlen = 2;
		}
		else
		{
			add = (const char*)s;
			addlen = n;
		}
		if (pos + addlen >= len)
		{
			break;
		}
		memcpy(buf + pos, add, addlen);
		pos += addlen;
		s += n;
	}
	buf[pos] = '\0';
	return buf;
}

START_TEST(test_escape_truncated)
{
	char in[512], old[4 * 512 + 1], new[4 * 512 + 1];
	size_t len;
	int i;

	for (i = 0; i < 3000; i++)
	{
		rnd_string(in, sizeof(in));
		if (i % 3 == 0)
		{	/* long plain runs, as in the catalogue's texts */
			snprintf(in, sizeof(in), "peer %d sent NO_PROPOSAL_CHOSEN to "
					 "10.1.0.%d[500], \"%c\" \\ \xc3\xa4 proposals", i,
					 i % 256, 'a' + i % 26);
		}
		for (len = 0; len <= 4 * strlen(in) + 2; len++)
		{
			memset(old, 'X', sizeof(old));
			memset(new, 'X', sizeof(new));
			ref_escape_mode(in, old, len, i & 1);
			vpndiag_escape_mode(in, new, len, i & 1);
			ck_assert(memcmp(old, new, len) == 0);
			/* nothing written beyond len */
			ck_assert(new[len] == 'X');
		}
	}
}
END_TEST

START_TEST(test_escape_into)
{
	char in[512], old[4 * 512 + 1], new[4 * 512 + 1];
	int i;

	for (i = 0; i < 100000; i++)
	{
		rnd_string(in, sizeof(in));
		vpndiag_escape_mode(in, old, sizeof(old), i & 1);
		ck_assert_int_eq(vpndiag_escape_into(in, new, i & 1), strlen(old));
		ck_assert_str_eq(old, new);
	}
	ck_assert_int_eq(vpndiag_escape_into(NULL, new, true), 0);
	ck_assert_str_eq(new, "");
}
END_TEST

START_TEST(test_numbers)
{
	vpndiag_vici_builder_t a, b;
	uint8_t *da, *db;
	size_t la, lb;
	uint64_t u;
	int64_t s;
	int i;

	vpndiag_vici_begin(&a, VPNDIAG_VICI_CMD_RESPONSE, NULL);
	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_RESPONSE, NULL);
	for (i = 0; i < 2000; i++)
	{
		u = i < 4 ? (uint64_t[]){ 0, 9, 10, UINT64_MAX }[i] : rnd() >> (rnd() % 64);
		s = i < 4 ? (int64_t[]){ 0, -1, INT64_MIN, INT64_MAX }[i] : (int64_t)u;
		vpndiag_vici_fmt(&a, "u", "%llu", (unsigned long long)u);
		vpndiag_vici_u64(&b, "u", u);
		vpndiag_vici_fmt(&a, "s", "%lld", (long long)s);
		vpndiag_vici_i64(&b, "s", s);
	}
	da = vpndiag_vici_finish(&a, &la);
	db = vpndiag_vici_finish(&b, &lb);
	ck_assert(da && db);
	ck_assert_int_eq(la, lb);
	ck_assert(memcmp(da, db, la) == 0);
	free(da);
	free(db);
}
END_TEST

/**
 * A record with random contents
 */
static vpndiag_record_t *rnd_record(int i)
{
	static const char *yesno[] = { NULL, "yes", "no", "possible" };
	vpndiag_record_t *r;
	char s[256];
	int code;

	code = 1 + rnd() % (VPNDIAG_CODE_MAX - 1);
	r = vpndiag_record_create(code);
	r->id = i < 2 ? (uint64_t[]){ 0, UINT64_MAX }[i] : rnd() % 100000;
	r->first = rnd() % 4102444800000ULL;
	r->last = r->first + rnd() % 1000000;
	r->count = rnd();
	r->ike_sa = rnd() % 3 ? rnd() : 0;
	r->initiator = rnd() & 1;
	r->version = rnd() % 3;
	if (rnd() & 1) vpndiag_record_set(&r->conn, rnd_string(s, sizeof(s)));
	if (rnd() & 1) vpndiag_record_set(&r->child, rnd_string(s, sizeof(s)));
	if (rnd() & 1) vpndiag_record_set(&r->local, rnd_string(s, sizeof(s)));
	if (rnd() & 1) vpndiag_record_set(&r->remote, rnd_string(s, sizeof(s)));
	if (rnd() & 1) vpndiag_record_set(&r->local_id, rnd_string(s, sizeof(s)));
	if (rnd() & 1) vpndiag_record_set(&r->remote_id, rnd_string(s, sizeof(s)));
	if (rnd() & 1) vpndiag_record_set(&r->cause, rnd_string(s, sizeof(s)));
	if (rnd() & 1) vpndiag_record_set(&r->detail, rnd_string(s, sizeof(s)));
	if (rnd() % 4 == 0) vpndiag_record_set(&r->remedy, rnd_string(s, sizeof(s)));
	if (rnd() & 1) vpndiag_record_add_mismatch(r, "encr");
	if (rnd() & 1) vpndiag_record_add_mismatch(r, "dh");
	if (rnd() & 1) vpndiag_record_set(&r->offered, rnd_string(s, sizeof(s)));
	if (rnd() & 1) vpndiag_record_set(&r->accepted, rnd_string(s, sizeof(s)));
	if (rnd() & 1) vpndiag_record_set(&r->ts_local, rnd_string(s, sizeof(s)));
	if (rnd() & 1) vpndiag_record_set(&r->ts_remote, "10.1.0.0/16 10.3.0.0/16,10.4.0.0/16");
	if (rnd() & 1) vpndiag_record_set(&r->ts_received, rnd_string(s, sizeof(s)));
	if (rnd() & 1) vpndiag_record_set(&r->ts_relation, rnd_string(s, sizeof(s)));
	if (rnd() & 1) vpndiag_record_set(&r->exchange, rnd_string(s, sizeof(s)));
	if (rnd() & 1) r->port = rnd() % 3 ? rnd() % 65536 : -(int)(rnd() % 100);
	if (rnd() & 1) r->retransmits = rnd() % 10;
	r->nat = yesno[rnd() % 4];
	r->fragmented = yesno[rnd() % 4];
	if (rnd() & 1) r->confidence = "medium";
	/* keep lists non-empty for the old encoder's strtok and a long value */
	if (i == 5)
	{
		char big[20000];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		big[100] = '\n';
		vpndiag_record_set(&r->detail, big);
	}
	return r;
}

static void compare_record(vpndiag_record_t *r, bool raw)
{
	vpndiag_vici_builder_t a, b;
	uint8_t *da, *db;
	size_t la, lb;

	vpndiag_vici_begin(&a, VPNDIAG_VICI_EVENT, "vpndiag-record");
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "vpndiag-record");
	old_no_escape = raw;
	old_add_record(&a, r);
	old_no_escape = false;
	if (raw)
	{
		vpndiag_vici_add_record_raw(&b, r);
	}
	else
	{
		vpndiag_vici_add_record(&b, r);
	}
	da = vpndiag_vici_finish(&a, &la);
	db = vpndiag_vici_finish(&b, &lb);
	ck_assert(!da == !db);
	if (da)
	{
		ck_assert_int_eq(la, lb);
		ck_assert(memcmp(da, db, la) == 0);
	}
	free(da);
	free(db);
}

START_TEST(test_record_identical)
{
	vpndiag_record_t *r;
	int i;

	for (i = 0; i < 5000; i++)
	{
		r = rnd_record(i);
		compare_record(r, false);
		compare_record(r, true);
		vpndiag_record_destroy(r);
	}
}
END_TEST

/**
 * vpndiag_record_setf() against vasprintf(), as it was (the reference)
 */
static void check_setf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void check_setf(const char *fmt, ...)
{
	char *field = strdup("old"), *expected;
	va_list args;

	va_start(args, fmt);
	vpndiag_record_vsetf(&field, fmt, args);
	va_end(args);
	va_start(args, fmt);
	ck_assert(vasprintf(&expected, fmt, args) >= 0);
	va_end(args);
	ck_assert_msg(field && strcmp(field, expected) == 0, "'%s': '%s' vs '%s'",
				  fmt, field, expected);
	free(field);
	free(expected);
}

/* the detail's formatter without stdio: same bytes as vasprintf() */
START_TEST(test_record_setf)
{
	char big[3000];
	int i;

	check_setf("%s", "");
	check_setf("plain text without conversions");
	check_setf("IKE_SA #%u reauthenticated: #%u of the same identity "
			   "replaced it (%s, %s)", 0u, 4294967295u, "break-before-make",
			   "192.0.2.1[500]");
	check_setf("%d %i %d %d %d %u %%", 0, -1, INT_MIN, INT_MAX, 42,
			   UINT_MAX);
	check_setf("100%% %s%s|%s", "a", "", (char*)NULL);
	check_setf("%s (%s)", "x", "y");
	/* conversions it leaves to vasprintf() */
	check_setf("%016llx %.0d %5s|%-3d|%c|%ld", 0x1234ULL, 0, "ab", 7, 'z',
			   -5L);
	check_setf("trailing %");
	/* longer than its buffer */
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	check_setf("%s and %u", big, 7u);
	for (i = 1; i < (int)sizeof(big); i *= 3)
	{
		check_setf("%s|%d", big + sizeof(big) - 1 - i, i);
	}
}
END_TEST

START_TEST(test_append)
{
	vpndiag_vici_builder_t all = {}, one;
	vpndiag_record_t *r;
	uint8_t *data;
	size_t len, pos = 0;
	int i;

	for (i = 0; i < 50; i++)
	{
		r = rnd_record(i);
		vpndiag_vici_append_begin(&all, VPNDIAG_VICI_EVENT, "vpndiag-record");
		vpndiag_vici_add_record(&all, r);
		if (i == 7)
		{	/* a failed packet is dropped, the next one goes on */
			vpndiag_vici_section(&all, "unbalanced");
		}
		ck_assert(vpndiag_vici_append_end(&all) == (i != 7));
		if (i != 7)
		{
			vpndiag_vici_begin(&one, VPNDIAG_VICI_EVENT, "vpndiag-record");
			vpndiag_vici_add_record(&one, r);
			data = vpndiag_vici_finish(&one, &len);
			ck_assert(data);
			ck_assert(pos + len <= all.len);
			ck_assert(memcmp(all.buf + pos, data, len) == 0);
			pos += len;
			free(data);
		}
		vpndiag_record_destroy(r);
	}
	ck_assert_int_eq(pos, all.len);
	free(all.buf);
}
END_TEST

/* the listener's raw facts, formatted on the worker as charon prints them */
START_TEST(test_event_format)
{
	vpndiag_event_t ev = {};
	host_t *host;
	identification_t *id;
	char buf[64];

	host = host_create_from_string("192.0.2.1", 500);
	vpndiag_copy_host(&ev.sa.local_addr, host);
	host->destroy(host);
	host = host_create_from_string("2001:db8::2", 4500);
	vpndiag_copy_host(&ev.sa.remote_addr, host);
	host->destroy(host);
	id = identification_create_from_string("moon.lab");
	vpndiag_copy_id(&ev.sa, FALSE, id);
	id->destroy(id);
	id = identification_create_from_string("C=CH, O=strongSwan, CN=sun.lab");
	vpndiag_copy_id(&ev.sa, TRUE, id);
	id->destroy(id);
	/* copied raw, formatted only on the worker */
	ck_assert_str_eq(ev.sa.local, "");
	ck_assert_str_eq(ev.sa.remote_id, "");

	vpndiag_event_format(&ev);
	ck_assert_str_eq(ev.sa.local, "192.0.2.1[500]");
	ck_assert_str_eq(ev.sa.remote, "2001:db8::2[4500]");
	ck_assert_str_eq(ev.sa.local_id, "moon.lab");
	ck_assert_str_eq(ev.sa.remote_id, "C=CH, O=strongSwan, CN=sun.lab");

	/* strings set directly stay; nothing raw gives nothing */
	memset(&ev, 0, sizeof(ev));
	snprintf(ev.sa.local, sizeof(ev.sa.local), "10.0.0.1[500]");
	vpndiag_event_format(&ev);
	ck_assert_str_eq(ev.sa.local, "10.0.0.1[500]");
	ck_assert_str_eq(ev.sa.remote, "");
	ck_assert_str_eq(ev.sa.local_id, "");
	ck_assert_str_eq(ev.sa.remote_id, "");

	/* as charon's %#H, for addresses with and without port */
	{
		char *addrs[] = { "192.0.2.1", "0.0.0.0", "255.255.255.255",
						  "10.0.100.5", "172.16.9.250", "1.20.30.109",
						  "::", "::1", "2001:db8::2", "fe80::1:2:3:4",
						  "2001:db8:0:1::" };
		uint16_t ports[] = { 0, 1, 500, 4500, 65535 };
		char expected[VPNDIAG_HOST_LEN];
		int i, j;

		for (i = 0; i < countof(addrs); i++)
		{
			for (j = 0; j < countof(ports); j++)
			{
				memset(&ev, 0, sizeof(ev));
				host = host_create_from_string(addrs[i], ports[j]);
				ck_assert_msg(host, "%s", addrs[i]);
				vpndiag_copy_host(&ev.sa.remote_addr, host);
				snprintf(expected, sizeof(expected), "%#H", host);
				host->destroy(host);
				vpndiag_event_format(&ev);
				ck_assert_str_eq(ev.sa.remote, expected);
			}
		}
	}

	/* addresses that differ only in the port or family are not mixed up
	 * (cache), repeats come from it */
	{
		char *addrs[] = { "192.0.2.1", "192.0.2.1", "192.0.2.2", "::c000:201",
						  "192.0.2.1", "::c000:201", "10.0.0.1", "10.0.0.2",
						  "10.0.0.3", "192.0.2.1", "192.0.2.1" };
		uint16_t ports[] = { 500, 4500, 500, 500, 500, 500, 0, 0, 0, 0, 500 };
		char expected[VPNDIAG_HOST_LEN];
		int i;

		for (i = 0; i < countof(addrs); i++)
		{
			memset(&ev, 0, sizeof(ev));
			host = host_create_from_string(addrs[i], ports[i]);
			vpndiag_copy_host(&ev.sa.local_addr, host);
			snprintf(expected, sizeof(expected), "%#H", host);
			host->destroy(host);
			vpndiag_event_format(&ev);
			ck_assert_str_eq(ev.sa.local, expected);
		}
	}

	/* identities of the same length and type are not mixed up (cache) */
	{
		char *ids[] = { "moon.lab", "mars.lab", "moon.lab", "sun.lab",
						"venus.lab", "earth.la", "pluto.la", "moon.lab" };
		int i;

		for (i = 0; i < countof(ids); i++)
		{
			memset(&ev, 0, sizeof(ev));
			id = identification_create_from_string(ids[i]);
			vpndiag_copy_id(&ev.sa, TRUE, id);
			id->destroy(id);
			vpndiag_event_format(&ev);
			ck_assert_str_eq(ev.sa.remote_id, ids[i]);
		}
	}

	/* bounded copy */
	vpndiag_strlcpy(buf, "0123456789", 5);
	ck_assert_str_eq(buf, "0123");
	vpndiag_strlcpy(buf, NULL, sizeof(buf));
	ck_assert_str_eq(buf, "");
}
END_TEST

/* proposal lists printed on the worker read as charon's "%#P" */
START_TEST(test_proposals_format)
{
	struct {
		protocol_id_t proto;
		char *str;
	} tests[] = {
		{ PROTO_IKE, "aes256-sha384-x25519" },
		{ PROTO_IKE, "aes128gcm16-aes256gcm16-prfsha256-ecp256-modp2048" },
		{ PROTO_ESP, "aes128gcm16-esn-noesn" },
		{ PROTO_ESP, "aes256-sha256-modp3072" },
	};
	vpndiag_proposals_t *copy;
	linked_list_t *list;
	proposal_t *proposal;
	char expected[VPNDIAG_TEXT_LEN];
	int i;

	list = linked_list_create();
	for (i = 0; i < countof(tests); i++)
	{
		proposal = proposal_create_from_string(tests[i].proto, tests[i].str);
		ck_assert(proposal);
		list->insert_last(list, proposal);
	}
	snprintf(expected, sizeof(expected), "%#P", list);
	/* the hooks' copy is raw: no text yet */
	copy = vpndiag_copy_proposals(list);
	ck_assert(copy);
	ck_assert_int_eq(copy->count, countof(tests));
	ck_assert_str_eq(copy->text, "");
	vpndiag_proposals_format(copy);
	ck_assert_str_eq(copy->text, expected);
	ck_assert(strstr(copy->text, "IKE:AES_CBC_256/HMAC_SHA2_384_192"));
	/* a text already there stays */
	snprintf(copy->text, sizeof(copy->text), "kept");
	vpndiag_proposals_format(copy);
	ck_assert_str_eq(copy->text, "kept");
	free(copy);
	ck_assert(vpndiag_copy_proposals(NULL) == NULL);
	list->destroy_offset(list, offsetof(proposal_t, destroy));
}
END_TEST

/* printed lists are cached per thread (issue 22): a repeat gets the same
 * text, lists that differ in one transform, key size or protocol do not
 * share it, also after the cache has wrapped around */
START_TEST(test_proposals_format_cache)
{
	struct {
		protocol_id_t proto;
		char *str;
	} tests[] = {
		{ PROTO_IKE, "aes256-sha384-x25519" },
		{ PROTO_IKE, "aes128-sha384-x25519" },
		{ PROTO_IKE, "aes256-sha256-x25519" },
		{ PROTO_ESP, "aes256-sha384-x25519" },
		{ PROTO_IKE, "aes256-sha384-x25519-ecp256" },
		{ PROTO_IKE, "aes256-sha384-ecp256-x25519" },
		{ PROTO_AH, "sha256-sha384" },
	};
	vpndiag_proposals_t *copy;
	linked_list_t *list;
	proposal_t *proposal;
	char expected[VPNDIAG_TEXT_LEN];
	int round, i;

	for (round = 0; round < 3; round++)
	{
		for (i = 0; i < countof(tests); i++)
		{
			list = linked_list_create();
			proposal = proposal_create_from_string(tests[i].proto,
												   tests[i].str);
			ck_assert(proposal);
			list->insert_last(list, proposal);
			snprintf(expected, sizeof(expected), "%#P", list);
			copy = vpndiag_copy_proposals(list);
			vpndiag_proposals_format(copy);
			ck_assert_str_eq(copy->text, expected);
			free(copy);
			list->destroy_offset(list, offsetof(proposal_t, destroy));
		}
	}
}
END_TEST

/**
 * vpndiag_log_format() before issue 22: one snprintf()
 */
static char *ref_log_format(vpndiag_record_t *record, char *buf, size_t len)
{
	const vpndiag_code_info_t *info = vpndiag_code_info(record->code);
	char conn[3 * VPNDIAG_MAX_ESCAPE], remote[3 * VPNDIAG_MAX_ESCAPE];
	char cause[3 * VPNDIAG_MAX_ESCAPE], detail[4 * VPNDIAG_MAX_ESCAPE];

	snprintf(buf, len, "%s [%s, %s, #%llu] conn %s%s peer %s cause %s: %s",
			 info ? info->name : "?", info ? info->id : "?",
			 vpndiag_severity_name(record->severity),
			 (unsigned long long)record->id,
			 vpndiag_escape(record->conn ?: "-", conn, sizeof(conn)),
			 record->conn && record->conn_match == VPNDIAG_CONN_MATCH_ADDRESS ?
				" (by address)" : "",
			 vpndiag_escape(record->remote ?: "-", remote, sizeof(remote)),
			 vpndiag_escape(record->cause ?: "-", cause, sizeof(cause)),
			 vpndiag_escape(record->detail ?: "", detail, sizeof(detail)));
	return buf;
}

START_TEST(test_log_format)
{
	char old[8 * VPNDIAG_MAX_ESCAPE + 1], new[8 * VPNDIAG_MAX_ESCAPE + 1];
	vpndiag_record_t *r;
	size_t len, full;
	int i;

	for (i = 0; i < 300; i++)
	{
		r = rnd_record(i);
		r->conn_match = rnd() % 3;
		r->severity = rnd() % 6;
		if (i % 7 == 0)
		{	/* a code outside the catalogue */
			r->code = VPNDIAG_CODE_MAX + 5;
		}
		ref_log_format(r, old, sizeof(old) - 1);
		full = strlen(old) + 2;
		for (len = 0; len <= full && len < sizeof(old); len++)
		{
			memset(old, 'X', sizeof(old));
			memset(new, 'X', sizeof(new));
			ref_log_format(r, old, len);
			ck_assert(vpndiag_log_format(r, new, len) == new);
			ck_assert(memcmp(old, new, sizeof(old)) == 0);
		}
		vpndiag_record_destroy(r);
	}
}
END_TEST

/** lines the log publisher logged (captured through libstrongswan's dbg) */
static char logged[4][2048];
static int logged_level[4], nlogged;

static void capture_dbg(debug_t group, level_t level, char *fmt, ...)
{
	va_list args;

	if (nlogged < 4)
	{
		va_start(args, fmt);
		vsnprintf(logged[nlogged], sizeof(logged[0]), fmt, args);
		va_end(args);
		logged_level[nlogged++] = level;
	}
}

START_TEST(test_log_publisher)
{
	void (*saved)(debug_t, level_t, char*, ...) = dbg;
	vpndiag_publisher_t *log;
	vpndiag_record_t *r;
	char line[8 * VPNDIAG_MAX_ESCAPE];

	r = vpndiag_record_create(VPNDIAG_DPD_TIMEOUT);
	r->id = 42;
	vpndiag_record_set(&r->conn, "gw");
	vpndiag_record_set(&r->remote, "192.0.2.2[4500]");
	vpndiag_record_set(&r->detail, "peer said \x01\n");
	r->detail[10] = '\x01';
	log = vpndiag_log_create();
	dbg = capture_dbg;
	/* new: the record's line and its remedy at level 1 */
	nlogged = 0;
	log->publish(log, r, TRUE);
	ck_assert_int_eq(nlogged, 2);
	ck_assert_int_eq(logged_level[0], 1);
	ck_assert_int_eq(logged_level[1], 1);
	snprintf(line, sizeof(line), "vpndiag: %s",
			 vpndiag_log_format(r, line + 1000, sizeof(line) - 1000));
	ck_assert_str_eq(logged[0], line);
	ck_assert(strpfx(logged[1], "vpndiag: #42 remedy: "));
	/* a repeat: one level-2 line naming the record, no peer data */
	nlogged = 0;
	r->count = 7;
	log->publish(log, r, FALSE);
	ck_assert_int_eq(nlogged, 1);
	ck_assert_int_eq(logged_level[0], 2);
	ck_assert_str_eq(logged[0], "vpndiag: #42 repeated 7 times: dpd timeout "
					 "[dpd-timeout]");
	dbg = saved;
	log->destroy(log);
	vpndiag_record_destroy(r);
}
END_TEST

Suite *encoding_suite_create(void)
{
	Suite *s = suite_create("encoding");
	TCase *tc;

	tc = tcase_create("formatters");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_time_format);
	tcase_add_test(tc, test_escape_into);
	tcase_add_test(tc, test_escape_truncated);
	tcase_add_test(tc, test_log_format);
	tcase_add_test(tc, test_log_publisher);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_record_identical);
	tcase_add_test(tc, test_record_setf);
	tcase_add_test(tc, test_append);
	tcase_add_test(tc, test_event_format);
	tcase_add_test(tc, test_proposals_format);
	tcase_add_test(tc, test_proposals_format_cache);
	suite_add_tcase(s, tc);
	return s;
}
