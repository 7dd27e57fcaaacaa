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

#include "vpndiag_tests.h"

#include "vpndiag_vici_msg.h"
#include "vpndiag_vici_record.h"
#include "vpndiag_vici_socket.h"
#include "vpndiag_vici_cmds.h"
#include "vpndiag_vici_publisher.h"
#include "vpndiag_store.h"
#include "vpndiag_cause.h"

#include <library.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

/**
 * Encode a message body (after the packet type) with a builder
 */
static uint8_t *body(vpndiag_vici_builder_t *b, size_t *len)
{
	uint8_t *data = vpndiag_vici_finish(b, len);

	ck_assert(data);
	return data;
}

START_TEST(test_roundtrip)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *root, *sec, *list;
	vpndiag_vici_op_t op;
	const uint8_t *msg;
	size_t len, msg_len;
	uint8_t *data;
	char name[256];
	const char *err;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-list");
	vpndiag_vici_str(&b, "key1", "value1");
	vpndiag_vici_section(&b, "section1");
	vpndiag_vici_section(&b, "sub-section");
	vpndiag_vici_kv(&b, "bin", "a\0b", 3);
	vpndiag_vici_end_section(&b);
	vpndiag_vici_list(&b, "list1");
	vpndiag_vici_item(&b, "item1");
	vpndiag_vici_item(&b, "item2");
	vpndiag_vici_end_list(&b);
	vpndiag_vici_end_section(&b);
	data = body(&b, &len);
	/* length header counts the rest */
	ck_assert_int_eq(len - 4, (data[0] << 24) | (data[1] << 16) |
					 (data[2] << 8) | data[3]);
	/* the README's encoding example, after type and name */
	ck_assert_int_eq(data[4], VPNDIAG_VICI_CMD_REQUEST);
	ck_assert_int_eq(data[5], strlen("vpndiag-list"));
	ck_assert(memcmp(data + 6 + 12, "\x03\x04key1\x00\x06value1", 14) == 0);

	ck_assert(vpndiag_vici_packet(data + 4, len - 4, &op, name, &msg,
								  &msg_len));
	ck_assert_int_eq(op, VPNDIAG_VICI_CMD_REQUEST);
	ck_assert_str_eq(name, "vpndiag-list");
	root = vpndiag_vici_parse(msg, msg_len, &err);
	ck_assert(root);
	ck_assert_str_eq(vpndiag_vici_get(root, "key1"), "value1");
	sec = vpndiag_vici_find(root, "section1", VPNDIAG_VICI_SECTION_START);
	ck_assert(sec);
	sec = vpndiag_vici_find(sec, "sub-section", VPNDIAG_VICI_SECTION_START);
	ck_assert(sec);
	ck_assert_int_eq(sec->child->len, 3);
	ck_assert(memcmp(sec->child->value, "a\0b", 3) == 0);
	list = vpndiag_vici_find(vpndiag_vici_find(root, "section1",
							 VPNDIAG_VICI_SECTION_START), "list1",
							 VPNDIAG_VICI_LIST_START);
	ck_assert(list && list->child && list->child->next);
	ck_assert_str_eq(list->child->value, "item1");
	ck_assert_str_eq(list->child->next->value, "item2");
	ck_assert(!list->child->next->next);
	ck_assert(!vpndiag_vici_get(root, "section1"));
	vpndiag_vici_free(root);
	free(data);
}
END_TEST

START_TEST(test_builder_limits)
{
	vpndiag_vici_builder_t b;
	char big[300], *huge;
	size_t len;
	int i;

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_RESPONSE, NULL);
	vpndiag_vici_str(&b, big, "name over 255 bytes");
	ck_assert(!vpndiag_vici_finish(&b, &len));

	huge = malloc(70000);
	memset(huge, 'x', 69999);
	huge[69999] = '\0';
	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_RESPONSE, NULL);
	vpndiag_vici_str(&b, "v", huge);
	ck_assert(!vpndiag_vici_finish(&b, &len));

	/* the segment limit: 512 KiB */
	huge[60000] = '\0';
	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_RESPONSE, NULL);
	for (i = 0; i < 9; i++)
	{
		vpndiag_vici_str(&b, "v", huge);
	}
	ck_assert(!vpndiag_vici_finish(&b, &len));
	free(huge);

	/* unbalanced */
	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_RESPONSE, NULL);
	vpndiag_vici_section(&b, "open");
	ck_assert(!vpndiag_vici_finish(&b, &len));
	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_RESPONSE, NULL);
	vpndiag_vici_end_section(&b);
	ck_assert(!vpndiag_vici_finish(&b, &len));
	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_RESPONSE, NULL);
	vpndiag_vici_list(&b, "l");
	vpndiag_vici_str(&b, "k", "key in a list");
	vpndiag_vici_end_list(&b);
	ck_assert(!vpndiag_vici_finish(&b, &len));
}
END_TEST

/**
 * Parse raw bytes, expect failure
 */
static void parse_fails(const char *data, size_t len)
{
	const char *err = NULL;

	ck_assert(!vpndiag_vici_parse((const uint8_t*)data, len, &err));
	ck_assert(err);
}

