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
 * The word-at-a-time escape (vpndiag_escape_into(), vpndiag_escape_len(),
 * vpndiag_escape_plain()) against the byte loop it replaced, kept here as
 * the reference: same bytes for every input, and no byte read beyond the
 * input (each one ends right before a PROT_NONE page). The catalogue's
 * remedies, which vpndiag_vici_add_record() publishes without escaping,
 * escape to themselves.
 */

#include "vpndiag_tests.h"

#include "vpndiag_record.h"
#include "vpndiag_catalogue.h"
#include "vpndiag_vici_msg.h"
#include "vpndiag_vici_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

/** longest input of the tests */
#define MAX_IN 320

/**
 * Printable ASCII copied as it is: bit 0 without, bit 1 with quotes escaped
 * (vpndiag_record.c before the word-at-a-time path)
 */
static const unsigned char ref_plain[256] = {
	[0x20 ... 0x21] = 3,
	['"'] = 1,
	[0x23 ... 0x5b] = 3,
	[0x5d ... 0x7e] = 3,
};

/**
 * vpndiag_escape_into() as it was: a table scan of each byte
 */
static size_t ref_escape_into(const char *in, char *out, bool quotes)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char*)(in ?: ""), *run;
	unsigned char mask = quotes ? 2 : 1;
	char *pos = out;
	int n;

	while (*s)
	{
		run = s;
		while (ref_plain[*s] & mask)
		{
			s++;
		}
		if (s > run)
		{
			memcpy(pos, run, s - run);
			pos += s - run;
			if (!*s)
			{
				break;
			}
		}
		n = ref_utf8_len(s);
		if (n == 0 || s[0] < 0x20 || s[0] == 0x7f)
		{
			*pos++ = '\\';
			*pos++ = 'x';
			*pos++ = hex[s[0] >> 4];
			*pos++ = hex[s[0] & 0x0f];
			s++;
		}
		else if (s[0] == '\\' || (quotes && s[0] == '"'))
		{
			*pos++ = '\\';
			*pos++ = s[0];
			s++;
		}
		else
		{
			memcpy(pos, s, n);
			pos += n;
			s += n;
		}
	}
	*pos = '\0';
	return pos - out;
}

/**
 * Leading bytes of in the reference table copies as they are
 */
static size_t ref_plain_len(const char *in, size_t len, bool quotes)
{
	unsigned char mask = quotes ? 2 : 1;
	size_t i = 0;

	while (i < len && (ref_plain[(unsigned char)in[i]] & mask))
	{
		i++;
	}
	return i;
}

/**
 * Two pages, the second PROT_NONE: end is the first byte not readable
 */
typedef struct {
	char *map;
	char *end;
	size_t page;
} guard_t;

/**
 * Map the guard pages
 */
