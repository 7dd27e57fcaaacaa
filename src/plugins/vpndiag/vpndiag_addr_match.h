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
 * @defgroup vpndiag_addr_match vpndiag_addr_match
 * @{ @ingroup vpndiag_classifier
 *
 * How an address matched one side of an IKE config: the kind of match
 * behind charon's match quality (ike_cfg_t.match_me/match_other), which
 * decides whether a failure may be attributed to a connection by address
 * (vpndiag_config_query_t.find_conns, vpndiag_rule_attribute()).
 *
 * charon's quality is 129 for a configured address (or a DNS name that
 * resolves to it), mask + 1 for a subnet that contains the address, and 1
 * for %any, for a range that is not a subnet and for 0.0.0.0/0 (::/0); the
 * last case is told apart here from the configured address string.
 * strongSwan 6.1 adds 1 when the port matches the configured one too: ask
 * with a port that does not (vpndiag_config.c does).
 *
 * Tier: core (libstrongswan hosts and traffic selectors).
 */

#ifndef VPNDIAG_ADDR_MATCH_H_
#define VPNDIAG_ADDR_MATCH_H_

#include <library.h>

typedef enum vpndiag_addr_match_t vpndiag_addr_match_t;

/**
 * How an address matched one side of an IKE config.
 */
enum vpndiag_addr_match_t {
	/** it does not match */
	VPNDIAG_ADDR_NONE = 0,
	/** only by %any (or 0.0.0.0/0, ::/0) */
	VPNDIAG_ADDR_ANY,
	/** it lies in a configured range or subnet of more than one address */
	VPNDIAG_ADDR_RANGE,
	/** it is a configured address: an address, a DNS name resolving to it,
	 *  or a subnet or range of this one address */
	VPNDIAG_ADDR_EXACT,
};

/**
 * The kind of match behind a match quality of charon's ike_cfg_t.
 *
 * @param quality		match_me() or match_other() of the address, 0 none
 * @param configured	the side's configured addresses as ike_cfg_t's
 *						get_my_addr()/get_other_addr() return them
 *						("addr, subnet, from-to, %any, …"), may be NULL
 * @param addr			the address (without port)
 * @return				kind of match, NONE if quality is 0
 */
vpndiag_addr_match_t vpndiag_addr_match_kind(u_int quality,
											 const char *configured,
											 const char *addr);

#endif /** VPNDIAG_ADDR_MATCH_H_ @}*/