START_TEST(test_decoder_rejects)
{
	vpndiag_vici_node_t *root;
	const char *err;
	uint8_t deep[2 * VPNDIAG_VICI_MAX_DEPTH + 2], *many;
	vpndiag_vici_op_t op;
	const uint8_t *msg;
	size_t msg_len;
	char name[256];
	int i;

	parse_fails("\x03\x04key1\x00\x06val", 12);		/* truncated value */
	parse_fails("\x03\x09key", 5);					/* truncated name */
	parse_fails("\x03\x03key\x00", 5);				/* truncated length */
	parse_fails("\x02", 1);							/* end without start */
	parse_fails("\x01\x01" "s\x03\x01k\x00\x01v", 9);	/* unterminated section */
	parse_fails("\x04\x01l\x05\x00\x01i", 7);		/* unterminated list */
	parse_fails("\x04\x01l\x03\x01k\x00\x01v\x06", 10);	/* key in list */
	parse_fails("\x04\x01l\x04\x01m\x06\x06", 8);	/* nested list */
	parse_fails("\x05\x00\x01i", 4);				/* item outside a list */
	parse_fails("\x06", 1);							/* list end alone */
	parse_fails("\x09", 1);							/* unknown type */
	parse_fails("\x00", 1);

	for (i = 0; i < VPNDIAG_VICI_MAX_DEPTH + 1; i++)
	{
		deep[2 * i] = VPNDIAG_VICI_SECTION_START;
		deep[2 * i + 1] = 0;
	}
	parse_fails((char*)deep, 2 * (VPNDIAG_VICI_MAX_DEPTH + 1));

	many = malloc(4 * (VPNDIAG_VICI_MAX_ELEMENTS + 1));
	for (i = 0; i <= VPNDIAG_VICI_MAX_ELEMENTS; i++)
	{
		memcpy(many + 4 * i, "\x03\x00\x00\x00", 4);
	}
	parse_fails((char*)many, 4 * (VPNDIAG_VICI_MAX_ELEMENTS + 1));
	free(many);

	/* empty message and empty names are fine */
	root = vpndiag_vici_parse((const uint8_t*)"", 0, &err);
	ck_assert(root && !root->child);
	vpndiag_vici_free(root);

	/* packets: named types need a non-empty name without NUL */
	ck_assert(!vpndiag_vici_packet((const uint8_t*)"", 0, &op, name, &msg,
								   &msg_len));
	ck_assert(!vpndiag_vici_packet((const uint8_t*)"\x00\x00", 2, &op, name,
								   &msg, &msg_len));
	ck_assert(!vpndiag_vici_packet((const uint8_t*)"\x00\x05" "ab", 4, &op, name,
								   &msg, &msg_len));
	ck_assert(!vpndiag_vici_packet((const uint8_t*)"\x03\x02" "a\x00", 4, &op,
								   name, &msg, &msg_len));
	ck_assert(!vpndiag_vici_packet((const uint8_t*)"\x08", 1, &op, name, &msg,
								   &msg_len));
	ck_assert(vpndiag_vici_packet((const uint8_t*)"\x01\x03\x01k\x00\x01v", 7,
								  &op, name, &msg, &msg_len));
	ck_assert_int_eq(op, VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_int_eq(msg_len, 6);
}
END_TEST

START_TEST(test_record_keys)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *root, *list, *ev;
	vpndiag_record_t *r;
	vpndiag_vici_op_t op;
	const uint8_t *msg;
	size_t len, msg_len;
	uint8_t *data;
	char name[256];
	const char *err;

	r = vpndiag_record_create(VPNDIAG_FLOW_MISMATCH);
	r->id = 7;
	r->first = r->last = 1700000000123ULL;
	vpndiag_record_set(&r->conn, "gw");
	r->conn_match = VPNDIAG_CONN_MATCH_ADDRESS;
	vpndiag_record_set(&r->remote, "192.0.2.1[4500]");
	vpndiag_record_set(&r->remote_id, "evil\n\"id\"\\");
	vpndiag_record_set(&r->ts_local, "10.1.0.0/16 10.3.0.0/16");
	vpndiag_record_set(&r->ts_received, "10.2.0.0/16 === 10.1.0.0/16");
	vpndiag_record_set(&r->exchange, "IKE_AUTH");
	r->port = 4500;
	vpndiag_record_add_mismatch(r, "encr");
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "vpndiag");
	vpndiag_vici_add_record(&b, r);
	data = body(&b, &len);
	ck_assert(vpndiag_vici_packet(data + 4, len - 4, &op, name, &msg,
								  &msg_len));
	root = vpndiag_vici_parse(msg, msg_len, &err);
	ck_assert(root);
	ck_assert_str_eq(vpndiag_vici_get(root, "schema"), "1");
	ck_assert_str_eq(vpndiag_vici_get(root, "record"), "7");
	ck_assert_str_eq(vpndiag_vici_get(root, "code"), "flow mismatch");
	ck_assert_str_eq(vpndiag_vici_get(root, "code_id"), "flow-mismatch");
	ck_assert_str_eq(vpndiag_vici_get(root, "first"),
					 "2023-11-14T22:13:20.123Z");
	ck_assert_str_eq(vpndiag_vici_get(root, "conn"), "gw");
	ck_assert_str_eq(vpndiag_vici_get(root, "conn_match"), "address");
	ck_assert(!vpndiag_vici_get(root, "child"));
	ck_assert(!vpndiag_vici_get(root, "ike_sa"));
	/* one line, quotes kept, backslash escaped */
	ck_assert_str_eq(vpndiag_vici_get(root, "remote_id"),
					 "evil\\x0a\"id\"\\\\");
	list = vpndiag_vici_find(root, "ts_local", VPNDIAG_VICI_LIST_START);
	ck_assert(list && list->child && list->child->next);
	ck_assert_str_eq(list->child->next->value, "10.3.0.0/16");
	list = vpndiag_vici_find(root, "ts_received", VPNDIAG_VICI_LIST_START);
	ck_assert_str_eq(list->child->value, "10.2.0.0/16 === 10.1.0.0/16");
	list = vpndiag_vici_find(root, "mismatch", VPNDIAG_VICI_LIST_START);
	ck_assert_str_eq(list->child->value, "encr");
	ev = vpndiag_vici_find(root, "evidence", VPNDIAG_VICI_SECTION_START);
	ck_assert(ev);
	ck_assert_str_eq(vpndiag_vici_get(ev, "exchange"), "IKE_AUTH");
	ck_assert_str_eq(vpndiag_vici_get(ev, "port"), "4500");
	ck_assert(vpndiag_vici_get(root, "remedy"));
	vpndiag_vici_free(root);
	free(data);
	vpndiag_record_destroy(r);
}
END_TEST

/** encode a record and decode it again (as the state file does) */
static vpndiag_record_t *reread(vpndiag_record_t *r)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *root;
	vpndiag_vici_op_t op;
	vpndiag_record_t *copy;
	const uint8_t *msg;
	size_t len, msg_len;
	uint8_t *data;
	char name[256];
	const char *err;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "record");
	vpndiag_vici_add_record_raw(&b, r);
	data = body(&b, &len);
	ck_assert(vpndiag_vici_packet(data + 4, len - 4, &op, name, &msg,
								  &msg_len));
	root = vpndiag_vici_parse(msg, msg_len, &err);
	ck_assert(root);
	copy = vpndiag_vici_read_record(root);
	ck_assert(copy);
	vpndiag_vici_free(root);
	free(data);
	return copy;
}

/* conn_match survives the encoding; records of earlier versions (conn
 * without conn_match) load with it unknown */
START_TEST(test_record_conn_match)
{
	vpndiag_record_t *r, *copy;
	int m;

	for (m = VPNDIAG_CONN_MATCH_NONE; m <= VPNDIAG_CONN_MATCH_ADDRESS; m++)
	{
		r = vpndiag_record_create(VPNDIAG_P1_PROPOSAL_MISMATCH);
		r->id = 3;
		vpndiag_record_set(&r->conn, "gw");
		r->conn_match = m;
		copy = reread(r);
		ck_assert_str_eq(copy->conn, "gw");
		ck_assert_int_eq(copy->conn_match, m);
		vpndiag_record_destroy(copy);
		/* no connection: no conn_match */
		vpndiag_record_set(&r->conn, NULL);
		copy = reread(r);
		ck_assert_ptr_null(copy->conn);
		ck_assert_int_eq(copy->conn_match, VPNDIAG_CONN_MATCH_NONE);
		vpndiag_record_destroy(copy);
		vpndiag_record_destroy(r);
	}
	ck_assert_str_eq(vpndiag_conn_match_name(VPNDIAG_CONN_MATCH_CONFIG),
					 "config");
	ck_assert_ptr_null(vpndiag_conn_match_name(VPNDIAG_CONN_MATCH_NONE));
	ck_assert_int_eq(vpndiag_conn_match_parse("bogus"),
					 VPNDIAG_CONN_MATCH_NONE);
}
END_TEST

START_TEST(test_parse_time)
{
	uint64_t ms;

	ck_assert(vpndiag_vici_parse_time("1700000000", &ms));
	ck_assert_uint_eq(ms, 1700000000000ULL);
	ck_assert(vpndiag_vici_parse_time("2023-11-14T22:13:20Z", &ms));
	ck_assert_uint_eq(ms, 1700000000000ULL);
	ck_assert(vpndiag_vici_parse_time("2023-11-14T22:13:20.5Z", &ms));
	ck_assert_uint_eq(ms, 1700000000500ULL);
	ck_assert(vpndiag_vici_parse_time("2023-11-15T00:13:20.123+02:00", &ms));
	ck_assert_uint_eq(ms, 1700000000123ULL);
	ck_assert(!vpndiag_vici_parse_time("", &ms));
	ck_assert(!vpndiag_vici_parse_time("yesterday", &ms));
	ck_assert(!vpndiag_vici_parse_time("2023-11-14T22:13:20", &ms));
	ck_assert(!vpndiag_vici_parse_time("2023-11-14T22:13:20.Z", &ms));
	ck_assert(!vpndiag_vici_parse_time("2023-11-14T22:13:20+2", &ms));
	ck_assert(!vpndiag_vici_parse_time("-5", &ms));
}
END_TEST