static void guard_create(guard_t *g)
{
	g->page = sysconf(_SC_PAGESIZE);
	ck_assert(g->page >= MAX_IN + 2);
	g->map = mmap(NULL, 2 * g->page, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert(g->map != MAP_FAILED);
	ck_assert(mprotect(g->map + g->page, g->page, PROT_NONE) == 0);
	g->end = g->map + g->page;
}

/**
 * Unmap the guard pages
 */
static void guard_destroy(guard_t *g)
{
	munmap(g->map, 2 * g->page);
}

/**
 * Hex dump of an input for failure messages
 */
static char *hex_of(const char *in, size_t len, char *buf)
{
	size_t i;

	for (i = 0; i < len; i++)
	{
		sprintf(buf + 2 * i, "%02x", (unsigned char)in[i]);
	}
	buf[2 * len] = '\0';
	return buf;
}

/**
 * Compare an escape of the n bytes at at with the reference
 */
static void check_out(const char *what, const char *in, size_t n,
					  const char *out, size_t len, const char *ref,
					  size_t rlen, bool quotes)
{
	char hex[2 * MAX_IN + 1];

	/* (ck_abort_msg() only on failure: a passed ck_assert_msg() writes
	 * to the runner's pipe, millions of them here) */
	if (len != rlen || memcmp(out, ref, rlen + 1) != 0)
	{
		ck_abort_msg("%s(quotes %d) of %zu bytes %s: %zu bytes '%s', "
					 "expected %zu bytes '%s'", what, quotes, n,
					 hex_of(in, n, hex), len, out, rlen, ref);
	}
	/* the NUL and nothing after it */
	if (out[rlen + 1] != 'X')
	{
		ck_abort_msg("%s of %s wrote beyond its NUL", what,
					 hex_of(in, n, hex));
	}
}

/**
 * Check one input of n bytes (no NUL among them) against the reference:
 * placed so that its NUL is the last byte before the guard page
 * (vpndiag_escape_into(), _len(), _plain()), and without a NUL so that its
 * last byte is (vpndiag_escape_len(), _plain())
 */
static void check_one(guard_t *g, const char *in, size_t n, bool quotes)
{
	char term[MAX_IN + 1], ref[4 * MAX_IN + 1], out[4 * MAX_IN + 2];
	char hex[2 * MAX_IN + 1], *at;
	size_t rlen, rplain, plain;

	if (n > MAX_IN || memchr(in, '\0', n))
	{
		ck_abort_msg("bad test input");
	}
	memcpy(term, in, n);
	term[n] = '\0';
	rlen = ref_escape_into(term, ref, quotes);
	rplain = ref_plain_len(in, n, quotes);

	at = g->end - n - 1;
	memcpy(at, in, n);
	at[n] = '\0';
	memset(out, 'X', sizeof(out));
	check_out("escape_into", in, n, out, vpndiag_escape_into(at, out, quotes),
			  ref, rlen, quotes);
	memset(out, 'X', sizeof(out));
	check_out("escape_len", in, n, out,
			  vpndiag_escape_len(at, n, out, quotes), ref, rlen, quotes);
	plain = vpndiag_escape_plain(at, n, quotes);
	if (plain != rplain)
	{
		ck_abort_msg("escape_plain(quotes %d) of %s: %zu, expected %zu",
					 quotes, hex_of(in, n, hex), plain, rplain);
	}

	at = g->end - n;
	memcpy(at, in, n);
	memset(out, 'X', sizeof(out));
	check_out("escape_len (no NUL)", in, n, out,
			  vpndiag_escape_len(at, n, out, quotes), ref, rlen, quotes);
	plain = vpndiag_escape_plain(at, n, quotes);
	if (plain != rplain)
	{
		ck_abort_msg("escape_plain(quotes %d, no NUL) of %s: %zu, "
					 "expected %zu", quotes, hex_of(in, n, hex), plain,
					 rplain);
	}
}

/**
 * Special pieces placed at every position: multi-byte UTF-8, valid and not
 * (every single byte 0x01..0xff is placed too, see test_escape_positions)
 */
static const char *pieces[] = {
	/* valid 2, 3, 4-byte sequences, at their range limits */
	"\xc2\x80", "\xc3\xa4", "\xdf\xbf",
	"\xe0\xa0\x80", "\xe2\x82\xac", "\xed\x9f\xbf", "\xee\x80\x80",
	"\xef\xbf\xbf",
	"\xf0\x90\x80\x80", "\xf0\x9f\x94\x91", "\xf3\xbf\xbf\xbf",
	"\xf4\x8f\xbf\xbf",
	/* overlong, surrogate, beyond U+10FFFF, bad lead or continuation */
	"\xc0\xaf", "\xc1\xbf", "\xe0\x9f\xbf", "\xed\xa0\x80", "\xed\xbf\xbf",
	"\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
	"\xf8\x88\x80\x80\x80", "\xc3\x28", "\xc3\xc3\xa4", "\xe2\x28\xa1",
	"\xe2\x82\x28", "\xf0\x9f\x94\x28", "\xf0\x28\x8c\x28", "\x80\x80",
	/* truncated: followed by plain bytes, or cut by the input's end */
	"\xc3", "\xe2\x82", "\xf0\x9f\x94", "\xe2", "\xf0\x9f",
	/* a special byte right after a valid sequence */
	"\xc3\xa4\\", "\xe2\x82\xac\x7f", "\xf0\x9f\x94\x91\"",
};

/**
 * Plain filler byte i: every printable ASCII byte that escapes to itself
 * in both modes, in turn
 */
static char filler(size_t i)
{
	static const char fill[] = " !#$%&'()*+,-./0123456789:;<=>?@"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

	return fill[i % (sizeof(fill) - 1)];
}

/**
 * Check plain filler of length n with piece (len bytes) at position p, cut
 * at the end, in both modes
 */
static void check_piece(guard_t *g, size_t n, size_t p, const char *piece,
						size_t len, size_t shift)
{
	char in[MAX_IN];
	size_t i;

	for (i = 0; i < n; i++)
	{
		in[i] = filler(i + shift);
	}
	memcpy(in + p, piece, min(len, n - p));
	check_one(g, in, n, false);
	check_one(g, in, n, true);
}

START_TEST(test_escape_positions)
{
	char byte[1];
	guard_t g;
	size_t n, p, i;
	int b;

	guard_create(&g);
	for (n = 0; n <= 64; n++)
	{
		/* plain only, with the filler in every lane of a word */
		for (i = 0; i < 8; i++)
		{
			check_piece(&g, n, 0, "", 0, i);
		}
		for (p = 0; p < n; p++)
		{
			/* control bytes, 0x7f, '\\', '"', 0x80..0xff and the plain
			 * ones next to them */
			for (b = 0x01; b <= 0xff; b++)
			{
				byte[0] = b;
				check_piece(&g, n, p, byte, 1, n + p);
			}
			for (i = 0; i < countof(pieces); i++)
			{
				check_piece(&g, n, p, pieces[i], strlen(pieces[i]), p);
			}
		}
	}
	guard_destroy(&g);
}
END_TEST

/** state of the xorshift generator */
static uint64_t seed = 0x2545f4914f6cdd1dULL;

/**
 * Next pseudo random number (xorshift64, reproducible)
 */
static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

/**
 * Fill in with n random bytes without NUL: mostly printable ASCII (runs as
 * in records), some of them special, some pieces of UTF-8
 */
static void rnd_bytes(char *in, size_t n)
{
	const char *piece;
	size_t i, len;
	uint64_t r;

	for (i = 0; i < n; i++)
	{
		r = rnd();
		switch (r % 16)
		{
			case 0:
				in[i] = 1 + (r >> 8) % 255;
				break;
			case 1:
				in[i] = "\\\"\x7f\x01\n\t\x1f\xff"[(r >> 8) % 8];
				break;
			case 2:
				piece = pieces[(r >> 8) % countof(pieces)];
				len = min(strlen(piece), n - i);
				memcpy(in + i, piece, len);
				i += len - 1;
				break;
			default:
				in[i] = 0x20 + (r >> 8) % 0x5f;
				break;
		}
		if (r % 1024 < 300 && i + 1 < n)
		{	/* a long plain run */
			len = min((r >> 20) % 64, n - i - 1);
			while (len--)
			{
				in[++i] = filler(r >> 32);
			}
		}
	}
}

START_TEST(test_escape_random)
{
	char in[MAX_IN];
	guard_t g;
	size_t n;
	int i;

	guard_create(&g);
	for (i = 0; i < 100000; i++)
	{
		n = rnd() % (i % 4 ? 65 : MAX_IN + 1);
		rnd_bytes(in, n);
		check_one(&g, in, n, false);
		check_one(&g, in, n, true);
	}
	ck_assert_int_eq(vpndiag_escape_into(NULL, in, true), 0);
	ck_assert_str_eq(in, "");
	guard_destroy(&g);
}
END_TEST

/**
 * Encode a record as published (escaped) or raw
 */
static uint8_t *encode(vpndiag_record_t *r, bool raw, size_t *len)
{
	vpndiag_vici_builder_t b;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "vpndiag-record");
	if (raw)
	{
		vpndiag_vici_add_record_raw(&b, r);
	}
	else
	{
		vpndiag_vici_add_record(&b, r);
	}
	return vpndiag_vici_finish(&b, len);
}

