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

#include "vpndiag_log_match.h"

#include <string.h>

/** bytes per block of the shift table */
#define BLOCK 2

/** entries of the shift table, a power of two (with 1024, collisions of
 *  common pairs of letters made ~15 % more instructions per line) */
#define HASH_SIZE 4096

/** longest window of a needle the shift table covers, so that a shift fits
 *  a byte */
#define MAX_WINDOW 256

/** most entries per group the shift table is built for (offsets of the
 *  candidate lists fit a byte); more take the naive loop */
#define MAX_PATTERNS 127

/**
 * Hash of the block of two bytes that ends at p (p[-1] must be readable)
 */
#define HASH(p) ((((u_int)(p)[-1] << 4) ^ (u_int)(p)[0]) & (HASH_SIZE - 1))

typedef struct private_vpndiag_log_match_t private_vpndiag_log_match_t;

/**
 * An entry of the group
 */
typedef struct {
	/** its needle */
	const u_char *needle;
	/** length of the needle */
	size_t len;
	/** where its window (the m bytes the shift table covers) starts */
	size_t offset;
	/** the entry */
	const vpndiag_log_needle_t *entry;
} pattern_t;

/**
 * Private data.
 */
struct private_vpndiag_log_match_t {

	/**
	 * Public interface.
	 */
	vpndiag_log_match_t public;

	/**
	 * The group's entries in table order.
	 */
	pattern_t *patterns;

	/**
	 * Number of patterns.
	 */
	int count;

	/**
	 * Window length: the length of the shortest needle (at most
	 * MAX_WINDOW); 0 for the naive loop (a needle shorter than a block,
	 * more than MAX_PATTERNS needles).
	 */
	size_t m;

	/**
	 * Per hash of a block: how far a window of the line that ends with
	 * such a block may move on without skipping an occurrence of a
	 * needle's window; 0 if one may end there.
	 */
	uint8_t shift[HASH_SIZE];

	/**
	 * Per hash of a block of shift 0: offset in cands of the patterns whose
	 * window of m bytes ends with a block of that hash (0: the empty list).
	 */
	uint8_t bucket[HASH_SIZE];

	/**
	 * Candidate lists: indices of patterns, ascending, each terminated
	 * by -1; the first list is empty.
	 */
	int16_t *cands;
};

/**
 * Whether a pattern's needle2, if any, occurs in the line
 */
static inline bool needle2_found(pattern_t *pat, const char *line)
{
	return !pat->entry->needle2 || strstr(line, pat->entry->needle2);
}

/**
 * The naive loop, for groups with a needle shorter than a block or too
 * many needles
 */
static const vpndiag_log_needle_t *match_naive(
							private_vpndiag_log_match_t *this, const char *line)
{
	int i;

	for (i = 0; i < this->count; i++)
	{
		if (strstr(line, (const char*)this->patterns[i].needle) &&
			needle2_found(&this->patterns[i], line))
		{
			return this->patterns[i].entry;
		}
	}
	return NULL;
}

METHOD(vpndiag_log_match_t, match, const vpndiag_log_needle_t*,
	private_vpndiag_log_match_t *this, const char *line)
{
	const u_char *text = (const u_char*)line;
	const int16_t *cand;
	pattern_t *pat;
	size_t len, m = this->m, i, start;
	u_int h;
	int best = this->count;

	if (!m)
	{
		return match_naive(this, line);
	}
	len = strlen(line);
	/* i is the last byte of a window of m bytes of the line; a needle is
	 * compared only where it ends before the NUL */
	for (i = m - 1; i < len; )
	{
		h = HASH(text + i);
		if (this->shift[h])
		{
			i += this->shift[h];
			continue;
		}
		/* lists are ascending: a later pattern than the best so far cannot
		 * win any more */
		for (cand = this->cands + this->bucket[h]; *cand >= 0 && *cand < best;
			 cand++)
		{
			pat = &this->patterns[*cand];
			/* where the needle starts if its window is this one */
			start = i + 1 - m - pat->offset;
			if (i + 1 - m >= pat->offset && pat->len <= len - start &&
				text[start] == pat->needle[0] &&
				memcmp(text + start, pat->needle, pat->len) == 0 &&
				needle2_found(pat, line))
			{
				best = *cand;
				break;
			}
		}
		if (best == 0)
		{
			break;
		}
		i++;
	}
	return best < this->count ? this->patterns[best].entry : NULL;
}