START_TEST(test_parse_batch)
{
	u_int n = 0;

	ck_assert(vpndiag_vici_parse_batch("1", &n));
	ck_assert_uint_eq(n, 1);
	ck_assert(vpndiag_vici_parse_batch("37", &n));
	ck_assert_uint_eq(n, 37);
	ck_assert(vpndiag_vici_parse_batch("1000", &n));
	ck_assert_uint_eq(n, VPNDIAG_LIST_BATCH_MAX);
	n = 5;
	ck_assert(!vpndiag_vici_parse_batch("0", &n));
	ck_assert(!vpndiag_vici_parse_batch("1001", &n));
	ck_assert(!vpndiag_vici_parse_batch("", &n));
	ck_assert(!vpndiag_vici_parse_batch("-1", &n));
	ck_assert(!vpndiag_vici_parse_batch("+5", &n));
	ck_assert(!vpndiag_vici_parse_batch(" 5", &n));
	ck_assert(!vpndiag_vici_parse_batch("05", &n));
	ck_assert(!vpndiag_vici_parse_batch("5x", &n));
	ck_assert(!vpndiag_vici_parse_batch("many", &n));
	ck_assert(!vpndiag_vici_parse_batch("18446744073709551617", &n));
	ck_assert_uint_eq(n, 5);
}
END_TEST

START_TEST(test_builder_truncate)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *tree, *sec;
	uint8_t *data, big[0xffff];
	const uint8_t *msg;
	vpndiag_vici_op_t op;
	size_t len, msg_len, mark;
	char name[256];
	int depth, i;

	memset(big, 'x', sizeof(big));
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "e");
	vpndiag_vici_section(&b, "records");
	vpndiag_vici_section(&b, "1");
	vpndiag_vici_str(&b, "k", "v");
	vpndiag_vici_end_section(&b);
	/* a section that takes the segment over the limit: dropped */
	mark = b.len;
	depth = b.depth;
	vpndiag_vici_section(&b, "2");
	for (i = 0; i < 9; i++)
	{
		vpndiag_vici_kv(&b, "big", big, sizeof(big));
	}
	vpndiag_vici_list(&b, "l");
	ck_assert(b.failed);
	vpndiag_vici_truncate(&b, mark, depth);
	ck_assert(!b.failed);
	ck_assert_uint_eq(b.len, mark);
	vpndiag_vici_end_section(&b);
	data = vpndiag_vici_finish(&b, &len);
	ck_assert(data);
	ck_assert(vpndiag_vici_packet(data + 4, len - 4, &op, name, &msg, &msg_len));
	tree = vpndiag_vici_parse(msg, msg_len, NULL);
	ck_assert(tree);
	sec = vpndiag_vici_find(tree, "records", VPNDIAG_VICI_SECTION_START);
	ck_assert(sec && sec->child && !sec->child->next);
	ck_assert_str_eq(sec->child->name, "1");
	vpndiag_vici_free(tree);
	free(data);
}
END_TEST

/**
 * The items of a flat list in a decoded message, one per line
 */
static char *flat_items(vpndiag_vici_node_t *list)
{
	vpndiag_vici_node_t *item;
	char *out = NULL;
	size_t size = 0;
	FILE *f;

	f = open_memstream(&out, &size);
	for (item = list->child; item; item = item->next)
	{
		ck_assert_int_eq(item->type, VPNDIAG_VICI_LIST_ITEM);
		fprintf(f, "%s\n", item->value);
	}
	fclose(f);
	return out;
}

/**
 * The value of item key=value of a flat list, NULL if none
 */
static const char *flat_get(vpndiag_vici_node_t *list, const char *key)
{
	vpndiag_vici_node_t *item;
	size_t len = strlen(key);

	for (item = list->child; item; item = item->next)
	{
		if (item->type == VPNDIAG_VICI_LIST_ITEM &&
			strneq(item->value, key, len) && item->value[len] == '=')
		{
			return item->value + len + 1;
		}
	}
	return NULL;
}

START_TEST(test_builder_flat)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *tree, *list;
	uint8_t *data;
	const uint8_t *msg;
	vpndiag_vici_op_t op;
	size_t len, msg_len, mark;
	char name[256], *items, deep[VPNDIAG_VICI_FLAT_PREFIX + 1];
	int depth;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "e");
	vpndiag_vici_section(&b, "records");
	vpndiag_vici_flat(&b, "1");
	vpndiag_vici_str(&b, "a", "x=y");
	vpndiag_vici_u64(&b, "n", 42);
	vpndiag_vici_list(&b, "l");
	vpndiag_vici_item(&b, "i1");
	vpndiag_vici_item(&b, "");
	vpndiag_vici_end_list(&b);
	vpndiag_vici_list(&b, "empty");
	vpndiag_vici_end_list(&b);
	vpndiag_vici_section(&b, "s");
	vpndiag_vici_str(&b, "k", "v");
	vpndiag_vici_section(&b, "t");
	vpndiag_vici_list(&b, "m");
	vpndiag_vici_item(&b, "deep");
	vpndiag_vici_end_list(&b);
	vpndiag_vici_end_section(&b);
	vpndiag_vici_kv(&b, "raw", "", 0);
	vpndiag_vici_end_section(&b);
	vpndiag_vici_str(&b, "z", "last");
	vpndiag_vici_end_flat(&b);
	/* after the flat list: elements as usual again */
	vpndiag_vici_str(&b, "after", "1");
	vpndiag_vici_end_section(&b);
	ck_assert(!b.failed);
	data = vpndiag_vici_finish(&b, &len);
	ck_assert(data);
	ck_assert(vpndiag_vici_packet(data + 4, len - 4, &op, name, &msg, &msg_len));
	tree = vpndiag_vici_parse(msg, msg_len, NULL);
	ck_assert(tree);
	list = vpndiag_vici_find(tree->child, "1", VPNDIAG_VICI_LIST_START);
	ck_assert(list);
	items = flat_items(list);
	ck_assert_str_eq(items, "a=x=y\nn=42\nl[]=i1\nl[]=\ns.k=v\ns.t.m[]=deep\n"
					 "s.raw=\nz=last\n");
	free(items);
	ck_assert_str_eq(vpndiag_vici_get(tree->child, "after"), "1");
	vpndiag_vici_free(tree);
	free(data);

	/* misuse fails the builder; truncate() leaves flat mode */
	vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, "e");
	vpndiag_vici_section(&b, "records");
	mark = b.len;
	depth = b.depth;
	vpndiag_vici_flat(&b, "1");
	vpndiag_vici_flat(&b, "2");
	ck_assert(b.failed);
	vpndiag_vici_truncate(&b, mark, depth);
	ck_assert(!b.failed && !b.flat && !b.in_list);
	vpndiag_vici_flat(&b, "1");
	vpndiag_vici_list(&b, "l");
	vpndiag_vici_str(&b, "k", "v");
	ck_assert(b.failed);
	vpndiag_vici_truncate(&b, mark, depth);
	vpndiag_vici_flat(&b, "1");
	vpndiag_vici_section(&b, "s");
	vpndiag_vici_end_flat(&b);
	ck_assert(b.failed);
	vpndiag_vici_truncate(&b, mark, depth);
	vpndiag_vici_flat(&b, "1");
	vpndiag_vici_end_section(&b);
	ck_assert(b.failed);
	vpndiag_vici_truncate(&b, mark, depth);
	/* a key prefix up to the limit ("<name>." of 128 bytes), not over it */
	memset(deep, 'p', sizeof(deep) - 1);
	deep[sizeof(deep) - 2] = '\0';
	vpndiag_vici_flat(&b, "1");
	vpndiag_vici_section(&b, deep);
	ck_assert(!b.failed);
	vpndiag_vici_truncate(&b, mark, depth);
	deep[sizeof(deep) - 2] = 'p';
	deep[sizeof(deep) - 1] = '\0';
	vpndiag_vici_flat(&b, "1");
	vpndiag_vici_section(&b, deep);
	ck_assert(b.failed);
	vpndiag_vici_truncate(&b, mark, depth);
	/* too deep */
	vpndiag_vici_flat(&b, "1");
	for (depth = 0; depth <= VPNDIAG_VICI_FLAT_DEPTH; depth++)
	{
		vpndiag_vici_section(&b, "s");
	}
	ck_assert(b.failed);
	vpndiag_vici_abort(&b);
}
END_TEST

