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
 * Traffic selectors: the hooks' raw copy printed on the worker reads as
 * charon's "%#R", and the relations of vpndiag_ts.h computed on
 * traffic_selector_t (subnets, address ranges, protocol/port selectors).
 */

#include "vpndiag_tests.h"

#include "vpndiag_ts.h"
#include "vpndiag_event_format.h"

#include <library.h>
#include <selectors/traffic_selector.h>

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/**
 * How a test writes a selector: a subnet ("10.1.0.0/16") or an address
 * range ("10.1.0.0-10.1.0.255"), protocol (0 any) and port range
 */
typedef struct {
	char *addr;
	uint8_t proto;
	uint16_t from_port;
	uint16_t to_port;
} ts_spec_t;

/** any protocol and port */
#define ANY(a) { a, 0, 0, 65535 }
/** one TCP or UDP port */
#define TCP(a, p) { a, IPPROTO_TCP, p, p }
#define UDP(a, p) { a, IPPROTO_UDP, p, p }

/**
 * Create the traffic_selector_t of a spec, NULL for none
 */
static traffic_selector_t *ts_create(ts_spec_t *spec)
{
	char from[64], *to;
	ts_type_t type;

	if (!spec->addr)
	{
		return NULL;
	}
	if (streq(spec->addr, "dynamic"))
	{
		return traffic_selector_create_dynamic(spec->proto, spec->from_port,
											   spec->to_port);
	}
	snprintf(from, sizeof(from), "%s", spec->addr);
	to = strchr(from, '-');
	if (!to)
	{
		return traffic_selector_create_from_cidr(from, spec->proto,
											spec->from_port, spec->to_port);
	}
	*to++ = '\0';
	type = strchr(from, ':') ? TS_IPV6_ADDR_RANGE : TS_IPV4_ADDR_RANGE;
	return traffic_selector_create_from_string(spec->proto, type, from,
									spec->from_port, to, spec->to_port);
}

/**
 * A list of the (up to two) selectors of specs
 */
static linked_list_t *list_create(ts_spec_t *specs, int count)
{
	linked_list_t *list = linked_list_create();
	traffic_selector_t *ts;
	int i;

	for (i = 0; i < count; i++)
	{
		ts = ts_create(&specs[i]);
		if (ts)
		{
			list->insert_last(list, ts);
		}
		else
		{
			ck_assert_msg(!specs[i].addr, "invalid selector %s", specs[i].addr);
		}
	}
	return list;
}

/**
 * Destroy a list of traffic_selector_t
 */
static void list_destroy(linked_list_t *list)
{
	DESTROY_OFFSET_IF(list, offsetof(traffic_selector_t, destroy));
}

