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
 * The raw SA payload of a responder's proposal alert (issue 22): the
 * locator's bounds, and the worker's parse against what charon hands the
 * alert (a message parsed by charon, its SA payload's get_proposals(),
 * copied as the hook did).
 */

#include "vpndiag_tests.h"

#include "vpndiag_sa_raw.h"
#include "vpndiag_event_format.h"

#include <daemon.h>
#include <encoding/generator.h>
#include <encoding/message.h>
#include <encoding/payloads/sa_payload.h>
#include <crypto/proposal/proposal.h>
#include <networking/packet.h>

#include <string.h>

/** payload types (IKEv2) */
#define T_SA 33
#define T_KE 34
#define T_NONCE 40
#define T_NOTIFY 41
#define T_VID 43

/** a packet under construction */
typedef struct {
	uint8_t data[8192];
	size_t len;
	/** offset of the last payload's header (0: none yet) */
	size_t last;
} pkt_t;

static const uint8_t spi_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/**
 * IKEv2 IKE_SA_INIT request header, no payload yet
 */
static void pkt_init(pkt_t *p)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->data, spi_i, 8);
	p->data[17] = 0x20;			/* IKEv2 */
	p->data[18] = 34;			/* IKE_SA_INIT */
	p->data[19] = 0x08;			/* initiator, request */
	p->len = 28;
}

/**
 * Append a payload: its bytes from the generic header on (the next payload
 * field is set here), chained to the previous one; fix the header length
 */
static void pkt_add(pkt_t *p, uint8_t type, const uint8_t *body, size_t len)
{
	ck_assert(p->len + len <= sizeof(p->data));
	if (p->last)
	{
		p->data[p->last] = type;
	}
	else
	{
		p->data[16] = type;
	}
	p->last = p->len;
	memcpy(p->data + p->len, body, len);
	p->data[p->len] = 0;
	p->len += len;
	p->data[24] = p->len >> 24;
	p->data[25] = p->len >> 16;
	p->data[26] = p->len >> 8;
	p->data[27] = p->len;
}

/**
 * Append a payload of n bytes of data (generic header + n bytes of fill)
 */
static void pkt_add_fill(pkt_t *p, uint8_t type, size_t n, uint8_t fill)
{
	uint8_t body[1024];

	ck_assert(n + 4 <= sizeof(body));
	memset(body, fill, sizeof(body));
	body[1] = 0;
	body[2] = (n + 4) >> 8;
	body[3] = n + 4;
	pkt_add(p, type, body, n + 4);
}

/**
 * KE payload: x25519 (31) with 32 bytes
 */
static void pkt_add_ke(pkt_t *p)
{
	uint8_t body[4 + 4 + 32] = { 0, 0, 0, sizeof(body), 0, 31, 0, 0 };

	memset(body + 8, 0x55, 32);
	pkt_add(p, T_KE, body, sizeof(body));
}

/**
 * The SA payload of a proposal list, from charon's generator
 */
static chunk_t sa_bytes(linked_list_t *list)
{
	sa_payload_t *sa;
	generator_t *generator;
	uint32_t *lenpos;
	chunk_t bytes;

	sa = sa_payload_create_from_proposals_v2(list);
	generator = generator_create_no_dbg();
	generator->generate_payload(generator, &sa->payload_interface);
	bytes = chunk_clone(generator->get_chunk(generator, &lenpos));
	generator->destroy(generator);
	sa->destroy(sa);
	return bytes;
}

/**
 * A proposal list from "+"-separated proposal strings
 */
static linked_list_t *proposals(protocol_id_t proto, char *str)
{
	enumerator_t *enumerator;
	linked_list_t *list;
	proposal_t *proposal;
	char *part;

	list = linked_list_create();
	enumerator = enumerator_create_token(str, "+", " ");
	while (enumerator->enumerate(enumerator, &part))
	{
		proposal = proposal_create_from_string(proto, part);
		ck_assert_msg(proposal, "proposal %s", part);
		list->insert_last(list, proposal);
	}
	enumerator->destroy(enumerator);
	return list;
}

/**
 * A request with the SA payload of a list, first or last
 */
static void pkt_request(pkt_t *p, chunk_t sa, bool sa_last)
{
	pkt_init(p);
	if (!sa_last)
	{
		pkt_add(p, T_SA, sa.ptr, sa.len);
	}
	pkt_add_ke(p);
	pkt_add_fill(p, T_NONCE, 32, 0x33);
	if (sa_last)
	{
		pkt_add_fill(p, T_VID, 16, 0x44);
		pkt_add(p, T_SA, sa.ptr, sa.len);
	}
}