/* --- the socket, driven by raw clients ------------------------------------ */

static vpndiag_store_t *store;
static vpndiag_vici_socket_t *server;
static vpndiag_publisher_t *publisher;
static char path[64];

/**
 * A streamed reply without events (like vpndiag-probe): regression for a
 * NULL event name reaching the encoder
 */
static int deferred_steps;

static vpndiag_stream_state_t deferred_next(vpndiag_vici_stream_t *this,
											vpndiag_vici_builder_t *b)
{
	return deferred_steps++ ? VPNDIAG_STREAM_DONE : VPNDIAG_STREAM_WAIT;
}

static void deferred_finish(vpndiag_vici_stream_t *this,
							vpndiag_vici_builder_t *b)
{
	vpndiag_vici_str(b, "success", "yes");
}

static void deferred_destroy(vpndiag_vici_stream_t *this)
{
}

static vpndiag_vici_stream_t deferred = {
	.next = deferred_next,
	.finish = deferred_finish,
	.destroy = deferred_destroy,
};

static vpndiag_vici_stream_t *cmd_deferred(void *data,
										   vpndiag_vici_node_t *req,
										   vpndiag_vici_builder_t *res)
{
	deferred_steps = 0;
	return &deferred;
}

static void server_setup(void)
{
	vpndiag_caps_t caps = { 100, 10, 10, 10 };
	vpndiag_vici_options_t opts = {
		.mode = 0600,
		.client_queue = 16 * 1024,
		.max_clients = 4,
	};
	char uri[80];

	snprintf(path, sizeof(path), "/tmp/vd-unit-%d.vici", getpid());
	snprintf(uri, sizeof(uri), "unix://%s", path);
	opts.uri = uri;
	store = vpndiag_store_create(&caps);
	server = vpndiag_vici_socket_create(&opts);
	ck_assert(server);
	vpndiag_vici_cmds_register(server, store);
	publisher = vpndiag_vici_publisher_create(server);
	server->add_command(server, "test-deferred", cmd_deferred, NULL);
	ck_assert(server->start(server));
}

static void server_teardown(void)
{
	struct stat st;

	publisher->destroy(publisher);
	server->destroy(server);
	store->destroy(store);
	ck_assert(stat(path, &st) != 0);
}

static int client(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert(connect(fd, (struct sockaddr*)&addr, sizeof(addr)) == 0);
	return fd;
}

static void send_raw(int fd, const void *data, size_t len)
{
	ck_assert_int_eq(send(fd, data, len, MSG_NOSIGNAL), len);
}

/**
 * Send a packet: type, name, message bytes
 */
static void send_packet(int fd, int type, const char *name, const void *msg,
						size_t msg_len)
{
	uint8_t buf[1024];
	size_t len = 0, nlen = name ? strlen(name) : 0;

	len = 1 + (name ? 1 + nlen : 0) + msg_len;
	buf[0] = len >> 24; buf[1] = len >> 16; buf[2] = len >> 8; buf[3] = len;
	buf[4] = type;
	if (name)
	{
		buf[5] = nlen;
		memcpy(buf + 6, name, nlen);
	}
	memcpy(buf + 4 + 1 + (name ? 1 + nlen : 0), msg, msg_len);
	send_raw(fd, buf, 4 + len);
}

/** length of the last packet recv_packet() read by this thread (the stress
 * test reads from several threads at once) */
static __thread size_t last_len;

/**
 * Receive a packet; returns type, -1 on close, -2 on timeout
 */
static int recv_packet(int fd, vpndiag_vici_node_t **tree, char name[256])
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint8_t hdr[4], *data;
	vpndiag_vici_op_t op;
	const uint8_t *msg;
	size_t len, msg_len;
	const char *err;

	if (poll(&pfd, 1, 5000) != 1)
	{
		return -2;
	}
	if (recv(fd, hdr, 4, MSG_WAITALL) != 4)
	{
		return -1;
	}
	len = (hdr[0] << 24) | (hdr[1] << 16) | (hdr[2] << 8) | hdr[3];
	data = malloc(len);
	ck_assert_int_eq(recv(fd, data, len, MSG_WAITALL), len);
	last_len = len;
	ck_assert(vpndiag_vici_packet(data, len, &op, name, &msg, &msg_len));
	if (tree)
	{
		*tree = vpndiag_vici_parse(msg, msg_len, &err);
	}
	free(data);
	return op;
}

static void add_record(int i)
{
	vpndiag_record_t *r, *copy;
	bool is_new;

	r = vpndiag_record_create(VPNDIAG_DPD_TIMEOUT);
	vpndiag_record_setf(&r->conn, "conn%d", i);
	vpndiag_record_set(&r->remote, "192.0.2.2[4500]");
	copy = store->add(store, r, &is_new);
	publisher->publish(publisher, copy, is_new);
	vpndiag_record_destroy(copy);
}

START_TEST(test_socket_protocol)
{
	vpndiag_vici_node_t *tree;
	char name[256];
	int fd, n;

	ck_assert(server->has_listeners(server, "vpndiag") == FALSE);
	add_record(1);
	add_record(2);
	fd = client();
	/* unknown command and event */
	send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "no-such", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_CMD_UNKNOWN);
	send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "no-such", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_EVENT_UNKNOWN);
	/* bad arguments */
	send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-list",
				"\x03\x05limit\x00\x03" "abc", 12);
	ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "no");
	ck_assert_str_eq(vpndiag_vici_get(tree, "errmsg"), "invalid limit 'abc'");
	vpndiag_vici_free(tree);
	send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-list",
				"\x03\x03" "foo\x00\x01x", 8);
	ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_str_eq(vpndiag_vici_get(tree, "errmsg"), "unknown argument 'foo'");
	vpndiag_vici_free(tree);
	send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-list", "\x02", 1);
	ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "no");
	vpndiag_vici_free(tree);
	/* a streamed list: events only when registered */
	send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-list", "", 0);
	ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_str_eq(vpndiag_vici_get(tree, "count"), "2");
	vpndiag_vici_free(tree);
	send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "vpndiag-record", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_EVENT_CONFIRM);
	send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-list", "", 0);
	for (n = 0; n < 2; n++)
	{
		ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_EVENT);
		ck_assert_str_eq(name, "vpndiag-record");
		ck_assert_str_eq(vpndiag_vici_get(tree, "code_id"), "dpd-timeout");
		vpndiag_vici_free(tree);
	}
	ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "yes");
	vpndiag_vici_free(tree);
	/* live events */
	send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "vpndiag", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_EVENT_CONFIRM);
	ck_assert(server->has_listeners(server, "vpndiag"));
	add_record(1);
	ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_EVENT);
	ck_assert_str_eq(name, "vpndiag");
	ck_assert_str_eq(vpndiag_vici_get(tree, "update"), "updated");
	ck_assert_str_eq(vpndiag_vici_get(tree, "count"), "2");
	vpndiag_vici_free(tree);
	/* a client-only packet type from the server's view: closed */
	send_packet(fd, VPNDIAG_VICI_CMD_RESPONSE, NULL, "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), -1);
	close(fd);

	/* a deferred reply without events, completed after a wake() */
	fd = client();
	send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "test-deferred", "", 0);
	usleep(100000);
	server->wake(server);
	ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "yes");
	vpndiag_vici_free(tree);
	close(fd);

	/* oversized length: closed, history intact */
	fd = client();
	send_raw(fd, "\x7f\xff\xff\xff\x00", 5);
	ck_assert_int_eq(recv_packet(fd, NULL, name), -1);
	close(fd);
	/* truncated segment, then gone */
	fd = client();
	send_raw(fd, "\x00\x00\x00\x20\x00\x05vpndi", 10);
	close(fd);
	fd = client();
	send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-counters", "", 0);
	ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_str_eq(vpndiag_vici_get(tree, "total"), "3");
	ck_assert_str_eq(vpndiag_vici_get(tree, "records"), "2");
	vpndiag_vici_free(tree);
	close(fd);
}
END_TEST

