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
 * @defgroup nft_ruleset nft_ruleset
 * @{ @ingroup vpndiag_cli
 *
 * The running ruleset through libnftables' JSON API (libnftables(3):
 * `list ruleset` with NFT_CTX_OUTPUT_JSON into a buffer), parsed with
 * jansson. iptables-nft rules are part of it. Only the CLI links
 * libnftables; charon never does.
 */

#ifndef NFT_RULESET_H_
#define NFT_RULESET_H_

#include <jansson.h>

/**
 * Read the ruleset of the current network namespace.
 *
 * @param err		receives an allocated error text on failure
 * @return			the JSON document ({"nftables": [...]}), NULL on failure
 */
json_t *nft_ruleset_get(char **err);

#endif /** NFT_RULESET_H_ @}*/
