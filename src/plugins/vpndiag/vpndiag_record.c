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

#include "vpndiag_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <time.h>

/*
 * Described in header
 */
vpndiag_record_t *vpndiag_record_create(vpndiag_code_t code)
{
	const vpndiag_code_info_t *info = vpndiag_code_info(code);
	vpndiag_record_t *this;

	this = calloc(1, sizeof(*this));
	this->code = code;
	this->count = 1;
	this->confidence = "high";
	if (info)
	{
		this->category = info->category;
		this->severity = info->severity;
		this->fix = info->fix;
	}
	else
	{
		this->severity = VPNDIAG_SEV_ERR;
		this->fix = VPNDIAG_FIX_EITHER;
	}
	return this;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/*
 * Described in header
 */
vpndiag_record_t *vpndiag_record_clone(vpndiag_record_t *this)
{
	vpndiag_record_t *clone;
	int i;

	clone = malloc(sizeof(*clone));
	*clone = *this;
	clone->refs = 0;
	clone->conn = dup_or_null(this->conn);
	clone->child = dup_or_null(this->child);
	clone->local = dup_or_null(this->local);
	clone->remote = dup_or_null(this->remote);
	clone->local_id = dup_or_null(this->local_id);
	clone->remote_id = dup_or_null(this->remote_id);
	clone->cause = dup_or_null(this->cause);
	clone->detail = dup_or_null(this->detail);
	clone->remedy = dup_or_null(this->remedy);
	clone->offered = dup_or_null(this->offered);
	clone->accepted = dup_or_null(this->accepted);
	clone->ts_local = dup_or_null(this->ts_local);
	clone->ts_remote = dup_or_null(this->ts_remote);
	clone->ts_received = dup_or_null(this->ts_received);
	clone->ts_relation = dup_or_null(this->ts_relation);
	clone->profile = dup_or_null(this->profile);
	clone->exchange = dup_or_null(this->exchange);
	for (i = 0; i <= VPNDIAG_MAX_LIST; i++)
	{
		clone->mismatch[i] = dup_or_null(this->mismatch[i]);
	}
	for (i = 0; i <= VPNDIAG_SOURCES_LAST; i++)
	{
		clone->sources_last[i] = dup_or_null(this->sources_last[i]);
	}
	return clone;
}

/*
 * Described in header
 */
vpndiag_record_t *vpndiag_record_get(vpndiag_record_t *this)
{
	__atomic_add_fetch(&this->refs, 1, __ATOMIC_RELAXED);
	return this;
}

/*
 * Described in header
 */
vpndiag_record_t *vpndiag_record_unshare(vpndiag_record_t *this)
{
	vpndiag_record_t *copy;

	if (!__atomic_load_n(&this->refs, __ATOMIC_ACQUIRE))
	{
		return this;
	}
	copy = vpndiag_record_clone(this);
	vpndiag_record_destroy(this);
	return copy;
}

/*
 * Described in header
 */
void vpndiag_record_destroy(vpndiag_record_t *this)
{
	int i;

	if (!this ||
		(__atomic_load_n(&this->refs, __ATOMIC_ACQUIRE) &&
		 __atomic_fetch_sub(&this->refs, 1, __ATOMIC_ACQ_REL)))
	{
		return;
	}
	free(this->conn);
	free(this->child);
	free(this->local);
	free(this->remote);
	free(this->local_id);
	free(this->remote_id);
	free(this->cause);
	free(this->detail);
	free(this->remedy);
	free(this->offered);
	free(this->accepted);
	free(this->ts_local);
	free(this->ts_remote);
	free(this->ts_received);
	free(this->ts_relation);
	free(this->profile);
	free(this->exchange);
	for (i = 0; i <= VPNDIAG_MAX_LIST; i++)
	{
		free(this->mismatch[i]);
	}
	for (i = 0; i <= VPNDIAG_SOURCES_LAST; i++)
	{
		free(this->sources_last[i]);
	}
	free(this);
}

/*
 * Described in header
 */
void vpndiag_record_set(char **field, const char *value)
{
	free(*field);
	*field = (value && *value) ? strdup(value) : NULL;
}

/*
 * Described in header
 */
void vpndiag_record_setf(char **field, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vpndiag_record_vsetf(field, fmt, args);
	va_end(args);
}

/*
 * Described in header
 */
/** size of the buffer vpndiag_record_vsetf() formats into without stdio */
#define FAST_FORMAT_LEN 2048

/**
 * Format the conversions %s, %d, %i, %u and %% (no flags, width, precision
 * or length modifier) into buf as vasprintf() would; anything else, or
 * output that does not fit, returns -1 (and leaves args undefined)
 */
static int fast_format(char *buf, size_t len, const char *fmt, va_list args)
{
	char digits[16], *d;
	const char *str, *pct;
	size_t pos = 0, n;
	unsigned int u;
	int i = 0;

	while (*fmt)
	{
		pct = strchr(fmt, '%');
		n = pct ? (size_t)(pct - fmt) : strlen(fmt);
		if (n >= len - pos)
		{
			return -1;
		}
		memcpy(buf + pos, fmt, n);
		pos += n;
		if (!pct)
		{
			break;
		}
		fmt = pct + 2;
		switch (pct[1])
		{
			case 's':
				str = va_arg(args, const char*);
				/* glibc prints a NULL string as "(null)" */
				str = str ?: "(null)";
				n = strlen(str);
				break;
			case 'd':
			case 'i':
			case 'u':
				if (pct[1] == 'u')
				{
					u = va_arg(args, unsigned int);
				}
				else
				{
					i = va_arg(args, int);
					u = i < 0 ? 0u - (unsigned int)i : (unsigned int)i;
				}
				d = digits + sizeof(digits);
				do
				{
					*--d = '0' + u % 10;
					u /= 10;
				}
				while (u);
				if (pct[1] != 'u' && i < 0)
				{
					*--d = '-';
				}
				str = d;
				n = digits + sizeof(digits) - d;
				break;
			case '%':
				str = "%";
				n = 1;
				break;
			default:
				return -1;
		}
		if (n >= len - pos)
		{
			return -1;
		}
		memcpy(buf + pos, str, n);
		pos += n;
	}
	buf[pos] = '\0';
	return pos;
}

/*
 * Described in header. The common conversions are formatted by hand:
 * glibc's vasprintf() costs ~3 300 instructions per record in charon, whose
 * registered printf hooks (%H, %Y, ...) send every format through
 * printf_positional() (issue 22).
 */
void vpndiag_record_vsetf(char **field, const char *fmt, va_list args)
{
	char buf[FAST_FORMAT_LEN], *value;
	va_list copy;
	int len;

	va_copy(copy, args);
	len = fast_format(buf, sizeof(buf), fmt, copy);
	va_end(copy);
	if (len >= 0)
	{
		value = malloc(len + 1);
		if (value)
		{
			memcpy(value, buf, len + 1);
		}
	}
	else if (vasprintf(&value, fmt, args) < 0)
	{
		value = NULL;
	}
	free(*field);
	*field = value;
}

/*
 * Described in header
 */
void vpndiag_record_add_mismatch(vpndiag_record_t *this, const char *type)
{
	int i;

	for (i = 0; i < VPNDIAG_MAX_LIST; i++)
	{
		if (!this->mismatch[i])
		{
			this->mismatch[i] = strdup(type);
			return;
		}
		if (strcmp(this->mismatch[i], type) == 0)
		{
			return;
		}
	}
}

/*
 * Described in header
 */
void vpndiag_record_add_source(vpndiag_record_t *this, const char *addr)
{
	char *moved = NULL;
	int i, n;

	if (!addr || !*addr)
	{
		return;
	}
	for (n = 0; this->sources_last[n]; n++)
	{
		if (!moved && strcmp(this->sources_last[n], addr) == 0)
		{
			moved = this->sources_last[n];
		}
	}
	if (moved)
	{	/* already named: move it to the end */
		for (i = 0; this->sources_last[i] != moved; i++)
		{
		}
		memmove(&this->sources_last[i], &this->sources_last[i + 1],
				(n - i - 1) * sizeof(char*));
		this->sources_last[n - 1] = moved;
		return;
	}
	if (n == VPNDIAG_SOURCES_LAST)
	{
		free(this->sources_last[0]);
		memmove(&this->sources_last[0], &this->sources_last[1],
				(n - 1) * sizeof(char*));
		n--;
	}
	this->sources_last[n] = strdup(addr);
	this->sources_last[n + 1] = NULL;
}

/*
 * Described in header
 */
const char *vpndiag_conn_match_name(vpndiag_conn_match_t match)
{
	switch (match)
	{
		case VPNDIAG_CONN_MATCH_CONFIG:
			return "config";
		case VPNDIAG_CONN_MATCH_ADDRESS:
			return "address";
		case VPNDIAG_CONN_MATCH_NONE:
			break;
	}
	return NULL;
}

/*
 * Described in header
 */
vpndiag_conn_match_t vpndiag_conn_match_parse(const char *name)
{
	if (name && strcmp(name, "config") == 0)
	{
		return VPNDIAG_CONN_MATCH_CONFIG;
	}
	if (name && strcmp(name, "address") == 0)
	{
		return VPNDIAG_CONN_MATCH_ADDRESS;
	}
	return VPNDIAG_CONN_MATCH_NONE;
}

/*
 * Described in header
 */
void vpndiag_record_prefetch(vpndiag_record_t *this)
{
	char *strings[] = {
		this->conn, this->child, this->local, this->remote, this->local_id,
		this->remote_id, this->cause, this->profile, this->detail,
		this->remedy, this->mismatch[0], this->offered, this->accepted,
		this->ts_local, this->ts_remote, this->ts_received, this->ts_relation,
		this->exchange,
	};
	int i;

	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
	{
		if (strings[i])
		{
			__builtin_prefetch(strings[i]);
		}
	}
}

/*
 * Described in header
 */
const char *vpndiag_record_remedy(vpndiag_record_t *this)
{
	const vpndiag_code_info_t *info;

	if (this->remedy)
	{
		return this->remedy;
	}
	info = vpndiag_code_info(this->code);
	return info ? info->remedy : "";
}

/*
 * Described in header
 */
char *vpndiag_time_format(uint64_t ms, char *buf, size_t len)
{
	time_t secs = ms / 1000;
	struct tm tm;

	if (len >= VPNDIAG_TIME_LEN && ms < VPNDIAG_TIME_FAST_MAX)
	{
		vpndiag_time_format_fast(ms, buf);
		return buf;
	}
	gmtime_r(&secs, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
			 tm.tm_min, tm.tm_sec, (unsigned)(ms % 1000));
	return buf;
}

/**
 * Write n as exactly digits decimal digits
 */
static inline char *put_digits(char *pos, unsigned n, int digits)
{
	int i;

	for (i = digits - 1; i >= 0; i--)
	{
		pos[i] = '0' + n % 10;
		n /= 10;
	}
	return pos + digits;
}

/*
 * Described in header
 */
size_t vpndiag_time_format_fast(uint64_t ms, char *buf)
{
	uint64_t secs = ms / 1000;
	unsigned days = secs / 86400, sod = secs % 86400;
	unsigned era, doe, yoe, doy, mp, d, m, y;
	char *pos = buf;

	/* civil date from days since 1970-01-01 (H. Hinnant's algorithm,
	 * proleptic Gregorian, as gmtime_r) for years 1970..9999 */
	days += 719468;
	era = days / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);

	pos = put_digits(pos, y, 4);
	*pos++ = '-';
	pos = put_digits(pos, m, 2);
	*pos++ = '-';
	pos = put_digits(pos, d, 2);
	*pos++ = 'T';
	pos = put_digits(pos, sod / 3600, 2);
	*pos++ = ':';
	pos = put_digits(pos, sod / 60 % 60, 2);
	*pos++ = ':';
	pos = put_digits(pos, sod % 60, 2);
	*pos++ = '.';
	pos = put_digits(pos, ms % 1000, 3);
	*pos++ = 'Z';
	*pos = '\0';
	return pos - buf;
}