/**
 * Send a request with at most one key, return the reply
 */
static vpndiag_vici_node_t *request(int fd, const char *cmd, const char *key,
									const char *value)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *tree;
	char name[256];
	uint8_t *data;
	size_t len;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, cmd);
	if (key)
	{
		vpndiag_vici_str(&b, key, value);
	}
	data = body(&b, &len);
	send_raw(fd, data, len);
	free(data);
	ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_ptr_nonnull(tree);
	return tree;
}

/**
 * A vpndiag-list: request with batch (NULL for none) and up to two more
 * keys, the events read (vpndiag-record, or vpndiag-records whose
 * sub-sections must be named 1, 2, ... by position), the final reply
 * checked. Fills ids with the record ids in order; returns how many.
 */
typedef struct {
	uint64_t ids[256];
	/* position each record's sub-section was named by (batched) */
	int pos[256];
	int n;
	/* the final reply's count */
	int count;
	int events;
	int most_in_event;
	size_t largest;
	/* smallest event but the last */
	size_t smallest;
} listing_t;

static void list_records(int fd, const char *batch, const char *k1,
						 const char *v1, const char *k2, const char *v2,
						 listing_t *out)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *tree, *sec, *rec;
	char name[256];
	const char *id;
	uint8_t *data;
	size_t len, prev = 0;
	int rc, in_event;

	*out = (listing_t){};
	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-list");
	vpndiag_vici_str(&b, "batch", batch);
	if (k1)
	{
		vpndiag_vici_str(&b, k1, v1);
	}
	if (k2)
	{
		vpndiag_vici_str(&b, k2, v2);
	}
	data = body(&b, &len);
	send_raw(fd, data, len);
	free(data);
	while ((rc = recv_packet(fd, &tree, name)) == VPNDIAG_VICI_EVENT)
	{
		ck_assert_ptr_nonnull(tree);
		ck_assert(last_len <= VPNDIAG_VICI_MAX_SEGMENT);
		out->largest = max(out->largest, last_len);
		out->events++;
		if (!batch)
		{
			ck_assert_str_eq(name, "vpndiag-record");
			id = vpndiag_vici_get(tree, "record");
			ck_assert(id && out->n < countof(out->ids));
			out->ids[out->n++] = strtoull(id, NULL, 10);
			out->most_in_event = 1;
			vpndiag_vici_free(tree);
			continue;
		}
		ck_assert_str_eq(name, "vpndiag-records");
		sec = vpndiag_vici_find(tree, "records", VPNDIAG_VICI_SECTION_START);
		ck_assert_ptr_nonnull(sec);
		ck_assert(tree->child == sec && !sec->next);
		in_event = 0;
		for (rec = sec->child; rec; rec = rec->next)
		{
			if (rec->type == VPNDIAG_VICI_LIST_START)
			{	/* layout flat */
				id = flat_get(rec, "record");
				ck_assert(id && out->n < countof(out->ids));
				ck_assert_str_eq(flat_get(rec, "schema"), "1");
			}
			else
			{
				ck_assert_int_eq(rec->type, VPNDIAG_VICI_SECTION_START);
				id = vpndiag_vici_get(rec, "record");
				ck_assert(id && out->n < countof(out->ids));
				ck_assert_str_eq(vpndiag_vici_get(rec, "schema"), "1");
			}
			out->pos[out->n] = atoi(rec->name);
			out->ids[out->n++] = strtoull(id, NULL, 10);
			in_event++;
		}
		ck_assert(in_event > 0);
		out->most_in_event = max(out->most_in_event, in_event);
		vpndiag_vici_free(tree);
		/* the previous event was not the last */
		if (out->events > 1)
		{
			out->smallest = out->smallest ? min(out->smallest, prev) : prev;
		}
		prev = last_len;
	}
	ck_assert_int_eq(rc, VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "yes");
	out->count = atoi(vpndiag_vici_get(tree, "count"));
	vpndiag_vici_free(tree);
}

/**
 * A listing without skipped records: positions 1..n, count n
 */
static void list_all(int fd, const char *batch, const char *k1,
					 const char *v1, const char *k2, const char *v2,
					 listing_t *out)
{
	int i;

	list_records(fd, batch, k1, v1, k2, v2, out);
	ck_assert_int_eq(out->count, out->n);
	for (i = 0; batch && i < out->n; i++)
	{
		ck_assert_int_eq(out->pos[i], i + 1);
	}
}

START_TEST(test_socket_list_batch)
{
	vpndiag_vici_node_t *tree;
	listing_t one, batched;
	char name[256];
	int fd, i;
	static const char *bad[] = { "0", "1001", "-3", "x", "", "2.5" };

	for (i = 0; i < 20; i++)
	{
		add_record(i);
	}
	fd = client();
	/* not registered: an explicit error, not silence */
	send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-list",
				"\x03\x05" "batch\x00\x01" "5", 10);
	ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "no");
	ck_assert_str_eq(vpndiag_vici_get(tree, "errmsg"),
		"event 'vpndiag-records' not registered: register it before the request");
	vpndiag_vici_free(tree);
	/* registering vpndiag-record is not enough */
	send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "vpndiag-record", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_EVENT_CONFIRM);
	send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-list",
				"\x03\x05" "batch\x00\x01" "5", 10);
	ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "no");
	vpndiag_vici_free(tree);
	send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "vpndiag-records", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_EVENT_CONFIRM);
	/* invalid values */
	for (i = 0; i < countof(bad); i++)
	{
		tree = request(fd, "vpndiag-list", "batch", bad[i]);
		ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "no");
		snprintf(name, sizeof(name), "invalid batch '%s': expected 1 to 1000 "
				 "records per event", bad[i]);
		ck_assert_str_eq(vpndiag_vici_get(tree, "errmsg"), name);
		vpndiag_vici_free(tree);
	}

	/* the default is unchanged: one vpndiag-record event per record */
	list_all(fd, NULL, NULL, NULL, NULL, NULL, &one);
	ck_assert_int_eq(one.n, 20);
	ck_assert_int_eq(one.events, 20);
	/* the same records in the same order, cut after batch records */
	list_all(fd, "7", NULL, NULL, NULL, NULL, &batched);
	ck_assert_int_eq(batched.n, 20);
	ck_assert_int_eq(batched.events, 3);
	ck_assert_int_eq(batched.most_in_event, 7);
	ck_assert(memeq(one.ids, batched.ids, sizeof(one.ids)));
	list_all(fd, "1", NULL, NULL, NULL, NULL, &batched);
	ck_assert_int_eq(batched.events, 20);
	ck_assert(memeq(one.ids, batched.ids, sizeof(one.ids)));
	list_all(fd, "20", NULL, NULL, NULL, NULL, &batched);
	ck_assert_int_eq(batched.events, 1);
	ck_assert(memeq(one.ids, batched.ids, sizeof(one.ids)));
	list_all(fd, "1000", NULL, NULL, NULL, NULL, &batched);
	ck_assert_int_eq(batched.events, 1);
	ck_assert(memeq(one.ids, batched.ids, sizeof(one.ids)));

	/* filters apply as without batch */
	list_all(fd, NULL, "limit", "5", NULL, NULL, &one);
	list_all(fd, "2", "limit", "5", NULL, NULL, &batched);
	ck_assert_int_eq(batched.n, 5);
	ck_assert_int_eq(batched.events, 3);
	ck_assert(memeq(one.ids, batched.ids, sizeof(one.ids)));
	list_all(fd, NULL, "conn", "conn3", NULL, NULL, &one);
	list_all(fd, "3", "conn", "conn3", NULL, NULL, &batched);
	ck_assert_int_eq(one.n, 1);
	ck_assert_int_eq(batched.n, 1);
	ck_assert(memeq(one.ids, batched.ids, sizeof(one.ids)));
	list_all(fd, "3", "code", "phase1 proposal mismatch", NULL, NULL,
				 &batched);
	ck_assert_int_eq(batched.n, 0);
	ck_assert_int_eq(batched.events, 0);
	list_all(fd, NULL, "code", "dpd-timeout", "remote", "192.0.2.2",
				 &one);
	list_all(fd, "3", "code", "dpd-timeout", "remote", "192.0.2.2",
				 &batched);
	ck_assert_int_eq(one.n, 20);
	ck_assert_int_eq(batched.n, 20);
	ck_assert_int_eq(batched.events, 7);
	ck_assert(memeq(one.ids, batched.ids, sizeof(one.ids)));
	list_all(fd, "3", "remote", "192.0.2.9", NULL, NULL, &batched);
	ck_assert_int_eq(batched.n, 0);
	/* a bad filter is still refused */
	tree = request(fd, "vpndiag-list", "since", "soon");
	ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "no");
	vpndiag_vici_free(tree);
	close(fd);
}
END_TEST

