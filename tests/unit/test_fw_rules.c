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
 * The data-plane check's firewall rule matching (src/cli/fw_rules.c) on
 * rulesets captured with `nft -j -a list ruleset` from real rulesets loaded
 * into a scratch namespace (tests/unit/fixtures/, one JSON file each): reverse-path
 * filter rules, forward drops and masquerade/snat without an IPsec
 * exemption. Each case states the packet and whether a rule applies.
 */

#include "vpndiag_tests.h"

#include "fw_rules.h"

#include <string.h>
#include <stdlib.h>
#include <sys/socket.h>

static json_t *load(const char *name)
{
	char path[512];
	json_error_t err;
	json_t *root;

	snprintf(path, sizeof(path), "%s/tests/unit/fixtures/%s.json",
			 vpndiag_tests_srcdir(), name);
	root = json_load_file(path, 0, &err);
	ck_assert_msg(root, "cannot load %s: %s", path, err.text);
	return root;
}

static fw_packet_t packet(const char *src, const char *dst, const char *iif,
						  const char *oif)
{
	fw_packet_t pkt = {
		.iifname = iif,
		.oifname = oif,
	};

	ck_assert(addr_range_parse(src, &pkt.saddr));
	ck_assert(addr_range_parse(dst, &pkt.daddr));
	return pkt;
}

/**
 * Run one check; rule must contain want_rule (NULL: nothing found)
 */
static void expect(const char *fixture, const char *what, fw_packet_t pkt,
				   const char *want_rule)
{
	json_t *root = load(fixture);
	char *rule = NULL;
	bool found;

	if (!strcmp(what, "rpfilter"))
	{
		found = fw_rules_find_rpfilter(root, &pkt, &rule);
	}
	else if (!strcmp(what, "snat"))
	{
		found = fw_rules_find(root, "postrouting", "nat", &pkt, FW_WANT_SNAT,
							  &rule);
	}
	else
	{
		found = fw_rules_find(root, "forward", NULL, &pkt, FW_WANT_DROP, &rule);
	}
	if (want_rule)
	{
		ck_assert_msg(found, "%s/%s: no rule found", fixture, what);
		ck_assert_msg(rule && strstr(rule, want_rule), "%s/%s: '%s' lacks '%s'",
					  fixture, what, rule ?: "(null)", want_rule);
	}
	else
	{
		ck_assert_msg(!found, "%s/%s: unexpected '%s'", fixture, what,
					  rule ?: "(null)");
	}
	free(rule);
	json_decref(root);
}

START_TEST(test_rpfilter_rule_text)
{
	fw_packet_t pkt = packet("10.1.0.2", "10.2.0.2", "lan0", NULL);

	expect("rpfilter-strict", "rpfilter", pkt, "fib saddr . iif oif missing");
	expect("rpfilter-strict", "rpfilter", pkt, "table inet rpf chain pre handle 3:");
	/* from lo: accepted before */
	pkt.iifname = "lo";
	expect("rpfilter-strict", "rpfilter", pkt, NULL);
	/* an IPv6 packet meets the inet table too */
	pkt = packet("fd01::2", "fd02::2", "lan0", NULL);
	expect("rpfilter-strict", "rpfilter", pkt, "fib saddr . iif oif missing");
	/* unknown input interface: lo's accept may apply, no finding */
	pkt = packet("10.1.0.2", "10.2.0.2", NULL, NULL);
	expect("rpfilter-strict", "rpfilter", pkt, NULL);
}
END_TEST

START_TEST(test_rpfilter_none)
{
	fw_packet_t pkt = packet("10.1.0.2", "10.2.0.2", "lan0", NULL);

	/* no ruleset, or no reverse-path rule at prerouting */
	expect("empty", "rpfilter", pkt, NULL);
	expect("forward-drop", "rpfilter", pkt, NULL);
	expect("snat-plain", "rpfilter", pkt, NULL);
}
END_TEST

START_TEST(test_rpfilter_loose)
{
	fw_packet_t pkt = packet("10.1.0.2", "10.2.0.2", "lan0", NULL);

	/* fib saddr oif missing: loose, still a reverse-path drop */
	expect("rpfilter-loose", "rpfilter", pkt, "fib saddr oif missing drop");
}
END_TEST

START_TEST(test_forward_drop_rule)
{
	/* LAN -> remote selector: the third rule drops it */
	expect("forward-drop", "forward",
		   packet("10.1.0.0/24", "10.2.0.0/24", "lan0", "ipsec0"),
		   "chain forward handle 5: ip saddr 10.1.0.0/24 ip daddr "
		   "{ 10.2.0.0/24, 10.3.0.0/24 } counter drop");
	/* the other element of the set */
	expect("forward-drop", "forward",
		   packet("10.1.0.5", "10.3.0.7", NULL, NULL), "handle 5:");
	/* the reverse direction is not dropped */
	expect("forward-drop", "forward",
		   packet("10.2.0.0/24", "10.1.0.0/24", "ipsec0", "lan0"), NULL);
	/* accepted before: 192.168/16 */
	expect("forward-drop", "forward",
		   packet("192.168.1.0/24", "10.2.0.0/24", NULL, NULL), NULL);
	/* only part of the selector is dropped: not certain, no finding */
	expect("forward-drop", "forward",
		   packet("10.1.0.0/16", "10.2.0.0/24", NULL, NULL), NULL);
	/* another destination */
	expect("forward-drop", "forward",
		   packet("10.1.0.0/24", "10.4.0.0/24", NULL, NULL), NULL);
	/* IPv6 traffic does not meet ip matches of an inet table */
	expect("forward-drop", "forward",
		   packet("fd01::/64", "fd02::/64", NULL, NULL), NULL);
}
END_TEST