/**
 * Length of a valid UTF-8 sequence starting at s, 0 if invalid or longer
 * than the rest bytes available (a NUL ends it too: it is no continuation
 * byte, so nothing after it is read)
 */
static int utf8_len(const unsigned char *s, size_t rest)
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
	if ((size_t)len > rest)
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
	/* overlong 3/4-byte forms, surrogates and > U+10FFFF */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
		(s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
	{
		return 0;
	}
	return len;
}

/**
 * Printable ASCII copied as it is: bit 0 without, bit 1 with quotes escaped
 */
static const unsigned char plain[256] = {
	[0x20 ... 0x21] = 3,
	['"'] = 1,
	[0x23 ... 0x5b] = 3,
	/* '\\' (0x5c) always escaped */
	[0x5d ... 0x7e] = 3,
};

/*
 * Described in header
 */
char *vpndiag_escape_mode(const char *in, char *buf, size_t len, bool quotes)
{
	const unsigned char *s = (const unsigned char*)(in ?: ""), *run;
	unsigned char mask = quotes ? 2 : 1;
	size_t pos = 0, room;
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

		/* runs of printable ASCII are copied as they are, as far as they
		 * fit (one byte per character: the loop below would stop at the
		 * first that does not) */
		run = s;
		while (plain[*s] & mask)
		{
			s++;
		}
		if (s > run)
		{
			room = len - 1 - pos;
			if ((size_t)(s - run) > room)
			{
				memcpy(buf + pos, run, room);
				pos += room;
				break;
			}
			memcpy(buf + pos, run, s - run);
			pos += s - run;
			if (!*s)
			{
				break;
			}
		}
		/* NUL terminated: the NUL ends a truncated sequence */
		n = utf8_len(s, SIZE_MAX);
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

/** a word of eight bytes of value b */
#define BYTES(b) ((uint64_t)(b) * 0x0101010101010101ULL)

/**
 * Whether one of the eight bytes of w needs escaping (< 0x20, >= 0x7f,
 * '\\', '"' if quotes), exactly, whatever the byte order. Each term sets
 * the high bit of a byte that is special in its way, and is exact at least
 * while no byte >= 0x80 exists (then the first term flags the word anyway):
 * without such bytes no carry or borrow crosses a byte but one started by
 * a special byte, so the lowest special byte always gets its high bit.
 *   w                        >= 0x80
 *   w + 0x01                 0x7f (-> 0x80)
 *   w - 0x20                 < 0x20 (borrow)
 *   (w ^ '\\') - 0x01        '\\' (0 - 1 borrows)
 *   (w ^ '"') - 0x01         '"' (only if quotes)
 */
static inline bool word_special(uint64_t w, bool quotes)
{
	uint64_t any;

	any = w | (w + BYTES(0x01)) | (w - BYTES(0x20)) |
		  ((w ^ BYTES('\\')) - BYTES(0x01));
	if (quotes)
	{
		any |= (w ^ BYTES('"')) - BYTES(0x01);
	}
	return (any & BYTES(0x80)) != 0;
}

/**
 * vpndiag_escape_plain() for a constant quotes (inlined twice)
 */
static inline size_t plain_prefix(const unsigned char *s, size_t len,
								  bool quotes)
{
	unsigned char mask = quotes ? 2 : 1;
	uint64_t w1, w2;
	size_t i = 0;

	/* two words a round, then one: never a byte at or beyond len */
	while (len - i >= 16)
	{
		memcpy(&w1, s + i, sizeof(w1));
		memcpy(&w2, s + i + 8, sizeof(w2));
		if (word_special(w1, quotes) || word_special(w2, quotes))
		{
			break;
		}
		i += 16;
	}
	while (len - i >= 8)
	{
		memcpy(&w1, s + i, sizeof(w1));
		if (word_special(w1, quotes))
		{
			break;
		}
		i += 8;
	}
	/* the special byte in the word(s) found, or the tail */
	while (i < len && (plain[s[i]] & mask))
	{
		i++;
	}
	return i;
}

/*
 * Described in header
 */
size_t vpndiag_escape_plain(const char *in, size_t len, bool quotes)
{
	if (quotes)
	{
		return plain_prefix((const unsigned char*)in, len, true);
	}
	return plain_prefix((const unsigned char*)in, len, false);
}

/*
 * Described in header
 */
size_t vpndiag_escape_len(const char *in, size_t len, char *out, bool quotes)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char*)in, *end = s + len;
	char *pos = out;
	size_t run;
	int n;

	while (s < end)
	{
		/* runs of printable ASCII are copied as they are */
		run = vpndiag_escape_plain((const char*)s, end - s, quotes);
		if (run)
		{
			memcpy(pos, s, run);
			pos += run;
			s += run;
			if (s == end)
			{
				break;
			}
		}
		n = utf8_len(s, end - s);
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

/*
 * Described in header
 */
size_t vpndiag_escape_into(const char *in, char *out, bool quotes)
{
	in = in ?: "";
	return vpndiag_escape_len(in, strlen(in), out, quotes);
}

/*
 * Described in header
 */
char *vpndiag_escape(const char *in, char *buf, size_t len)
{
	return vpndiag_escape_mode(in, buf, len, true);
}