START_TEST(test_escape_catalogue)
{
	const vpndiag_code_info_t *info;
	vpndiag_record_t *r;
	char *out;
	uint8_t *a, *b;
	size_t len, la, lb;
	int code, n = 0;

	for (code = VPNDIAG_CODE_NONE + 1; code < VPNDIAG_CODE_MAX; code++)
	{
		info = vpndiag_code_info(code);
		if (!info)
		{
			continue;
		}
		n++;
		ck_assert_msg(info->remedy && *info->remedy, "%s has no remedy",
					  info->id);
		/* the remedy escapes to itself, by the reference and the new one */
		len = strlen(info->remedy);
		out = malloc(4 * len + 1);
		ck_assert_int_eq(ref_escape_into(info->remedy, out, false), len);
		ck_assert_str_eq(out, info->remedy);
		ck_assert_int_eq(vpndiag_escape_plain(info->remedy, len, false), len);
		free(out);

		/* published without escaping: the same bytes as the record whose
		 * own remedy (escaped) is the catalogue's text */
		r = vpndiag_record_create(code);
		a = encode(r, false, &la);
		r->remedy = strdup(info->remedy);
		b = encode(r, false, &lb);
		ck_assert(a && b);
		ck_assert_int_eq(la, lb);
		ck_assert_msg(memcmp(a, b, la) == 0, "%s: remedy differs", info->id);
		free(a);
		free(b);
		vpndiag_record_destroy(r);
	}
	ck_assert_int_gt(n, 40);
}
END_TEST