static bool find(pkt_t *p, size_t *offset, size_t *len)
{
	return vpndiag_sa_raw_find(p->data, p->len, spi_i, offset, len);
}

START_TEST(test_find_first_last)
{
	linked_list_t *list;
	chunk_t sa;
	size_t offset = 0, len = 0;
	pkt_t p;

	list = proposals(PROTO_IKE, "aes256-sha384-x25519");
	sa = sa_bytes(list);

	pkt_request(&p, sa, FALSE);
	ck_assert(find(&p, &offset, &len));
	ck_assert_int_eq(offset, 28);
	ck_assert_int_eq(len, sa.len);
	/* the bytes found are the SA payload (but for its next payload field) */
	ck_assert(memeq(p.data + offset + 1, sa.ptr + 1, sa.len - 1));
	/* no SPI check */
	ck_assert(vpndiag_sa_raw_find(p.data, p.len, NULL, &offset, &len));

	pkt_request(&p, sa, TRUE);
	ck_assert(find(&p, &offset, &len));
	ck_assert_int_eq(offset, p.len - sa.len);
	ck_assert_int_eq(len, sa.len);
	ck_assert(memeq(p.data + offset, sa.ptr, sa.len));

	chunk_free(&sa);
	list->destroy_offset(list, offsetof(proposal_t, destroy));
}
END_TEST

START_TEST(test_find_header)
{
	linked_list_t *list;
	chunk_t sa;
	size_t offset, len;
	uint8_t spi[8];
	pkt_t p;

	list = proposals(PROTO_IKE, "aes256-sha384-x25519");
	sa = sa_bytes(list);
	pkt_request(&p, sa, FALSE);
	ck_assert(find(&p, &offset, &len));

	/* shorter than the header */
	ck_assert(!vpndiag_sa_raw_find(p.data, 27, spi_i, &offset, &len));
	ck_assert(!vpndiag_sa_raw_find(p.data, 0, spi_i, &offset, &len));
	ck_assert(!vpndiag_sa_raw_find(NULL, 100, spi_i, &offset, &len));
	/* the header's length beyond the data, or shorter than the header */
	ck_assert(!vpndiag_sa_raw_find(p.data, p.len - 1, spi_i, &offset, &len));
	p.data[27] = 27;
	p.data[26] = 0;
	ck_assert(!find(&p, &offset, &len));
	pkt_request(&p, sa, FALSE);
	/* the header's length cuts the SA payload */
	p.data[26] = 0;
	p.data[27] = 28 + sa.len - 1;
	ck_assert(!find(&p, &offset, &len));
	pkt_request(&p, sa, FALSE);
	/* another SPI */
	memcpy(spi, spi_i, 8);
	spi[7] ^= 1;
	ck_assert(!vpndiag_sa_raw_find(p.data, p.len, spi, &offset, &len));
	/* IKEv1, another exchange, a response, the responder's message */
	p.data[17] = 0x10;
	ck_assert(!find(&p, &offset, &len));
	p.data[17] = 0x20;
	p.data[18] = 35;
	ck_assert(!find(&p, &offset, &len));
	p.data[18] = 34;
	p.data[19] = 0x28;
	ck_assert(!find(&p, &offset, &len));
	p.data[19] = 0x00;
	ck_assert(!find(&p, &offset, &len));
	p.data[19] = 0x08;
	ck_assert(find(&p, &offset, &len));
	/* a Non-ESP marker in front (port 4500): charon strips it before the
	 * message is created (receiver.c: receive_packets()); if it did not,
	 * the header would not match and the hook copy the proposals */
	memmove(p.data + 4, p.data, p.len);
	memset(p.data, 0, 4);
	p.len += 4;
	ck_assert(!find(&p, &offset, &len));
	ck_assert(!vpndiag_sa_raw_find(p.data, p.len, NULL, &offset, &len));

	chunk_free(&sa);
	list->destroy_offset(list, offsetof(proposal_t, destroy));
}
END_TEST

