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
 * @defgroup fw_rules fw_rules
 * @{ @ingroup vpndiag_cli
 *
 * Which firewall rule acts on the data-plane probe's traffic, evaluated on
 * the ruleset as libnftables prints it in JSON (`list ruleset`, the schema
 * of libnftables-json(5); iptables-nft rules appear there too, their
 * extensions as "xt" expressions).
 *
 * The base chains of a hook are walked in rule order for one packet (the
 * selectors as address ranges, the interfaces when known, a new ICMP
 * flow); jump/goto/return are followed. Each match is true, false or
 * unknown (named sets, marks, ...): a drop or NAT is reported only when all
 * its matches are true, an accept with unknown matches ends the walk
 * without a finding. So a finding names a rule that certainly applies.
 *
 * IPsec exemptions: the packet counts as one routed into IPsec
 * (`rt ipsec exists`); iptables' `-m policy` is an xt match whose arguments
 * the JSON does not show, so it counts as an exemption: true before an
 * accept/return, false in a NAT rule (the usual `--pol ipsec -j ACCEPT`,
 * `--pol none -j MASQUERADE`).
 */

#ifndef FW_RULES_H_
#define FW_RULES_H_

#include "addr_range.h"

#include <jansson.h>

typedef struct fw_packet_t fw_packet_t;
typedef enum fw_want_t fw_want_t;

/**
 * The packet a check asks about.
 */
struct fw_packet_t {
	/** source and destination (same family) */
	addr_range_t saddr;
	addr_range_t daddr;
	/** input and output interface names, NULL if unknown or none */
	const char *iifname;
	const char *oifname;
	/** the kernel's reverse-path check for it fails (fib saddr . iif) */
	bool rp_fail;
};

/**
 * What a check looks for.
 */
enum fw_want_t {
	/** a drop/reject (or a drop policy) */
	FW_WANT_DROP,
	/** a masquerade/snat statement */
	FW_WANT_SNAT,
};

/**
 * Find the rule acting on a packet at a hook.
 *
 * @param ruleset	the JSON document of `list ruleset`
 * @param hook		"prerouting", "forward", "postrouting", ...
 * @param type		base chain type ("filter", "nat"), NULL for any
 * @param pkt		the packet
 * @param want		what to look for
 * @param rule		receives an allocated description of the rule found
 *					("table inet lab chain fwd handle 3: ip daddr ... drop")
 * @return			TRUE if found
 */
bool fw_rules_find(json_t *ruleset, const char *hook, const char *type,
				   const fw_packet_t *pkt, fw_want_t want, char **rule);

/**
 * Find a reverse-path filter rule (fib saddr . iif oif missing, or an
 * iptables rpfilter match) dropping a packet at prerouting: the same as
 * fw_rules_find(ruleset, "prerouting", NULL, pkt with rp_fail, DROP) but
 * reporting only rules that drop because of the fib/rpfilter match.
 */
bool fw_rules_find_rpfilter(json_t *ruleset, const fw_packet_t *pkt,
							char **rule);

#endif /** FW_RULES_H_ @}*/