START_TEST(test_escape_record_fields)
{
	static const char *plain = "10.1.0.0/16 10.2.0.0/16,10.3.0.0/24";
	static const char *bytes[] = { "\\", "\n", "\x7f", "\"" };
	char in[MAX_IN + 1], ref[4 * MAX_IN + 1];
	const char *piece;
	vpndiag_record_t *r, *e;
	uint8_t *a, *b;
	size_t la, lb, n, p;
	int i;

	for (n = 1; n <= 40; n++)
	{
		for (p = 0; p < n; p++)
		{
			for (i = 0; i < countof(pieces) + 4; i++)
			{
				piece = i < 4 ? bytes[i] : pieces[i - 4];
				memset(in, 'a' + p % 26, n);
				memcpy(in + p, piece, min(strlen(piece), n - p));
				in[n] = '\0';
				ref_escape_into(in, ref, false);

				/* the value through add_str(), add_list() both ways and
				 * add_item(), against its reference escape unescaped */
				r = vpndiag_record_create(VPNDIAG_P1_PROPOSAL_MISMATCH);
				e = vpndiag_record_create(VPNDIAG_P1_PROPOSAL_MISMATCH);
				r->sources = e->sources = 2;
				vpndiag_record_set(&r->detail, in);
				vpndiag_record_set(&e->detail, ref);
				vpndiag_record_set(&r->ts_received, in);
				vpndiag_record_set(&e->ts_received, ref);
				snprintf(ref + strlen(ref), 64, " %s", plain);
				snprintf(in + n, MAX_IN + 1 - n, " %s", plain);
				vpndiag_record_set(&r->ts_local, in);
				vpndiag_record_set(&e->ts_local, ref);
				vpndiag_record_add_source(r, plain);
				vpndiag_record_add_source(e, plain);
				vpndiag_record_add_source(r, in);
				vpndiag_record_add_source(e, ref);
				a = encode(r, false, &la);
				b = encode(e, true, &lb);
				ck_assert(a && b);
				ck_assert_int_eq(la, lb);
				ck_assert(memcmp(a, b, la) == 0);
				free(a);
				free(b);
				vpndiag_record_destroy(r);
				vpndiag_record_destroy(e);
			}
		}
	}
}
END_TEST

Suite *escape_suite_create(void)
{
	Suite *s = suite_create("escape");
	TCase *tc;

	tc = tcase_create("escape");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_escape_positions);
	tcase_add_test(tc, test_escape_random);
	tcase_add_test(tc, test_escape_catalogue);
	tcase_add_test(tc, test_escape_record_fields);
	suite_add_tcase(s, tc);
	return s;
}
