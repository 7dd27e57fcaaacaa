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

#include "vpndiag_event_format.h"
#include "vpndiag_compat.h"
#include "vpndiag_vici_msg.h"
#include "vpndiag_ts.h"

#include <stdio.h>
#include <arpa/inet.h>
#include <string.h>

#include <library.h>
#include <networking/host.h>
#include <utils/identification.h>
#include <collections/linked_list.h>
#include <crypto/proposal/proposal.h>
#include <selectors/traffic_selector.h>
#include <config/ike_cfg.h>

/* the transform types a proposal can hold: strongSwan 6 adds the
 * additional key exchanges (RFC 9370) after ESN */
#ifdef MAX_ADDITIONAL_KEY_EXCHANGES
#define VPNDIAG_LAST_TRANSFORM_TYPE ADDITIONAL_KEY_EXCHANGE_7
#else
#define VPNDIAG_LAST_TRANSFORM_TYPE EXTENDED_SEQUENCE_NUMBERS
#endif

/*
 * Described in header
 */
void vpndiag_strlcpy(char *dst, const char *src, size_t len)
{
	size_t n;

	if (!len)
	{
		return;
	}
	n = src ? strnlen(src, len - 1) : 0;
	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

/*
 * Described in header
 */
void vpndiag_copy_host(struct sockaddr_storage *ss, host_t *host)
{
	socklen_t len;

	if (host)
	{
		len = *host->get_sockaddr_len(host);
		if (len <= sizeof(*ss))
		{
			memcpy(ss, host->get_sockaddr(host), len);
		}
	}
}

/*
 * Described in header
 */
vpndiag_proposals_t *vpndiag_copy_proposals(linked_list_t *list)
{
	vpndiag_proposals_t *copy;
	enumerator_t *enumerator, *transforms;
	proposal_t *proposal;
	uint16_t alg, keysize;
	int type;

	if (!list)
	{
		return NULL;
	}
	/* not zeroed (1.7 KB, ~450 instructions under the bus lock): every
	 * reader stops at the counts, which are set, as is the empty text */
	copy = malloc(sizeof(*copy));
	copy->count = 0;
	copy->text[0] = '\0';
	enumerator = list->create_enumerator(list);
	while (copy->count < VPNDIAG_MAX_PROPOSALS &&
		   enumerator->enumerate(enumerator, &proposal))
	{
		copy->p[copy->count].count = 0;
		copy->p[copy->count].protocol = proposal->get_protocol(proposal);
		for (type = ENCRYPTION_ALGORITHM; type <= VPNDIAG_LAST_TRANSFORM_TYPE;
			 type++)
		{
			transforms = proposal->create_enumerator(proposal, type);
			while (copy->p[copy->count].count < VPNDIAG_MAX_TRANSFORMS &&
				   transforms->enumerate(transforms, &alg, &keysize))
			{
				copy->p[copy->count].t[copy->p[copy->count].count++] =
					(vpndiag_transform_t){
						.type = type,
						.alg = alg,
						.keysize = keysize,
					};
			}
			transforms->destroy(transforms);
		}
		copy->count++;
	}
	enumerator->destroy(enumerator);
	if (list->get_count(list) > VPNDIAG_MAX_PROPOSALS)
	{	/* the copy is incomplete, print the whole list here (rare) */
		snprintf(copy->text, sizeof(copy->text), "%#P", list);
	}
	return copy;
}

/**
 * Copy one traffic_selector_t raw into the vpndiag_ts_list_t given as
 * argument (a linked_list_t.invoke_function() callback)
 */
static void copy_ts(void *item, va_list args)
{
	traffic_selector_t *ts = item;
	vpndiag_ts_list_t *copy;
	vpndiag_ts_t *raw;
	chunk_t from, to;

	VA_ARGS_VGET(args, copy);
	if (copy->count < VPNDIAG_MAX_TS)
	{
		raw = &copy->ts[copy->count];
		from = ts->get_from_address(ts);
		to = ts->get_to_address(ts);
		raw->type = ts->get_type(ts);
		raw->protocol = ts->get_protocol(ts);
		raw->dynamic = ts->is_dynamic(ts);
		raw->from_port = ts->get_from_port(ts);
		raw->to_port = ts->get_to_port(ts);
		memcpy(raw->from, from.ptr, min(from.len, sizeof(raw->from)));
		memcpy(raw->to, to.ptr, min(to.len, sizeof(raw->to)));
	}
	copy->count++;
}

/*
 * Described in header
 */
void vpndiag_copy_ts(vpndiag_ts_list_t *copy, linked_list_t *list)
{
	if (!list)
	{
		copy->count = -1;
		return;
	}
	copy->count = 0;
	/* an enumerator would be allocated, invoke_function() walks in place */
	list->invoke_function(list, copy_ts, copy);
}

/**
 * Print an identity as "%Y" (id NULL: keep buf); the peer's identity that
 * prints as nothing becomes "(unprintable)"
 */
static void print_id(char *buf, identification_t *id, bool remote)
{
	if (id)
	{
		snprintf(buf, VPNDIAG_ID_LEN, "%Y", id);
	}
	if (remote && !buf[0])
	{	/* charon prints nothing for identities it cannot print */
		vpndiag_strlcpy(buf, "(unprintable)", VPNDIAG_ID_LEN);
	}
}

/*
 * Described in header
 */
void vpndiag_copy_id(vpndiag_sa_t *sa, bool remote, identification_t *id)
{
	chunk_t encoding;

	if (!id || id->get_type(id) == ID_ANY)
	{
		return;
	}
	encoding = id->get_encoding(id);
	if (encoding.len <= VPNDIAG_ID_LEN)
	{
		memcpy(remote ? sa->remote_id_enc : sa->local_id_enc, encoding.ptr,
			   encoding.len);
		*(remote ? &sa->remote_id_len : &sa->local_id_len) = encoding.len;
		*(remote ? &sa->remote_id_type : &sa->local_id_type) = id->get_type(id);
		return;
	}
	print_id(remote ? sa->remote_id : sa->local_id, id, remote);
}

/** addresses formatted lately (the worker's thread only) */
#define ADDR_CACHE 4
typedef struct {
	/** address family (0: unused), port (network order) and address */
	sa_family_t family;
	in_port_t port;
	uint8_t addr[16];
	/** as printed, and its length */
	char str[VPNDIAG_HOST_LEN];
	size_t len;
} addr_cache_t;
static __thread addr_cache_t addr_cache[ADDR_CACHE];
static __thread u_int addr_cache_next;

static void format_addr_uncached(struct sockaddr_storage *ss, char *buf,
								 size_t len);

/**
 * Copy a string of known length, truncated at len - 1 as vpndiag_strlcpy()
 */
static inline void copy_str(char *buf, size_t len, const char *str, size_t n)
{
	n = min(n, len - 1);
	memcpy(buf, str, n);
	buf[n] = '\0';
}

/**
 * Format a raw address as "%#H" (addr[port], no port if 0), through the
 * cache (given, a thread-local's address costs a call in a plugin): the
 * events of an IKE_SA carry the same two addresses, formatting them cost
 * ~290 instructions each (issue 22)
 */
static void format_addr(addr_cache_t *cache, struct sockaddr_storage *ss,
						char *buf, size_t len)
{
	struct sockaddr_in *sin = (struct sockaddr_in*)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6*)ss;
	const uint8_t *addr;
	in_port_t port;
	size_t alen;
	u_int i;

	if (buf[0] || !ss->ss_family)
	{
		return;
	}
	switch (ss->ss_family)
	{
		case AF_INET:
			addr = (const uint8_t*)&sin->sin_addr;
			alen = 4;
			port = sin->sin_port;
			break;
		case AF_INET6:
			addr = (const uint8_t*)&sin6->sin6_addr;
			alen = 16;
			port = sin6->sin6_port;
			break;
		default:
			format_addr_uncached(ss, buf, len);
			return;
	}
	for (i = 0; i < ADDR_CACHE; i++)
	{
		if (cache[i].family == ss->ss_family && cache[i].port == port &&
			(alen == 4 ? memcmp(cache[i].addr, addr, 4) == 0
					   : memcmp(cache[i].addr, addr, 16) == 0))
		{
			copy_str(buf, len, cache[i].str, cache[i].len);
			return;
		}
	}
	i = addr_cache_next++ % ADDR_CACHE;
	cache[i].family = ss->ss_family;
	cache[i].port = port;
	memcpy(cache[i].addr, addr, alen);
	cache[i].str[0] = '\0';
	format_addr_uncached(ss, cache[i].str, sizeof(cache[i].str));
	cache[i].len = strlen(cache[i].str);
	copy_str(buf, len, cache[i].str, cache[i].len);
}