/* the listener's raw copy, printed on the worker, reads as charon's "%#R" */
START_TEST(test_copy_format)
{
	ts_spec_t specs[] = {
		ANY("10.1.0.0/16"),
		ANY("10.1.0.0-10.1.0.255"),
		ANY("10.1.0.10-10.1.0.20"),
		ANY("192.0.2.1/32"),
		ANY("0.0.0.0/0"),
		TCP("10.1.0.0/16", 443),
		UDP("10.2.0.0/24", 4500),
		{ "10.2.0.0/24", IPPROTO_TCP, 1024, 65535 },
		{ "10.2.0.0/24", IPPROTO_UDP, 0xffff, 0 },
		{ "10.2.0.0/24", 0, 80, 80 },
		{ "10.2.0.0/24", 47, 0, 65535 },
		{ "10.2.0.0/24", IPPROTO_ICMP, 8, 8 },
		{ "10.2.0.0/24", IPPROTO_ICMP, 0x0304, 0x0304 },
		{ "10.2.0.0/24", IPPROTO_ICMP, 3, 5 },
		ANY("2001:db8::/64"),
		ANY("2001:db8::1-2001:db8::ff"),
		{ "2001:db8:1::/48", IPPROTO_ICMPV6, 128, 128 },
		ANY("dynamic"),
	};
	vpndiag_event_t ev = {};
	char expected[VPNDIAG_TEXT_LEN];
	linked_list_t *list;
	int i;

	for (i = 0; i < countof(specs); i++)
	{
		/* one selector per list: each alone, also beyond VPNDIAG_MAX_TS */
		memset(&ev, 0, sizeof(ev));
		ev.type = VPNDIAG_EV_ALERT;
		ev.alert = VPNDIAG_ALERT_TS_MISMATCH;
		list = list_create(&specs[i], 1);
		snprintf(expected, sizeof(expected), "%#R", list);
		vpndiag_copy_ts(&ev.ts[0], list);
		vpndiag_copy_ts(&ev.ts[1], list);
		list_destroy(list);
		/* copied raw, printed only on the worker */
		ck_assert_str_eq(ev.text, "");
		vpndiag_event_format(&ev);
		ck_assert_str_eq(ev.text, expected);
		ck_assert_str_eq(ev.text2, expected);
	}

	/* a whole list, in order */
	memset(&ev, 0, sizeof(ev));
	ev.type = VPNDIAG_EV_ALERT;
	ev.alert = VPNDIAG_ALERT_TS_NARROWED;
	list = list_create(specs, VPNDIAG_MAX_TS);
	snprintf(expected, sizeof(expected), "%#R", list);
	vpndiag_copy_ts(&ev.ts[0], list);
	list_destroy(list);
	vpndiag_event_format(&ev);
	ck_assert_str_eq(ev.text, expected);
	ck_assert(strstr(ev.text, "10.1.0.0/16[tcp/"));

	/* longer: the first VPNDIAG_MAX_TS, and how many were left out */
	memset(&ev, 0, sizeof(ev));
	ev.type = VPNDIAG_EV_ALERT;
	ev.alert = VPNDIAG_ALERT_TS_NARROWED;
	list = list_create(specs, VPNDIAG_MAX_TS);
	snprintf(expected, sizeof(expected), "%#R (+3 more)", list);
	list_destroy(list);
	list = list_create(specs, VPNDIAG_MAX_TS + 3);
	vpndiag_copy_ts(&ev.ts[0], list);
	list_destroy(list);
	ck_assert_int_eq(ev.ts[0].count, VPNDIAG_MAX_TS + 3);
	vpndiag_event_format(&ev);
	ck_assert_str_eq(ev.text, expected);
	/* which cannot be compared */
	ck_assert(vpndiag_ts_list_create(&ev.ts[0], TRUE) == NULL);
	list = vpndiag_ts_list_create(&ev.ts[0], FALSE);
	ck_assert_int_eq(list->get_count(list), VPNDIAG_MAX_TS);
	list_destroy(list);

	/* no list (strongSwan 6.1's initiator alert) and an empty one */
	memset(&ev, 0, sizeof(ev));
	ev.type = VPNDIAG_EV_ALERT;
	ev.alert = VPNDIAG_ALERT_TS_MISMATCH;
	vpndiag_copy_ts(&ev.ts[0], NULL);
	list = linked_list_create();
	vpndiag_copy_ts(&ev.ts[1], list);
	snprintf(expected, sizeof(expected), "%#R", NULL);
	vpndiag_event_format(&ev);
	ck_assert_str_eq(ev.text, expected);
	ck_assert_str_eq(ev.text, "(null)");
	snprintf(expected, sizeof(expected), "%#R", list);
	ck_assert_str_eq(ev.text2, expected);
	list_destroy(list);
	ck_assert(vpndiag_ts_list_create(&ev.ts[0], FALSE) == NULL);

	/* a text already there stays */
	memset(&ev, 0, sizeof(ev));
	ev.type = VPNDIAG_EV_ALERT;
	ev.alert = VPNDIAG_ALERT_TS_NARROWED;
	list = list_create(specs, 1);
	vpndiag_copy_ts(&ev.ts[0], list);
	list_destroy(list);
	snprintf(ev.text, sizeof(ev.text), "kept");
	vpndiag_event_format(&ev);
	ck_assert_str_eq(ev.text, "kept");
}
END_TEST

/* the rebuilt selectors equal the originals */
START_TEST(test_copy_equals)
{
	ts_spec_t specs[] = {
		ANY("10.1.0.0/16"),
		ANY("10.1.0.10-10.1.0.20"),
		TCP("10.1.0.0/16", 443),
		{ "10.2.0.0/24", IPPROTO_TCP, 1024, 65535 },
		{ "10.2.0.0/24", IPPROTO_ICMP, 0x0304, 0x0304 },
		ANY("2001:db8::1-2001:db8::ff"),
		ANY("dynamic"),
	};
	vpndiag_ts_list_t copy = {};
	linked_list_t *list, *rebuilt;
	traffic_selector_t *a, *b;
	enumerator_t *ea, *eb;

	list = list_create(specs, countof(specs));
	vpndiag_copy_ts(&copy, list);
	rebuilt = vpndiag_ts_list_create(&copy, TRUE);
	ck_assert_int_eq(rebuilt->get_count(rebuilt), countof(specs));
	ea = list->create_enumerator(list);
	eb = rebuilt->create_enumerator(rebuilt);
	while (ea->enumerate(ea, &a) && eb->enumerate(eb, &b))
	{
		ck_assert_msg(a->equals(a, b), "%R rebuilt as %R", a, b);
		ck_assert(a->is_dynamic(a) == b->is_dynamic(b));
	}
	ea->destroy(ea);
	eb->destroy(eb);
	list_destroy(list);
	list_destroy(rebuilt);
}
END_TEST

