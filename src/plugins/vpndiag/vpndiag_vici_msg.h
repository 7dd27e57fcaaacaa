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
 * @defgroup vpndiag_vici_msg vpndiag_vici_msg
 * @{ @ingroup vpndiag
 *
 * The VICI wire format, as documented in strongSwan's
 * src/libcharon/plugins/vici/README.md, written from that description:
 *
 *   segment:  u32 length (network order) | packet
 *   packet:   u8 type | [u8 name length | name] | message
 *   message:  elements; SECTION_START/KEY_VALUE/LIST_START carry a name
 *             (u8 length), KEY_VALUE/LIST_ITEM a value (u16 length)
 *
 * Tier: libc (no libstrongswan), shared by the plugin and the CLI. The
 * decoder is strict (balanced sections, no nested lists, bounded depth and
 * element count) since its input comes from any local client.
 */

#ifndef VPNDIAG_VICI_MSG_H_
#define VPNDIAG_VICI_MSG_H_

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef enum vpndiag_vici_op_t vpndiag_vici_op_t;
typedef enum vpndiag_vici_type_t vpndiag_vici_type_t;
typedef struct vpndiag_vici_builder_t vpndiag_vici_builder_t;
typedef struct vpndiag_vici_node_t vpndiag_vici_node_t;

/** largest segment (length field excluded), as libvici enforces */
#define VPNDIAG_VICI_MAX_SEGMENT (512 * 1024)
/** deepest section nesting the decoder accepts */
#define VPNDIAG_VICI_MAX_DEPTH 16
/** most elements the decoder accepts in one message */
#define VPNDIAG_VICI_MAX_ELEMENTS 8192
/** longest key prefix of a flat list (vpndiag_vici_flat()) */
#define VPNDIAG_VICI_FLAT_PREFIX 128
/** deepest section nesting within a flat list */
#define VPNDIAG_VICI_FLAT_DEPTH 4

/**
 * Packet types.
 */
enum vpndiag_vici_op_t {
	VPNDIAG_VICI_CMD_REQUEST = 0,
	VPNDIAG_VICI_CMD_RESPONSE = 1,
	VPNDIAG_VICI_CMD_UNKNOWN = 2,
	VPNDIAG_VICI_EVENT_REGISTER = 3,
	VPNDIAG_VICI_EVENT_UNREGISTER = 4,
	VPNDIAG_VICI_EVENT_CONFIRM = 5,
	VPNDIAG_VICI_EVENT_UNKNOWN = 6,
	VPNDIAG_VICI_EVENT = 7,
};

/**
 * Message element types.
 */
enum vpndiag_vici_type_t {
	VPNDIAG_VICI_SECTION_START = 1,
	VPNDIAG_VICI_SECTION_END = 2,
	VPNDIAG_VICI_KEY_VALUE = 3,
	VPNDIAG_VICI_LIST_START = 4,
	VPNDIAG_VICI_LIST_ITEM = 5,
	VPNDIAG_VICI_LIST_END = 6,
};

/**
 * Encoder of one packet (length header included). Any error (oversized
 * name or value, segment over the limit, unbalanced nesting, allocation)
 * sets failed; finish() then returns NULL.
 */
struct vpndiag_vici_builder_t {
	/** encoded bytes, length header first */
	uint8_t *buf;
	size_t len;
	size_t size;
	/** offset of the current segment (vpndiag_vici_append_begin()) */
	size_t start;
	/** open sections, and whether a list is open */
	int depth;
	bool in_list;
	/** set on the first error */
	bool failed;
	/** a flat list is open (vpndiag_vici_flat()) */
	bool flat;
	/** flat: a list is open within it */
	bool flat_list;
	/** flat: sections open within it */
	uint8_t flat_depth;
	/** flat: length of the key prefix, and its length at each open section
	 * and before the open list's name */
	uint8_t prefix_len, section_len[VPNDIAG_VICI_FLAT_DEPTH], list_len;
	/** flat: key prefix, the open sections as "a.b." then the open list's
	 * name and "[]" */
	char prefix[VPNDIAG_VICI_FLAT_PREFIX];
};

/**
 * Start a packet of a type, with a name for the named types (else NULL).
 */
void vpndiag_vici_begin(vpndiag_vici_builder_t *b, vpndiag_vici_op_t op,
						const char *name);

/**
 * Open / close a section.
 */
void vpndiag_vici_section(vpndiag_vici_builder_t *b, const char *name);
void vpndiag_vici_end_section(vpndiag_vici_builder_t *b);

/**
 * Add a key with a raw value.
 */
void vpndiag_vici_kv(vpndiag_vici_builder_t *b, const char *name,
					 const void *value, size_t len);

/**
 * Add a key with a string value (NULL: key omitted).
 */
void vpndiag_vici_str(vpndiag_vici_builder_t *b, const char *name,
					  const char *value);

/**
 * Add a key with a formatted value.
 */
void vpndiag_vici_fmt(vpndiag_vici_builder_t *b, const char *name,
					  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * Write a number in decimal without stdio, right-aligned at the end of a
 * buffer (not terminated).
 *
 * @param value		number
 * @param end		end of a buffer of at least 20 bytes
 * @return			first digit; the digits run up to end
 */
char *vpndiag_u64_digits(uint64_t value, char *end);

/**
 * Add a key with a decimal number (as "%llu" / "%lld", without stdio).
 */
void vpndiag_vici_u64(vpndiag_vici_builder_t *b, const char *name,
					  uint64_t value);
void vpndiag_vici_i64(vpndiag_vici_builder_t *b, const char *name,
					  int64_t value);

/**
 * Open a list, add an item, close it.
 */
void vpndiag_vici_list(vpndiag_vici_builder_t *b, const char *name);
void vpndiag_vici_item(vpndiag_vici_builder_t *b, const char *value);
void vpndiag_vici_end_list(vpndiag_vici_builder_t *b);

/**
 * Open a flat list: until vpndiag_vici_end_flat(), the elements added with
 * the functions above become items of this list, each "key=value" with the
 * key of the element as it would be: "name" for a key, "section.name" within
 * a section (nested: "a.b.name"), "name[]" for each item of a list (one item
 * per list item, none for an empty list). A flat list holds only strings,
 * so libvici clients read each element without parsing a name (libvici's
 * vici_stringify() formats every name with snprintf()). Names must not
 * contain '=' or '.' and a prefix longer than VPNDIAG_VICI_FLAT_PREFIX or
 * nesting deeper than VPNDIAG_VICI_FLAT_DEPTH fails the builder.
 */
void vpndiag_vici_flat(vpndiag_vici_builder_t *b, const char *name);
void vpndiag_vici_end_flat(vpndiag_vici_builder_t *b);

/**
 * Finish the packet: fills in the length header.
 *
 * @param len		total length including the 4 byte header
 * @return			encoded segment (caller frees), NULL on any error
 */
uint8_t *vpndiag_vici_finish(vpndiag_vici_builder_t *b, size_t *len);

/**
 * Start another packet behind the finished ones of a builder: a builder
 * zeroed or used with append_begin()/append_end() only collects whole
 * segments in one buffer (the segment limit applies to each).
 */
void vpndiag_vici_append_begin(vpndiag_vici_builder_t *b, vpndiag_vici_op_t op,
							   const char *name);

/**
 * Complete the packet started by append_begin(): fills in its length header.
 * On any error it is dropped (the buffer ends with the previous packet)
 * and the builder is usable again.
 *
 * @return			FALSE if the packet was dropped
 */
bool vpndiag_vici_append_end(vpndiag_vici_builder_t *b);

/**
 * Drop what was added since the builder's length was mark, e.g. a section
 * that made the segment too large: the builder is usable again (failed
 * cleared), with depth open sections and no open list.
 *
 * @param mark		b->len taken before the dropped elements
 * @param depth		b->depth taken then
 */
void vpndiag_vici_truncate(vpndiag_vici_builder_t *b, size_t mark, int depth);

/**
 * Drop a builder's buffer without finishing it.
 */
void vpndiag_vici_abort(vpndiag_vici_builder_t *b);

/**
 * A decoded message element. The root is a section without a name.
 * Values are NUL-terminated copies (len excludes the NUL).
 */
struct vpndiag_vici_node_t {
	/** SECTION_START, KEY_VALUE, LIST_START, or LIST_ITEM (in a list) */
	vpndiag_vici_type_t type;
	/** name (empty for the root and list items) */
	char *name;
	/** value of a key or list item */
	char *value;
	size_t len;
	/** first child of a section, first item of a list */
	vpndiag_vici_node_t *child;
	/** next element in the same section / list */
	vpndiag_vici_node_t *next;
};

/**
 * Split a packet (without the length header) into type, name and message.
 *
 * @param name		receives the name, NUL-terminated, of a named type
 * @return			FALSE if the packet is malformed for its type
 */
bool vpndiag_vici_packet(const uint8_t *data, size_t len,
						 vpndiag_vici_op_t *op, char name[256],
						 const uint8_t **msg, size_t *msg_len);

/**
 * Decode a message into a tree.
 *
 * @param err		receives a static description on failure
 * @return			root section, NULL if the message is malformed
 */
vpndiag_vici_node_t *vpndiag_vici_parse(const uint8_t *msg, size_t len,
										const char **err);

/**
 * Value of a key directly in a section, NULL if absent or not a key.
 */
const char *vpndiag_vici_get(vpndiag_vici_node_t *section, const char *name);

/**
 * A sub-section or list directly in a section, NULL if absent.
 */
vpndiag_vici_node_t *vpndiag_vici_find(vpndiag_vici_node_t *section,
									   const char *name,
									   vpndiag_vici_type_t type);

/**
 * Free a decoded tree: the root vpndiag_vici_parse() returned (its nodes
 * and strings live in one arena and cannot be freed one by one).
 */
void vpndiag_vici_free(vpndiag_vici_node_t *node);

#endif /** VPNDIAG_VICI_MSG_H_ @}*/