/**
 * Format a raw address as "%#H" (addr[port], no port if 0): by hand for
 * IPv4 and IPv6, as host.c's printer does, without stdio
 */
static void format_addr_uncached(struct sockaddr_storage *ss, char *buf,
								 size_t len)
{
	char str[INET6_ADDRSTRLEN + 8], digits[20], *port_str;
	struct sockaddr_in *sin = (struct sockaddr_in*)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6*)ss;
	const void *address;
	host_t *host;
	uint16_t port;
	size_t pos;

	switch (ss->ss_family)
	{
		case AF_INET:
			address = &sin->sin_addr;
			port = ntohs(sin->sin_port);
			break;
		case AF_INET6:
			address = &sin6->sin6_addr;
			port = ntohs(sin6->sin6_port);
			break;
		default:
			host = host_create_from_sockaddr((sockaddr_t*)ss);
			if (host)
			{
				snprintf(buf, len, "%#H", host);
				host->destroy(host);
			}
			return;
	}
	if (ss->ss_family == AF_INET)
	{	/* by hand: glibc's inet_ntop() prints IPv4 with sprintf(), which
		 * libstrongswan's printf hooks make cost ~3 000 instructions */
		const uint8_t *b = address;
		int i;

		pos = 0;
		for (i = 0; i < 4; i++)
		{
			if (i)
			{
				str[pos++] = '.';
			}
			if (b[i] >= 100)
			{
				str[pos++] = '0' + b[i] / 100;
			}
			if (b[i] >= 10)
			{
				str[pos++] = '0' + b[i] / 10 % 10;
			}
			str[pos++] = '0' + b[i] % 10;
		}
		str[pos] = '\0';
	}
	else if (!inet_ntop(ss->ss_family, address, str, INET6_ADDRSTRLEN))
	{
		vpndiag_strlcpy(buf, "(address conversion failed)", len);
		return;
	}
	else
	{
		pos = strlen(str);
	}
	if (port)
	{
		port_str = vpndiag_u64_digits(port, digits + sizeof(digits));
		str[pos++] = '[';
		memcpy(str + pos, port_str, digits + sizeof(digits) - port_str);
		pos += digits + sizeof(digits) - port_str;
		str[pos++] = ']';
	}
	str[pos] = '\0';
	vpndiag_strlcpy(buf, str, len);
}

