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
 * The log fact matcher (vpndiag_log_match.h) against the loop it replaces
 * (one strstr() per needle of the line's group, in table order): on every
 * needle of vpndiag_log_facts embedded, truncated, altered and combined, on
 * small tables over a small alphabet exhaustively, on real charon log lines
 * (fixtures/log_lines.txt) with and without needles spliced in, and on
 * random lines of a fixed seed. The matcher reads each line next to an
 * inaccessible page, once after and once before it: a read outside the
 * line crashes the test.
 */

#include "vpndiag_tests.h"

#include "vpndiag_log_match.h"

#include <library.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

/** longest line the tests build */
#define LINE_MAX_LEN 4096

/**
 * The matchers of all groups of a table, and what they were asked
 */
typedef struct {
	const vpndiag_log_needle_t *table;
	int count;
	vpndiag_log_match_t *match[DBG_MAX];
	/** lines compared, lines the loop found a fact in */
	int checked;
	int matched;
} matchers_t;

static void matchers_init(matchers_t *m, const vpndiag_log_needle_t *table,
						  int count)
{
	int g;

	*m = (matchers_t){
		.table = table,
		.count = count,
	};
	for (g = 0; g < DBG_MAX; g++)
	{
		m->match[g] = vpndiag_log_match_create(table, count, g);
	}
}

static void matchers_deinit(matchers_t *m)
{
	int g;

	for (g = 0; g < DBG_MAX; g++)
	{
		DESTROY_IF(m->match[g]);
	}
}

/**
 * The loop vpndiag_listener.c: log_() ran before the matcher
 */
static const vpndiag_log_needle_t *naive(const vpndiag_log_needle_t *table,
										 int count, debug_t group,
										 const char *line)
{
	int i;

	for (i = 0; i < count; i++)
	{
		if (table[i].group == group && strstr(line, table[i].needle) &&
			(!table[i].needle2 || strstr(line, table[i].needle2)))
		{
			return &table[i];
		}
	}
	return NULL;
}

/**
 * A line for messages: bytes outside printable ASCII as \xNN
 */
static char *escape(const char *line, char *buf, size_t len)
{
	const u_char *p;
	size_t n = 0;

	for (p = (const u_char*)line; *p && n + 5 < len; p++)
	{
		if (*p >= 0x20 && *p < 0x7f && *p != '\\')
		{
			buf[n++] = *p;
		}
		else
		{
			n += snprintf(buf + n, len - n, "\\x%02x", *p);
		}
	}
	buf[n] = '\0';
	return buf;
}

/**
 * A copy of a line next to an inaccessible page: its NUL the last byte
 * before it (after is TRUE) or its first byte the first after it; a read
 * past the NUL or before the line crashes the test
 */
static const char *guarded(const char *line, bool after)
{
	static char *area;
	static size_t size, page;
	size_t len = strlen(line) + 1;

	if (!area)
	{
		/* guard page, data, guard page */
		page = sysconf(_SC_PAGESIZE);
		size = (LINE_MAX_LEN + page - 1) / page * page;
		area = mmap(NULL, size + 2 * page, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ck_assert(area != MAP_FAILED);
		ck_assert(mprotect(area, page, PROT_NONE) == 0);
		ck_assert(mprotect(area + page + size, page, PROT_NONE) == 0);
	}
	ck_assert(len <= size);
	if (after)
	{
		return memcpy(area + page + size - len, line, len);
	}
	return memcpy(area + page, line, len);
}

/**
 * Compare the matcher of one group with the loop on a line
 */
static void check_group(matchers_t *m, debug_t group, const char *line)
{
	const vpndiag_log_needle_t *want, *got = NULL;
	char buf[2 * LINE_MAX_LEN];

	want = naive(m->table, m->count, group, line);
	if (m->match[group])
	{
		got = m->match[group]->match(m->match[group], guarded(line, FALSE));
		ck_assert(got == m->match[group]->match(m->match[group],
												guarded(line, TRUE)));
	}
	ck_assert_msg(got == want, "group %d, line \"%s\": matcher found entry "
				  "%d, strstr loop %d", group, escape(line, buf, sizeof(buf)),
				  got ? (int)(got - m->table) : -1,
				  want ? (int)(want - m->table) : -1);
	m->checked++;
	m->matched += want != NULL;
}

/**
 * Compare the matchers of all groups with the loop on a line
 */
static void check_line(matchers_t *m, const char *line)
{
	int g;

	for (g = 0; g < DBG_MAX; g++)
	{
		check_group(m, g, line);
	}
}

/**
 * Compare on the concatenation of the NULL-terminated arguments
 */
static void check_cat(matchers_t *m, ...)
{
	char line[LINE_MAX_LEN];
	const char *part;
	size_t n = 0, len;
	va_list args;

	va_start(args, m);
	while ((part = va_arg(args, const char*)))
	{
		len = strlen(part);
		ck_assert(n + len < sizeof(line));
		memcpy(line + n, part, len);
		n += len;
	}
	va_end(args);
	line[n] = '\0';
	check_line(m, line);
}

/**
 * The first len bytes of a string
 */
static char *prefix(const char *s, size_t len, char *buf)
{
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

/** text before and after the needles */
static const char *fillers[] = {
	"",
	"x",
	"IKE_SA gw[1] ",
	"\xff\xfe\x80 \xc3\xa9",
	"received packet: from 192.0.2.1[500] to 192.0.2.2[500] (240 bytes), "
	"authentication of 'C=CH, O=Lab, CN=moon.lab' with RSA_EMSA_PKCS1 ",
};

/**
 * Every needle of the table at start, middle and end, with and without its
 * needle2, repeated, truncated, altered; and each pair of a group
 */
static void check_needles(matchers_t *m)
{
	const vpndiag_log_needle_t *e, *f;
	char buf[LINE_MAX_LEN], alt[LINE_MAX_LEN];
	const char *n2, *f2, *p, *s;
	size_t len, k;
	int i, j, x, y;

	for (i = 0; i < m->count; i++)
	{
		e = &m->table[i];
		n2 = e->needle2 ?: "";
		len = strlen(e->needle);
		for (x = 0; x < countof(fillers); x++)
		{
			for (y = 0; y < countof(fillers); y++)
			{
				p = fillers[x];
				s = fillers[y];
				check_cat(m, p, e->needle, s, NULL);
				check_cat(m, p, e->needle, s, n2, NULL);
				check_cat(m, n2, p, e->needle, s, NULL);
				check_cat(m, p, e->needle, n2, s, NULL);
				check_cat(m, p, e->needle, e->needle, s, n2, NULL);
				/* overlapping with itself: the needle, then again from
				 * its second byte */
				check_cat(m, p, e->needle, len ? e->needle + 1 : "", s, n2,
						  NULL);
			}
		}
		for (k = 0; k <= len; k++)
		{
			/* truncated at both ends */
			check_cat(m, prefix(e->needle, k, buf), NULL);
			check_cat(m, fillers[2], prefix(e->needle, k, buf), n2, NULL);
			check_cat(m, prefix(e->needle, k, buf), fillers[4], n2, NULL);
			check_cat(m, e->needle + k, n2, NULL);
			check_cat(m, n2, fillers[3], e->needle + k, NULL);
			if (k < len)
			{
				/* one byte altered, to another letter and to a high byte */
				strcpy(alt, e->needle);
				alt[k] = alt[k] == 'X' ? 'Y' : 'X';
				check_cat(m, fillers[2], alt, n2, NULL);
				alt[k] = (char)(e->needle[k] ^ 0x80);
				check_cat(m, alt, fillers[1], n2, NULL);
			}
		}
		for (j = 0; j < m->count; j++)
		{
			f = &m->table[j];
			f2 = f->needle2 ?: "";
			if (f->group != e->group)
			{
				continue;
			}
			check_cat(m, e->needle, f->needle, NULL);
			check_cat(m, e->needle, " ", f->needle, n2, f2, NULL);
			check_cat(m, fillers[4], f->needle, f2, e->needle, n2, NULL);
			check_cat(m, f->needle, fillers[3], e->needle, f2, NULL);
			/* f overlapping the end of e's needle */
			for (k = 1; k < len && k < strlen(f->needle); k++)
			{
				if (strneq(e->needle + len - k, f->needle, k))
				{
					check_cat(m, e->needle, f->needle + k, n2, f2, NULL);
				}
			}
		}
	}
}

START_TEST(test_facts_needles)
{
	matchers_t m;

	matchers_init(&m, vpndiag_log_facts, vpndiag_log_facts_count);
	check_cat(&m, "", NULL);
	check_cat(&m, "x", NULL);
	check_needles(&m);
	/* a good share of the lines (truncated and altered ones do not) holds a
	 * fact of some group */
	ck_assert_int_gt(m.matched, m.checked / DBG_MAX / 3);
	matchers_deinit(&m);
}
END_TEST

/**
 * Small tables: overlapping and repeated needles, the same needle with and
 * without needle2, high bytes, needles shorter than a block (naive loop),
 * longer than the shift table covers
 */
static char long_needle[301];

static vpndiag_log_needle_t synthetic[] = {
	{ DBG_IKE, "abab", NULL, 1 },
	{ DBG_IKE, "bab", "zz", 2 },
	{ DBG_IKE, "aba", NULL, 3 },
	{ DBG_IKE, "bab", NULL, 4 },
	{ DBG_IKE, "ab", "\xff", 5 },
	{ DBG_IKE, "\xff\x80z", NULL, 6 },
	{ DBG_IKE, "abababa", NULL, 7 },
	{ DBG_IKE, "zb", "ba", 8 },
	{ DBG_CFG, "zzz", "a", 9 },
	{ DBG_CFG, "b", NULL, 10 },
	{ DBG_CFG, "\x80\x80", NULL, 11 },
	{ DBG_ENC, "", "zb", 12 },
	{ DBG_ENC, "a", NULL, 13 },
	{ DBG_NET, "babz", NULL, 14 },
	{ DBG_NET, "abz\xff", "\x80", 15 },
	{ DBG_NET, "zab", NULL, 16 },
	{ DBG_MGR, "ab", NULL, 17 },
	{ DBG_MGR, "ba", NULL, 18 },
	{ DBG_KNL, NULL, "b", 19 },
	{ DBG_KNL, NULL, NULL, 20 },
};

/** alphabet of the exhaustive lines */
static const char alphabet[] = "abz\xff\x80";

START_TEST(test_synthetic_exhaustive)
{
	char line[8];
	int len, i, n, digits[8];
	matchers_t m;

	/* a needle of 300 bytes in a group whose shortest needle is longer
	 * than the 256 bytes the shift table covers */
	memset(long_needle, 'a', sizeof(long_needle) - 1);
	long_needle[150] = 'b';
	synthetic[countof(synthetic) - 2].needle = long_needle;
	synthetic[countof(synthetic) - 1].needle = long_needle + 10;

	matchers_init(&m, synthetic, countof(synthetic));
	for (len = 0; len <= 7; len++)
	{
		memset(digits, 0, sizeof(digits));
		for (n = 0; ; n++)
		{
			for (i = 0; i < len; i++)
			{
				line[i] = alphabet[digits[i]];
			}
			line[len] = '\0';
			check_line(&m, line);
			for (i = 0; i < len && ++digits[i] == strlen(alphabet); i++)
			{
				digits[i] = 0;
			}
			if (i == len)
			{
				break;
			}
		}
	}
	check_needles(&m);
	check_cat(&m, "x", long_needle, "y", NULL);
	check_cat(&m, long_needle + 1, NULL);
	check_cat(&m, "abz", long_needle, NULL);
	ck_assert_int_gt(m.matched, m.checked / DBG_MAX);
	matchers_deinit(&m);
}
END_TEST

/**
 * The debug group of a fixture line's tag
 */
static debug_t group_of(const char *tag)
{
	static const struct {
		const char *tag;
		debug_t group;
	} groups[] = {
		{ "IKE", DBG_IKE },
		{ "CFG", DBG_CFG },
		{ "ENC", DBG_ENC },
		{ "NET", DBG_NET },
		{ "MGR", DBG_MGR },
		{ "KNL", DBG_KNL },
	};
	int i;

	for (i = 0; i < countof(groups); i++)
	{
		if (streq(tag, groups[i].tag))
		{
			return groups[i].group;
		}
	}
	ck_abort_msg("unknown group %s", tag);
	return DBG_MAX;
}

/**
 * A line with a string spliced in at an offset
 */
static void splice(const char *line, size_t at, const char *add, char *buf)
{
	size_t len = strlen(line), n = strlen(add);

	ck_assert(len + n < LINE_MAX_LEN);
	memcpy(buf, line, at);
	memcpy(buf + at, add, n);
	memcpy(buf + at + n, line + at, len - at + 1);
}

START_TEST(test_fixture_lines)
{
	char path[512], line[LINE_MAX_LEN], buf[LINE_MAX_LEN],
		 buf2[LINE_MAX_LEN], *msg;
	const vpndiag_log_needle_t *e;
	int lineno = 0, lines = 0, facts = 0, i, at;
	size_t len, pos[3];
	matchers_t m;
	debug_t group;
	FILE *file;

	matchers_init(&m, vpndiag_log_facts, vpndiag_log_facts_count);
	file = vpndiag_tests_golden_open("fixtures/log_lines.txt", path,
									 sizeof(path));
	while (vpndiag_tests_golden_line(file, path, line, sizeof(line), &lineno))
	{
		msg = strchr(line, '\t');
		ck_assert_msg(msg, "%s:%d: no tab", path, lineno);
		*msg++ = '\0';
		group = group_of(line);
		lines++;
		check_line(&m, msg);
		facts += naive(m.table, m.count, group, msg) != NULL;

		len = strlen(msg);
		pos[0] = 0;
		pos[1] = len / 2;
		pos[2] = len;
		for (i = 0; i < m.count; i++)
		{
			e = &m.table[i];
			for (at = 0; at < countof(pos); at++)
			{
				splice(msg, pos[at], e->needle, buf);
				check_line(&m, buf);
				if (e->needle2)
				{
					splice(buf, pos[(at + 1) % countof(pos)] +
						   (at == 2 ? 0 : strlen(e->needle)), e->needle2,
						   buf2);
					check_line(&m, buf2);
				}
			}
		}
	}
	fclose(file);
	ck_assert_int_ge(lines, 300);
	/* the fixture holds real lines of facts, and many more without */
	ck_assert_int_ge(facts, 10);
	ck_assert_int_ge(lines - facts, 300);
	matchers_deinit(&m);
}
END_TEST

/**
 * xorshift32, for lines that are the same in every run
 */
static uint32_t next(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

START_TEST(test_random_lines)
{
	char line[LINE_MAX_LEN], buf[LINE_MAX_LEN], tmp[LINE_MAX_LEN];
	char chars[1024];
	const vpndiag_log_needle_t *e;
	const char *piece;
	uint32_t state = 0x2a2a2a2a;
	size_t len, nchars = 0, k;
	int i, j, n, matched = 0;
	matchers_t m;

	matchers_init(&m, vpndiag_log_facts, vpndiag_log_facts_count);
	/* the bytes of the needles, so that random text nearly matches */
	for (i = 0; i < m.count; i++)
	{
		for (piece = m.table[i].needle; *piece && nchars < sizeof(chars);
			 piece++)
		{
			chars[nchars++] = *piece;
		}
	}
	for (n = 0; n < 20000; n++)
	{
		len = next(&state) % 300;
		for (k = 0; k < len; k++)
		{
			if (next(&state) % 2)
			{
				line[k] = (char)(1 + next(&state) % 255);
			}
			else
			{
				line[k] = chars[next(&state) % nchars];
			}
		}
		line[len] = '\0';
		/* up to three needles, needle2s or parts of them inserted */
		for (j = next(&state) % 4; j > 0; j--)
		{
			e = &m.table[next(&state) % m.count];
			piece = next(&state) % 3 || !e->needle2 ? e->needle : e->needle2;
			k = strlen(piece);
			switch (next(&state) % 4)
			{
				case 0:		/* a prefix */
					prefix(piece, next(&state) % (k + 1), buf);
					break;
				case 1:		/* a suffix */
					strcpy(buf, piece + next(&state) % (k + 1));
					break;
				default:
					strcpy(buf, piece);
					break;
			}
			k = next(&state) % (strlen(line) + 1);
			splice(line, k, buf, tmp);
			strcpy(line, tmp);
		}
		i = m.matched;
		check_line(&m, line);
		matched += m.matched > i;
	}
	/* a good share of the lines holds a fact */
	ck_assert_int_gt(matched, 2000);
	matchers_deinit(&m);
}
END_TEST

Suite *log_match_suite_create(void)
{
	Suite *s = suite_create("log_match");
	TCase *tc;

	tc = tcase_create("needles");
	/* exhaustive over small tables: seconds natively, longer under ASan or
	 * valgrind (./testing/check --sanitize) */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_facts_needles);
	tcase_add_test(tc, test_synthetic_exhaustive);
	suite_add_tcase(s, tc);

	tc = tcase_create("lines");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fixture_lines);
	tcase_add_test(tc, test_random_lines);
	suite_add_tcase(s, tc);
	return s;
}