/** the configuration of the relation cases, seen from sun (responder) */
#define SUN_LOCAL ANY("10.2.0.0/16")
#define SUN_REMOTE ANY("10.1.0.0/16")

/**
 * Relation cases: received TSi (moon's side) and TSr (sun's side) against
 * sun's local_ts and remote_ts (up to two selectors per list)
 */
static struct {
	char *what;
	ts_spec_t peer[2];
	ts_spec_t ours[2];
	ts_spec_t local[2];
	ts_spec_t remote[2];
	char *relation;
} relations[] = {
	/* subnets */
	{ "equal subnets (no 'equal': narrower)",
	  { ANY("10.1.0.0/16") }, { ANY("10.2.0.0/16") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "narrower" },
	{ "longer prefix, same network",
	  { ANY("10.1.0.0/24") }, { ANY("10.2.0.0/16") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "narrower" },
	{ "shorter prefix on both sides",
	  { ANY("10.0.0.0/8") }, { ANY("10.2.0.0/15") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "wider" },
	{ "longer prefix on one side, shorter on the other",
	  { ANY("10.1.0.0/24") }, { ANY("10.2.0.0/15") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "netmask" },
	{ "a subnet beside ours",
	  { ANY("10.9.0.0/16") }, { ANY("10.2.0.0/16") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "disjoint" },
	{ "our side disjoint",
	  { ANY("10.1.0.0/16") }, { ANY("10.3.0.0/16") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "disjoint" },
	{ "IPv6 against IPv4",
	  { ANY("fd01::/64") }, { ANY("fd02::/64") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "disjoint" },
	{ "local and remote swapped",
	  { ANY("10.2.0.0/16") }, { ANY("10.1.0.0/16") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "reversed" },
	{ "swapped, and narrower",
	  { ANY("10.2.1.0/24") }, { ANY("10.1.0.0/16") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "reversed" },
	{ "two received selectors, one of them ours",
	  { ANY("10.1.0.0/16"), ANY("10.3.0.0/16") }, { ANY("10.2.0.0/16") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "wider" },
	{ "received within one of two configured",
	  { ANY("10.3.0.0/24") }, { ANY("10.2.0.0/16") },
	  { SUN_LOCAL }, { SUN_REMOTE, ANY("10.3.0.0/16") }, "narrower" },

	/* address ranges, which the text parser could not read */
	{ "range 10.1.0.0-10.1.0.255 (the /24)",
	  { ANY("10.1.0.0-10.1.0.255") }, { ANY("10.2.0.0/16") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "narrower" },
	{ "range that is no subnet, inside",
	  { ANY("10.1.0.10-10.1.0.20") }, { ANY("10.2.0.0/16") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "narrower" },
	{ "range straddling the configured subnet",
	  { ANY("10.1.128.0-10.2.0.255") }, { ANY("10.2.0.0/16") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "netmask" },
	{ "range beside ours",
	  { ANY("10.9.0.0-10.9.0.255") }, { ANY("10.2.0.0/16") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "disjoint" },
	{ "configured range, received subnet around it",
	  { ANY("10.1.0.0/16") }, { ANY("10.2.0.0/16") },
	  { SUN_LOCAL }, { ANY("10.1.0.0-10.1.0.255") }, "wider" },
	{ "swapped ranges",
	  { ANY("10.2.0.5-10.2.0.9") }, { ANY("10.1.0.5-10.1.0.9") },
	  { SUN_LOCAL }, { SUN_REMOTE }, "reversed" },

	/* protocol and ports, which were compared as strings */
	{ "tcp/443 against tcp/443",
	  { TCP("10.1.0.0/16", 443) }, { TCP("10.2.0.0/16", 443) },
	  { TCP("10.2.0.0/16", 443) }, { TCP("10.1.0.0/16", 443) }, "narrower" },
	{ "tcp/443 against tcp/80",
	  { TCP("10.1.0.0/16", 443) }, { TCP("10.2.0.0/16", 443) },
	  { TCP("10.2.0.0/16", 80) }, { TCP("10.1.0.0/16", 80) }, "port-proto" },
	{ "tcp/443 against udp/443",
	  { TCP("10.1.0.0/16", 443) }, { TCP("10.2.0.0/16", 443) },
	  { UDP("10.2.0.0/16", 443) }, { UDP("10.1.0.0/16", 443) }, "port-proto" },
	{ "tcp/443 against tcp/80 on our side only",
	  { TCP("10.1.0.0/16", 443) }, { TCP("10.2.0.0/16", 443) },
	  { TCP("10.2.0.0/16", 80) }, { SUN_REMOTE }, "port-proto" },
	{ "tcp/443 against any protocol (charon narrows)",
	  { TCP("10.1.0.0/16", 443) }, { TCP("10.2.0.0/16", 443) },
	  { SUN_LOCAL }, { SUN_REMOTE }, "narrower" },
	{ "any protocol against tcp/443 (charon narrows)",
	  { ANY("10.1.0.0/16") }, { ANY("10.2.0.0/16") },
	  { TCP("10.2.0.0/16", 443) }, { TCP("10.1.0.0/16", 443) }, "wider" },
	{ "tcp/8443 within tcp/1024-65535",
	  { TCP("10.1.0.0/16", 8443) }, { TCP("10.2.0.0/16", 8443) },
	  { { "10.2.0.0/16", IPPROTO_TCP, 1024, 65535 } },
	  { { "10.1.0.0/16", IPPROTO_TCP, 1024, 65535 } }, "narrower" },
	{ "tcp/443 outside tcp/1024-65535",
	  { TCP("10.1.0.0/16", 443) }, { TCP("10.2.0.0/16", 443) },
	  { { "10.2.0.0/16", IPPROTO_TCP, 1024, 65535 } },
	  { { "10.1.0.0/16", IPPROTO_TCP, 1024, 65535 } }, "port-proto" },
	{ "ports differ, but the addresses too",
	  { TCP("10.9.0.0/16", 443) }, { TCP("10.2.0.0/16", 443) },
	  { TCP("10.2.0.0/16", 80) }, { TCP("10.1.0.0/16", 80) }, "disjoint" },
	{ "swapped, with other ports",
	  { TCP("10.2.0.0/16", 443) }, { TCP("10.1.0.0/16", 443) },
	  { TCP("10.2.0.0/16", 80) }, { TCP("10.1.0.0/16", 80) }, "reversed" },
	{ "a range with ports",
	  { TCP("10.1.0.10-10.1.0.20", 443) }, { TCP("10.2.0.0/16", 443) },
	  { TCP("10.2.0.0/16", 443) }, { TCP("10.1.0.0/16", 443) }, "narrower" },

	/* what cannot be compared */
	{ "configured dynamic",
	  { ANY("10.1.0.0/16") }, { ANY("10.2.0.0/16") },
	  { SUN_LOCAL }, { ANY("dynamic") }, NULL },
	{ "nothing received",
	  { }, { ANY("10.2.0.0/16") },
	  { SUN_LOCAL }, { SUN_REMOTE }, NULL },
};

/* the relation of received to configured selectors (vpndiag_ts.h) */
START_TEST(test_relation)
{
	linked_list_t *peer, *ours, *local, *remote;
	const char *rel;

	peer = list_create(relations[_i].peer, 2);
	ours = list_create(relations[_i].ours, 2);
	local = list_create(relations[_i].local, 2);
	remote = list_create(relations[_i].remote, 2);
	rel = vpndiag_ts_relation(peer, ours, local, remote);
	if (relations[_i].relation)
	{
		ck_assert_msg(rel && streq(rel, relations[_i].relation),
					  "%s: %#R === %#R against local %#R remote %#R: "
					  "expected %s, got %s", relations[_i].what, peer, ours,
					  local, remote, relations[_i].relation, rel ?: "NULL");
	}
	else
	{
		ck_assert_msg(!rel, "%s: expected none, got %s", relations[_i].what,
					  rel);
	}
	list_destroy(peer);
	list_destroy(ours);
	list_destroy(local);
	list_destroy(remote);
}
END_TEST

/* NULL lists, as the rebuild of no list or a cut one gives */
START_TEST(test_relation_null)
{
	ts_spec_t spec = SUN_LOCAL;
	linked_list_t *list;

	list = list_create(&spec, 1);
	ck_assert(!vpndiag_ts_relation(NULL, list, list, list));
	ck_assert(!vpndiag_ts_relation(list, list, list, NULL));
	list_destroy(list);
}
END_TEST

Suite *ts_suite_create(void)
{
	Suite *s = suite_create("ts");
	TCase *tc;

	tc = tcase_create("copy");
	tcase_add_test(tc, test_copy_format);
	tcase_add_test(tc, test_copy_equals);
	suite_add_tcase(s, tc);

	tc = tcase_create("relation");
	tcase_add_loop_test(tc, test_relation, 0, countof(relations));
	tcase_add_test(tc, test_relation_null);
	suite_add_tcase(s, tc);
	return s;
}
