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
 * @defgroup vpndiag_sa_raw vpndiag_sa_raw
 * @{ @ingroup vpndiag
 *
 * The received proposals of a responder's IKE proposal mismatch, raw
 * (issue 22).
 *
 * charon hands ALERT_PROPOSAL_MISMATCH_IKE the proposals it parsed from the
 * IKE_SA_INIT request (sa/ikev2/tasks/ike_init.c: process_sa_payload(),
 * sa_payload->get_proposals()); copying them transform by transform through
 * proposal_t's public API costs ~5 400 instructions under the bus lock. The
 * bus hook instead copies the SA payload's bytes out of the received packet
 * (vpndiag_sa_raw_find(), a few hundred instructions), and the worker parses
 * them with charon's own parser and sa_payload_t.get_proposals(), the same
 * code on the same bytes, then copies the proposals as the hook did before
 * (vpndiag_copy_proposals()): the record is the same.
 *
 * Tier: config (libcharon's encoding: parser_t, sa_payload_t; no daemon
 * state); vpndiag_sa_raw_find() uses the C library only.
 */

#ifndef VPNDIAG_SA_RAW_H_
#define VPNDIAG_SA_RAW_H_

#include "vpndiag_event.h"

#include <stddef.h>
#include <stdint.h>

typedef struct vpndiag_sa_raw_t vpndiag_sa_raw_t;

/** SA payloads longer than this (bytes, generic header included) are not
 *  copied raw: the hook copies the proposals as before */
#define VPNDIAG_SA_RAW_MAX 4096

/**
 * Find the SA payload of a raw IKEv2 IKE_SA_INIT request.
 *
 * The data must start at the IKE header (as message_t.get_packet_data()
 * returns it: network/receiver.c: receive_packets() strips the Non-ESP
 * marker of port 4500 with packet_t.skip_bytes() before the message is
 * created). Checks the header (IKEv2, IKE_SA_INIT, initiator's request, the
 * initiator SPI if given, the length field) and walks the generic payload
 * headers within the data and the header's length: every payload at least
 * 4 bytes long and inside the message, at most 64 payloads. Fails on a
 * second SA payload (charon's message.c: verify() allows one in an
 * IKE_SA_INIT request, so the alert's proposals came from the one found).
 *
 * @param data		packet, starting at the IKE header
 * @param len		length of data
 * @param spi_i		initiator SPI as charon keeps it (network order), or
 *					NULL not to check it
 * @param offset	receives the SA payload's offset in data
 * @param sa_len	receives its length (generic header included)
 * @return			TRUE if exactly one SA payload was found
 */
bool vpndiag_sa_raw_find(const uint8_t *data, size_t len,
						 const uint8_t *spi_i, size_t *offset, size_t *sa_len);

/**
 * Parser of raw SA payloads into copied proposal lists, with a cache of the
 * last one: a flood of identical IKE_SA_INITs parses once.
 */
struct vpndiag_sa_raw_t {

	/**
	 * Parse a raw IKEv2 SA payload (generic header included) with charon's
	 * parser and copy its proposals (vpndiag_copy_proposals()).
	 *
	 * Never fails on bad input: what does not parse or verify gives NULL
	 * (the received proposals are then unknown, as without a list).
	 *
	 * @param sa		raw SA payload
	 * @param len		its length
	 * @return			copy (free() it), NULL if the bytes do not parse
	 */
	vpndiag_proposals_t *(*parse)(vpndiag_sa_raw_t *this, const uint8_t *sa,
								  size_t len);

	/**
	 * Number of parses since creation that did not come from the cache
	 * (for tests).
	 */
	u_int (*get_parsed)(vpndiag_sa_raw_t *this);

	/**
	 * Destroy.
	 */
	void (*destroy)(vpndiag_sa_raw_t *this);
};

/**
 * Create a parser; one per thread that parses (the worker), not
 * thread-safe.
 */
vpndiag_sa_raw_t *vpndiag_sa_raw_create();

#endif /** VPNDIAG_SA_RAW_H_ @}*/