START_TEST(test_find_bounds)
{
	linked_list_t *list;
	chunk_t sa;
	size_t offset, len, cut;
	pkt_t p, q;
	int i;

	list = proposals(PROTO_IKE, "aes256-sha384-x25519");
	sa = sa_bytes(list);

	/* no SA payload */
	pkt_init(&p);
	pkt_add_ke(&p);
	pkt_add_fill(&p, T_NONCE, 32, 0x33);
	ck_assert(!find(&p, &offset, &len));
	/* no payload at all */
	pkt_init(&p);
	ck_assert(!find(&p, &offset, &len));

	/* two SA payloads */
	pkt_request(&p, sa, FALSE);
	pkt_add(&p, T_SA, sa.ptr, sa.len);
	ck_assert(!find(&p, &offset, &len));

	/* a payload of length 0 (would never advance), 3 (shorter than its
	 * header), past the end: before and after the SA */
	for (i = 0; i < 2; i++)
	{
		uint16_t bad[] = { 0, 3, 0xffff };
		int j;

		for (j = 0; j < countof(bad); j++)
		{
			pkt_request(&p, sa, i == 1);
			/* the nonce, after the KE (40 bytes) */
			cut = i == 1 ? 28 + 40 : 28 + sa.len + 40;
			p.data[cut + 2] = bad[j] >> 8;
			p.data[cut + 3] = bad[j];
			ck_assert_msg(!find(&p, &offset, &len), "length %u", bad[j]);
		}
	}
	/* the SA's own length past the end */
	pkt_request(&p, sa, TRUE);
	p.data[p.len - sa.len + 2] = (sa.len + 1) >> 8;
	p.data[p.len - sa.len + 3] = sa.len + 1;
	ck_assert(!find(&p, &offset, &len));

	/* a chain longer than any IKE_SA_INIT: 100 empty vendor IDs after the
	 * SA (each 4 bytes, so that the walk is bounded by a count, too) */
	pkt_request(&p, sa, FALSE);
	for (i = 0; i < 100; i++)
	{
		pkt_add_fill(&p, T_VID, 0, 0);
	}
	ck_assert(!find(&p, &offset, &len));
	/* but 30 are fine */
	pkt_request(&p, sa, FALSE);
	for (i = 0; i < 30; i++)
	{
		pkt_add_fill(&p, T_VID, 0, 0);
	}
	ck_assert(find(&p, &offset, &len));

	/* the last payload claims a next one that is not there */
	pkt_request(&p, sa, FALSE);
	p.data[p.last] = T_NOTIFY;
	ck_assert(!find(&p, &offset, &len));

	/* every truncation, with the header's length cut too or not */
	pkt_request(&p, sa, TRUE);
	for (cut = 0; cut < p.len; cut++)
	{
		q = p;
		ck_assert(!vpndiag_sa_raw_find(q.data, cut, spi_i, &offset, &len));
		q.data[24] = cut >> 24;
		q.data[25] = cut >> 16;
		q.data[26] = cut >> 8;
		q.data[27] = cut;
		ck_assert_msg(!vpndiag_sa_raw_find(q.data, cut, spi_i, &offset, &len),
					  "cut at %zu", cut);
	}

	chunk_free(&sa);
	list->destroy_offset(list, offsetof(proposal_t, destroy));
}
END_TEST

/**
 * Whether two copies are the same (counts, protocols, transforms, text)
 */
static void assert_same(vpndiag_proposals_t *a, vpndiag_proposals_t *b)
{
	int i;

	ck_assert(a && b);
	ck_assert_int_eq(a->count, b->count);
	for (i = 0; i < a->count && i < VPNDIAG_MAX_PROPOSALS; i++)
	{
		ck_assert_int_eq(a->p[i].count, b->p[i].count);
		ck_assert_int_eq(a->p[i].protocol, b->p[i].protocol);
		ck_assert(memeq(a->p[i].t, b->p[i].t,
						a->p[i].count * sizeof(a->p[i].t[0])));
	}
	ck_assert_str_eq(a->text, b->text);
}

/**
 * The hook's copy of what charon hands the alert: the packet parsed as a
 * message (receiver.c, message.c: parse_header(), parse_body()), the
 * proposals of its SA payload (ike_init.c: process_sa_payload())
 */