START_TEST(test_forward_policy_drop)
{
	/* new ICMP to the remote LAN: neither accept applies, policy drop */
	expect("forward-policy-drop", "forward",
		   packet("10.1.0.0/24", "10.2.0.0/24", "lan0", "ipsec0"),
		   "table inet filter chain forward: policy drop");
	/* the jumped-to chain accepts 10.9/16 from lan0 */
	expect("forward-policy-drop", "forward",
		   packet("10.1.0.0/24", "10.9.1.0/24", "lan0", "ipsec0"), NULL);
	/* unknown input interface: it may be accepted there, no finding */
	expect("forward-policy-drop", "forward",
		   packet("10.1.0.0/24", "10.9.1.0/24", NULL, "ipsec0"), NULL);
	/* the explicit accepts by interface */
	expect("forward-accept", "forward",
		   packet("10.1.0.0/24", "10.2.0.0/24", "lan0", "ipsec0"), NULL);
	expect("forward-accept", "forward",
		   packet("10.2.0.0/24", "10.1.0.0/24", "ipsec0", "lan0"), NULL);
	/* out another interface than the TUN device: policy drop */
	expect("forward-accept", "forward",
		   packet("10.1.0.0/24", "10.2.0.0/24", "lan0", "eth0"),
		   "table ip filter chain forward: policy drop");
	/* IPv6 does not meet an ip table */
	expect("forward-accept", "forward",
		   packet("fd01::/64", "fd02::/64", "lan0", "eth0"), NULL);
	expect("empty", "forward",
		   packet("10.1.0.0/24", "10.2.0.0/24", "lan0", "eth0"), NULL);
}
END_TEST

START_TEST(test_snat)
{
	/* rt ipsec exists accept before the masquerade: exempt */
	expect("snat-exempt", "snat",
		   packet("10.1.0.0/24", "10.2.0.0/24", NULL, "ipsec0"), NULL);
	/* oifname "eth0" masquerade: not out the TUN device */
	expect("snat-plain", "snat",
		   packet("192.0.2.1", "10.2.0.2", NULL, "ipsec0"), NULL);
	/* ... but out eth0 */
	expect("snat-plain", "snat",
		   packet("192.0.2.1", "10.2.0.2", NULL, "eth0"),
		   "table ip nat chain postrouting handle 2: oifname eth0 masquerade");
	/* saddr 10.1/24, daddr != 10.5/16: snat to 192.0.2.1 */
	expect("snat-plain", "snat",
		   packet("10.1.0.0/24", "10.2.0.0/24", NULL, "ipsec0"),
		   "handle 3: ip saddr 10.1.0.0/24 ip daddr != 10.5.0.0/16 snat to 192.0.2.1");
	/* excluded destination */
	expect("snat-plain", "snat",
		   packet("10.1.0.0/24", "10.5.1.0/24", NULL, "ipsec0"), NULL);
	/* unknown output interface, a destination the snat rule excludes */
	expect("snat-plain", "snat",
		   packet("10.1.0.0/24", "10.5.0.0/16", NULL, NULL), NULL);
	expect("empty", "snat",
		   packet("10.1.0.0/24", "10.2.0.0/24", NULL, "ipsec0"), NULL);
}
END_TEST

START_TEST(test_addr_range)
{
	addr_range_t a, b;

	ck_assert(addr_range_parse("10.1.0.0/16", &a));
	ck_assert(addr_range_parse("10.1.2.3", &b));
	ck_assert(addr_range_contains(&a, &b));
	ck_assert(!addr_range_contains(&b, &a));
	ck_assert(addr_range_parse("10.1.0.5..10.2.0.0[icmp]", &b));
	ck_assert(addr_range_overlaps(&a, &b));
	ck_assert(!addr_range_contains(&a, &b));
	ck_assert(addr_range_parse("10.1.255.255/24", &b));
	ck_assert(b.from[2] == 255 && b.from[3] == 0 && b.to[3] == 255);
	ck_assert(addr_range_parse("fd00::/8", &b));
	ck_assert(!addr_range_overlaps(&a, &b));
	ck_assert(!addr_range_parse("10.1.0.0/33", &b));
	ck_assert(!addr_range_parse("dynamic", &b));
	ck_assert(!addr_range_parse("10.2.0.0..10.1.0.0", &b));
}
END_TEST

Suite *fw_rules_suite_create(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("fw_rules");
	tc = tcase_create("rp_filter");
	tcase_add_test(tc, test_rpfilter_rule_text);
	tcase_add_test(tc, test_rpfilter_none);
	tcase_add_test(tc, test_rpfilter_loose);
	suite_add_tcase(s, tc);
	tc = tcase_create("forward drop");
	tcase_add_test(tc, test_forward_drop_rule);
	tcase_add_test(tc, test_forward_policy_drop);
	suite_add_tcase(s, tc);
	tc = tcase_create("snat");
	tcase_add_test(tc, test_snat);
	suite_add_tcase(s, tc);
	tc = tcase_create("addr_range");
	tcase_add_test(tc, test_addr_range);
	suite_add_tcase(s, tc);
	return s;
}
