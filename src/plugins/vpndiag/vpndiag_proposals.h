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
 * @defgroup vpndiag_proposals vpndiag_proposals
 * @{ @ingroup vpndiag
 *
 * Which transform types of two proposal lists have no overlap. Tier: core.
 */

#ifndef VPNDIAG_PROPOSALS_H_
#define VPNDIAG_PROPOSALS_H_

#include "vpndiag_event.h"
#include "vpndiag_record.h"

/** mismatch bits, one per transform type */
#define VPNDIAG_MISMATCH_ENCR	(1<<0)
#define VPNDIAG_MISMATCH_PRF	(1<<1)
#define VPNDIAG_MISMATCH_INTEG	(1<<2)
#define VPNDIAG_MISMATCH_KE		(1<<3)
#define VPNDIAG_MISMATCH_ESN	(1<<4)

/**
 * Transform types (encr, prf, integ, ke, esn) present in either list but
 * without a common algorithm (and key size) in both.
 *
 * @return			VPNDIAG_MISMATCH_* bits
 */
u_int vpndiag_proposals_mismatch(vpndiag_proposals_t *a,
								 vpndiag_proposals_t *b);

/**
 * Names of mismatch bits, comma separated ("encr, integ, prf").
 */
char *vpndiag_proposals_mismatch_names(u_int mismatch, char *buf, size_t len);

/**
 * Add the names of mismatch bits to a record's mismatch list.
 */
void vpndiag_proposals_add_mismatch(vpndiag_record_t *record, u_int mismatch);

#endif /** VPNDIAG_PROPOSALS_H_ @}*/