/*
 * Described in header
 */
void vpndiag_format_host(struct sockaddr_storage *ss, char *buf, size_t len)
{
	if (len)
	{
		buf[0] = '\0';
		if (ss->ss_family)
		{
			format_addr_uncached(ss, buf, len);
		}
	}
}

/** identities formatted lately (the worker's thread only) */
#define ID_CACHE 4
typedef struct {
	int type;
	uint16_t len;
	uint8_t enc[VPNDIAG_ID_LEN];
	/** as printed, and its length */
	char str[VPNDIAG_ID_LEN];
	size_t str_len;
} id_cache_t;
static __thread id_cache_t id_cache[ID_CACHE];
static __thread u_int id_cache_next;

/**
 * Format a raw identity as "%Y", through the cache (given)
 */
static void format_id(id_cache_t *cache, vpndiag_sa_t *sa, bool remote)
{
	char *buf = remote ? sa->remote_id : sa->local_id;
	int type = remote ? sa->remote_id_type : sa->local_id_type;
	uint16_t len = remote ? sa->remote_id_len : sa->local_id_len;
	uint8_t *enc = remote ? sa->remote_id_enc : sa->local_id_enc;
	identification_t *id;
	int i;

	if (buf[0] || type == ID_ANY)
	{
		return;
	}
	/* the events of an IKE_SA carry the same identities: format each once */
	for (i = 0; i < ID_CACHE; i++)
	{
		if (cache[i].type == type && cache[i].len == len &&
			memeq(cache[i].enc, enc, len))
		{
			copy_str(buf, VPNDIAG_ID_LEN, cache[i].str, cache[i].str_len);
			break;
		}
	}
	if (i == ID_CACHE)
	{
		id = identification_create_from_encoding(type, chunk_create(enc, len));
		print_id(buf, id, FALSE);
		DESTROY_IF(id);
		i = id_cache_next++ % ID_CACHE;
		cache[i].type = type;
		cache[i].len = len;
		memcpy(cache[i].enc, enc, len);
		vpndiag_strlcpy(cache[i].str, buf, sizeof(cache[i].str));
		cache[i].str_len = strlen(cache[i].str);
	}
	print_id(buf, NULL, remote);
}

/** proposal lists printed lately, per thread (a flood repeats the same
 *  offered and configured lists: printing one costs ~10 000 instructions) */
#define PROPOSALS_CACHE 4
static __thread struct {
	/** the list (count 0: unused), with its text */
	vpndiag_proposals_t list;
} proposals_cache[PROPOSALS_CACHE];
static __thread u_int proposals_cache_next;

/*
 * Described in header
 */
