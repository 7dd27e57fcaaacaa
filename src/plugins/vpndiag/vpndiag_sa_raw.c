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

#include "vpndiag_sa_raw.h"
#include "vpndiag_event_format.h"

#include <string.h>

#include <library.h>
#include <encoding/parser.h>
#include <encoding/payloads/sa_payload.h>
#include <crypto/proposal/proposal.h>

/** IKE header (RFC 7296 3.1): SPIs 16, next payload, version, exchange
 *  type, flags, message ID 4, length 4 */
#define IKE_HDR_LEN 28
/** generic payload header: next payload, critical/reserved, length 2 */
#define GENERIC_HDR_LEN 4
/** IKEv2 numbers: IKE_SA_INIT, SA payload, flags I(nitiator) and R(esponse) */
#define EXCHANGE_IKE_SA_INIT 34
#define PAYLOAD_SA 33
#define PAYLOAD_NONE 0
#define FLAG_INITIATOR 0x08
#define FLAG_RESPONSE 0x20
/** payloads walked at most (charon's IKE_SA_INIT rules allow 1 SA, KE and
 *  nonce and up to 20 notifies and 20 vendor IDs: message.c
 *  ike_sa_init_i_rules[], MAX_NOTIFY_PAYLOADS, MAX_VID_PAYLOADS) */
#define MAX_PAYLOADS 64

/*
 * Described in header
 */
bool vpndiag_sa_raw_find(const uint8_t *data, size_t len,
						 const uint8_t *spi_i, size_t *offset, size_t *sa_len)
{
	size_t pos = IKE_HDR_LEN, end, plen;
	uint8_t next;
	bool found = FALSE;
	int i;

	if (!data || len < IKE_HDR_LEN ||
		data[17] >> 4 != 2 || data[18] != EXCHANGE_IKE_SA_INIT ||
		!(data[19] & FLAG_INITIATOR) || (data[19] & FLAG_RESPONSE) ||
		(spi_i && memcmp(data, spi_i, 8)))
	{
		return FALSE;
	}
	/* the header's length, never beyond the data */
	end = (size_t)data[24] << 24 | data[25] << 16 | data[26] << 8 | data[27];
	if (end < IKE_HDR_LEN || end > len)
	{
		return FALSE;
	}
	next = data[16];
	for (i = 0; next != PAYLOAD_NONE; i++)
	{
		if (i >= MAX_PAYLOADS || end - pos < GENERIC_HDR_LEN)
		{
			return FALSE;
		}
		plen = data[pos + 2] << 8 | data[pos + 3];
		if (plen < GENERIC_HDR_LEN || plen > end - pos)
		{	/* a length of 0 would never advance */
			return FALSE;
		}
		if (next == PAYLOAD_SA)
		{
			if (found)
			{
				return FALSE;
			}
			found = TRUE;
			*offset = pos;
			*sa_len = plen;
		}
		next = data[pos];
		pos += plen;
	}
	return found;
}

typedef struct private_vpndiag_sa_raw_t private_vpndiag_sa_raw_t;

/**
 * Private data.
 */
struct private_vpndiag_sa_raw_t {
	vpndiag_sa_raw_t public;
	/** the last SA payload parsed (len 0: none yet) */
	uint8_t last[VPNDIAG_SA_RAW_MAX];
	size_t last_len;
	/** its copied proposals, NULL if it did not parse */
	vpndiag_proposals_t *last_copy;
	/** parses not answered from the cache */
	u_int parsed;
};

/**
 * Parse with charon's parser as message.c: parse_body() does (parse, then
 * verify) and take the proposals as ike_init.c: process_sa_payload() does
 */
static vpndiag_proposals_t *parse_sa(const uint8_t *sa, size_t len)
{
	vpndiag_proposals_t *copy = NULL;
	parser_t *parser;
	payload_t *payload = NULL;
	linked_list_t *list;

	parser = parser_create(chunk_create((u_char*)sa, len));
	if (parser->parse_payload(parser, PLV2_SECURITY_ASSOCIATION,
							  &payload) == SUCCESS &&
		payload->verify(payload) == SUCCESS)
	{
		list = ((sa_payload_t*)payload)->get_proposals((sa_payload_t*)payload);
		copy = vpndiag_copy_proposals(list);
		list->destroy_offset(list, offsetof(proposal_t, destroy));
	}
	DESTROY_IF(payload);
	parser->destroy(parser);
	return copy;
}

METHOD(vpndiag_sa_raw_t, parse, vpndiag_proposals_t*,
	private_vpndiag_sa_raw_t *this, const uint8_t *sa, size_t len)
{
	vpndiag_proposals_t *copy;

	if (!sa || !len || len > VPNDIAG_SA_RAW_MAX)
	{
		return NULL;
	}
	if (len != this->last_len || memcmp(sa, this->last, len))
	{
		free(this->last_copy);
		this->last_copy = parse_sa(sa, len);
		memcpy(this->last, sa, len);
		this->last_len = len;
		this->parsed++;
	}
	if (!this->last_copy)
	{
		return NULL;
	}
	copy = malloc(sizeof(*copy));
	memcpy(copy, this->last_copy, sizeof(*copy));
	return copy;
}

METHOD(vpndiag_sa_raw_t, get_parsed, u_int,
	private_vpndiag_sa_raw_t *this)
{
	return this->parsed;
}

METHOD(vpndiag_sa_raw_t, destroy, void,
	private_vpndiag_sa_raw_t *this)
{
	free(this->last_copy);
	free(this);
}

/*
 * Described in header
 */
vpndiag_sa_raw_t *vpndiag_sa_raw_create()
{
	private_vpndiag_sa_raw_t *this;

	INIT(this,
		.public = {
			.parse = _parse,
			.get_parsed = _get_parsed,
			.destroy = _destroy,
		},
	);
	return &this->public;
}