METHOD(vpndiag_log_match_t, destroy, void,
	private_vpndiag_log_match_t *this)
{
	free(this->patterns);
	free(this->cands);
	free(this);
}

/**
 * How common a byte is in log lines, roughly: English letters by frequency
 * after the space, anything else (capitals, digits, punctuation) rare
 */
static u_int commonness(u_char c)
{
	static const char common[] = " etaoinsrhldcumfpgwybvk";
	const char *pos;

	pos = c ? strchr(common, c) : NULL;
	return pos ? sizeof(common) - (pos - common) : 1;
}

/**
 * The window of m bytes of a needle to look for: the one whose last block is
 * the least common (a window that ends with that block is a candidate to
 * verify), the first of those
 */
static size_t rarest_window(pattern_t *pat, size_t m)
{
	size_t o, best = 0;
	u_int cost, least = UINT_MAX;

	for (o = 0; o + m <= pat->len; o++)
	{
		cost = commonness(pat->needle[o + m - 2]) *
			   commonness(pat->needle[o + m - 1]);
		if (cost < least)
		{
			least = cost;
			best = o;
		}
	}
	return best;
}

/**
 * Build the shift table and the candidate lists
 */
static void build(private_vpndiag_log_match_t *this)
{
	size_t q;
	u_int h, *last;
	int i, j, n = 0;

	if (this->count > MAX_PATTERNS)
	{
		return;
	}
	for (i = 0; i < this->count; i++)
	{
		if (this->patterns[i].len < BLOCK)
		{
			this->m = 0;
			return;
		}
		if (!i || this->patterns[i].len < this->m)
		{
			this->m = this->patterns[i].len;
		}
	}
	this->m = min(this->m, MAX_WINDOW);
	for (i = 0; i < this->count; i++)
	{
		this->patterns[i].offset = rarest_window(&this->patterns[i], this->m);
	}
	memset(this->shift, this->m - BLOCK + 1, sizeof(this->shift));
	for (i = 0; i < this->count; i++)
	{
		for (q = BLOCK - 1; q < this->m; q++)
		{
			h = HASH(this->patterns[i].needle + this->patterns[i].offset + q);
			this->shift[h] = min(this->shift[h], this->m - 1 - q);
		}
	}
	/* the hash of each pattern's last block, grouped into lists in table
	 * order: at most one list and one terminator per pattern, after the
	 * empty list */
	last = malloc(this->count * sizeof(u_int));
	this->cands = malloc((2 * this->count + 1) * sizeof(int16_t));
	this->cands[n++] = -1;
	for (i = 0; i < this->count; i++)
	{
		last[i] = HASH(this->patterns[i].needle + this->patterns[i].offset +
					   this->m - 1);
	}
	for (i = 0; i < this->count; i++)
	{
		if (this->bucket[last[i]])
		{
			continue;
		}
		this->bucket[last[i]] = n;
		for (j = i; j < this->count; j++)
		{
			if (last[j] == last[i])
			{
				this->cands[n++] = j;
			}
		}
		this->cands[n++] = -1;
	}
	free(last);
}

/*
 * Described in header
 */
vpndiag_log_match_t *vpndiag_log_match_create(const vpndiag_log_needle_t *table,
											  int count, debug_t group)
{
	private_vpndiag_log_match_t *this;
	int i, n = 0;

	for (i = 0; i < count; i++)
	{
		n += table[i].group == group;
	}
	if (!n)
	{
		return NULL;
	}
	INIT(this,
		.public = {
			.match = _match,
			.destroy = _destroy,
		},
		.patterns = calloc(n, sizeof(pattern_t)),
	);
	for (i = 0; i < count; i++)
	{
		if (table[i].group == group)
		{
			this->patterns[this->count++] = (pattern_t){
				.needle = (const u_char*)table[i].needle,
				.len = strlen(table[i].needle),
				.entry = &table[i],
			};
		}
	}
	build(this);
	return &this->public;
}