bool vpndiag_proposals_equal(vpndiag_proposals_t *a, vpndiag_proposals_t *b)
{
	int i;

	if (a->count != b->count)
	{
		return FALSE;
	}
	for (i = 0; i < a->count && i < VPNDIAG_MAX_PROPOSALS; i++)
	{
		if (a->p[i].count != b->p[i].count ||
			a->p[i].protocol != b->p[i].protocol ||
			memcmp(a->p[i].t, b->p[i].t,
				   min(a->p[i].count, VPNDIAG_MAX_TRANSFORMS) *
				   sizeof(a->p[i].t[0])))
		{
			return FALSE;
		}
	}
	return TRUE;
}

/*
 * Described in header
 */
void vpndiag_proposals_format(vpndiag_proposals_t *list)
{
	linked_list_t *proposals;
	proposal_t *proposal;
	u_int slot;
	int i, j;

	if (!list || list->text[0] || !list->count)
	{
		return;
	}
	for (i = 0; i < PROPOSALS_CACHE; i++)
	{
		if (proposals_cache[i].list.count &&
			vpndiag_proposals_equal(&proposals_cache[i].list, list))
		{
			memcpy(list->text, proposals_cache[i].list.text,
				   sizeof(list->text));
			return;
		}
	}
	proposals = linked_list_create();
	for (i = 0; i < list->count && i < VPNDIAG_MAX_PROPOSALS; i++)
	{
		proposal = proposal_create(list->p[i].protocol, i + 1);
		for (j = 0; j < list->p[i].count && j < VPNDIAG_MAX_TRANSFORMS; j++)
		{
			proposal->add_algorithm(proposal, list->p[i].t[j].type,
									list->p[i].t[j].alg,
									list->p[i].t[j].keysize);
		}
		proposals->insert_last(proposals, proposal);
	}
	snprintf(list->text, sizeof(list->text), "%#P", proposals);
	proposals->destroy_offset(proposals, offsetof(proposal_t, destroy));
	slot = proposals_cache_next++ % PROPOSALS_CACHE;
	proposals_cache[slot].list = *list;
}

/**
 * Print a copied TS list as charon's "%#R" of the original into buf (if
 * still empty): the selectors are rebuilt, so that charon's own printer
 * names protocols and services; a list cut at VPNDIAG_MAX_TS ends in
 * " (+N more)"
 */
static void format_ts(vpndiag_ts_list_t *copy, char *buf, size_t len)
{
	linked_list_t *list;
	int written;

	if (buf[0])
	{
		return;
	}
	/* "%#R" of a NULL list prints "(null)" */
	list = vpndiag_ts_list_create(copy, FALSE);
	written = snprintf(buf, len, "%#R", list);
	DESTROY_OFFSET_IF(list, offsetof(traffic_selector_t, destroy));
	if (copy->count > VPNDIAG_MAX_TS && written >= 0 && (size_t)written < len)
	{
		snprintf(buf + written, len - written, " (+%d more)",
				 copy->count - VPNDIAG_MAX_TS);
	}
}

/*
 * Described in header
 */
void vpndiag_event_format(vpndiag_event_t *event)
{
	vpndiag_sa_t *sa = &event->sa;
	ike_cfg_t *ike_cfg = event->ike_cfg;
	linked_list_t *list;
	addr_cache_t *addrs;
	id_cache_t *ids;

	if (ike_cfg)
	{	/* the configured proposals of a proposal alert: the hook took a
		 * reference on the config instead of cloning them */
		if (!event->configured)
		{
			list = vpndiag_ike_proposals(ike_cfg);
			event->configured = vpndiag_copy_proposals(list);
			list->destroy_offset(list, offsetof(proposal_t, destroy));
		}
		ike_cfg->destroy(ike_cfg);
		event->ike_cfg = NULL;
	}
	vpndiag_proposals_format(event->proposals);
	vpndiag_proposals_format(event->configured);
	if (event->type == VPNDIAG_EV_ALERT)
	{
		switch (event->alert)
		{
			case VPNDIAG_ALERT_TS_MISMATCH:
				format_ts(&event->ts[0], event->text, sizeof(event->text));
				format_ts(&event->ts[1], event->text2, sizeof(event->text2));
				break;
			case VPNDIAG_ALERT_TS_NARROWED:
				format_ts(&event->ts[0], event->text, sizeof(event->text));
				break;
			default:
				break;
		}
	}

	addrs = addr_cache;
	ids = id_cache;
	format_addr(addrs, &sa->local_addr, sa->local, sizeof(sa->local));
	format_addr(addrs, &sa->remote_addr, sa->remote, sizeof(sa->remote));
	format_id(ids, sa, FALSE);
	format_id(ids, sa, TRUE);
}
