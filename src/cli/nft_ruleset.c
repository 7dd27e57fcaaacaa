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

#include "nft_ruleset.h"

#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *nft_ruleset_get(char **err)
{
	struct nft_ctx *nft;
	json_error_t jerr;
	const char *out;
	json_t *root = NULL;

	*err = NULL;
	nft = nft_ctx_new(NFT_CTX_DEFAULT);
	if (!nft)
	{
		*err = strdup("libnftables: unable to create a context");
		return NULL;
	}
	nft_ctx_output_set_flags(nft, NFT_CTX_OUTPUT_JSON | NFT_CTX_OUTPUT_HANDLE);
	if (nft_ctx_buffer_output(nft) || nft_ctx_buffer_error(nft))
	{
		*err = strdup("libnftables: unable to buffer its output");
	}
	else if (nft_run_cmd_from_buffer(nft, "list ruleset"))
	{
		if (asprintf(err, "libnftables: list ruleset failed: %s",
					 nft_ctx_get_error_buffer(nft) ?: "") < 0)
		{
			*err = NULL;
		}
	}
	else
	{
		out = nft_ctx_get_output_buffer(nft);
		/* an empty ruleset prints an empty document */
		root = json_loads(out && *out ? out : "{\"nftables\": []}", 0, &jerr);
		if (!root && asprintf(err, "libnftables: unreadable JSON: %s",
							  jerr.text) < 0)
		{
			*err = NULL;
		}
	}
	nft_ctx_free(nft);
	return root;
}
