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
 * @defgroup vpndiag_vici_record vpndiag_vici_record
 * @{ @ingroup vpndiag
 *
 * A record and a catalogue row as VICI message elements, with the keys of
 * the contract (section 2). Values are strings; numbers are decimal; a null
 * field is an absent key; lists are VICI lists; evidence is a section.
 * Peer-controlled strings are escaped (control bytes and invalid UTF-8 as
 * \xHH, backslash as \\), so every value is one line of valid UTF-8.
 */

#ifndef VPNDIAG_VICI_RECORD_H_
#define VPNDIAG_VICI_RECORD_H_

#include "vpndiag_record.h"
#include "vpndiag_vici_msg.h"
#include "vpndiag_store.h"

/**
 * Add the keys of a record to the current section.
 */
void vpndiag_vici_add_record(vpndiag_vici_builder_t *b,
							 vpndiag_record_t *record);

/**
 * Add the keys of a record, unescaped (the state file, read back with
 * vpndiag_vici_read_record(); not for clients).
 */
void vpndiag_vici_add_record_raw(vpndiag_vici_builder_t *b,
								 vpndiag_record_t *record);

/**
 * Read a record back from the keys of a section.
 *
 * @return			record, NULL if the code or a required key is missing
 */
vpndiag_record_t *vpndiag_vici_read_record(vpndiag_vici_node_t *section);

/**
 * Add the keys of a catalogue row to the current section.
 */
void vpndiag_vici_add_code(vpndiag_vici_builder_t *b,
						   const vpndiag_code_info_t *info);

/**
 * Add the causes of a code as section "causes": one sub-section per row of
 * the cause table with this code, in table order, named "1", "2", ...; each
 * with cause, fix, confidence, meaning (a variant's is its pair's) and
 * retired = yes for a retired cause. Empty if the code has none.
 */
void vpndiag_vici_add_causes(vpndiag_vici_builder_t *b,
							 const vpndiag_code_info_t *info);

/**
 * Add failure counters as a section of "<code_id>" or "<code_id>/<cause>"
 * keys (the state file's counters and vpndiag-metrics).
 *
 * @param b			builder
 * @param section	name of the section
 * @param failures	the counters, zero slots are left out
 */
void vpndiag_vici_add_failures(vpndiag_vici_builder_t *b, const char *section,
							   vpndiag_failures_t *failures);

#endif /** VPNDIAG_VICI_RECORD_H_ @}*/