/**
 * The flat form of a decoded section: its elements as flat items with
 * prefix, one per line (what vpndiag_vici_flat() makes of them)
 */
static void flatten(FILE *f, vpndiag_vici_node_t *sec, const char *prefix)
{
	vpndiag_vici_node_t *node, *item;
	char sub[256];

	for (node = sec->child; node; node = node->next)
	{
		switch (node->type)
		{
			case VPNDIAG_VICI_KEY_VALUE:
				fprintf(f, "%s%s=%s\n", prefix, node->name, node->value);
				break;
			case VPNDIAG_VICI_SECTION_START:
				snprintf(sub, sizeof(sub), "%s%s.", prefix, node->name);
				flatten(f, node, sub);
				break;
			case VPNDIAG_VICI_LIST_START:
				for (item = node->child; item; item = item->next)
				{
					fprintf(f, "%s%s[]=%s\n", prefix, node->name, item->value);
				}
				break;
			default:
				ck_abort_msg("unexpected element");
		}
	}
}

/**
 * A vpndiag-list with filter k1 = v1 (or none): unbatched (batch NULL), each
 * record flattened here, or batch with layout flat, each record's flat list
 * as charon encoded it; fills texts (caller frees), returns how many
 */
static int list_texts(int fd, const char *batch, const char *k1,
					  const char *v1, char *texts[64])
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *tree, *sec, *rec;
	char name[256];
	uint8_t *data;
	size_t len, size;
	int rc, n = 0;
	FILE *f;

	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-list");
	if (batch)
	{
		vpndiag_vici_str(&b, "batch", batch);
		vpndiag_vici_str(&b, "layout", "flat");
	}
	if (k1)
	{
		vpndiag_vici_str(&b, k1, v1);
	}
	data = body(&b, &len);
	send_raw(fd, data, len);
	free(data);
	while ((rc = recv_packet(fd, &tree, name)) == VPNDIAG_VICI_EVENT)
	{
		ck_assert_ptr_nonnull(tree);
		if (!batch)
		{
			ck_assert_str_eq(name, "vpndiag-record");
			ck_assert(n < 64);
			f = open_memstream(&texts[n], &size);
			flatten(f, tree, "");
			fclose(f);
			n++;
			vpndiag_vici_free(tree);
			continue;
		}
		ck_assert_str_eq(name, "vpndiag-records");
		sec = vpndiag_vici_find(tree, "records", VPNDIAG_VICI_SECTION_START);
		ck_assert(sec && tree->child == sec && !sec->next && sec->child);
		for (rec = sec->child; rec; rec = rec->next)
		{
			ck_assert_int_eq(rec->type, VPNDIAG_VICI_LIST_START);
			ck_assert(n < 64);
			ck_assert_int_eq(atoi(rec->name), n + 1);
			texts[n++] = flat_items(rec);
		}
		vpndiag_vici_free(tree);
	}
	ck_assert_int_eq(rc, VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "yes");
	ck_assert_int_eq(atoi(vpndiag_vici_get(tree, "count")), n);
	vpndiag_vici_free(tree);
	return n;
}

START_TEST(test_socket_list_flat)
{
	vpndiag_vici_node_t *tree;
	vpndiag_record_t *r, *copy;
	char *one[64], *flat[64], name[256];
	const char *batches[] = { "1", "4", "1000" };
	bool is_new;
	int fd, i, j, n;

	for (i = 0; i < 10; i++)
	{
		add_record(i);
	}
	/* a record with every kind of element: lists, the evidence section,
	 * an aggregate's sources, values with '=' and escaped bytes */
	r = vpndiag_record_create(VPNDIAG_P1_PROPOSAL_MISMATCH);
	vpndiag_record_set(&r->conn, "rich");
	vpndiag_record_set(&r->detail, "a=b \x01 back\\slash \"q\"");
	r->mismatch[0] = strdup("encr");
	r->mismatch[1] = strdup("ke");
	vpndiag_record_set(&r->offered, "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048");
	vpndiag_record_set(&r->ts_local, "10.1.0.0/16 10.2.0.0/16");
	vpndiag_record_set(&r->ts_received, "0.0.0.0/0");
	vpndiag_record_set(&r->exchange, "IKE_SA_INIT");
	r->port = 4500;
	r->retransmits = 3;
	r->sources = 7;
	r->sources_last[0] = strdup("192.0.2.7");
	r->sources_last[1] = strdup("192.0.2.8");
	copy = store->add(store, r, &is_new);
	vpndiag_record_destroy(copy);

	fd = client();
	send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "vpndiag-record", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_EVENT_CONFIRM);
	send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "vpndiag-records", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_EVENT_CONFIRM);
	/* layout needs batch and is sections or flat */
	tree = request(fd, "vpndiag-list", "layout", "flat");
	ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "no");
	ck_assert_str_eq(vpndiag_vici_get(tree, "errmsg"), "layout 'flat' needs "
					 "batch: it is the layout of vpndiag-records events");
	vpndiag_vici_free(tree);
	send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-list",
				"\x03\x05" "batch\x00\x01" "5" "\x03\x06" "layout\x00\x04" "rows",
				24);
	ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_str_eq(vpndiag_vici_get(tree, "errmsg"),
					 "invalid layout 'rows': expected sections or flat");
	vpndiag_vici_free(tree);

	/* every record's flat list is its unbatched event, flattened */
	n = list_texts(fd, NULL, NULL, NULL, one);
	ck_assert_int_eq(n, 11);
	ck_assert(strstr(one[10], "\nmismatch[]=encr\nmismatch[]=ke\n"));
	ck_assert(strstr(one[10], "\nts_local[]=10.1.0.0/16\nts_local[]=10.2.0.0/16\n"));
	ck_assert(strstr(one[10], "\nevidence.exchange=IKE_SA_INIT\nevidence.port=4500\n"));
	ck_assert(strstr(one[10], "\nsources_last[]=192.0.2.7\nsources_last[]=192.0.2.8\n"));
	ck_assert(strstr(one[10], "\ndetail=a=b \\x01 back\\\\slash \"q\"\n"));
	for (i = 0; i < countof(batches); i++)
	{
		ck_assert_int_eq(list_texts(fd, batches[i], NULL, NULL, flat), n);
		for (j = 0; j < n; j++)
		{
			ck_assert_str_eq(flat[j], one[j]);
			free(flat[j]);
		}
	}
	/* filters as without batch */
	ck_assert_int_eq(list_texts(fd, "3", "conn", "rich", flat), 1);
	ck_assert_str_eq(flat[0], one[10]);
	free(flat[0]);
	for (j = 0; j < n; j++)
	{
		free(one[j]);
	}
	close(fd);
}
END_TEST