static vpndiag_proposals_t *charon_copy(pkt_t *p)
{
	vpndiag_proposals_t *copy;
	sa_payload_t *sa;
	message_t *message;
	packet_t *packet;
	linked_list_t *list;

	packet = packet_create_from_data(host_create_from_string("192.0.2.2", 500),
									 host_create_from_string("192.0.2.1", 500),
									 chunk_clone(chunk_create(p->data, p->len)));
	message = message_create_from_packet(packet);
	ck_assert_int_eq(message->parse_header(message), SUCCESS);
	ck_assert_int_eq(message->parse_body(message, NULL), SUCCESS);
	sa = (sa_payload_t*)message->get_payload(message, PLV2_SECURITY_ASSOCIATION);
	ck_assert(sa);
	list = sa->get_proposals(sa);
	copy = vpndiag_copy_proposals(list);
	list->destroy_offset(list, offsetof(proposal_t, destroy));
	message->destroy(message);
	return copy;
}

/* the worker's parse of the raw bytes gives the hook's copy of charon's
 * parsed proposals, printed the same */
START_TEST(test_parse_same)
{
	char *lists[] = {
		"aes256-sha384-x25519",
		"aes128-aes192-aes256-sha256-sha384-sha512-prfsha256-prfsha384-"
			"prfsha512-x25519-x448-ecp256-ecp384-ecp521-modp3072-modp4096-"
			"modp2048+aes128gcm16-aes192gcm16-aes256gcm16-chacha20poly1305-"
			"prfsha256-prfsha384-prfsha512-x25519-ecp256-modp3072",
		"3des-sha1-modp1024+aes128-sha1-modp2048+aes256-sha256-ecp384+"
			"aes128ctr-aesxcbc-prfaesxcbc-modp1536",
		/* more than VPNDIAG_MAX_PROPOSALS: the copy prints the list */
		"aes128-sha256-modp2048+aes192-sha256-modp2048+aes256-sha256-modp2048+"
			"aes128-sha384-modp2048+aes192-sha384-modp2048+aes256-sha384-modp2048+"
			"aes128-sha512-modp2048+aes192-sha512-modp2048+aes256-sha512-modp2048",
	};
	vpndiag_proposals_t *ours, *theirs;
	vpndiag_sa_raw_t *raw;
	linked_list_t *list;
	size_t offset, len;
	chunk_t sa;
	pkt_t p;
	int i, last;

	raw = vpndiag_sa_raw_create();
	for (i = 0; i < countof(lists); i++)
	{
		for (last = 0; last < 2; last++)
		{
			list = proposals(PROTO_IKE, lists[i]);
			sa = sa_bytes(list);
			pkt_request(&p, sa, last);
			ck_assert(find(&p, &offset, &len));
			theirs = charon_copy(&p);
			ours = raw->parse(raw, p.data + offset, len);
			ck_assert_int_eq(ours->count, min(list->get_count(list),
											  VPNDIAG_MAX_PROPOSALS));
			assert_same(ours, theirs);
			vpndiag_proposals_format(ours);
			vpndiag_proposals_format(theirs);
			ck_assert(ours->text[0]);
			assert_same(ours, theirs);
			free(ours);
			free(theirs);
			chunk_free(&sa);
			list->destroy_offset(list, offsetof(proposal_t, destroy));
		}
	}
	raw->destroy(raw);
}
END_TEST

/* identical bytes parse once (a flood), a different list parses again */
START_TEST(test_parse_cache)
{
	linked_list_t *a, *b;
	vpndiag_proposals_t *first, *copy, *other;
	vpndiag_sa_raw_t *raw;
	chunk_t sa_a, sa_b;
	int i;

	a = proposals(PROTO_IKE, "aes256-sha384-x25519");
	b = proposals(PROTO_IKE, "aes256-sha384-ecp256");
	sa_a = sa_bytes(a);
	sa_b = sa_bytes(b);
	raw = vpndiag_sa_raw_create();
	first = raw->parse(raw, sa_a.ptr, sa_a.len);
	ck_assert_int_eq(raw->get_parsed(raw), 1);
	for (i = 0; i < 5; i++)
	{
		copy = raw->parse(raw, sa_a.ptr, sa_a.len);
		ck_assert(copy != first);
		assert_same(copy, first);
		free(copy);
	}
	ck_assert_int_eq(raw->get_parsed(raw), 1);
	other = raw->parse(raw, sa_b.ptr, sa_b.len);
	ck_assert_int_eq(raw->get_parsed(raw), 2);
	ck_assert_int_eq(other->p[0].t[other->p[0].count - 1].alg, ECP_256_BIT);
	ck_assert_int_eq(first->p[0].t[first->p[0].count - 1].alg, CURVE_25519);
	free(other);
	/* the same length, another byte (the last transform's ID): parsed
	 * again, and the first list after it too (one entry) */
	ck_assert_int_eq(sa_a.len, sa_b.len);
	memcpy(sa_b.ptr, sa_a.ptr, sa_a.len);
	ck_assert_int_eq(sa_b.ptr[sa_b.len - 1], CURVE_25519);
	sa_b.ptr[sa_b.len - 1] = MODP_2048_BIT;
	other = raw->parse(raw, sa_b.ptr, sa_b.len);
	ck_assert_int_eq(raw->get_parsed(raw), 3);
	ck_assert_int_eq(other->p[0].t[other->p[0].count - 1].alg, MODP_2048_BIT);
	free(other);
	copy = raw->parse(raw, sa_a.ptr, sa_a.len);
	ck_assert_int_eq(raw->get_parsed(raw), 4);
	assert_same(copy, first);
	free(copy);
	free(first);
	raw->destroy(raw);
	chunk_free(&sa_a);
	chunk_free(&sa_b);
	a->destroy_offset(a, offsetof(proposal_t, destroy));
	b->destroy_offset(b, offsetof(proposal_t, destroy));
}
END_TEST

