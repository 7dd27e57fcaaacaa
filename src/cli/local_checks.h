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
 * @defgroup local_checks local_checks
 * @{ @ingroup vpndiag_cli
 *
 * The data-plane probe's local checks (contract section 7), run in the CLI
 * process as root, never inside charon: each setting of this box that keeps
 * the probe's (or the LAN's) traffic out of the tunnel becomes a finding
 * with the setting or command that fixes it. Routes through rtnetlink
 * (route_lookup.h), sysctls through procfs, firewall rules through
 * libnftables' JSON (nft_ruleset.h, fw_rules.h).
 *
 * Findings (stable slugs): no-route, forwarding-off, rp-filter,
 * snat-before-ipsec, forward-drop, and firewall-unreadable when the ruleset
 * could not be read (so a missing finding is never silent).
 */

#ifndef LOCAL_CHECKS_H_
#define LOCAL_CHECKS_H_

#include "addr_range.h"

#include <jansson.h>

/** most selectors per side, most findings */
#define LOCAL_CHECKS_MAX_TS 16
#define LOCAL_CHECKS_MAX_FINDINGS 16

typedef struct local_probe_t local_probe_t;
typedef struct finding_t finding_t;
typedef enum finding_id_t finding_id_t;

/**
 * The findings; their slugs (contract section 7) are in finding_slug().
 */
enum finding_id_t {
	/** the route for ADDR does not enter the tunnel */
	FINDING_NO_ROUTE,
	/** IP forwarding off with subnets behind the gateway */
	FINDING_FORWARDING_OFF,
	/** strict reverse-path filtering drops the LAN's or the tunnel's traffic */
	FINDING_RP_FILTER,
	/** masquerade/snat without an IPsec exemption */
	FINDING_SNAT_BEFORE_IPSEC,
	/** a forward filter drops traffic between the selectors */
	FINDING_FORWARD_DROP,
	/** the ruleset could not be read */
	FINDING_FIREWALL_UNREADABLE,
};

/**
 * The stable slug of a finding.
 */
const char *finding_slug(finding_id_t id);

/**
 * One finding.
 */
struct finding_t {
	/** stable slug */
	const char *finding;
	/** what was found (allocated) */
	char *detail;
	/** what fixes it (allocated) */
	char *remedy;
};

/**
 * What the checks look at, and their findings.
 */
struct local_probe_t {
	/** AF_INET or AF_INET6 of the probe */
	int family;
	/** the probe's source and destination */
	uint8_t src[16];
	uint8_t dst[16];
	/** the CHILD_SA's selectors, parsed and as charon printed them */
	addr_range_t local_ts[LOCAL_CHECKS_MAX_TS];
	const char *local_str[LOCAL_CHECKS_MAX_TS];
	int n_local;
	addr_range_t remote_ts[LOCAL_CHECKS_MAX_TS];
	const char *remote_str[LOCAL_CHECKS_MAX_TS];
	int n_remote;
	/** charon's routing table, whether kernel-libipsec carries ESP */
	int routing_table;
	bool kernel_libipsec;
	/** connection and child names (for remedies) */
	const char *conn;
	const char *child;
	/** the findings */
	finding_t findings[LOCAL_CHECKS_MAX_FINDINGS];
	int n_findings;
};

/**
 * Pick a source address of the box inside the local selectors (of the
 * family of dst), preferring one that is not on the loopback.
 *
 * @return			FALSE if the box has none
 */
bool local_checks_pick_source(local_probe_t *probe);

/**
 * Whether an address is one of the box's.
 */
bool local_checks_is_own(int family, const void *addr);

/**
 * Run the checks, appending findings to probe.
 *
 * @param ruleset	the nftables ruleset (JSON), NULL if unreadable
 * @param nft_err	why it is unreadable
 */
void local_checks_run(local_probe_t *probe, json_t *ruleset,
					  const char *nft_err);

/**
 * Free the findings.
 */
void local_checks_free(local_probe_t *probe);

#endif /** LOCAL_CHECKS_H_ @}*/