START_TEST(test_socket_list_batch_bytes)
{
	vpndiag_record_t *r, *copy;
	listing_t one, batched;
	char *detail;
	bool is_new;
	char name[256];
	int fd, i;

	/* records of ~41.5 KB: an event is complete at 64 KiB, after two, or
	 * with layout flat at 256 KiB, after seven */
	detail = malloc(40000 + 1);
	memset(detail, 'd', 40000);
	detail[40000] = '\0';
	for (i = 0; i < 20; i++)
	{
		r = vpndiag_record_create(VPNDIAG_DPD_TIMEOUT);
		vpndiag_record_setf(&r->conn, "big%d", i);
		vpndiag_record_set(&r->detail, detail);
		copy = store->add(store, r, &is_new);
		vpndiag_record_destroy(copy);
	}
	free(detail);
	fd = client();
	send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "vpndiag-record", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_EVENT_CONFIRM);
	send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "vpndiag-records", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_EVENT_CONFIRM);
	list_all(fd, NULL, NULL, NULL, NULL, NULL, &one);
	ck_assert_int_eq(one.n, 20);
	list_all(fd, "1000", NULL, NULL, NULL, NULL, &batched);
	ck_assert_int_eq(batched.n, 20);
	ck_assert(memeq(one.ids, batched.ids, sizeof(one.ids)));
	/* cut by bytes: two records per event, each event over 64 KiB */
	ck_assert_int_eq(batched.events, 10);
	ck_assert_int_eq(batched.most_in_event, 2);
	ck_assert(batched.smallest >= 64 * 1024);
	ck_assert(batched.largest < 2 * 43000);
	/* layout flat: an event is complete at 256 KiB, after seven */
	list_all(fd, "1000", "layout", "flat", NULL, NULL, &batched);
	ck_assert_int_eq(batched.n, 20);
	ck_assert(memeq(one.ids, batched.ids, sizeof(one.ids)));
	ck_assert_int_eq(batched.events, 3);
	ck_assert_int_eq(batched.most_in_event, 7);
	ck_assert(batched.smallest >= 256 * 1024);
	ck_assert(batched.largest < 7 * 43000);
	/* cut by count before bytes */
	list_all(fd, "1", NULL, NULL, NULL, NULL, &batched);
	ck_assert_int_eq(batched.events, 20);
	ck_assert(batched.largest < 43000);
	ck_assert(memeq(one.ids, batched.ids, sizeof(one.ids)));
	close(fd);
}
END_TEST

/**
 * Add a record with n fields of 63000 bytes (and a 60000 byte detail)
 */
static void add_huge(const char *conn, int n)
{
	vpndiag_record_t *r, *copy;
	char *big, **fields[9];
	bool is_new;
	int i;

	r = vpndiag_record_create(VPNDIAG_DPD_TIMEOUT);
	fields[0] = &r->detail;
	fields[1] = &r->offered;
	fields[2] = &r->accepted;
	fields[3] = &r->local_id;
	fields[4] = &r->remote_id;
	fields[5] = &r->child;
	fields[6] = &r->local;
	fields[7] = &r->ts_relation;
	fields[8] = &r->profile;
	big = malloc(63000 + 1);
	memset(big, 'h', 63000);
	big[63000] = '\0';
	vpndiag_record_set(&r->conn, conn);
	for (i = 0; i < n; i++)
	{
		vpndiag_record_set(fields[i], big);
	}
	if (!n)
	{
		big[60000] = '\0';
		vpndiag_record_set(&r->detail, big);
	}
	free(big);
	copy = store->add(store, r, &is_new);
	vpndiag_record_destroy(copy);
}

START_TEST(test_socket_list_batch_huge)
{
	listing_t one, batched;
	char name[256];
	int fd;

	/* A (~61.5 KB) stays below 64 KiB; B (~505 KB) would take its event
	 * over 512 KiB and starts the next; C (~567 KB) fits in no event and
	 * is skipped (counted, its position left out) as one event per record
	 * skips it; D is small */
	add_huge("a", 0);
	add_huge("b", 8);
	add_huge("c", 9);
	add_huge("d", 0);
	fd = client();
	send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "vpndiag-record", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_EVENT_CONFIRM);
	send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "vpndiag-records", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_EVENT_CONFIRM);
	list_records(fd, NULL, NULL, NULL, NULL, NULL, &one);
	ck_assert_int_eq(one.n, 3);
	ck_assert_int_eq(one.count, 4);
	list_records(fd, "1000", NULL, NULL, NULL, NULL, &batched);
	ck_assert_int_eq(batched.count, 4);
	ck_assert_int_eq(batched.n, 3);
	ck_assert(memeq(one.ids, batched.ids, sizeof(one.ids)));
	ck_assert_int_eq(batched.events, 3);
	ck_assert_int_eq(batched.pos[0], 1);
	ck_assert_int_eq(batched.pos[1], 2);
	ck_assert_int_eq(batched.pos[2], 4);
	ck_assert(batched.largest > 500 * 1000);
	ck_assert(batched.largest <= VPNDIAG_VICI_MAX_SEGMENT);
	close(fd);
}
END_TEST

START_TEST(test_socket_explain)
{
	const vpndiag_cause_info_t *info;
	vpndiag_vici_node_t *tree, *causes, *cause;
	char name[256], num[16];
	int fd, i, n = 0, variants = 0, events = 0, rc;

	fd = client();
	tree = request(fd, "vpndiag-explain", "code", "authentication fail");
	ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "yes");
	ck_assert_str_eq(vpndiag_vici_get(tree, "code_id"), "auth-fail");
	ck_assert(vpndiag_vici_get(tree, "remedy"));
	causes = vpndiag_vici_find(tree, "causes", VPNDIAG_VICI_SECTION_START);
	ck_assert_ptr_nonnull(causes);
	/* every row of the code in table order, as sub-sections "1", "2", ... */
	cause = causes->child;
	for (i = VPNDIAG_CAUSE_NONE + 1; i < VPNDIAG_CAUSE_MAX; i++)
	{
		info = vpndiag_cause_info(i);
		if (info->code != VPNDIAG_AUTH_FAIL)
		{
			continue;
		}
		ck_assert_msg(cause, "cause '%s' missing from the reply", info->id);
		ck_assert_int_eq(cause->type, VPNDIAG_VICI_SECTION_START);
		snprintf(num, sizeof(num), "%d", ++n);
		ck_assert_str_eq(cause->name, num);
		ck_assert_str_eq(vpndiag_vici_get(cause, "cause"), info->id);
		ck_assert_str_eq(vpndiag_vici_get(cause, "fix"),
						 vpndiag_fix_name(info->fix));
		ck_assert_str_eq(vpndiag_vici_get(cause, "confidence"),
						 vpndiag_confidence_name(info->confidence));
		/* a variant carries the meaning of its pair */
		ck_assert_str_eq(vpndiag_vici_get(cause, "meaning"),
				vpndiag_cause_lookup(info->id, info->code)->meaning);
		variants += !vpndiag_cause_is_primary(info);
		if (info->retired)
		{
			ck_assert_str_eq(vpndiag_vici_get(cause, "retired"), "yes");
		}
		else
		{
			ck_assert(!vpndiag_vici_get(cause, "retired"));
		}
		cause = cause->next;
	}
	ck_assert_msg(!cause, "reply has more causes than the table");
	ck_assert_int_gt(n, 1);
	ck_assert_int_gt(variants, 0);
	vpndiag_vici_free(tree);

	/* by code_id; the variant's own confidence */
	tree = request(fd, "vpndiag-explain", "code", "max-transmit-reached");
	causes = vpndiag_vici_find(tree, "causes", VPNDIAG_VICI_SECTION_START);
	ck_assert_ptr_nonnull(causes);
	for (n = 0, cause = causes->child; cause; cause = cause->next)
	{
		if (streq(vpndiag_vici_get(cause, "cause"), "ike-auth-lost"))
		{
			ck_assert_str_eq(vpndiag_vici_get(cause, "confidence"),
							 n++ ? "medium" : "high");
		}
	}
	ck_assert_int_eq(n, 2);
	vpndiag_vici_free(tree);

	/* a code without causes: an empty section */
	tree = request(fd, "vpndiag-explain", "code", "hash gene adjusted");
	ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "yes");
	causes = vpndiag_vici_find(tree, "causes", VPNDIAG_VICI_SECTION_START);
	ck_assert(causes && !causes->child);
	vpndiag_vici_free(tree);

	/* unknown code: an error without causes */
	tree = request(fd, "vpndiag-explain", "code", "no such code");
	ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "no");
	ck_assert(!vpndiag_vici_find(tree, "causes", VPNDIAG_VICI_SECTION_START));
	vpndiag_vici_free(tree);

	/* the catalogue stream shares the code keys but not the causes */
	send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "vpndiag-code", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_EVENT_CONFIRM);
	send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-codes", "", 0);
	while ((rc = recv_packet(fd, &tree, name)) == VPNDIAG_VICI_EVENT)
	{
		ck_assert(vpndiag_vici_get(tree, "code_id"));
		ck_assert(!vpndiag_vici_find(tree, "causes",
									 VPNDIAG_VICI_SECTION_START));
		vpndiag_vici_free(tree);
		events++;
	}
	ck_assert_int_eq(rc, VPNDIAG_VICI_CMD_RESPONSE);
	vpndiag_vici_free(tree);
	ck_assert_int_eq(events, VPNDIAG_CODE_MAX - 1);
	close(fd);
}
END_TEST