/* bytes that do not parse give no list (unknown), also from the cache, and
 * never crash: truncations, bad lengths, every byte flipped */
START_TEST(test_parse_hostile)
{
	linked_list_t *list;
	vpndiag_proposals_t *copy;
	vpndiag_sa_raw_t *raw;
	uint8_t buf[512];
	chunk_t sa;
	size_t cut;
	int i, bit;

	list = proposals(PROTO_IKE, "aes256-sha384-x25519+aes128gcm16-prfsha256-"
					 "ecp256");
	sa = sa_bytes(list);
	ck_assert(sa.len <= sizeof(buf));
	raw = vpndiag_sa_raw_create();

	ck_assert(raw->parse(raw, NULL, 10) == NULL);
	ck_assert(raw->parse(raw, sa.ptr, 0) == NULL);
	ck_assert(raw->parse(raw, sa.ptr, VPNDIAG_SA_RAW_MAX + 1) == NULL);

	/* truncated: the SA's length claims more than there is */
	for (cut = 1; cut < sa.len; cut++)
	{
		ck_assert_msg(raw->parse(raw, sa.ptr, cut) == NULL, "cut %zu", cut);
	}
	/* the proposal substructure's length beyond the payload */
	memcpy(buf, sa.ptr, sa.len);
	buf[4 + 2] = 0xff;
	ck_assert(raw->parse(raw, buf, sa.len) == NULL);
	/* again, from the cache */
	ck_assert(raw->parse(raw, buf, sa.len) == NULL);
	ck_assert_int_eq(raw->get_parsed(raw), sa.len);

	/* any byte changed: a list or none, never a crash */
	for (i = 0; i < sa.len; i++)
	{
		for (bit = 0; bit < 8; bit++)
		{
			memcpy(buf, sa.ptr, sa.len);
			buf[i] ^= 1 << bit;
			copy = raw->parse(raw, buf, sa.len);
			if (copy)
			{
				ck_assert(copy->count >= 0 &&
						  copy->count <= VPNDIAG_MAX_PROPOSALS);
				vpndiag_proposals_format(copy);
				free(copy);
			}
		}
	}
	/* and the original still parses */
	copy = raw->parse(raw, sa.ptr, sa.len);
	ck_assert(copy);
	ck_assert_int_eq(copy->count, 2);
	free(copy);

	raw->destroy(raw);
	chunk_free(&sa);
	list->destroy_offset(list, offsetof(proposal_t, destroy));
}
END_TEST

/**
 * The parser and message.c log through charon->bus (bus.h's DBG macros):
 * create the daemon object once (not started, no plugins)
 */
static void charon_setup(void)
{
	if (!charon)
	{
		ck_assert(libcharon_init());
		atexit(libcharon_deinit);
	}
}

Suite *sa_raw_suite_create(void)
{
	Suite *s = suite_create("sa_raw");
	TCase *tc;

	tc = tcase_create("locator");
	tcase_add_unchecked_fixture(tc, charon_setup, NULL);
	tcase_add_test(tc, test_find_first_last);
	tcase_add_test(tc, test_find_header);
	tcase_add_test(tc, test_find_bounds);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, charon_setup, NULL);
	tcase_add_test(tc, test_parse_same);
	tcase_add_test(tc, test_parse_cache);
	tcase_add_test(tc, test_parse_hostile);
	suite_add_tcase(s, tc);
	return s;
}
