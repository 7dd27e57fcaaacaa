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
 * @defgroup vpndiag_record vpndiag_record
 * @{ @ingroup vpndiag
 *
 * A diagnosis: one failure condition, its code and everything known about
 * it (the record of the contract, section 2). Tier: core.
 */

#ifndef VPNDIAG_RECORD_H_
#define VPNDIAG_RECORD_H_

#include "vpndiag_catalogue.h"

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>

typedef struct vpndiag_record_t vpndiag_record_t;
typedef enum vpndiag_conn_match_t vpndiag_conn_match_t;

/**
 * How a record's connection was found (key conn_match).
 */
enum vpndiag_conn_match_t {
	/** no connection, or not recorded (records of earlier versions) */
	VPNDIAG_CONN_MATCH_NONE = 0,
	/** charon selected the peer config */
	VPNDIAG_CONN_MATCH_CONFIG,
	/** vpndiag inferred it from the addresses before charon selected one */
	VPNDIAG_CONN_MATCH_ADDRESS,
};

/** schema version of the record as published */
#define VPNDIAG_SCHEMA 1

/** typical bound of one escaped field in bytes (buffers are multiples) */
#define VPNDIAG_MAX_ESCAPE 512

/** maximum number of entries in a structured list field */
#define VPNDIAG_MAX_LIST 8

/** sources an aggregated record names in sources_last (the newest) */
#define VPNDIAG_SOURCES_LAST 5

/** distinct sources an aggregated record counts exactly; beyond, sources
 *  stays at this bound and sources_capped is set ("at least") */
#define VPNDIAG_SOURCES_MAX 1000

/**
 * A diagnosis record. All strings are owned (NULL = unknown / null).
 */
struct vpndiag_record_t {
	/** record id, unique per daemon run (assigned by the store) */
	uint64_t id;
	/** the code and its catalogue row */
	vpndiag_code_t code;
	/** category of this record (for codes listed in both categories) */
	vpndiag_category_t category;
	/** severity of this record */
	vpndiag_severity_t severity;
	/** first and last occurrence, ms since the epoch */
	uint64_t first;
	uint64_t last;
	/** occurrences folded into this record */
	uint32_t count;
	/** peer config / child config name */
	char *conn;
	char *child;
	/** how conn was found, NONE if conn is NULL */
	vpndiag_conn_match_t conn_match;
	/** IKE_SA unique id, 0 = null */
	uint32_t ike_sa;
	/** TRUE if we were the initiator of the failed exchange */
	bool initiator;
	/** IKE version, 0 unknown */
	int version;
	/** addresses in addr[port] form */
	char *local;
	char *remote;
	/** identities */
	char *local_id;
	char *remote_id;
	/** finer reason, [a-z0-9-] */
	char *cause;
	/** who fixes it, and how sure we are */
	vpndiag_fix_t fix;
	/** "high", "medium", "low" */
	const char *confidence;
	/** the peer profile the diagnosis compared with, NULL if none */
	char *profile;
	/** one human sentence */
	char *detail;
	/** remediation; NULL = the catalogue's */
	char *remedy;
	/** structured detail, NULL-terminated lists or NULL */
	char *mismatch[VPNDIAG_MAX_LIST + 1];
	char *offered;
	char *accepted;
	/** traffic selectors: ours and the received ones, and how they relate */
	char *ts_local;
	char *ts_remote;
	char *ts_received;
	char *ts_relation;
	/** evidence: exchange name, UDP port, retransmits */
	char *exchange;
	int port;
	int retransmits;
	/** evidence, static strings, NULL = unknown: NAT detected "yes"/"no";
	 *  the lost request went as IP fragments "yes" (over the local link's
	 *  MTU), "possible" (over 1280 bytes), "no" */
	const char *nat;
	const char *fragmented;
	/** an aggregated record (unattributed failures folded by code and
	 *  cause under a flood, vpndiag_flood.h): the distinct source
	 *  addresses it covers, 0 for every other record */
	uint32_t sources;
	/** more than VPNDIAG_SOURCES_MAX distinct sources: sources is a lower
	 *  bound */
	bool sources_capped;
	/** the newest source addresses (without port), oldest first,
	 *  NULL-terminated; only in aggregated records */
	char *sources_last[VPNDIAG_SOURCES_LAST + 1];
	/** owners besides the first (vpndiag_record_get()); a shared record is
	 *  not modified any more */
	uint32_t refs;
};

/**
 * Create an empty record for a code (category, severity and fix from the
 * catalogue, count 1).
 */
vpndiag_record_t *vpndiag_record_create(vpndiag_code_t code);

/**
 * Ask the CPU to load a record's strings into its cache: a listing encodes
 * records one after the other, and their strings lie all over the heap, so
 * their first reads stall (vpndiag_store.c: read_cursor() asks for the next
 * record's while encoding one). A hint, no effect on the record.
 */
void vpndiag_record_prefetch(vpndiag_record_t *record);

/**
 * Deep copy of a record.
 */
vpndiag_record_t *vpndiag_record_clone(vpndiag_record_t *record);

/**
 * Take another reference on a record that is no longer modified (the
 * store's, handed to the publishers instead of a deep copy); thread-safe.
 *
 * @return			record
 */
vpndiag_record_t *vpndiag_record_get(vpndiag_record_t *record);

/**
 * A record the caller may modify: the record itself if the caller holds the
 * only reference, else a deep copy (the caller's reference on the shared
 * one is released). Whoever modifies a record it got from the store, or a
 * stored record others may hold (vpndiag_record_get()), goes through this.
 *
 * @return			record, or a copy of it
 */
vpndiag_record_t *vpndiag_record_unshare(vpndiag_record_t *record);

/**
 * Drop a reference on a record, free it with the last one.
 */
void vpndiag_record_destroy(vpndiag_record_t *record);

/**
 * Replace a string field with a copy of value (NULL or "" = null).
 */
void vpndiag_record_set(char **field, const char *value);

/**
 * Replace a string field with a formatted string.
 */
void vpndiag_record_setf(char **field, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * vpndiag_record_setf() with a va_list.
 */
void vpndiag_record_vsetf(char **field, const char *fmt, va_list args)
	__attribute__((format(printf, 2, 0)));

/**
 * Add an entry to the mismatch list (ignored when full or present).
 */
void vpndiag_record_add_mismatch(vpndiag_record_t *record, const char *type);

/**
 * Name a source in an aggregated record's sources_last: appended as the
 * newest, the oldest dropped when VPNDIAG_SOURCES_LAST are named; an
 * address already named moves to the end.
 *
 * @param addr		address without port
 */
void vpndiag_record_add_source(vpndiag_record_t *record, const char *addr);

/**
 * Name of a vpndiag_conn_match_t ("config", "address"), NULL for NONE.
 */
const char *vpndiag_conn_match_name(vpndiag_conn_match_t match);

/**
 * Parse a conn_match name, NONE if it is none of them (or NULL).
 */
vpndiag_conn_match_t vpndiag_conn_match_parse(const char *name);

/**
 * The remedy to publish: the record's own or the catalogue's.
 */
const char *vpndiag_record_remedy(vpndiag_record_t *record);

/**
 * Format a time in ms since the epoch as RFC 3339 UTC with milliseconds.
 *
 * @param buf		buffer, at least 25 bytes
 */
char *vpndiag_time_format(uint64_t ms, char *buf, size_t len);

/** length of a formatted time, NUL included */
#define VPNDIAG_TIME_LEN 25
/** times at or after this (10000-01-01, ms) are not formatted by hand */
#define VPNDIAG_TIME_FAST_MAX 253402300800000ULL

/**
 * vpndiag_time_format() without stdio, for times before
 * VPNDIAG_TIME_FAST_MAX (same output).
 *
 * @param buf		buffer of at least VPNDIAG_TIME_LEN bytes
 * @return			length written (24), without the NUL
 */
size_t vpndiag_time_format_fast(uint64_t ms, char *buf);

/**
 * Escape a (possibly peer-controlled) string for a one-line log: control
 * bytes, backslash, quotes and invalid UTF-8 become \xHH, \\, \".
 *
 * @return			buf, always terminated
 */
char *vpndiag_escape(const char *in, char *buf, size_t len);

/**
 * Escape like vpndiag_escape(), quotes optionally left alone (VICI values,
 * whose framing needs no quoting).
 */
char *vpndiag_escape_mode(const char *in, char *buf, size_t len, bool quotes);

/**
 * vpndiag_escape_mode() without a length bound and without stdio: out must
 * hold 4 * strlen(in) + 1 bytes.
 *
 * @return			length written, without the NUL
 */
size_t vpndiag_escape_into(const char *in, char *out, bool quotes);

/**
 * vpndiag_escape_into() of the len bytes at in (no NUL among them), which
 * need not be NUL terminated: no byte at or beyond in + len is read. out
 * must hold 4 * len + 1 bytes and is NUL terminated.
 *
 * @return			length written, without the NUL
 */
size_t vpndiag_escape_len(const char *in, size_t len, char *out, bool quotes);

/**
 * Length of the leading run of the len bytes at in that escapes to itself
 * (printable ASCII but '\\' and, if quotes, '"'), eight bytes at a time;
 * no byte at or beyond in + len is read. len if in escapes to itself.
 */
size_t vpndiag_escape_plain(const char *in, size_t len, bool quotes);

#endif /** VPNDIAG_RECORD_H_ @}*/