START_TEST(test_socket_slow_client)
{
	vpndiag_vici_node_t *tree;
	uint64_t events, clients;
	char name[256];
	int fd, ok, i, rc;

	fd = client();
	send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "vpndiag", "", 0);
	ck_assert_int_eq(recv_packet(fd, NULL, name), VPNDIAG_VICI_EVENT_CONFIRM);
	/* never read: the 16 KiB queue (plus the socket buffer) fills, events
	 * are dropped without blocking, then the client is disconnected */
	for (i = 0; i < 3000; i++)
	{
		add_record(i % 50);
	}
	server->get_drops(server, &events, &clients);
	ck_assert(events > 0);
	ck_assert_uint_eq(clients, 1);
	/* what reached the socket can still be read (how much depends on
	 * when the server thread ran), then the connection is closed */
	for (ok = 0; (rc = recv_packet(fd, &tree, name)) == VPNDIAG_VICI_EVENT; ok++)
	{
		vpndiag_vici_free(tree);
	}
	ck_assert_int_eq(rc, -1);
	ck_assert(ok < 3000);
	close(fd);
	/* others are served */
	fd = client();
	send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-counters", "", 0);
	ck_assert_int_eq(recv_packet(fd, &tree, name), VPNDIAG_VICI_CMD_RESPONSE);
	ck_assert_str_eq(vpndiag_vici_get(tree, "total"), "3000");
	vpndiag_vici_free(tree);
	close(fd);
}
END_TEST

START_TEST(test_socket_max_clients)
{
	vpndiag_vici_node_t *tree;
	char name[256];
	int fds[5], i;

	for (i = 0; i < 4; i++)
	{
		fds[i] = client();
		send_packet(fds[i], VPNDIAG_VICI_CMD_REQUEST, "vpndiag-counters",
					"", 0);
		ck_assert_int_eq(recv_packet(fds[i], &tree, name),
						 VPNDIAG_VICI_CMD_RESPONSE);
		vpndiag_vici_free(tree);
	}
	fds[4] = client();
	ck_assert_int_eq(recv_packet(fds[4], NULL, name), -1);
	for (i = 0; i < 5; i++)
	{
		close(fds[i]);
	}
}
END_TEST

/**
 * Stress: publishers and readers on many threads at once
 */
static void *stress_publish(void *arg)
{
	int i;

	for (i = 0; i < 300; i++)
	{
		add_record((int)(uintptr_t)arg * 1000 + i % 40);
	}
	return NULL;
}

static void *stress_read(void *arg)
{
	vpndiag_vici_node_t *tree;
	char name[256];
	int fd, i, type;

	fd = client();
	if (arg)
	{	/* a subscriber reading as fast as it can: it may still fall
		 * behind four publishers and be disconnected, never blocks them */
		send_packet(fd, VPNDIAG_VICI_EVENT_REGISTER, "vpndiag", "", 0);
		ck_assert_int_eq(recv_packet(fd, NULL, name),
						 VPNDIAG_VICI_EVENT_CONFIRM);
		for (i = 0; i < 1200; i++)
		{
			type = recv_packet(fd, &tree, name);
			if (type != VPNDIAG_VICI_EVENT)
			{
				break;
			}
			vpndiag_vici_free(tree);
		}
		close(fd);
		return NULL;
	}
	for (i = 0; i < 20; i++)
	{
		send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-list", "", 0);
		type = recv_packet(fd, &tree, name);
		ck_assert_int_eq(type, VPNDIAG_VICI_CMD_RESPONSE);
		ck_assert_str_eq(vpndiag_vici_get(tree, "success"), "yes");
		vpndiag_vici_free(tree);
		send_packet(fd, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-counters", "", 0);
		ck_assert_int_eq(recv_packet(fd, &tree, name),
						 VPNDIAG_VICI_CMD_RESPONSE);
		vpndiag_vici_free(tree);
	}
	close(fd);
	return NULL;
}

START_TEST(test_socket_stress)
{
	pthread_t pub[4], rd[3];
	vpndiag_counters_t counters;
	int i;

	for (i = 0; i < 3; i++)
	{
		pthread_create(&rd[i], NULL, stress_read, (void*)(uintptr_t)(i == 0));
	}
	for (i = 0; i < 4; i++)
	{
		pthread_create(&pub[i], NULL, stress_publish, (void*)(uintptr_t)i);
	}
	for (i = 0; i < 4; i++)
	{
		pthread_join(pub[i], NULL);
	}
	for (i = 0; i < 3; i++)
	{
		pthread_join(rd[i], NULL);
	}
	store->get_counters(store, NULL, &counters);
	ck_assert_uint_eq(counters.total[VPNDIAG_DPD_TIMEOUT], 1200);
}
END_TEST

START_TEST(test_socket_refuses_foreign_file)
{
	vpndiag_vici_options_t opts = { .uri = "unix:///tmp/vd-unit-file",
									.mode = 0600, .client_queue = 1024,
									.max_clients = 1 };
	FILE *f;

	f = fopen("/tmp/vd-unit-file", "w");
	fclose(f);
	ck_assert(!vpndiag_vici_socket_create(&opts));
	ck_assert(access("/tmp/vd-unit-file", F_OK) == 0);
	unlink("/tmp/vd-unit-file");
	opts.uri = "http://x";
	ck_assert(!vpndiag_vici_socket_create(&opts));
}
END_TEST

Suite *vici_suite_create(void)
{
	Suite *s = suite_create("vici");
	TCase *tc;

	tc = tcase_create("wire format");
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_builder_limits);
	tcase_add_test(tc, test_decoder_rejects);
	tcase_add_test(tc, test_record_keys);
	tcase_add_test(tc, test_record_conn_match);
	tcase_add_test(tc, test_parse_time);
	tcase_add_test(tc, test_parse_batch);
	tcase_add_test(tc, test_builder_truncate);
	tcase_add_test(tc, test_builder_flat);
	suite_add_tcase(s, tc);

	tc = tcase_create("socket");
	tcase_add_checked_fixture(tc, server_setup, server_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_socket_protocol);
	tcase_add_test(tc, test_socket_explain);
	tcase_add_test(tc, test_socket_list_batch);
	tcase_add_test(tc, test_socket_list_batch_bytes);
	tcase_add_test(tc, test_socket_list_flat);
	tcase_add_test(tc, test_socket_list_batch_huge);
	tcase_add_test(tc, test_socket_slow_client);
	tcase_add_test(tc, test_socket_max_clients);
	tcase_add_test(tc, test_socket_stress);
	tcase_add_test(tc, test_socket_refuses_foreign_file);
	suite_add_tcase(s, tc);
	return s;
}
