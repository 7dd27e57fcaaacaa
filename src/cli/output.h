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
 * @defgroup output output
 * @{ @ingroup vpndiag_cli
 *
 * Rendering of VICI messages: JSON with the record schema of the contract
 * (section 2: typed numbers, null for unknown fields), the human format
 * (80 columns) and the --raw/--pretty dumps.
 */

#ifndef OUTPUT_H_
#define OUTPUT_H_

#include "vpndiag_vici_msg.h"

#include <stdio.h>
#include <stdbool.h>

/**
 * Print a section as one JSON object (no newline).
 *
 * @param record	TRUE for a diagnosis record: schema key order, nulls
 */
void output_json(FILE *out, vpndiag_vici_node_t *section, bool record);

/**
 * Print a JSON string literal.
 */
void output_json_string(FILE *out, const char *value);

/**
 * Print a record for people: code line, where/who, cause, detail, remedy.
 */
void output_human_record(FILE *out, vpndiag_vici_node_t *record);

/**
 * Print "label: text" wrapped at 80 columns, continuation lines indented.
 */
void output_wrap(FILE *out, int indent, const char *label, const char *text);

/**
 * Dump a message in the --raw (one line) or --pretty (indented) form.
 */
void output_dump(FILE *out, const char *name, const char *type,
				 vpndiag_vici_node_t *msg, bool pretty);

#endif /** OUTPUT_H_ @}*/
