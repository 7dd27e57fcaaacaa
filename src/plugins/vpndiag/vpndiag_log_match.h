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

/**
 * @defgroup vpndiag_log_match vpndiag_log_match
 * @{ @ingroup vpndiag_listener
 *
 * The log lines that reveal facts no bus hook carries, and a one-pass
 * multi-pattern matcher over them.
 *
 * The listener's logger (vpndiag_listener.c: log_()) runs for every log
 * line at level <= 1 of six debug groups under the bus's logger lock
 * (bus.c: vlog() holds log_lock, read-locked, while it calls each logger
 * whose level admits the line), so its cost is paid by every tunnel
 * (issue 22). One strstr() per needle of the line's group cost ~840
 * instructions per line; the matcher built here per debug group finds the
 * same entry in one pass over the line: Wu-Manber with blocks of two bytes,
 * i.e. a shift table over a window of m bytes of each needle (m the length
 * of the group's shortest needle; the window that ends with its least
 * common pair of bytes), and where the shift is 0 a bucket of candidate
 * needles verified with memcmp().
 *
 * The result is defined as that of the naive loop: the first entry in
 * table order of the group whose needle occurs in the line and whose
 * needle2, if any, occurs too (anywhere; it is searched with strstr() only
 * for a candidate whose needle occurs). Lines may hold any bytes but NUL:
 * nothing past the terminating NUL is read.
 *
 * Tier: core (libstrongswan's debug groups).
 */

#ifndef VPNDIAG_LOG_MATCH_H_
#define VPNDIAG_LOG_MATCH_H_

#include "vpndiag_event.h"

#include <library.h>

typedef struct vpndiag_log_needle_t vpndiag_log_needle_t;
typedef struct vpndiag_log_match_t vpndiag_log_match_t;

/**
 * A log line that reveals a fact: every needle must occur.
 */
struct vpndiag_log_needle_t {
	/** debug group the line is logged in */
	debug_t group;
	/** text that must occur in the line */
	const char *needle;
	/** text that must occur too, NULL if none */
	const char *needle2;
	/** fact the line reveals */
	vpndiag_logfact_t fact;
};

/**
 * The log facts, in the order they are tried (vpndiag_log_facts.c).
 */
extern const vpndiag_log_needle_t vpndiag_log_facts[];

/**
 * Number of entries of vpndiag_log_facts.
 */
extern const int vpndiag_log_facts_count;

/**
 * Matcher of the needles of one debug group.
 */
struct vpndiag_log_match_t {

	/**
	 * The first entry, in table order, whose needle occurs in a line and
	 * whose needle2 (if any) occurs too.
	 *
	 * @param line		NUL-terminated log line, any other bytes
	 * @return			entry of the table, NULL if none matches
	 */
	const vpndiag_log_needle_t *(*match)(vpndiag_log_match_t *this,
										 const char *line);

	/**
	 * Destroy the matcher.
	 */
	void (*destroy)(vpndiag_log_match_t *this);
};

/**
 * Build the matcher of the entries of one debug group.
 *
 * A group with a needle shorter than two bytes is matched by the naive
 * loop (same result).
 *
 * @param table		entries (e.g. vpndiag_log_facts), kept by reference:
 *					must outlive the matcher
 * @param count		number of entries
 * @param group		debug group whose entries are matched
 * @return			matcher, NULL if the group has no entry
 */
vpndiag_log_match_t *vpndiag_log_match_create(const vpndiag_log_needle_t *table,
											  int count, debug_t group);

#endif /** VPNDIAG_LOG_MATCH_H_ @}*/
